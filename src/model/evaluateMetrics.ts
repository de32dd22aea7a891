// Metrics of the evaluation (pure): ranking areas, error accumulators, subset and graph-error
// counts, stress-case summaries with band coverage, and calibration by subset.
import { runContagion } from '../core/contagion';
import { applyPerimeter } from '../core/perimeter';
import { scenarioSeeds, SCENARIO_NAMES, type ScenarioName } from '../core/scenarios';
import type { Snapshot } from '../core/types';
import { edgeMapIn, type EdgeMap } from './features';
import { bandCoverage, equalCountReliability, worstBinRatio } from './bands';
import type {
  ErrorStats,
  GraphErrorCounts,
  StressCase,
  StressMetrics,
  SubsetMethod,
  SubsetMetrics,
} from './evaluateTypes';

/** Area under the ROC curve; tied scores count one half (Mann–Whitney with average ranks). */
export function auroc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = [...Array(n).keys()].sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] > 0) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Average precision (area under the precision–recall curve, step-wise as scikit-learn's
 * average_precision_score): Σ over distinct thresholds of precision × Δrecall, tied scores
 * entering together. A 0/1 score like persistence therefore gets exactly two steps.
 */
export function auprc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = [...Array(n).keys()].sort((a, b) => scores[b] - scores[a]);
  let totalPos = 0;
  for (let i = 0; i < n; i++) if (labels[i] > 0) totalPos++;
  if (totalPos === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    let groupTp = 0;
    while (j < n && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] > 0) groupTp++;
      j++;
    }
    tp += groupTp;
    fp += j - i - groupTp;
    ap += (tp / (tp + fp)) * (groupTp / totalPos);
    i = j;
  }
  return ap;
}

export class ErrorAccumulator {
  private abs = 0;
  private sq = 0;
  count = 0;
  add(error: number): void {
    this.abs += Math.abs(error);
    this.sq += error * error;
    this.count++;
  }
  stats(): ErrorStats {
    return {
      mae: this.count ? this.abs / this.count : NaN,
      rmse: this.count ? Math.sqrt(this.sq / this.count) : NaN,
      count: this.count,
    };
  }
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

export function stressMetrics(cases: StressCase[], widen?: Record<string, number>): StressMetrics {
  const err = (c: StressCase, k: 'model' | 'persistence') => Math.abs(c[k] - c.realized);
  const modelMae = mean(cases.map((c) => err(c, 'model')));
  const persMae = mean(cases.map((c) => err(c, 'persistence')));
  const worstCount = Math.max(1, Math.ceil(cases.length * 0.2));
  const worst = [...cases].sort((a, b) => err(b, 'persistence') - err(a, 'persistence')).slice(0, worstCount);
  const wm = mean(worst.map((c) => err(c, 'model')));
  const wp = mean(worst.map((c) => err(c, 'persistence')));
  const banded = cases.filter((c) => c.band && Number.isFinite(c.band.median));
  return {
    rule: STRESS_RULE,
    perimeter: STRESS_PERIMETER,
    threshold: STRESS_THRESHOLD,
    cases: cases.length,
    model_mae: modelMae,
    persistence_mae: persMae,
    delta_mae: persMae - modelMae,
    worst20: { cases: worst.length, model_mae: wm, persistence_mae: wp, delta_mae: wp - wm },
    ...(cases.some((c) => c.heuristic !== undefined)
      ? {
          heuristic_mae: mean(
            cases.filter((c) => c.heuristic !== undefined).map((c) => Math.abs(c.heuristic! - c.realized)),
          ),
        }
      : {}),
    ...(banded.length ? { band_by_scenario: bandByScenario(banded, widen) } : {}),
    mean_loss_pct: {
      realized: mean(cases.map((c) => c.realized)),
      model: mean(cases.map((c) => c.model)),
      persistence: mean(cases.map((c) => c.persistence)),
    },
    ...(banded.length
      ? {
          band: {
            samples: banded.length,
            median_mae: mean(banded.map((c) => Math.abs(c.band!.median - c.realized))),
            coverage_10_90: mean(banded.map((c) => (c.realized >= c.band!.p10 && c.realized <= c.band!.p90 ? 1 : 0))),
            width_mean: mean(banded.map((c) => c.band!.p90 - c.band!.p10)),
          },
        }
      : {}),
  };
}

function bandByScenario(
  banded: StressCase[],
  widen: Record<string, number> | undefined,
): NonNullable<StressMetrics['band_by_scenario']> {
  const out: NonNullable<StressMetrics['band_by_scenario']> = {};
  for (const scenario of SCENARIO_NAMES) {
    const cs = banded
      .filter((c) => c.scenario === scenario)
      .map((c) => ({ realized: c.realized, p10: c.band!.p10, p90: c.band!.p90 }));
    if (cs.length === 0) continue;
    const w = widen?.[scenario] ?? 0;
    const cal = bandCoverage(cs, w);
    out[scenario] = {
      cases: cs.length,
      raw: bandCoverage(cs, 0).coverage,
      calibrated: cal.coverage,
      hits: cal.hits,
      widen: w,
      width_mean: mean(cs.map((c) => Math.max(0, c.p90 + w) - Math.max(0, c.p10 - w))),
    };
  }
  return out;
}

/** AUPRC of the model on pairs absent now (label: appears) and present now (label: vanishes, score 1 − p). */
export function subsetAuprc(labels: number[], model: number[], present: number[]): { new: number; vanish: number } {
  const nl: number[] = [];
  const np: number[] = [];
  const vl: number[] = [];
  const vp: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (present[i] > 0) {
      vl.push(labels[i] > 0 ? 0 : 1);
      vp.push(1 - model[i]);
    } else {
      nl.push(labels[i]);
      np.push(model[i]);
    }
  }
  return { new: auprc(nl, np), vanish: auprc(vl, vp) };
}

export function subsetCalibration(p: number[], y: number[], present: number[], want: number) {
  const ps: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < p.length; i++) {
    if (present[i] !== want) continue;
    ps.push(p[i]);
    ys.push(y[i]);
  }
  const r = equalCountReliability(ps, ys, 10);
  return { pairs: ps.length, ece: r.ece, bins: r.bins, worst_ratio: worstBinRatio(r.bins) };
}

/** The project's defaults: bounded rule, DeFi perimeter (CEX excluded), τ = 0.1. */
export const STRESS_RULE = 'bounded';
export const STRESS_PERIMETER = 'defi';
export const STRESS_THRESHOLD = 0.1;

/** System loss (% of the perimeter's protocol TVL) of a preset scenario, null when it has no seed. */
export function lossPct(snapshot: Snapshot, scenario: ScenarioName): number | null {
  const view = applyPerimeter(snapshot, STRESS_PERIMETER);
  let seeds;
  try {
    seeds = scenarioSeeds(view, scenario);
  } catch {
    return null; // e.g. no bridge protocol in this graph
  }
  return runContagion(view, seeds, { rule: STRESS_RULE, threshold: STRESS_THRESHOLD, recordRounds: false })
    .totalLossPct;
}

/** Subset metrics from scores and 0/1 operating decisions of each method. */
export function subsetMetrics(
  labels: ArrayLike<number>,
  scores: {
    model: ArrayLike<number>;
    persistence: ArrayLike<number>;
    smoothed: ArrayLike<number>;
    heuristic?: ArrayLike<number>;
  },
  decisions: {
    model: ArrayLike<number>;
    persistence: ArrayLike<number>;
    smoothed: ArrayLike<number>;
    heuristic?: ArrayLike<number>;
  },
): SubsetMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) positives++;
  const method = (score: ArrayLike<number>, decision: ArrayLike<number>): SubsetMethod => {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < labels.length; i++) {
      if (!(decision[i] > 0)) continue;
      if (labels[i] > 0) tp++;
      else fp++;
    }
    return {
      auprc: auprc(labels, score),
      precision: tp + fp ? tp / (tp + fp) : NaN,
      recall: positives ? tp / positives : NaN,
    };
  };
  return {
    count: labels.length,
    positives,
    base_rate: labels.length ? positives / labels.length : NaN,
    model: method(scores.model, decisions.model),
    persistence: method(scores.persistence, decisions.persistence),
    smoothed_persistence: method(scores.smoothed, decisions.smoothed),
    ...(scores.heuristic && decisions.heuristic && scores.heuristic.length === labels.length
      ? { heuristic: method(scores.heuristic, decisions.heuristic) }
      : {}),
  };
}

/** Errors of a predicted edge set against the realized one. */
export function graphErrorCounts(predicted: Set<number>, realized: EdgeMap | Set<number>): GraphErrorCounts {
  let missed = 0;
  let spurious = 0;
  for (const key of realized.keys()) if (!predicted.has(key)) missed++;
  for (const key of predicted) if (!realized.has(key)) spurious++;
  return { missed, spurious, total: missed + spurious };
}

/** Mean log(1+w) of the edges that appear from one week to the next, over weeks[0..lastWeek]. */
export function newEdgeMeanLogWeight(weeks: Snapshot[], lastWeek: number): number {
  let sum = 0;
  let count = 0;
  for (let w = 1; w <= lastWeek && w < weeks.length; w++) {
    const before = edgeMapIn(weeks[w], weeks[w - 1]);
    const after = edgeMapIn(weeks[w], weeks[w]);
    for (const [key, usd] of after) {
      if (before.has(key)) continue;
      sum += Math.log1p(usd);
      count++;
    }
  }
  return count ? sum / count : 0;
}

export class Subset {
  labels: number[] = [];
  model: number[] = [];
  persistence: number[] = [];
  smoothed: number[] = [];
  dModel: number[] = [];
  dPers: number[] = [];
  dSmooth: number[] = [];
  heuristic: number[] = [];
  dHeur: number[] = [];
  metrics(): SubsetMetrics {
    return subsetMetrics(
      this.labels,
      { model: this.model, persistence: this.persistence, smoothed: this.smoothed, heuristic: this.heuristic },
      { model: this.dModel, persistence: this.dPers, smoothed: this.dSmooth, heuristic: this.dHeur },
    );
  }
}

export const addCounts = (a: GraphErrorCounts, b: GraphErrorCounts) => {
  a.missed += b.missed;
  a.spurious += b.spurious;
  a.total += b.total;
};
export const zeroCounts = (): GraphErrorCounts => ({ missed: 0, spurious: 0, total: 0 });
