// The canonical exposure graph every metric reads, plus the small statistics helpers
// (shares, HHI, Gini) they share.
//
// Canonical graph = the graph the snapshot parser produces (src/core/snapshot/build.ts):
// - edges with a weight ≤ 0 (or not finite) carry no exposure and are left out;
// - self-loops are left out (the parser drops them, and a node is not its own creditor);
// - duplicate source→target pairs are merged by summing their weights.
// Parsed snapshots already satisfy all three, so this only matters for hand-built ones;
// doing it here keeps PageRank, tail exposure, degrees, density and the edge HHI consistent.
//
// The structure is a CSR by source (row i = the distinct targets of i, in first-seen
// order) built in O(n + m) with a stamp array instead of a sort, and cached per Snapshot
// object (snapshots are treated as immutable, as in contagion.ts).
import type { Snapshot } from '../types';

export interface ExposureGraph {
  n: number;
  /** Number of distinct positive-weight, non-self edges. */
  m: number;
  /** rowStart[i]..rowStart[i+1] index i's outgoing edges in `target`/`weight`. */
  rowStart: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  /** Σ outgoing weight per node (0 = dangling for PageRank). */
  outWeight: Float64Array;
  /** Distinct creditors (sources) of each node. */
  inDegree: Int32Array;
  /** Distinct debtors (targets) of each node. */
  outDegree: Int32Array;
  /** Σ of all edge weights. */
  totalWeight: number;
}

const cache = new WeakMap<Snapshot, ExposureGraph>();

function usable(weight: number): boolean {
  return weight > 0 && Number.isFinite(weight);
}

export function exposureGraph(snapshot: Snapshot): ExposureGraph {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const n = snapshot.n;
  const { m: rawM, source, target, weight } = snapshot.edges;

  // Pass 1: bound each row's size by its raw edge count (duplicates are merged below).
  const bound = new Int32Array(n + 1);
  for (let e = 0; e < rawM; e++) {
    const s = source[e];
    if (s !== target[e] && usable(weight[e])) bound[s + 1]++;
  }
  for (let i = 0; i < n; i++) bound[i + 1] += bound[i];

  // Pass 2: bucket the raw edges by source.
  const fill = bound.slice(0, n);
  const bucketTarget = new Int32Array(bound[n]);
  const bucketWeight = new Float64Array(bound[n]);
  for (let e = 0; e < rawM; e++) {
    const s = source[e];
    if (s === target[e] || !usable(weight[e])) continue;
    const at = fill[s]++;
    bucketTarget[at] = target[e];
    bucketWeight[at] = weight[e];
  }

  // Pass 3: merge duplicates row by row. stamp[t] = row + 1 marks t as already seen in the
  // current row, slot[t] says where it was written.
  const stamp = new Int32Array(n);
  const slot = new Int32Array(n);
  const rowStart = new Int32Array(n + 1);
  const outTarget = new Int32Array(bound[n]);
  const outWeightOfEdge = new Float64Array(bound[n]);
  const outWeight = new Float64Array(n);
  const inDegree = new Int32Array(n);
  const outDegree = new Int32Array(n);
  let m = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = m;
    for (let j = bound[i]; j < bound[i + 1]; j++) {
      const t = bucketTarget[j];
      const w = bucketWeight[j];
      if (stamp[t] === i + 1) {
        outWeightOfEdge[slot[t]] += w;
      } else {
        stamp[t] = i + 1;
        slot[t] = m;
        outTarget[m] = t;
        outWeightOfEdge[m] = w;
        inDegree[t]++;
        m++;
      }
      outWeight[i] += w;
      totalWeight += w;
    }
    outDegree[i] = m - rowStart[i];
  }
  rowStart[n] = m;

  const graph: ExposureGraph = {
    n,
    m,
    rowStart,
    target: outTarget.slice(0, m),
    weight: outWeightOfEdge.slice(0, m),
    outWeight,
    inDegree,
    outDegree,
    totalWeight,
  };
  cache.set(snapshot, graph);
  return graph;
}

/** A TVL as a concentration input: negative or non-finite values count as 0. */
export function cleanAmount(x: number): number {
  return x > 0 && Number.isFinite(x) ? x : 0;
}

/** Herfindahl–Hirschman index Σ s_i² of the shares x_i / Σx (0 when Σx = 0 or empty). */
export function hhi(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  if (!(total > 0)) return 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const share = values[i] / total;
    sum += share * share;
  }
  return sum;
}

/**
 * Gini coefficient on values sorted ascending x_1 ≤ … ≤ x_n:
 *   G = 2 Σ_i i·x_i / (n Σ x) − (n + 1) / n
 * 0 when all values are equal, (n − 1)/n when one value holds everything; 0 for n = 0 or Σx = 0.
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i];
    weighted += (i + 1) * sorted[i];
  }
  if (!(total > 0)) return 0;
  // Clamp the rounding noise around 0 for all-equal inputs.
  return Math.max(0, (2 * weighted) / (n * total) - (n + 1) / n);
}
