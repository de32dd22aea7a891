// Sector calibration: each week the weights of the edges from sector a to sector b are rescaled
// so that they sum to κ × the real DeXposure total of (a, b) that week (κ = the share of the
// DefiLlama TVL our protocols hold). Pairs whose real total is 0 that week have no edges then.
import type { Edge } from './edges';
import { S } from './params';

export interface PricedEdge {
  edge: Edge;
  /** The edge's USD this week. */
  usd: number;
}

/**
 * The USD of every edge whose sector pair has a real total this week (in the edges' order): its
 * raw weight exp(log TVL of the holder − 20 + ℓ) as a share of its pair's raw total, times κ × the
 * real total. `pairOf` gives an edge's pair a * S + b; `real` the week's real totals by pair.
 */
export function calibrateWeek(
  edges: Iterable<Edge>,
  pairOf: (e: Edge) => number,
  logTvl: ArrayLike<number>,
  real: ArrayLike<number>,
  kappa: number,
): PricedEdge[] {
  const rawSum = new Float64Array(S * S);
  const raw: { edge: Edge; pair: number; w: number }[] = [];
  for (const edge of edges) {
    const pair = pairOf(edge);
    if (real[pair] <= 0) continue; // dormant this week
    const w = Math.exp(logTvl[edge.src] - 20 + edge.ell);
    raw.push({ edge, pair, w });
    rawSum[pair] += w;
  }
  return raw.map(({ edge, pair, w }) => ({ edge, usd: (w * kappa * real[pair]) / rawSum[pair] }));
}
