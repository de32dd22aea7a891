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

export function buildSnapshot(week: RawWeek, ctx: BuildContext, counts: BuildCounts): Snapshot {
  const n = week.nodes.length;
  const index = new Map<string, number>();
  week.nodes.forEach((node, i) => index.set(node.id, i));

  const symbols = ctx.tokens.map((t) => t.symbol);
  const tokenIndex = new Map(symbols.map((s, i) => [s, i]));
  const extraSymbols: string[] = [];
  const holdingNode: number[] = [];
  const holdingToken: number[] = [];
  const holdingUsd: number[] = [];
  for (const [holder, symbol, usd] of week.holdings) {
    const h = index.get(holder);
    if (h === undefined) {
      counts.unknownHolders++;
      continue;
    }
    let t = tokenIndex.get(symbol);
    if (t === undefined) {
      // A symbol the token table does not know: kept as a holding with no issuer.
      counts.unknownTokens++;
      t = symbols.length + extraSymbols.length;
      tokenIndex.set(symbol, t);
      extraSymbols.push(symbol);
    }
    holdingNode.push(h);
    holdingToken.push(t);
    holdingUsd.push(usd);
  }
  const allSymbols = symbols.concat(extraSymbols);
  const issuer = new Int32Array(allSymbols.length).fill(-1);
  ctx.tokens.forEach((t, i) => {
    if (t.issuer !== null) issuer[i] = index.get(t.issuer) ?? -1;
  });

  // Edge rows: given, or derived (holder -> issuer of each held token, summed).
  let rows: [string, string, number][];
  if (week.edges) rows = week.edges;
  else {
    rows = [];
    for (let k = 0; k < holdingNode.length; k++) {
      const iss = issuer[holdingToken[k]];
      if (iss >= 0) rows.push([week.nodes[holdingNode[k]].id, week.nodes[iss].id, holdingUsd[k]]);
    }
  }

  const edgeAt = new Map<number, number>();
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  for (const [s, t, w] of rows) {
    const si = index.get(s);
    const ti = index.get(t);
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
    const key = si * n + ti;
    const existing = edgeAt.get(key);
    if (existing !== undefined) {
      // Derived edges sum several tokens of one issuer by design; only given edges count as duplicates.
      if (week.edges) counts.duplicates++;
      weight[existing] += w;
      continue;
    }
    edgeAt.set(key, source.length);
    source.push(si);
    target.push(ti);
    weight.push(w);
  }

  let layout: Snapshot['layout'];
  if (ctx.layout) {
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    let placed = 0;
    week.nodes.forEach((node, i) => {
      const p = ctx.layout![node.id];
      if (p) {
        x[i] = p[0];
        y[i] = p[1];
        placed++;
      }
    });
    if (placed === n) layout = { x, y };
  }

  return {
    dataset: ctx.dataset,
    title: ctx.title,
    date: week.date,
    provenance: ctx.provenance,
    n,
    ids: week.nodes.map((d) => d.id),
    names: week.nodes.map((d) => d.name),
    categories: week.nodes.map((d) => d.category),
    sectors: week.nodes.map((d) => d.sector),
    kinds: week.nodes.map((d) => d.kind),
    chains: week.nodes.map((d) => d.chains),
    tvl: Float64Array.from(week.nodes, (d) => d.tvl),
    edges: {
      m: source.length,
      source: Int32Array.from(source),
      target: Int32Array.from(target),
      weight: Float64Array.from(weight),
    },
    holdings: {
      count: holdingNode.length,
      node: Int32Array.from(holdingNode),
      token: Int32Array.from(holdingToken),
      usd: Float64Array.from(holdingUsd),
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
