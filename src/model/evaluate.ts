// Walk-forward evaluation of the forecaster against the persistence baseline
// (Â_{t+h} = A_t, Ŵ_{t+h} = W_t, TVL_{t+h} = TVL_t), plus forecast-then-measure stress.
import { SCENARIO_NAMES } from '../core/scenarios';
import type { Snapshot } from '../core/types';
import { edgeMapIn, weekStats, type EdgeMap } from './features';
import { candidateRecall } from './candidates';
import {
  buildForecastSnapshot,
  forecastTvl,
  predictAnchor,
  prepareAnchor,
  type Horizon,
  type ModelCore,
} from './forecast';
import { expectedCalibrationError } from './calibration';
import { snapshotFromSelection, stressBand } from './forecastGraph';
import { heuristicDesign, heuristicProbabilities, tvlTrend, type HeuristicSpec } from './heuristic';
import { selectPairs, SELECTION_RULES } from './selection';
import { checkDomain } from './domain';
import { TopExposureAccumulator } from './precisionAtK';
import { mulberry32, subSeed } from './rng';
import {
  addCounts,
  auprc,
  auroc,
  ErrorAccumulator,
  graphErrorCounts,
  lossPct,
  mean,
  stressMetrics,
  Subset,
  subsetAuprc,
  subsetCalibration,
  zeroCounts,
} from './evaluateMetrics';
import type { EvaluateOptions, EvaluationReport, GraphErrorCounts, StressCase } from './evaluateTypes';

export * from './evaluateTypes';
export {
  auprc,
  auroc,
  graphErrorCounts,
  lossPct,
  newEdgeMeanLogWeight,
  subsetMetrics,
  STRESS_PERIMETER,
  STRESS_RULE,
  STRESS_THRESHOLD,
} from './evaluateMetrics';

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

/**
 * The heuristic's forecast graph for the stress test: its selected pairs, current edges at today's
 * weight and new ones at the training mean of new-edge weights, TVLs moved by its trend.
 */
function heuristicGraph(
  anchorWeek: Snapshot,
  data: ReturnType<typeof prepareAnchor>,
  probs: Float32Array,
  H: number,
  hi: number,
  heur: HeuristicSpec,
  h: number,
  trend: Float64Array,
  newMean: number,
  opts: EvaluateOptions,
): Snapshot {
  const P = data.pairs.src.length;
  const n = anchorWeek.n;
  const now = data.maps[data.win.window - 1]!;
  const probability = new Float32Array(P);
  const logWeight = new Float32Array(P);
  for (let i = 0; i < P; i++) {
    probability[i] = probs[i * H + hi];
    const w = now.get(data.pairs.src[i] * n + data.pairs.dst[i]);
    logWeight[i] = w !== undefined ? Math.log1p(w) : newMean;
  }
  const keep = selectPairs(probability, opts.heuristicRules?.[String(h)] ?? 'expected-count');
  const beta = heur.horizons[String(h)].tvl_beta;
  const tvl = Float64Array.from(anchorWeek.tvl, (v, i) =>
    Math.max(0, Math.expm1(Math.log1p(Math.max(0, v)) + beta * trend[i])),
  );
  return snapshotFromSelection(
    anchorWeek,
    { src: data.pairs.src, dst: data.pairs.dst, probability, logWeight },
    keep,
    tvl,
    { horizon: h, date: anchorWeek.date, notes: 'heuristic baseline' },
  );
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
      newSub: Subset;
      vanSub: Subset;
      newW: { model: ErrorAccumulator; pers: ErrorAccumulator; mean: ErrorAccumulator };
      graph: {
        model: GraphErrorCounts;
        p50: GraphErrorCounts;
        persistence: GraphErrorCounts;
        smoothed: GraphErrorCounts;
        anchors: number;
      };
      graphEdges: number[];
      graphRealized: number[];
      calP: number[];
      calRaw: number[];
      calY: number[];
      expected: number[];
      realizedCand: number[];
      recall: { covered: number; realized: number; candidates: number[] };
      heur: number[];
      hNode: ErrorAccumulator;
      hProt: ErrorAccumulator;
      hGraph: GraphErrorCounts;
      byRule: Record<string, { model: number; heuristic: number }>;
      calPresent: number[];
      top: TopExposureAccumulator;
    }
  >();
  const prepareMs: number[] = [];
  let domainHeld = 0;
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
      newSub: new Subset(),
      vanSub: new Subset(),
      newW: { model: new ErrorAccumulator(), pers: new ErrorAccumulator(), mean: new ErrorAccumulator() },
      graph: { model: zeroCounts(), p50: zeroCounts(), persistence: zeroCounts(), smoothed: zeroCounts(), anchors: 0 },
      graphEdges: [],
      graphRealized: [],
      calP: [],
      calRaw: [],
      calY: [],
      expected: [],
      realizedCand: [],
      recall: { covered: 0, realized: 0, candidates: [] },
      heur: [],
      hNode: new ErrorAccumulator(),
      hProt: new ErrorAccumulator(),
      hGraph: zeroCounts(),
      byRule: Object.fromEntries(SELECTION_RULES.map((r) => [r, { model: 0, heuristic: 0 }])),
      calPresent: [],
      top: new TopExposureAccumulator(),
    });
  }
  const detailed = opts.detailed ?? false;
  const newMean = opts.newEdgeMeanLogWeight ?? 0;
  for (const t of opts.anchors) {
    const valid = opts.horizons.filter((h) => t + h <= opts.lastTarget && t + h < weeks.length);
    if (valid.length === 0) continue;
    const anchorWeek = weeks[t];
    const n = anchorWeek.n;
    const prepStart = performance.now();
    const data = prepareAnchor(core, weeks, t);
    prepareMs.push(performance.now() - prepStart);
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
    // The heuristic baseline on the evaluated pairs and on the forecast's structural candidates.
    const heur = opts.heuristic;
    const heurEval = heur
      ? heuristicProbabilities(
          heur,
          H,
          heuristicDesign(data.win, data.maps, evalPairs.src, evalPairs.dst, core.norm),
          evalPairs.src.length,
        )
      : null;
    // On the forecast's pairs: data.pairs are their prefix (its graph), the rest feed the ranked lists.
    const heurCand = heur
      ? heuristicProbabilities(
          heur,
          H,
          heuristicDesign(data.win, data.maps, pred.src, pred.dst, core.norm),
          pred.src.length,
        )
      : null;
    const trend = heur ? tvlTrend(data.win) : null;
    const domain = opts.applyDomain
      ? checkDomain(weeks.slice(0, t + 1), core.config.window, core.norm, core.domain)
      : undefined;
    const held = domain ? !domain.inDomain : false;
    if (held) domainHeld++;
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
        if (heurEval) acc.heur.push(heurEval[i * H.length + hi]);
        if (wFuture !== undefined) {
          const truth = Math.log1p(wFuture);
          acc.wModel.add(pred.extraLogWeight[i * H.length + hi] - truth);
          acc.wPers.add(Math.log1p(wNow ?? 0) - truth);
        }
      }
      if (detailed) {
        const T = data.win.window;
        const presence = (key: number) => {
          let c = 0;
          for (let k = 0; k < T; k++) if (data.maps[k]?.has(key)) c++;
          return c / T;
        };
        const fcProb = new Float32Array(pred.src.length);
        for (let i = 0; i < pred.src.length; i++) fcProb[i] = pred.probability[i * H.length + hi];
        const rule = core.selection?.[hi] ?? 'expected-count';
        const keep = selectPairs(fcProb, rule);
        const graph = new Set<number>();
        for (const i of keep) graph.add(pred.src[i] * n + pred.dst[i]);
        // The heuristic's graph: its own probabilities over the structural candidates, its own rule.
        const hProb = new Float32Array(data.pairs.src.length);
        if (heurCand) for (let i = 0; i < hProb.length; i++) hProb[i] = heurCand[i * H.length + hi];
        const hKeep = heurCand ? selectPairs(hProb, opts.heuristicRules?.[String(h)] ?? 'expected-count') : null;
        const hGraph = new Set<number>();
        if (hKeep) for (const i of hKeep) hGraph.add(data.pairs.src[i] * n + data.pairs.dst[i]);
        for (const r of SELECTION_RULES) {
          const mk = new Set<number>();
          for (const i of selectPairs(fcProb, r)) mk.add(pred.src[i] * n + pred.dst[i]);
          acc.byRule[r].model += graphErrorCounts(mk, future).total;
          if (heurCand) {
            const hk = new Set<number>();
            for (const i of selectPairs(hProb, r)) hk.add(data.pairs.src[i] * n + data.pairs.dst[i]);
            acc.byRule[r].heuristic += graphErrorCounts(hk, future).total;
          }
        }
        const candKeys = new Set<number>();
        for (let i = 0; i < pred.src.length; i++) candKeys.add(pred.src[i] * n + pred.dst[i]);
        const r = candidateRecall(candKeys, now, future);
        acc.recall.covered += r.covered;
        acc.recall.realized += r.realized;
        acc.recall.candidates.push(pred.src.length);
        // Subsets of the evaluated pairs: absent now (can appear) and present now (can vanish).
        for (let i = 0; i < evalPairs.src.length; i++) {
          const key = evalPairs.src[i] * n + evalPairs.dst[i];
          const p = pred.extraProbability[i * H.length + hi];
          const pres = presence(key);
          const inFuture = future.has(key);
          if (now.has(key)) {
            const v = acc.vanSub;
            v.labels.push(inFuture ? 0 : 1);
            v.model.push(1 - p);
            v.persistence.push(0);
            v.smoothed.push(1 - pres);
            v.dModel.push(graph.has(key) ? 0 : 1);
            v.dPers.push(0);
            v.dSmooth.push(pres < 0.5 ? 1 : 0);
            if (heurEval) {
              v.heuristic.push(1 - heurEval[i * H.length + hi]);
              v.dHeur.push(hGraph.has(key) ? 0 : 1);
            }
          } else {
            const v = acc.newSub;
            v.labels.push(inFuture ? 1 : 0);
            v.model.push(p);
            v.persistence.push(0);
            v.smoothed.push(pres);
            v.dModel.push(graph.has(key) ? 1 : 0);
            v.dPers.push(0);
            v.dSmooth.push(pres >= 0.5 ? 1 : 0);
            if (heurEval) {
              v.heuristic.push(heurEval[i * H.length + hi]);
              v.dHeur.push(hGraph.has(key) ? 1 : 0);
            }
            if (inFuture) {
              const truth = Math.log1p(future.get(key)!);
              acc.newW.model.add(pred.extraLogWeight[i * H.length + hi] - truth);
              acc.newW.pers.add(0 - truth);
              acc.newW.mean.add(newMean - truth);
            }
          }
        }
        // Whole-graph errors: forecast graph, persistence (A_t) and smoothed persistence (presence ≥ 0.5).
        const smoothGraph = new Set<number>();
        for (let k = 0; k < T; k++) {
          const m = data.maps[k];
          if (m) for (const key of m.keys()) if (!smoothGraph.has(key) && presence(key) >= 0.5) smoothGraph.add(key);
        }
        addCounts(acc.graph.model, graphErrorCounts(graph, future));
        const half = new Set<number>();
        for (let i = 0; i < pred.src.length; i++) if (fcProb[i] >= 0.5) half.add(pred.src[i] * n + pred.dst[i]);
        addCounts(acc.graph.p50, graphErrorCounts(half, future));
        addCounts(acc.graph.persistence, graphErrorCounts(new Set(now.keys()), future));
        addCounts(acc.graph.smoothed, graphErrorCounts(smoothGraph, future));
        if (heurCand) addCounts(acc.hGraph, graphErrorCounts(hGraph, future));
        acc.graph.anchors++;
        acc.graphEdges.push(graph.size);
        acc.graphRealized.push(future.size);
        // Calibration on the forecast candidates (the pairs the forecast graph is drawn from).
        let expected = 0;
        let realizedCand = 0;
        for (let i = 0; i < pred.src.length; i++) {
          const y = future.has(pred.src[i] * n + pred.dst[i]) ? 1 : 0;
          const raw = 1 / (1 + Math.exp(-pred.rawLogit[i * H.length + hi]));
          acc.calP.push(fcProb[i]);
          acc.calRaw.push(raw);
          acc.calY.push(y);
          acc.calPresent.push(i < data.pairs.currentCount ? 1 : 0);
          expected += fcProb[i];
          realizedCand += y;
        }
        acc.expected.push(expected);
        acc.realizedCand.push(realizedCand);
        const layout = { stride: H.length, column: hi, scale: core.weightScale?.[hi] ?? 1, kinds: anchorWeek.kinds };
        acc.top.add({ ...pred, ...layout, heuristic: heurCand ?? undefined, maps: data.maps, future, n });
      }
      const futureWeek = weeks[t + h];
      const futureStats = weekStats(futureWeek);
      for (let i = 0; i < n; i++) {
        const j = futureStats.index.get(anchorWeek.ids[i]);
        if (j === undefined) continue;
        const truth = futureStats.logTvl[j] - nowStats.logTvl[i];
        const mDelta = held ? 0 : pred.nodeDelta[i * H.length + hi];
        acc.nModel.add(mDelta - truth);
        acc.nPers.add(0 - truth);
        const hDelta = trend && heur ? heur.horizons[String(h)].tvl_beta * trend[i] : 0;
        if (trend) acc.hNode.add(hDelta - truth);
        if (anchorWeek.kinds[i] === 'protocol') {
          acc.pModel.add(mDelta - truth);
          acc.pPers.add(0 - truth);
          if (trend) acc.hProt.add(hDelta - truth);
        }
      }
      if (opts.stress) {
        const fc = buildForecastSnapshot(core, anchorWeek, pred, h, domain);
        const forecastGraph = fc.snapshot;
        acc.predicted.push(forecastGraph.edges.m);
        acc.realized.push(futureWeek.edges.m);
        const K = opts.stressSamples ?? 0;
        const tvl = K > 0 ? (held ? fc.snapshot.tvl : forecastTvl(anchorWeek, pred, H.length, hi)) : null;
        const heurGraph =
          heurCand && heur && trend
            ? heuristicGraph(anchorWeek, data, heurCand, H.length, hi, heur, h, trend, newMean, opts)
            : null;
        for (const scenario of SCENARIO_NAMES) {
          const realized = lossPct(futureWeek, scenario);
          const model = lossPct(forecastGraph, scenario);
          const persistence = lossPct(anchorWeek, scenario);
          const heuristic = heurGraph ? lossPct(heurGraph, scenario) : null;
          if (realized === null || model === null || persistence === null) continue;
          const band =
            K > 0 && tvl
              ? stressBand(
                  anchorWeek,
                  fc.candidates,
                  tvl,
                  { horizon: h, date: forecastGraph.date, notes: '' },
                  (g) => lossPct(g, scenario),
                  {
                    samples: K,
                    seed: subSeed(opts.seed, 7, t, h),
                    tvlSd: fc.tvlSd,
                    select: (p) => selectPairs(p, fc.selection),
                  },
                )
              : null;
          acc.stress.push({
            anchor: anchorWeek.date,
            scenario,
            realized,
            model,
            persistence,
            ...(heuristic !== null ? { heuristic } : {}),
            ...(band ? { band: { median: band.median, p10: band.p10, p90: band.p90 } } : {}),
          });
        }
      }
    });
    opts.onProgress?.(`evaluated anchor ${anchorWeek.date} (${valid.length} horizons)`);
  }
  const report: EvaluationReport = { horizons: {}, ...(opts.applyDomain ? { anchors_out_of_domain: domainHeld } : {}) };
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
      ...(opts.heuristic
        ? {
            heuristic: {
              auroc: auroc(acc.labels, acc.heur),
              auprc: auprc(acc.labels, acc.heur),
              node_mae: w(acc.hNode).mae,
              node_rmse: w(acc.hNode).rmse,
              node_mae_protocols: w(acc.hProt).mae,
              node_rmse_protocols: w(acc.hProt).rmse,
            },
          }
        : {}),
      ...(opts.stress && acc.stress.length ? { stress: stressMetrics(acc.stress, opts.bandWiden?.[String(h)]) } : {}),
      ...(opts.keepStressCases ? { stress_cases: acc.stress } : {}),
      subset_auprc: subsetAuprc(acc.labels, acc.model, acc.persistence),
      pairs: acc.labels.length,
      positives: acc.labels.reduce((a, b) => a + b, 0),
      anchors: acc.anchors,
      edges_predicted_mean: mean(acc.predicted),
      edges_realized_mean: mean(acc.realized),
      ...(detailed
        ? {
            new_edges: {
              ...acc.newSub.metrics(),
              weight_mae: {
                count: acc.newW.model.count,
                model: w(acc.newW.model).mae,
                persistence: w(acc.newW.pers).mae,
                training_mean: w(acc.newW.mean).mae,
              },
            },
            vanished_edges: acc.vanSub.metrics(),
            graph_errors: {
              anchors: acc.graph.anchors,
              model: acc.graph.model,
              model_p50: acc.graph.p50,
              persistence: acc.graph.persistence,
              smoothed_persistence: acc.graph.smoothed,
              rule: core.selection?.[H.indexOf(h as Horizon)] ?? 'expected-count',
              ...(opts.heuristic
                ? { heuristic: acc.hGraph, heuristic_rule: opts.heuristicRules?.[String(h)] ?? 'expected-count' }
                : {}),
              by_rule: acc.byRule,
              model_edges_mean: mean(acc.graphEdges),
              realized_edges_mean: mean(acc.graphRealized),
            },
            calibration: (() => {
              const before = expectedCalibrationError(acc.calRaw, acc.calY, 15);
              const after = expectedCalibrationError(acc.calP, acc.calY, 15);
              return {
                pairs: acc.calY.length,
                ece_before: before.ece,
                ece_after: after.ece,
                expected_edges_mean: mean(acc.expected),
                realized_candidate_edges_mean: mean(acc.realizedCand),
                reliability: after.bins,
                absent: subsetCalibration(acc.calP, acc.calY, acc.calPresent, 0),
                present: subsetCalibration(acc.calP, acc.calY, acc.calPresent, 1),
              };
            })(),
            candidate_recall: {
              recall: acc.recall.realized ? acc.recall.covered / acc.recall.realized : NaN,
              covered: acc.recall.covered,
              realized: acc.recall.realized,
              candidates_per_anchor: mean(acc.recall.candidates),
              prepare_ms_per_anchor: mean(prepareMs),
            },
            top_exposures: acc.top.report(),
          }
        : {}),
    };
  }
  return report;
}

export { evaluationGoals, EVAL_STRESS_SAMPLES, type Goal } from './evaluateGoals';
