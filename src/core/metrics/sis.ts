// Systemic Importance Score (DeXposure-FM, Sec. 6.1), on every node of the snapshot
// (protocol and token nodes alike, as DeXposure does):
//   SIS_p = ( PR_p / max PR  +  TailExposure_p  +  log(1+TVL_p) / max log(1+TVL) ) / 3
// Each term lies in [0, 1], so SIS does too.
import type { Snapshot } from '../types';
import { exposureGraph } from '../graph';
import { cleanAmount } from './stats';
import { pagerank } from './pagerank';

/**
 * TailExposure_p = (sum of p's k largest outgoing exposures) / (p's total outgoing exposure),
 * counting each distinct target once (duplicate edges summed). 1 when p has ≤ k targets,
 * 0 when it has no outgoing exposure.
 */
export function tailExposure(snapshot: Snapshot, k = 5): Float64Array {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`tailExposure: k must be a whole number ≥ 0, got ${k}`);
  const g = exposureGraph(snapshot);
  const tail = new Float64Array(g.n);
  const top = new Float64Array(k); // descending, the row's k largest weights so far
  for (let i = 0; i < g.n; i++) {
    const start = g.outStart[i];
    const end = g.outStart[i + 1];
    const total = g.outTotal[i];
    if (!(total > 0) || k === 0) continue;
    if (end - start <= k) {
      tail[i] = 1;
      continue;
    }
    let filled = 0;
    for (let j = start; j < end; j++) {
      const w = g.outWeight[j];
      if (filled === k && w <= top[k - 1]) continue;
      // Insertion into the short descending list.
      let at = filled < k ? filled++ : k - 1;
      while (at > 0 && top[at - 1] < w) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = w;
    }
    let sum = 0;
    for (let r = 0; r < filled; r++) sum += top[r];
    tail[i] = Math.min(1, sum / total);
  }
  return tail;
}

export interface SisResult {
  /** SIS per node, in [0, 1]. */
  sis: Float64Array;
  /** Raw PageRank per node (sums to 1). */
  pagerank: Float64Array;
  /** PageRank term of SIS: pagerank / max(pagerank), in [0, 1]. */
  pagerankTerm: Float64Array;
  /** TailExposure per node (top-5 share of outgoing exposure). */
  tail: Float64Array;
  /** Size term log(1+TVL) / max log(1+TVL), in [0, 1] (0 for every node when all TVLs are 0). */
  size: Float64Array;
}

export function systemicImportance(snapshot: Snapshot): SisResult {
  const n = snapshot.n;
  const pr = pagerank(snapshot);
  const tail = tailExposure(snapshot, 5);
  const size = new Float64Array(n);
  let maxLogTvl = 0;
  for (let i = 0; i < n; i++) {
    // log1p keeps precision for tiny TVLs; the base cancels in the ratio.
    size[i] = Math.log1p(cleanAmount(snapshot.tvl[i]));
    if (size[i] > maxLogTvl) maxLogTvl = size[i];
  }
  let maxPr = 0;
  for (let i = 0; i < n; i++) if (pr[i] > maxPr) maxPr = pr[i];
  const sis = new Float64Array(n);
  const pagerankTerm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    size[i] = maxLogTvl > 0 ? size[i] / maxLogTvl : 0;
    pagerankTerm[i] = maxPr > 0 ? pr[i] / maxPr : 0;
    sis[i] = (pagerankTerm[i] + tail[i] + size[i]) / 3;
  }
  return { sis, pagerank: pr, pagerankTerm, tail, size };
}
