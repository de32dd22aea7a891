// Multivariate logistic regression by Newton's method (IRLS) with a small ridge: the network-free
// heuristic baseline is a few of these. Pure and deterministic.

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Solve A x = b (d × d, row-major) by Gaussian elimination with partial pivoting; null if singular. */
function solve(A: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(M[r * d + c]) > Math.abs(M[piv * d + c])) piv = r;
    if (!(Math.abs(M[piv * d + c]) > 1e-300)) return null;
    if (piv !== c) {
      for (let k = 0; k < d; k++) [M[c * d + k], M[piv * d + k]] = [M[piv * d + k], M[c * d + k]];
      [x[c], x[piv]] = [x[piv], x[c]];
    }
    for (let r = c + 1; r < d; r++) {
      const f = M[r * d + c] / M[c * d + c];
      if (f === 0) continue;
      for (let k = c; k < d; k++) M[r * d + k] -= f * M[c * d + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = d - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < d; k++) s -= M[c * d + k] * x[k];
    x[c] = s / M[c * d + c];
  }
  return x;
}

/**
 * Fit w (length d, w[0] the intercept when column 0 is 1) minimising the mean log-loss of
 * σ(X w) plus ridge/2·|w₁…|² (a tiny ridge that keeps separable data finite; it must stay far
 * below the mean log-loss, which is ≈ 0.01 at a 0.2% base rate, or it flattens the fit). The
 * intercept gets ridge/100. X: rows × d, row-major; y: 0/1.
 */
export function fitLogistic(X: Float32Array | Float64Array, y: ArrayLike<number>, d: number, ridge = 1e-6): number[] {
  const n = y.length;
  let w = new Float64Array(d);
  if (n === 0) return Array.from(w);
  const lossOf = (v: Float64Array) => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += X[i * d + k] * v[k];
      l += Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))) - (y[i] > 0 ? s : 0);
    }
    let r = 0;
    for (let k = 0; k < d; k++) r += (k === 0 ? 0.01 : 1) * v[k] * v[k];
    return l / n + 0.5 * ridge * r;
  };
  let current = lossOf(w);
  for (let it = 0; it < 30; it++) {
    const g = new Float64Array(d);
    const Hm = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * d;
      for (let k = 0; k < d; k++) s += X[o + k] * w[k];
      const p = sigmoid(s);
      const r = (p - (y[i] > 0 ? 1 : 0)) / n;
      const v = Math.max(p * (1 - p), 1e-12) / n;
      for (let a = 0; a < d; a++) {
        const xa = X[o + a];
        if (xa === 0) continue;
        g[a] += r * xa;
        for (let b = a; b < d; b++) Hm[a * d + b] += v * xa * X[o + b];
      }
    }
    for (let a = 0; a < d; a++) {
      const ra = a === 0 ? ridge / 100 : ridge;
      g[a] += ra * w[a];
      Hm[a * d + a] += ra;
      for (let b = 0; b < a; b++) Hm[a * d + b] = Hm[b * d + a];
    }
    const step = solve(Hm, g, d);
    if (!step) break;
    let t = 1;
    let next = w.map((v, k) => v - t * step[k]);
    let nextLoss = lossOf(next);
    while (!(nextLoss <= current) && t > 1e-6) {
      t /= 2;
      next = w.map((v, k) => v - t * step[k]);
      nextLoss = lossOf(next);
    }
    if (!(nextLoss <= current)) break;
    const gain = current - nextLoss;
    w = next;
    current = nextLoss;
    if (gain < 1e-10) break;
  }
  return Array.from(w);
}

export function logisticProbability(x: ArrayLike<number>, offset: number, w: number[]): number {
  let s = 0;
  for (let k = 0; k < w.length; k++) s += x[offset + k] * w[k];
  return sigmoid(s);
}
