// Small hand-written graphs for unit tests, built straight into the in-memory model.
import type { NodeKind, Sector, Snapshot } from '../../src/core/types';

export interface TinyNode {
  id: string;
  tvl: number;
  sector?: Sector;
  category?: string;
  kind?: NodeKind;
  name?: string;
}

/** edges: [holder, issuer, usd]; holdings: [holder, token, usd]; tokens: symbol -> issuer id or null. */
export function tinySnapshot(
  nodes: TinyNode[],
  edges: [string, string, number][],
  opts: { holdings?: [string, string, number][]; tokens?: Record<string, string | null> } = {},
): Snapshot {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const at = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`tinySnapshot: unknown node ${id}`);
    return i;
  };
  const symbols = Object.keys(opts.tokens ?? {});
  const tokenIndex = new Map(symbols.map((s, i) => [s, i]));
  const holdings = opts.holdings ?? [];
  return {
    dataset: 'tiny',
    title: 'tiny test graph',
    date: '2025-01-06',
    provenance: { source: 'unit test', date: '2025-01-06', synthetic: true, credit: 'test' },
    n: nodes.length,
    ids: nodes.map((n) => n.id),
    names: nodes.map((n) => n.name ?? n.id),
    categories: nodes.map((n) => n.category ?? 'Lending'),
    sectors: nodes.map((n) => n.sector ?? 'Lending, Borrowing & Real World Assets'),
    kinds: nodes.map((n) => n.kind ?? 'protocol'),
    chains: nodes.map(() => []),
    tvl: Float64Array.from(nodes.map((n) => n.tvl)),
    edges: {
      m: edges.length,
      source: Int32Array.from(edges.map((e) => at(e[0]))),
      target: Int32Array.from(edges.map((e) => at(e[1]))),
      weight: Float64Array.from(edges.map((e) => e[2])),
    },
    holdings: {
      count: holdings.length,
      node: Int32Array.from(holdings.map((h) => at(h[0]))),
      token: Int32Array.from(
        holdings.map((h) => {
          const t = tokenIndex.get(h[1]);
          if (t === undefined) throw new Error(`tinySnapshot: unknown token ${h[1]}`);
          return t;
        }),
      ),
      usd: Float64Array.from(holdings.map((h) => h[2])),
    },
    tokens: {
      symbols,
      issuer: Int32Array.from(symbols.map((s) => (opts.tokens![s] == null ? -1 : at(opts.tokens![s]!)))),
    },
  };
}

/** Every [parent, key] slot in a JSON tree. */
export function slots(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v))
      v.forEach((x, i) => {
        out.push([v, i]);
        walk(x);
      });
    else if (v && typeof v === 'object')
      for (const k of Object.keys(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk((v as Record<string, unknown>)[k]);
      }
  };
  walk(root);
  return out;
}
