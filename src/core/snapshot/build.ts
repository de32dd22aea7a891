// Turns validated raw rows into a Snapshot, applying the normalisation rules (README,
// "Normalisation rules"): ids are strings; self-loops are dropped; edges to unknown nodes
// are dropped and counted in a warning; duplicate edges are summed; zero-weight edges are
// dropped; holdings by unknown holders are dropped and counted.
import type { NodeKind, Provenance, Sector, Snapshot } from '../types';

export interface RawNode {
  id: string;
  name: string;
  category: string;
  sector: Sector;
  kind: NodeKind;
  chains: string[];
  tvl: number;
}

export interface RawToken {
  symbol: string;
  /** Issuer node id, or null when the token has none (primary or unmapped). */
  issuer: string | null;
}

export interface RawWeek {
  date: string;
  nodes: RawNode[];
  /** [holder, issuer, usd]; when null, edges are derived from holdings and the token table. */
  edges: [string, string, number][] | null;
  holdings: [string, string, number][];
}

export interface BuildContext {
  dataset: string;
  title: string;
  provenance: Provenance;
  tokens: RawToken[];
  layout?: Record<string, [number, number]>;
}

export interface BuildCounts {
  selfLoops: number;
  unknownEndpoints: number;
  duplicates: number;
  zeroWeight: number;
  unknownHolders: number;
  unknownTokens: number;
}

export function emptyCounts(): BuildCounts {
  return { selfLoops: 0, unknownEndpoints: 0, duplicates: 0, zeroWeight: 0, unknownHolders: 0, unknownTokens: 0 };
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Symbol -> index in ctx.tokens, built once per token table (a history shares one). */
const tokenIndexes = new WeakMap<RawToken[], Map<string, number>>();
function tokenIndexOf(tokens: RawToken[]): Map<string, number> {
  let index = tokenIndexes.get(tokens);
  if (!index) {
    index = new Map();
    for (let i = 0; i < tokens.length; i++) index.set(tokens[i].symbol, i);
    tokenIndexes.set(tokens, index);
  }
  return index;
}

/**
 * Edge (source, target) -> its position, for summing duplicates: open addressing over typed
 * arrays (a Map of 30k number keys took most of the edge loop's time).
 */
class EdgeIndex {
  private readonly keys: Float64Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  constructor(rows: number) {
    let capacity = 16;
    while (capacity < rows * 2) capacity *= 2;
    this.keys = new Float64Array(capacity).fill(-1);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }
  /** The position of edge s -> t; when it is new, it is recorded at `next` and `next` is returned. */
  get(s: number, t: number, n: number, next: number): number {
    const key = s * n + t;
    let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(t, 0x85ebca77)) & this.mask;
    for (;;) {
      const k = this.keys[h];
      if (k === key) return this.slots[h];
      if (k === -1) {
        this.keys[h] = key;
        this.slots[h] = next;
        return next;
      }
      h = (h + 1) & this.mask;
    }
  }
}

/** A typed array of the first `count` values (the array itself when it is full). */
function head<T extends Int32Array | Float64Array>(a: T, count: number): T {
  return (count === a.length ? a : a.slice(0, count)) as T;
}

// Plain loops into preallocated typed arrays: a paper-scale week has ≈30k holdings and ≈30k edges,
// and this runs on every load (the tests, fuzzing included, pin down the rules it applies).
export function buildSnapshot(week: RawWeek, ctx: BuildContext, counts: BuildCounts): Snapshot {
  const nodes = week.nodes;
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i].id, i);

  const tokenIndex = tokenIndexOf(ctx.tokens);
  const base = ctx.tokens.length;
  // Symbols the token table does not know, in order of first appearance (this week only).
  const extraIndex = new Map<string, number>();
  const extraSymbols: string[] = [];
  const holdings = week.holdings;
  const holdingNode = new Int32Array(holdings.length);
  const holdingToken = new Int32Array(holdings.length);
  const holdingUsd = new Float64Array(holdings.length);
  let hc = 0;
  for (let k = 0; k < holdings.length; k++) {
    const row = holdings[k];
    const h = index.get(row[0]);
    if (h === undefined) {
      counts.unknownHolders++;
      continue;
    }
    const symbol = row[1];
    let t = tokenIndex.get(symbol) ?? extraIndex.get(symbol);
    if (t === undefined) {
      // A symbol the token table does not know: kept as a holding with no issuer.
      counts.unknownTokens++;
      t = base + extraSymbols.length;
      extraIndex.set(symbol, t);
      extraSymbols.push(symbol);
    }
    holdingNode[hc] = h;
    holdingToken[hc] = t;
    holdingUsd[hc] = row[2];
    hc++;
  }
  const symbols = ctx.tokens.map((t) => t.symbol);
  const allSymbols = extraSymbols.length ? symbols.concat(extraSymbols) : symbols;
  const issuer = new Int32Array(allSymbols.length).fill(-1);
  for (let i = 0; i < base; i++) {
    const iss = ctx.tokens[i].issuer;
    if (iss !== null) issuer[i] = index.get(iss) ?? -1;
  }

  // Edge rows: given (ids to look up), or derived (holder -> issuer of each held token, summed),
  // which are indices already.
  const given = week.edges;
  const rowCount = given ? given.length : hc;
  const source = new Int32Array(rowCount);
  const target = new Int32Array(rowCount);
  const weight = new Float64Array(rowCount);
  const edgeAt = new EdgeIndex(rowCount);
  let m = 0;
  for (let k = 0; k < rowCount; k++) {
    let si: number | undefined;
    let ti: number | undefined;
    let w: number;
    if (given) {
      const row = given[k];
      si = index.get(row[0]);
      ti = index.get(row[1]);
      w = row[2];
    } else {
      ti = issuer[holdingToken[k]];
      if (ti < 0) continue;
      si = holdingNode[k];
      w = holdingUsd[k];
    }
    if (si === undefined || ti === undefined) {
      counts.unknownEndpoints++;
      continue;
    }
    if (si === ti) {
      counts.selfLoops++;
      continue;
    }
    if (w === 0) {
      counts.zeroWeight++;
      continue;
    }
    const existing = edgeAt.get(si, ti, n, m);
    if (existing !== m) {
      // Derived edges sum several tokens of one issuer by design; only given edges count as duplicates.
      if (given) counts.duplicates++;
      weight[existing] += w;
      continue;
    }
    source[m] = si;
    target[m] = ti;
    weight[m] = w;
    m++;
  }

  let layout: Snapshot['layout'];
  if (ctx.layout) {
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    let placed = 0;
    for (let i = 0; i < n; i++) {
      const id = nodes[i].id;
      const p = hasOwn.call(ctx.layout, id) ? ctx.layout[id] : undefined;
      if (p) {
        x[i] = p[0];
        y[i] = p[1];
        placed++;
      }
    }
    if (placed === n) layout = { x, y };
  }

  const ids = new Array<string>(n);
  const names = new Array<string>(n);
  const categories = new Array<string>(n);
  const sectors = new Array<Sector>(n);
  const kinds = new Array<NodeKind>(n);
  const chains = new Array<string[]>(n);
  const tvl = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = nodes[i];
    ids[i] = d.id;
    names[i] = d.name;
    categories[i] = d.category;
    sectors[i] = d.sector;
    kinds[i] = d.kind;
    chains[i] = d.chains;
    tvl[i] = d.tvl;
  }

  return {
    dataset: ctx.dataset,
    title: ctx.title,
    date: week.date,
    provenance: ctx.provenance,
    n,
    ids,
    names,
    categories,
    sectors,
    kinds,
    chains,
    tvl,
    edges: { m, source: head(source, m), target: head(target, m), weight: head(weight, m) },
    holdings: {
      count: hc,
      node: head(holdingNode, hc),
      token: head(holdingToken, hc),
      usd: head(holdingUsd, hc),
    },
    tokens: { symbols: allSymbols, issuer },
    layout,
  };
}

/** Human-readable warnings for whatever normalisation had to do. */
export function countsToWarnings(c: BuildCounts): string[] {
  const out: string[] = [];
  if (c.selfLoops) out.push(`${c.selfLoops} self-loop edge(s) dropped`);
  if (c.unknownEndpoints) out.push(`${c.unknownEndpoints} edge(s) to unknown nodes dropped`);
  if (c.duplicates) out.push(`${c.duplicates} duplicate edge(s) summed`);
  if (c.zeroWeight) out.push(`${c.zeroWeight} zero-weight edge(s) dropped`);
  if (c.unknownHolders) out.push(`${c.unknownHolders} holding(s) by unknown nodes dropped`);
  if (c.unknownTokens)
    out.push(`${c.unknownTokens} holding(s) of tokens missing from the token table kept without an issuer`);
  return out;
}
