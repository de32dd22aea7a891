// The network-free baseline the model must beat: per horizon, two logistic regressions on the
// pair features the network also sees (presence over the window, current weight and its change,
// reverse edge, recency, neighbours holding q, co-holder share, sector popularity) plus the
// two-hop probability and the links the holder gained: one for pairs absent at the anchor (does
// the edge appear?), one for present edges (does it vanish?). Their mix is learned on training
// anchors only (no generator constant). TVL: Δlog(1+TVL) = β_h · (weekly trend over the window),
// β_h least squares on the training protocols.
import type { Snapshot } from '../core/types';
import { edgeMapIn, weekStats, type EdgeMap, type FeatureNorm, type NodeWindow } from './features';
import { newLinkSignals } from './candidates';
import { pairFeatures, PAIR_FEATURE_NAMES, logUnit } from './pairs';
import { fitLogistic, logisticProbability } from './logistic';
import { prepareAnchor, type ModelCore } from './forecast';

export const HEURISTIC_FEATURES = ['bias', ...PAIR_FEATURE_NAMES, 'two_hop', 'links_gained'] as const;
const D = HEURISTIC_FEATURES.length;

export interface HeuristicSpec {
  features: string[];
  /** Per horizon: weights of the new-edge and vanish logistic regressions, and the TVL trend factor. */
  horizons: Record<string, { new: number[]; vanish: number[]; tvl_beta: number }>;
  fitted_on: string;
}

/** P × D design rows (bias first) for pairs in anchor indexing. */
export function heuristicDesign(
  win: NodeWindow,
  maps: (EdgeMap | null)[],
  src: Int32Array,
  dst: Int32Array,
  norm: FeatureNorm,
): Float32Array {
  const pf = pairFeatures(win, maps, src, dst, norm);
  const F = PAIR_FEATURE_NAMES.length;
  const { twoHop, gained } = newLinkSignals(win, maps);
  const X = new Float32Array(src.length * D);
  for (let i = 0; i < src.length; i++) {
    const p = src[i];
    const o = i * D;
    X[o] = 1;
    for (let f = 0; f < F; f++) X[o + 1 + f] = pf[i * F + f];
    X[o + 1 + F] = logUnit(twoHop(p).get(dst[i]) ?? 0);
    X[o + 2 + F] = Math.log1p(gained[p]);
  }
  return X;
}

/** Probability that each pair exists h weeks ahead, for every horizon of the spec (P × H, in `horizons` order). */
export function heuristicProbabilities(
  spec: HeuristicSpec,
  horizons: readonly number[],
  X: Float32Array,
  pairs: number,
): Float32Array {
  const H = horizons.length;
  const out = new Float32Array(pairs * H);
  horizons.forEach((h, hi) => {
    const c = spec.horizons[String(h)];
    if (!c) return;
    for (let i = 0; i < pairs; i++) {
      const present = X[i * D + 1] > 0;
      out[i * H + hi] = present ? 1 - logisticProbability(X, i * D, c.vanish) : logisticProbability(X, i * D, c.new);
    }
  });
  return out;
}

/** Weekly Δlog(1+TVL) trend of each node over the window (0 where it has no earlier week). */
export function tvlTrend(win: NodeWindow): Float64Array {
  const T = win.window;
  const now = win.weeks[T - 1]!;
  const nowStats = weekStats(now);
  const out = new Float64Array(win.n);
  for (let k = 0; k < T - 1; k++) {
    const week = win.weeks[k];
    const map = win.toWeek[k];
    if (!week || !map) continue;
    const stats = weekStats(week);
    const span = T - 1 - k;
    for (let i = 0; i < win.n; i++) {
      if (out[i] !== 0 || map[i] < 0) continue;
      out[i] = (nowStats.logTvl[i] - stats.logTvl[map[i]]) / span;
    }
  }
  return out;
}

/**
 * Fit the baseline on anchors whose targets are ≤ lastTarget (every `stride`-th anchor from the
 * first full window): the pairs are the forecast's own candidates (current edges and structural
 * candidates), labelled by the realized week t + h.
 */
export function fitHeuristic(
  core: Pick<ModelCore, 'config' | 'norm' | 'candidates'>,
  weeks: Snapshot[],
  lastTarget: number,
  label: string,
  stride = 8,
): HeuristicSpec {
  const horizons = core.config.horizons;
  const start = Math.max(1, core.config.window - 1);
  const rows: { X: Float32Array; present: Uint8Array; labels: Uint8Array[]; valid: boolean[] }[] = [];
  const tvl: { trend: number[]; truth: number[] }[] = horizons.map(() => ({ trend: [], truth: [] }));
  for (let t = start; t + Math.min(...horizons) <= lastTarget; t += stride) {
    const data = prepareAnchor(core, weeks, t);
    const { src, dst } = data.pairs;
    const n = data.win.n;
    const X = heuristicDesign(data.win, data.maps, src, dst, core.norm);
    const present = new Uint8Array(src.length);
    for (let i = 0; i < src.length; i++) present[i] = X[i * D + 1] > 0 ? 1 : 0;
    const trend = tvlTrend(data.win);
    const nowStats = weekStats(weeks[t]);
    const labels: Uint8Array[] = [];
    const valid: boolean[] = [];
    horizons.forEach((h, hi) => {
      const ok = t + h <= lastTarget;
      valid.push(ok);
      const y = new Uint8Array(src.length);
      if (ok) {
        const future = edgeMapIn(weeks[t], weeks[t + h]);
        for (let i = 0; i < src.length; i++) y[i] = future.has(src[i] * n + dst[i]) ? 1 : 0;
        const fs = weekStats(weeks[t + h]);
        for (let i = 0; i < n; i++) {
          if (weeks[t].kinds[i] !== 'protocol') continue;
          const j = fs.index.get(weeks[t].ids[i]);
          if (j === undefined) continue;
          tvl[hi].trend.push(trend[i]);
          tvl[hi].truth.push(fs.logTvl[j] - nowStats.logTvl[i]);
        }
      }
      labels.push(y);
    });
    rows.push({ X, present, labels, valid });
  }
  const spec: HeuristicSpec = { features: [...HEURISTIC_FEATURES], horizons: {}, fitted_on: label };
  horizons.forEach((h, hi) => {
    const fit = (wantPresent: number, positive: (y: number) => number) => {
      let count = 0;
      for (const r of rows)
        if (r.valid[hi]) for (let i = 0; i < r.present.length; i++) if (r.present[i] === wantPresent) count++;
      const X = new Float32Array(count * D);
      const y = new Uint8Array(count);
      let k = 0;
      for (const r of rows) {
        if (!r.valid[hi]) continue;
        for (let i = 0; i < r.present.length; i++) {
          if (r.present[i] !== wantPresent) continue;
          X.set(r.X.subarray(i * D, i * D + D), k * D);
          y[k++] = positive(r.labels[hi][i]);
        }
      }
      return fitLogistic(X, y, D);
    };
    let sxy = 0;
    let sxx = 0;
    const { trend, truth } = tvl[hi];
    for (let i = 0; i < trend.length; i++) {
      sxy += trend[i] * truth[i];
      sxx += trend[i] * trend[i];
    }
    spec.horizons[String(h)] = {
      new: fit(0, (y) => y),
      vanish: fit(1, (y) => 1 - y),
      tvl_beta: sxx > 0 ? sxy / sxx : 0,
    };
  });
  return spec;
}
