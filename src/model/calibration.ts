// Probability calibration of the edge-existence head (pure, no tfjs): Platt scaling
// p = σ(a·z + b) on the model's logit z, fitted per horizon on the validation weeks, and the
// expected calibration error (equal-width bins) that the evaluation reports.

export interface Platt {
  a: number;
  b: number;
  /**
   * Optional terms for pairs absent now: c[0] + c[1]·evidence₀ + c[2]·evidence₁ added to the
   * logit (see newLinkEvidence in features.ts). Absent: plain Platt scaling.
   */
  c?: number[];
}

export const IDENTITY_PLATT: Platt = { a: 1, b: 0 };

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** logit of a probability, clamped away from 0 and 1 (float32 probabilities saturate). */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
}

export function applyPlatt(z: number, c: Platt): number {
  return sigmoid(c.a * z + c.b);
}

/**
 * Fit a, b by Newton's method on the mean log-loss of σ(a·z + b) against 0/1 labels (a tiny
 * ridge keeps the Hessian invertible on separable data). Deterministic.
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, iterations = 50): Platt {
  const n = z.length;
  if (n === 0) return { ...IDENTITY_PLATT };
  const ridge = 1e-6;
  const loss = (a: number, b: number) => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      const s = a * z[i] + b;
      // log(1 + e^s) − y·s, stable for large |s|.
      l += Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))) - (y[i] > 0 ? s : 0);
    }
    return l + 0.5 * ridge * ((a - 1) ** 2 + b * b);
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let it = 0; it < iterations; it++) {
    let ga = ridge * (a - 1);
    let gb = ridge * b;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i] + b);
      const r = p - (y[i] > 0 ? 1 : 0);
      const w = Math.max(p * (1 - p), 1e-12);
      ga += r * z[i];
      gb += r;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Backtracking: Newton's full step can overshoot on the flat parts of the log-loss.
    let step = 1;
    let next = loss(a - da, b - db);
    while (!(next <= current) && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (!(next <= current)) break;
    a -= step * da;
    b -= step * db;
    const gain = current - next;
    current = next;
    if (gain < 1e-12 * n) break;
  }
  return { a, b };
}

/**
 * Logistic regression by Newton's method with backtracking: weights w minimising the mean
 * log-loss of σ(Σ_j w_j·x_j) against 0/1 labels; `columns` are the k feature columns (a
 * constant column must be passed explicitly), `start` the initial weights. Deterministic.
 */
export function fitLogistic(
  columns: ArrayLike<number>[],
  y: ArrayLike<number>,
  start: number[],
  iterations = 40,
): number[] {
  const k = columns.length;
  const n = y.length;
  const w = [...start];
  if (n === 0) return w;
  const ridge = 1e-6;
  const score = (wt: number[], i: number) => {
    let s = 0;
    for (let j = 0; j < k; j++) s += wt[j] * columns[j][i];
    return s;
  };
  const loss = (wt: number[]) => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      const s = score(wt, i);
      l += Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))) - (y[i] > 0 ? s : 0);
    }
    for (let j = 0; j < k; j++) l += 0.5 * ridge * (wt[j] - start[j]) ** 2;
    return l;
  };
  let current = loss(w);
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(k);
    const H = new Float64Array(k * k);
    for (let j = 0; j < k; j++) {
      g[j] = ridge * (w[j] - start[j]);
      H[j * k + j] = ridge;
    }
    const x = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) x[j] = columns[j][i];
      const p = sigmoid(score(w, i));
      const r = p - (y[i] > 0 ? 1 : 0);
      const v = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j < k; j++) {
        g[j] += r * x[j];
        for (let m = j; m < k; m++) H[j * k + m] += v * x[j] * x[m];
      }
    }
    for (let j = 0; j < k; j++) for (let m = 0; m < j; m++) H[j * k + m] = H[m * k + j];
    const d = solve(H, g, k);
    if (!d) break;
    let step = 1;
    let trial = w.map((wj, j) => wj - d[j]);
    let next = loss(trial);
    while (!(next <= current) && step > 1e-6) {
      step /= 2;
      trial = w.map((wj, j) => wj - step * d[j]);
      next = loss(trial);
    }
    if (!(next <= current)) break;
    for (let j = 0; j < k; j++) w[j] = trial[j];
    const gain = current - next;
    current = next;
    if (gain < 1e-12 * n) break;
  }
  return w;
}

/** Solve A x = b (k × k, Gaussian elimination with partial pivoting); null when singular. */
function solve(A: Float64Array, b: Float64Array, k: number): number[] | null {
  const M = Float64Array.from(A);
  const v = Float64Array.from(b);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r * k + c]) > Math.abs(M[piv * k + c])) piv = r;
    if (!(Math.abs(M[piv * k + c]) > 1e-300)) return null;
    if (piv !== c) {
      for (let j = 0; j < k; j++) [M[c * k + j], M[piv * k + j]] = [M[piv * k + j], M[c * k + j]];
      [v[c], v[piv]] = [v[piv], v[c]];
    }
    for (let r = c + 1; r < k; r++) {
      const f = M[r * k + c] / M[c * k + c];
      if (f === 0) continue;
      for (let j = c; j < k; j++) M[r * k + j] -= f * M[c * k + j];
      v[r] -= f * v[c];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = v[r];
    for (let j = r + 1; j < k; j++) s -= M[r * k + j] * x[j];
    x[r] = s / M[r * k + r];
  }
  return x;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean predicted probability and observed frequency in the bin (NaN when empty). */
  mean_p: number;
  freq: number;
}

/** Expected calibration error with `bins` equal-width bins, and the reliability table. */
export function expectedCalibrationError(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  bins = 15,
): { ece: number; bins: ReliabilityBin[] } {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const k = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[k]++;
    sumP[k] += p[i];
    sumY[k] += y[i] > 0 ? 1 : 0;
  }
  let ece = 0;
  const out: ReliabilityBin[] = [];
  for (let k = 0; k < bins; k++) {
    const c = count[k];
    if (c > 0) ece += (c / p.length) * Math.abs(sumP[k] / c - sumY[k] / c);
    out.push({
      lo: k / bins,
      hi: (k + 1) / bins,
      count: c,
      mean_p: c ? sumP[k] / c : NaN,
      freq: c ? sumY[k] / c : NaN,
    });
  }
  return { ece: p.length ? ece : NaN, bins: out };
}

/**
 * A monotone recalibration map in logit space: knots (x[k], y[k]) strictly increasing in both,
 * linear between knots and a shift (slope 1) beyond the ends, so the ranking of the pairs it is
 * applied to never changes.
 */
export interface IsotonicMap {
  x: number[];
  y: number[];
}

/**
 * Isotonic regression (pool-adjacent-violators) of labels y on probabilities p, on groups of
 * `groupSize` consecutive pairs by p (a per-pair PAV overfits the sparse top). Each pooled block
 * becomes a knot at (logit of its mean p, logit of its smoothed rate (Σy + ½) / (count + 1)).
 */
export function fitIsotonic(p: ArrayLike<number>, y: ArrayLike<number>, groupSize = 2000): IsotonicMap {
  const n = p.length;
  if (n === 0) return { x: [], y: [] };
  const order = [...Array(n).keys()].sort((a, b) => p[a] - p[b] || a - b);
  const blocks: { count: number; sumP: number; sumY: number }[] = [];
  for (let start = 0; start < n; start += groupSize) {
    // A short tail joins the previous group.
    const end = n - (start + groupSize) < groupSize / 2 ? n : start + groupSize;
    const b = { count: 0, sumP: 0, sumY: 0 };
    for (let k = start; k < end; k++) {
      b.count++;
      b.sumP += p[order[k]];
      b.sumY += y[order[k]] > 0 ? 1 : 0;
    }
    blocks.push(b);
    // Pool while the last block's rate is not above the previous one's.
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      if (last.sumY / last.count > prev.sumY / prev.count) break;
      prev.count += last.count;
      prev.sumP += last.sumP;
      prev.sumY += last.sumY;
      blocks.pop();
    }
    if (end === n) break;
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (const b of blocks) {
    const x = logit(b.sumP / b.count);
    let v = logit((b.sumY + 0.5) / (b.count + 1));
    if (xs.length && !(x > xs[xs.length - 1])) continue;
    if (ys.length) v = Math.max(v, ys[ys.length - 1] + 1e-6);
    xs.push(x);
    ys.push(v);
  }
  return { x: xs, y: ys };
}

/** Apply an isotonic map to a probability (identity when the map has no knot). */
export function applyIsotonic(map: IsotonicMap, p: number): number {
  const { x, y } = map;
  const k = x.length;
  if (k === 0) return p;
  const z = logit(p);
  let out: number;
  if (z <= x[0]) out = y[0] + (z - x[0]);
  else if (z >= x[k - 1]) out = y[k - 1] + (z - x[k - 1]);
  else {
    let lo = 0;
    let hi = k - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x[mid] <= z) lo = mid;
      else hi = mid;
    }
    out = y[lo] + ((z - x[lo]) / (x[hi] - x[lo])) * (y[hi] - y[lo]);
  }
  return sigmoid(out);
}
