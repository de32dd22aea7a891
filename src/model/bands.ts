// Honest uncertainty and calibration figures (pure): a split-conformal widening of the sampled
// stress band, its coverage, and reliability with equal-count bins (equal-width bins pool almost
// every pair in the first and last bin, so their ECE says little about the pairs that matter).

export interface BandCase {
  realized: number;
  p10: number;
  p90: number;
}

/**
 * Split-conformal widening for a central band of nominal coverage `target`: the score of a case
 * is how far the realized value lies outside [p10, p90] (negative inside), and the widening is the
 * ⌈(n+1)·target⌉-th smallest score, so that on exchangeable new cases [p10 − w, p90 + w] holds the
 * realized value with probability ≥ target. Fitted on validation cases only. May be negative (a
 * band that over-covers is narrowed), never below −half the narrowest band.
 */
export function conformalWidening(cases: BandCase[], target = 0.8): number {
  const scores = cases
    .filter((c) => Number.isFinite(c.realized) && Number.isFinite(c.p10) && Number.isFinite(c.p90))
    .map((c) => Math.max(c.p10 - c.realized, c.realized - c.p90))
    .sort((a, b) => a - b);
  if (scores.length === 0) return 0;
  const k = Math.min(scores.length, Math.ceil((scores.length + 1) * target)) - 1;
  const minHalf = Math.min(...cases.map((c) => (c.p90 - c.p10) / 2));
  return Math.max(scores[k], -minHalf);
}

export function widenBand(c: Pick<BandCase, 'p10' | 'p90'>, widen: number): { low: number; high: number } {
  return { low: Math.max(0, c.p10 - widen), high: c.p90 + widen };
}

/** Share of cases whose realized value lies in the widened band, with the count. */
export function bandCoverage(cases: BandCase[], widen = 0): { coverage: number; hits: number; cases: number } {
  let hits = 0;
  for (const c of cases) {
    const b = widenBand(c, widen);
    if (c.realized >= b.low && c.realized <= b.high) hits++;
  }
  return { coverage: cases.length ? hits / cases.length : NaN, hits, cases: cases.length };
}

export interface CountBin {
  lo: number;
  hi: number;
  predicted: number;
  observed: number;
  count: number;
}

/** Reliability with `bins` equal-count bins over the predictions (ascending), and its ECE. */
export function equalCountReliability(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  bins = 10,
): { ece: number; bins: CountBin[] } {
  const n = p.length;
  const order = [...Array(n).keys()].sort((a, b) => p[a] - p[b]);
  const out: CountBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * n) / bins);
    const end = Math.floor(((b + 1) * n) / bins);
    if (end <= start) continue;
    let sp = 0;
    let sy = 0;
    for (let k = start; k < end; k++) {
      sp += p[order[k]];
      sy += y[order[k]] > 0 ? 1 : 0;
    }
    const count = end - start;
    const bin = {
      lo: p[order[start]],
      hi: p[order[end - 1]],
      predicted: sp / count,
      observed: sy / count,
      count,
    };
    out.push(bin);
    ece += (count / n) * Math.abs(bin.predicted - bin.observed);
  }
  return { ece, bins: out };
}

/** Largest predicted/observed ratio (either way) over bins with at least `minPositives` expected positives. */
export function worstBinRatio(bins: CountBin[], minPositives = 5): number {
  let worst = 1;
  for (const b of bins) {
    if (b.predicted * b.count < minPositives) continue;
    const r = b.observed > 0 ? b.predicted / b.observed : Infinity;
    worst = Math.max(worst, r, r > 0 ? 1 / r : Infinity);
  }
  return worst;
}
