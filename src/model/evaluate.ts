// Walk-forward evaluation of the forecaster against the persistence baseline
// (Â_{t+h} = A_t, Ŵ_{t+h} = W_t, TVL_{t+h} = TVL_t), plus forecast-then-measure stress.
import { runContagion } from '../core/contagion';
import { scenarioSeeds, SCENARIO_NAMES, type ScenarioName } from '../core/scenarios';
import type { Snapshot } from '../core/types';
import { edgeMapIn, weekStats, type EdgeMap } from './features';
import { buildForecastSnapshot, predictAnchor, prepareAnchor, type Horizon, type ModelCore } from './forecast';
import { mulberry32, subSeed } from './rng';

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

export interface ErrorStats {
  mae: number;
  rmse: number;
  count: number;
}

class ErrorAccumulator {
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

export interface MethodMetrics {
  auroc: number;
  auprc: number;
  weight_mae: number;
  weight_rmse: number;
  node_mae: number;
  node_rmse: number;
  /** Node errors over protocol nodes only (token nodes' "TVL" is the USD of them held, a much noisier series). */
  node_mae_protocols: number;
  node_rmse_protocols: number;
}

export interface StressCase {
  anchor: string;
  scenario: ScenarioName;
  realized: number;
  model: number;
  persistence: number;
}

export interface StressMetrics {
  cases: number;
  model_mae: number;
  persistence_mae: number;
  /** MAE(persistence) − MAE(model): positive when the model's graph gives the closer system loss. */
  delta_mae: number;
  worst20: { cases: number; model_mae: number; persistence_mae: number; delta_mae: number };
  mean_loss_pct: { realized: number; model: number; persistence: number };
}

export interface HorizonReport {
  model: MethodMetrics;
  persistence: MethodMetrics;
  stress?: StressMetrics;
  pairs: number;
  positives: number;
  anchors: number;
  edges_predicted_mean: number;
  edges_realized_mean: number;
}

export interface EvaluationReport {
  horizons: Record<string, HorizonReport>;
}

export interface EvaluateOptions {
  /** Anchor weeks (indices into weeks) to evaluate, e.g. the test anchors. */
  anchors: number[];
  /** Target weeks must satisfy t + h ≤ lastTarget (no look-ahead past the evaluated period). */
  lastTarget: number;
  horizons: Horizon[];
  /** Forecast-then-measure stress (three scenarios per anchor and horizon). */
  stress: boolean;
  seed: number;
  /** Random negative pairs per realized edge added to the evaluated pair set. */
  randomNegativesPerPositive?: number;
  onProgress?: (message: string) => void;
}

/** Pairs evaluated at an anchor: current edges, structural candidates, realized future edges, random pairs. */
function evaluationPairs(
  n: number,
  kinds: Snapshot['kinds'],
  base: { src: Int32Array; dst: Int32Array },
  futures: EdgeMap[],
  randomCount: number,
  seed: number,
): { src: Int32Array; dst: Int32Array } {
  const keys = new Set<number>();
  const src: number[] = [];
  const dst: number[] = [];
  const add = (p: number, q: number) => {
    const key = p * n + q;
    if (p === q || keys.has(key)) return;
    keys.add(key);
    src.push(p);
    dst.push(q);
  };
  for (let i = 0; i < base.src.length; i++) add(base.src[i], base.dst[i]);
  for (const f of futures) for (const key of f.keys()) add(Math.floor(key / n), key % n);
  const holders = [...Array(n).keys()].filter((i) => kinds[i] === 'protocol');
  const random = mulberry32(seed);
  let added = 0;
  for (let tries = 0; added < randomCount && tries < randomCount * 20 && holders.length > 0 && n > 1; tries++) {
    const p = holders[Math.floor(random() * holders.length)];
    const q = Math.floor(random() * n);
    const before = keys.size;
    add(p, q);
    if (keys.size > before) added++;
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function stressMetrics(cases: StressCase[]): StressMetrics {
  const err = (c: StressCase, k: 'model' | 'persistence') => Math.abs(c[k] - c.realized);
  const modelMae = mean(cases.map((c) => err(c, 'model')));
  const persMae = mean(cases.map((c) => err(c, 'persistence')));
  const worstCount = Math.max(1, Math.ceil(cases.length * 0.2));
  const worst = [...cases].sort((a, b) => err(b, 'persistence') - err(a, 'persistence')).slice(0, worstCount);
  const wm = mean(worst.map((c) => err(c, 'model')));
  const wp = mean(worst.map((c) => err(c, 'persistence')));
  return {
    cases: cases.length,
    model_mae: modelMae,
    persistence_mae: persMae,
    delta_mae: persMae - modelMae,
    worst20: { cases: worst.length, model_mae: wm, persistence_mae: wp, delta_mae: wp - wm },
    mean_loss_pct: {
      realized: mean(cases.map((c) => c.realized)),
      model: mean(cases.map((c) => c.model)),
      persistence: mean(cases.map((c) => c.persistence)),
    },
  };
}

function lossPct(snapshot: Snapshot, scenario: ScenarioName): number | null {
  let seeds;
  try {
    seeds = scenarioSeeds(snapshot, scenario);
  } catch {
    return null; // e.g. no bridge protocol in this graph
  }
  return runContagion(snapshot, seeds, { rule: 'paper', recordRounds: false }).totalLossPct;
}

/** Evaluate model and persistence on the given anchors; pools all pairs of a horizon across anchors. */
export async function evaluateForecaster(
  core: ModelCore,
  weeks: Snapshot[],
  opts: EvaluateOptions,
): Promise<EvaluationReport> {
  const H = core.config.horizons;
  const perH = new Map<
    number,
    {
      labels: number[];
      model: number[];
      persistence: number[];
      wModel: ErrorAccumulator;
      wPers: ErrorAccumulator;
      nModel: ErrorAccumulator;
      nPers: ErrorAccumulator;
      pModel: ErrorAccumulator;
      pPers: ErrorAccumulator;
      stress: StressCase[];
      anchors: number;
      predicted: number[];
      realized: number[];
    }
  >();
  for (const h of opts.horizons) {
    perH.set(h, {
      labels: [],
      model: [],
      persistence: [],
      wModel: new ErrorAccumulator(),
      wPers: new ErrorAccumulator(),
      nModel: new ErrorAccumulator(),
      nPers: new ErrorAccumulator(),
      pModel: new ErrorAccumulator(),
      pPers: new ErrorAccumulator(),
      stress: [],
      anchors: 0,
      predicted: [],
      realized: [],
    });
  }
  for (const t of opts.anchors) {
    const valid = opts.horizons.filter((h) => t + h <= opts.lastTarget && t + h < weeks.length);
    if (valid.length === 0) continue;
    const anchorWeek = weeks[t];
    const n = anchorWeek.n;
    const data = prepareAnchor(core, weeks, t);
    const futures = valid.map((h) => edgeMapIn(anchorWeek, weeks[t + h]));
    const maxFuture = Math.max(...futures.map((f) => f.size));
    const evalPairs = evaluationPairs(
      n,
      anchorWeek.kinds,
      data.pairs,
      futures,
      Math.round(maxFuture * (opts.randomNegativesPerPositive ?? 1)),
      subSeed(opts.seed, t),
    );
    const pred = await predictAnchor(core, weeks, t, evalPairs, data);
    const now = data.maps[data.win.window - 1]!;
    const nowStats = weekStats(anchorWeek);
    valid.forEach((h, vi) => {
      const acc = perH.get(h)!;
      const hi = H.indexOf(h);
      const future = futures[vi];
      acc.anchors++;
      for (let i = 0; i < evalPairs.src.length; i++) {
        const key = evalPairs.src[i] * n + evalPairs.dst[i];
        const wFuture = future.get(key);
        const wNow = now.get(key);
        acc.labels.push(wFuture !== undefined ? 1 : 0);
        acc.model.push(pred.extraProbability[i * H.length + hi]);
        acc.persistence.push(wNow !== undefined ? 1 : 0);
        if (wFuture !== undefined) {
          const truth = Math.log1p(wFuture);
          acc.wModel.add(pred.extraLogWeight[i * H.length + hi] - truth);
          acc.wPers.add(Math.log1p(wNow ?? 0) - truth);
        }
      }
      const futureWeek = weeks[t + h];
      const futureStats = weekStats(futureWeek);
      for (let i = 0; i < n; i++) {
        const j = futureStats.index.get(anchorWeek.ids[i]);
        if (j === undefined) continue;
        const truth = futureStats.logTvl[j] - nowStats.logTvl[i];
        acc.nModel.add(pred.nodeDelta[i * H.length + hi] - truth);
        acc.nPers.add(0 - truth);
        if (anchorWeek.kinds[i] === 'protocol') {
          acc.pModel.add(pred.nodeDelta[i * H.length + hi] - truth);
          acc.pPers.add(0 - truth);
        }
      }
      if (opts.stress) {
        const forecastGraph = buildForecastSnapshot(core, anchorWeek, pred, h).snapshot;
        acc.predicted.push(forecastGraph.edges.m);
        acc.realized.push(futureWeek.edges.m);
        for (const scenario of SCENARIO_NAMES) {
          const realized = lossPct(futureWeek, scenario);
          const model = lossPct(forecastGraph, scenario);
          const persistence = lossPct(anchorWeek, scenario);
          if (realized === null || model === null || persistence === null) continue;
          acc.stress.push({ anchor: anchorWeek.date, scenario, realized, model, persistence });
        }
      }
    });
    opts.onProgress?.(`evaluated anchor ${anchorWeek.date} (${valid.length} horizons)`);
  }
  const report: EvaluationReport = { horizons: {} };
  for (const h of opts.horizons) {
    const acc = perH.get(h)!;
    if (acc.anchors === 0) continue;
    const w = (a: ErrorAccumulator) => a.stats();
    report.horizons[String(h)] = {
      model: {
        auroc: auroc(acc.labels, acc.model),
        auprc: auprc(acc.labels, acc.model),
        weight_mae: w(acc.wModel).mae,
        weight_rmse: w(acc.wModel).rmse,
        node_mae: w(acc.nModel).mae,
        node_rmse: w(acc.nModel).rmse,
        node_mae_protocols: w(acc.pModel).mae,
        node_rmse_protocols: w(acc.pModel).rmse,
      },
      persistence: {
        auroc: auroc(acc.labels, acc.persistence),
        auprc: auprc(acc.labels, acc.persistence),
        weight_mae: w(acc.wPers).mae,
        weight_rmse: w(acc.wPers).rmse,
        node_mae: w(acc.nPers).mae,
        node_rmse: w(acc.nPers).rmse,
        node_mae_protocols: w(acc.pPers).mae,
        node_rmse_protocols: w(acc.pPers).rmse,
      },
      ...(opts.stress && acc.stress.length ? { stress: stressMetrics(acc.stress) } : {}),
      pairs: acc.labels.length,
      positives: acc.labels.reduce((a, b) => a + b, 0),
      anchors: acc.anchors,
      edges_predicted_mean: mean(acc.predicted),
      edges_realized_mean: mean(acc.realized),
    };
  }
  return report;
}
