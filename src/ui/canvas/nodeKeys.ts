// graphology keeps each node's neighbours in plain objects, so a node keyed "__proto__" or
// "constructor" finds an edge that is not there ("an edge … already exists"). Ids are data: the
// canvas keys every node by its id behind a prefix that no Object.prototype property has.

/** The graphology key of a node id. */
export function nodeKey(id: string): string {
  return `#${id}`;
}

/** The node id of a graphology key. */
export function idOfKey(key: string): string {
  return key.slice(1);
}
