// Pair features of forecast candidates and the new-link evidence of the calibration layer (pure
// typed-array code, no tfjs), in the anchor week's indexing.
import type { EdgeMap, FeatureNorm, NodeWindow } from './features';
import { adjacency, newLinkSignals, sectorPopularity, CO_HOLDERS_PER_ISSUER } from './candidates';

/** Features of a candidate pair p→q (added to the issue's [h_p; h_q; h_p⊙h_q; |h_p−h_q|]). */
export const PAIR_FEATURE_NAMES = [
  'exists_now', // edge p→q in the anchor week
  'log_weight_now', // standardised log(1+w) now (0 when absent)
  'log_weight_change', // log(1+w_t) − log(1+w_{t−1}) when present in both weeks
  'window_presence', // share of the window's weeks in which the edge existed
  'reverse_exists', // edge q→p in the anchor week
  // New-link evidence (see structuralCandidates): how new links are drawn.
  'weeks_since_present', // weeks since the edge was last seen in the window / T (1 when never)
  'neighbour_holders', // log(1+#counterparties of p, its issuers and its holders, that hold q)
  'coholder_share', // share of q's holders (≤ 32, strided) that share an issuer with p
  'sector_popularity', // log10 of the sector-popularity score of q for p's sector, mapped to [0, 1]
] as const;
export const PAIR_FEATURE_COUNT = PAIR_FEATURE_NAMES.length;

/** Pair features (n × PAIR_FEATURE_COUNT, row-major) for pairs given in anchor indexing. */
export function pairFeatures(
  win: NodeWindow,
  maps: (EdgeMap | null)[],
  src: Int32Array,
  dst: Int32Array,
  norm: FeatureNorm,
): Float32Array {
  const n = win.n;
  const T = win.window;
  const now = maps[T - 1]!;
  const prev = T >= 2 ? maps[T - 2] : null;
  const { outs, ins } = adjacency(now, n);
  const popularity = sectorPopularity(win, now);
  const P = src.length;
  const out = new Float32Array(P * PAIR_FEATURE_COUNT);
  // Issuer sets of the holders seen (for the co-holder share), built lazily.
  const issuerSets = new Map<number, Set<number>>();
  const issuersOf = (p: number) => {
    let set = issuerSets.get(p);
    if (!set) issuerSets.set(p, (set = new Set(outs[p])));
    return set;
  };
  for (let i = 0; i < P; i++) {
    const p = src[i];
    const q = dst[i];
    const key = p * n + q;
    const o = i * PAIR_FEATURE_COUNT;
    const w = now.get(key);
    if (w !== undefined) {
      const lw = Math.log1p(w);
      out[o] = 1;
      out[o + 1] = (lw - norm.logWeightMean) / norm.logWeightStd;
      const wp = prev?.get(key);
      if (wp !== undefined) out[o + 2] = lw - Math.log1p(wp);
    }
    let present = 0;
    let last = -1;
    for (let k = 0; k < T; k++) {
      if (maps[k]?.has(key)) {
        present++;
        last = k;
      }
    }
    out[o + 3] = present / T;
    out[o + 4] = now.has(q * n + p) ? 1 : 0;
    out[o + 5] = last < 0 ? 1 : (T - 1 - last) / T;
    let holders = 0;
    for (const r of outs[p]) if (r !== q && now.has(r * n + q)) holders++;
    for (const r of ins[p]) if (r !== q && now.has(r * n + q)) holders++;
    out[o + 6] = Math.log1p(holders);
    const hq = ins[q];
    if (hq.length > 0 && outs[p].length > 0) {
      const mine = issuersOf(p);
      const stride = Math.ceil(hq.length / CO_HOLDERS_PER_ISSUER);
      let seen = 0;
      let shared = 0;
      for (let ci = 0; ci < hq.length; ci += stride) {
        const c = hq[ci];
        if (c === p) continue;
        seen++;
        for (const r of outs[c]) {
          if (mine.has(r)) {
            shared++;
            break;
          }
        }
      }
      out[o + 7] = seen ? shared / seen : 0;
    }
    out[o + 8] = popularity.feature(p, q);
  }
  return out;
}

/** A probability-like score onto [0, 1] by log10 (six decades: 1e-6 → 0, 1 → 1); 0 stays 0. */
export function logUnit(score: number): number {
  return score > 0 ? Math.max(0, Math.min(1, 1 + Math.log10(score) / 6)) : 0;
}

/**
 * New-link evidence per pair (P × NEW_LINK_EVIDENCE, row-major), used by the calibration layer
 * for pairs absent now: how likely a new link from p lands on q, as the mix
 * α·sector popularity + (1 − α)·two-hop probability (log10 mapped onto [0, 1]; α learned on the
 * training weeks, see newLinkMix.ts), and how many links p gained over the window (log(1+count):
 * holders below their degree target keep adding).
 */
export const NEW_LINK_EVIDENCE = 2;

export function newLinkEvidence(
  win: NodeWindow,
  maps: (EdgeMap | null)[],
  src: Int32Array,
  dst: Int32Array,
  mix: number,
): Float32Array {
  const { popularity, twoHop, gained } = newLinkSignals(win, maps);
  const out = new Float32Array(src.length * NEW_LINK_EVIDENCE);
  for (let i = 0; i < src.length; i++) {
    const p = src[i];
    const q = dst[i];
    const score = mix * popularity.score(p, q) + (1 - mix) * (twoHop(p).get(q) ?? 0);
    out[i * NEW_LINK_EVIDENCE] = logUnit(score);
    out[i * NEW_LINK_EVIDENCE + 1] = Math.log1p(gained[p]);
  }
  return out;
}

/** [P] 1 where the pair is not an edge in the anchor week (column exists_now of pairFeatures is 0). */
export function absentColumn(features: Float32Array, pairs: number): Float32Array {
  const out = new Float32Array(pairs);
  for (let i = 0; i < pairs; i++) out[i] = features[i * PAIR_FEATURE_COUNT] > 0 ? 0 : 1;
  return out;
}
