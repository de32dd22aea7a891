// Views derived from a snapshot and a contagion result for the panels: the token list, losses
// round by round, a node's counterparties and the path by which loss reached it. Pure.
import type { ContagionResult } from '../core/contagion';
import type { Snapshot } from '../core/types';

export interface TokenRow {
  symbol: string;
  /** Distinct holder nodes. */
  holders: number;
  usd: number;
  primary: boolean;
  /** Issuer's name, if the token has an issuer node here. */
  issuer: string | null;
}

/** Every held token, most USD held first. */
export function tokenRows(snapshot: Snapshot): TokenRow[] {
  const { holdings, tokens } = snapshot;
  const usd = new Float64Array(tokens.symbols.length);
  const holders = tokens.symbols.map(() => new Set<number>());
  for (let h = 0; h < holdings.count; h++) {
    if (!(holdings.usd[h] > 0)) continue;
    usd[holdings.token[h]] += holdings.usd[h];
    holders[holdings.token[h]].add(holdings.node[h]);
  }
  const nodeIds = new Set(snapshot.ids);
  const rows: TokenRow[] = [];
  tokens.symbols.forEach((symbol, t) => {
    if (holders[t].size === 0) return;
    const issuer = tokens.issuer[t];
    rows.push({
      symbol,
      holders: holders[t].size,
      usd: usd[t],
      primary: issuer >= 0 ? snapshot.kinds[issuer] === 'token' : nodeIds.has(symbol),
      issuer: issuer >= 0 && snapshot.kinds[issuer] === 'protocol' ? snapshot.names[issuer] : null,
    });
  });
  return rows.sort((a, b) => b.usd - a.usd || (a.symbol < b.symbol ? -1 : 1));
}

export interface Counterparty {
  index: number;
  usd: number;
}

/**
 * Debtors: whose tokens the node holds (loss comes from them). Creditors: who holds the node's
 * tokens (loss goes to them). Largest exposure first.
 */
export function counterparties(
  snapshot: Snapshot,
  node: number,
): { debtors: Counterparty[]; creditors: Counterparty[] } {
  const debtors = new Map<number, number>();
  const creditors = new Map<number, number>();
  const { m, source, target, weight } = snapshot.edges;
  for (let e = 0; e < m; e++) {
    if (source[e] === node && target[e] !== node) debtors.set(target[e], (debtors.get(target[e]) ?? 0) + weight[e]);
    if (target[e] === node && source[e] !== node) creditors.set(source[e], (creditors.get(source[e]) ?? 0) + weight[e]);
  }
  const sorted = (map: Map<number, number>) =>
    [...map].map(([index, usd]) => ({ index, usd })).sort((a, b) => b.usd - a.usd || a.index - b.index);
  return { debtors: sorted(debtors), creditors: sorted(creditors) };
}

export interface PathStep {
  node: number;
  /** Round in which this node received the loss passed on by the step before (0 for the seed). */
  round: number;
  /** USD passed along the edge into this node (0 for the seed). */
  amount: number;
}

/**
 * The main path by which loss reached `node`: at each step back, the debtor that passed the
 * largest amount (as the engine recorded it, under its rule) in any round, until a seed.
 */
export function lossPath(snapshot: Snapshot, result: ContagionResult, node: number): PathStep[] {
  if (!(result.losses[node] > 0)) return [];
  const { source, target } = snapshot.edges;
  const seeds = new Set(result.seedIndices);

  const path: PathStep[] = [];
  const visited = new Set<number>();
  let current = node;
  for (;;) {
    visited.add(current);
    if (seeds.has(current) && path.length > 0) {
      path.push({ node: current, round: 0, amount: 0 });
      break;
    }
    // The round in which `current` gained the most, and the edge that carried most of it.
    let best: { e: number; round: number; amount: number } | null = null;
    for (const r of result.rounds) {
      for (let k = 0; k < r.edges.length; k++) {
        const e = r.edges[k];
        if (source[e] !== current || visited.has(target[e])) continue;
        const amount = r.amounts[k];
        if (!best || amount > best.amount) best = { e, round: r.round, amount };
      }
    }
    if (!best) {
      path.push({ node: current, round: 0, amount: 0 });
      break;
    }
    path.push({ node: current, round: best.round, amount: best.amount });
    current = target[best.e];
  }
  return path.reverse();
}
