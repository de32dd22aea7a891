// Forecast graphs from scored candidate pairs (pure: no tfjs, usable in Node, the page and the
// worker). The point forecast keeps the top round(Σp) pairs by calibrated probability (the
// expected edge count), not p ≥ 0.5; sampled graphs draw every pair as a Bernoulli(p) with the
// project's seeded PRNG, for a stress-loss band.
import type { Holdings, Snapshot } from '../core/types';
import { mulberry32, subSeed } from './rng';

/** Scored candidate pairs of one horizon (anchor indexing). */
export interface ScoredPairs {
  src: Int32Array;
  dst: Int32Array;
  /** Calibrated probability that the edge exists at the horizon. */
  probability: Float32Array;
  /** Predicted log(1+USD) if it exists. */
  logWeight: Float32Array;
}

/** Indices of the top round(Σp) pairs by probability (ties by index), ascending. */
export function expectedCountSelection(probability: ArrayLike<number>): Int32Array {
  let sum = 0;
  for (let i = 0; i < probability.length; i++) sum += probability[i];
  const k = Math.min(probability.length, Math.round(sum));
  const order = [...Array(probability.length).keys()].sort((a, b) => probability[b] - probability[a] || a - b);
  return Int32Array.from(order.slice(0, k)).sort();
}

/** One Bernoulli draw per pair: the indices drawn, ascending. */
export function sampleSelection(probability: ArrayLike<number>, random: () => number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < probability.length; i++) if (random() < probability[i]) out.push(i);
  return Int32Array.from(out);
}

/**
 * The anchor week's holdings carried onto a forecast graph: a holding of a token whose issuer
 * the holder is linked to scales with the forecast weight of that link relative to now, and is
 * dropped with the link; holdings without such a link (issuer outside the graph) are kept as
 * they are. New links get no holdings (which tokens they would hold is not forecast).
 */
export function carryHoldings(
  last: Snapshot,
  edges: { source: Int32Array; target: Int32Array; weight: Float64Array; m: number },
): Holdings {
  const n = last.n;
  const nowW = new Map<number, number>();
  for (let e = 0; e < last.edges.m; e++) {
    if (!(last.edges.weight[e] > 0)) continue;
    const key = last.edges.source[e] * n + last.edges.target[e];
    nowW.set(key, (nowW.get(key) ?? 0) + last.edges.weight[e]);
  }
  const forecastW = new Map<number, number>();
  for (let e = 0; e < edges.m; e++) {
    const key = edges.source[e] * n + edges.target[e];
    forecastW.set(key, (forecastW.get(key) ?? 0) + edges.weight[e]);
  }
  const node: number[] = [];
  const token: number[] = [];
  const usd: number[] = [];
  const h = last.holdings;
  for (let i = 0; i < h.count; i++) {
    const p = h.node[i];
    const issuer = last.tokens.issuer[h.token[i]];
    let value = h.usd[i];
    if (issuer >= 0 && issuer !== p) {
      const key = p * n + issuer;
      const before = nowW.get(key);
      if (before !== undefined && before > 0) {
        const after = forecastW.get(key);
        if (after === undefined) continue;
        value *= after / before;
      }
    }
    if (!(value > 0)) continue;
    node.push(p);
    token.push(h.token[i]);
    usd.push(value);
  }
  return {
    count: node.length,
    node: Int32Array.from(node),
    token: Int32Array.from(token),
    usd: Float64Array.from(usd),
  };
}

export interface GraphMeta {
  horizon: number;
  date: string;
  notes: string;
}

/** The forecast snapshot made of the selected pairs (weights expm1 of the predicted log-weight). */
export function snapshotFromSelection(
  last: Snapshot,
  pairs: ScoredPairs,
  keep: ArrayLike<number>,
  tvl: Float64Array,
  meta: GraphMeta,
): Snapshot {
  const m = keep.length;
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const weight = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = keep[j];
    source[j] = pairs.src[i];
    target[j] = pairs.dst[i];
    weight[j] = Math.max(0, Math.expm1(pairs.logWeight[i]));
  }
  const edges = { m, source, target, weight };
  const h = meta.horizon;
  return {
    dataset: last.dataset,
    title: `${last.title} — forecast +${h} week${h === 1 ? '' : 's'}`,
    date: meta.date,
    provenance: {
      ...last.provenance,
      source: `Model forecast from ${last.provenance.source} (${last.date}, +${h}w)`,
      date: meta.date,
      synthetic: true,
      notes: meta.notes,
    },
    n: last.n,
    ids: last.ids,
    names: last.names,
    categories: last.categories,
    sectors: last.sectors,
    kinds: last.kinds,
    chains: last.chains,
    tvl,
    edges,
    holdings: carryHoldings(last, edges),
    tokens: last.tokens,
    layout: last.layout,
  };
}

/**
 * Protocol TVLs times exp(sd·N(0,1)) (Box–Muller on the draw's stream): the forecast's own TVL
 * error, sd = the validation RMSE of Δlog(1+TVL) over protocols at this horizon.
 */
export function jitterTvl(last: Snapshot, tvl: Float64Array, sd: number, random: () => number): Float64Array {
  const out = Float64Array.from(tvl);
  for (let i = 0; i < out.length; i++) {
    if (last.kinds[i] !== 'protocol') continue;
    const u = 1 - random();
    const v = random();
    out[i] *= Math.exp(sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

/** Linear-interpolated quantile of ascending-sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const x = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(x);
  const hi = Math.ceil(x);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
}

export interface StressBand {
  /** Loss on the point forecast (top round(Σp) pairs). */
  point: number | null;
  median: number;
  p10: number;
  p90: number;
  /** Draws whose loss could be computed. */
  samples: number;
  /** The band widened by the validation-fitted conformal margin (absent: no calibration for this setting). */
  calibrated?: { low: number; high: number; widen: number };
}

export const DEFAULT_SAMPLES = 32;

/**
 * Stress loss over K sampled forecast graphs: `lossOf` runs the caller's scenario on a graph
 * (null when it cannot, e.g. no seed on it). Each draw keeps every pair with its probability and,
 * with tvlSd > 0, perturbs protocol TVLs by the forecast's TVL error. Draw k uses the stream
 * subSeed(seed, k), so the band depends only on the inputs, K and the seed.
 */
export function stressBand(
  last: Snapshot,
  pairs: ScoredPairs,
  tvl: Float64Array,
  meta: GraphMeta,
  lossOf: (s: Snapshot) => number | null,
  opts: {
    samples?: number;
    seed?: number;
    tvlSd?: number;
    select?: (p: Float32Array) => Int32Array;
    widen?: number;
  } = {},
): StressBand {
  const K = opts.samples ?? DEFAULT_SAMPLES;
  const seed = opts.seed ?? 1;
  const keepPoint = (opts.select ?? expectedCountSelection)(pairs.probability);
  const point = lossOf(snapshotFromSelection(last, pairs, keepPoint, tvl, meta));
  const losses: number[] = [];
  const sd = opts.tvlSd ?? 0;
  for (let k = 0; k < K; k++) {
    const random = mulberry32(subSeed(seed, k));
    const keep = sampleSelection(pairs.probability, random);
    const loss = lossOf(
      snapshotFromSelection(last, pairs, keep, sd > 0 ? jitterTvl(last, tvl, sd, random) : tvl, meta),
    );
    if (loss !== null && Number.isFinite(loss)) losses.push(loss);
  }
  losses.sort((a, b) => a - b);
  const p10 = quantile(losses, 0.1);
  const p90 = quantile(losses, 0.9);
  const w = opts.widen;
  return {
    point,
    median: quantile(losses, 0.5),
    p10,
    p90,
    samples: losses.length,
    ...(w !== undefined && losses.length ? { calibrated: { low: Math.max(0, p10 - w), high: p90 + w, widen: w } } : {}),
  };
}
