// Small statistics helpers the metrics share: shares, HHI, Gini.
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
