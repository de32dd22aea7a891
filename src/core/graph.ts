// The one exposure-graph structure every computation on a snapshot reads: the metrics (PageRank,
// tail exposure, spillover, degrees) walk it by creditor, the contagion engine and the sweep by
// debtor. Built once per Snapshot object (snapshots are treated as immutable) and cached.
//
// Canonical graph = the graph the snapshot parser produces (src/core/snapshot/build.ts):
// - edges with a weight ≤ 0 (or not finite) carry no exposure and are left out;
// - self-loops are left out (the parser drops them, and a node is not its own creditor);
// - duplicate source→target pairs are merged by summing their weights.
// Parsed snapshots already satisfy all three, so this only matters for hand-built ones; doing it
// here keeps every consumer on the same edges.
//
// Edge c→d: creditor c holds tokens issued by debtor d (snapshot.edges.source = c, target = d).
import type { Snapshot } from './types';

export interface ExposureGraph {
  n: number;
  /** Number of distinct positive-weight, non-self edges. */
  m: number;
  /** By creditor: c's edges are outStart[c] .. outStart[c+1) in outTarget/outWeight (first-seen order). */
  outStart: Int32Array;
  outTarget: Int32Array;
  outWeight: Float64Array;
  /** By debtor: d's creditors are inStart[d] .. inStart[d+1) in inSource/inWeight, ascending creditor index. */
  inStart: Int32Array;
  inSource: Int32Array;
  inWeight: Float64Array;
  /** Index into snapshot.edges of each by-debtor slot (the first raw edge of a merged pair). */
  inEdge: Int32Array;
  /** Σ outgoing weight per node: what it holds of others (0 = dangling for PageRank). */
  outTotal: Float64Array;
  /** Σ incoming weight per node: what others hold of it (the 'paper' rule's denominator). */
  inTotal: Float64Array;
  /** Distinct creditors of each node. */
  inDegree: Int32Array;
  /** Distinct debtors of each node. */
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

  // Pass 1: bound each creditor row's size by its raw edge count (duplicates are merged below).
  const bound = new Int32Array(n + 1);
  for (let e = 0; e < rawM; e++) {
    if (source[e] !== target[e] && usable(weight[e])) bound[source[e] + 1]++;
  }
  for (let i = 0; i < n; i++) bound[i + 1] += bound[i];

  // Pass 2: bucket the raw edges by creditor, in raw order.
  const fill = bound.slice(0, n);
  const bucketEdge = new Int32Array(bound[n]);
  for (let e = 0; e < rawM; e++) {
    if (source[e] === target[e] || !usable(weight[e])) continue;
    bucketEdge[fill[source[e]]++] = e;
  }

  // Pass 3: merge duplicates row by row. stamp[t] = row + 1 marks t as already seen in the
  // current row, slot[t] says where it was written.
  const stamp = new Int32Array(n);
  const slot = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  const outTarget = new Int32Array(bound[n]);
  const outWeight = new Float64Array(bound[n]);
  const outEdge = new Int32Array(bound[n]);
  const outTotal = new Float64Array(n);
  const inTotal = new Float64Array(n);
  const inDegree = new Int32Array(n);
  const outDegree = new Int32Array(n);
  let m = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    outStart[i] = m;
    for (let j = bound[i]; j < bound[i + 1]; j++) {
      const e = bucketEdge[j];
      const t = target[e];
      const w = weight[e];
      if (stamp[t] === i + 1) {
        outWeight[slot[t]] += w;
      } else {
        stamp[t] = i + 1;
        slot[t] = m;
        outTarget[m] = t;
        outWeight[m] = w;
        outEdge[m] = e;
        inDegree[t]++;
        m++;
      }
      outTotal[i] += w;
      inTotal[t] += w;
      totalWeight += w;
    }
    outDegree[i] = m - outStart[i];
  }
  outStart[n] = m;

  // By debtor: a counting sort of the merged edges by target. Rows are visited in creditor
  // order, so each debtor's creditors come out ascending (binary-searchable).
  const inStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) inStart[i + 1] = inStart[i] + inDegree[i];
  const inFill = inStart.slice(0, n);
  const inSource = new Int32Array(m);
  const inWeight = new Float64Array(m);
  const inEdge = new Int32Array(m);
  for (let c = 0; c < n; c++) {
    for (let j = outStart[c]; j < outStart[c + 1]; j++) {
      const k = inFill[outTarget[j]]++;
      inSource[k] = c;
      inWeight[k] = outWeight[j];
      inEdge[k] = outEdge[j];
    }
  }

  const graph: ExposureGraph = {
    n,
    m,
    outStart,
    outTarget: outTarget.slice(0, m),
    outWeight: outWeight.slice(0, m),
    inStart,
    inSource,
    inWeight,
    inEdge,
    outTotal,
    inTotal,
    inDegree,
    outDegree,
    totalWeight,
  };
  cache.set(snapshot, graph);
  return graph;
}

/** The by-debtor slot of edge creditor→debtor, or -1 when there is none. */
export function inSlot(graph: ExposureGraph, creditor: number, debtor: number): number {
  let lo = graph.inStart[debtor];
  let hi = graph.inStart[debtor + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = graph.inSource[mid];
    if (c === creditor) return mid;
    if (c < creditor) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
