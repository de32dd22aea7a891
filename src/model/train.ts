// Training of the forecaster (Node, tfjs cpu backend with the fast kernels of ./kernels).
//
// Loss (as in DeXposure-FM): 2.0 · weighted BCE on edge existence (negatives sampled 5:1,
// positives up-weighted) + 0.5 · Smooth L1 on the log-weight residual (positive edges only)
// + 20 · Smooth L1 on Δlog(1+TVL). Adam, learning rate 5e-4, global-norm clipping at 1.0,
// early stopping on validation AUPRC (patience 3). Walk-forward split: a training sample's
// targets are ≤ trainEnd, validation targets in (trainEnd, valEnd], test after valEnd.
import * as tf from '@tensorflow/tfjs-core';
import type { Snapshot } from '../core/types';
import { fitDomain } from './domain';
import { fitHeuristic } from './heuristic';
import { computeNorm, edgeMapIn, weekStats, FEATURE_NAMES, type FeatureNorm } from './features';
import { DEFAULT_CANDIDATES } from './candidates';
import {
  absentColumn,
  newLinkEvidence,
  NEW_LINK_EVIDENCE,
  pairFeatures,
  PAIR_FEATURE_COUNT,
  PAIR_FEATURE_NAMES,
} from './pairs';
import { predictAnchor, prepareAnchor, type AnchorData, type Horizon, type ModelCore } from './forecast';
import { applyIsotonic, fitIsotonic, fitLogistic, type IsotonicMap, type Platt } from './calibration';
import { equalCountReliability, worstBinRatio } from './bands';
import { fitNewLinkMix } from './newLinkMix';
import { evaluateForecaster } from './evaluate';
import {
  disposeGraphTensors,
  encode,
  graphTensors,
  initialValues,
  linkHead,
  nodeHead,
  parameterShapes,
  DEFAULT_CONFIG,
  type ModelConfig,
  type Params,
} from './network';
import { mulberry32, shuffle, subSeed } from './rng';
import { weightSpecs, type ModelManifest, type SplitInfo, MANIFEST_FORMAT, MANIFEST_VERSION } from './weights';

export interface TrainOptions {
  config: ModelConfig;
  seed: number;
  learningRate: number;
  maxEpochs: number;
  patience: number;
  /** Validation AUPRC within this of the best counts as a tie; the later epoch's weights are kept. */
  auprcTolerance: number;
  lambdaExist: number;
  lambdaWeight: number;
  lambdaNode: number;
  negativeRatio: number;
  positiveWeight: number;
  clipNorm: number;
  /** Pairs per training step at most (positives and negatives subsampled alike). */
  maxPairsPerStep: number;
  trainFraction: number;
  valFraction: number;
  nearestPerNode: number;
  shortlistSize: number;
  /**
   * Stop starting new epochs after this many minutes. Off by default (Infinity): a wall-clock stop
   * would make the weights depend on the machine's speed; the epoch cap bounds a normal run.
   */
  maxMinutes: number;
  log?: (message: string) => void;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  config: DEFAULT_CONFIG,
  seed: 20260206,
  learningRate: 5e-4,
  // A fixed epoch cap (not the time budget) ends a normal run, so a rerun gives the same bytes.
  maxEpochs: 4,
  patience: 3,
  auprcTolerance: 0.001,
  lambdaExist: 2.0,
  lambdaWeight: 0.5,
  lambdaNode: 20,
  negativeRatio: 5,
  positiveWeight: 2,
  clipNorm: 1.0,
  maxPairsPerStep: 12000,
  trainFraction: 0.7,
  valFraction: 0.15,
  nearestPerNode: 2,
  shortlistSize: 256,
  maxMinutes: Infinity,
};

/** The budget a normal run is expected to fit on 2 cores; exceeding it is logged, not enforced. */
export const EXPECTED_TRAIN_MINUTES = 15;

/** Week indices of the walk-forward split. */
export function splitWeeks(
  weekCount: number,
  trainFraction: number,
  valFraction: number,
): { trainEnd: number; valEnd: number; last: number } {
  const last = weekCount - 1;
  const trainEnd = Math.max(0, Math.floor(weekCount * trainFraction) - 1);
  const valEnd = Math.min(last, Math.max(trainEnd + 1, Math.floor(weekCount * (trainFraction + valFraction)) - 1));
  return { trainEnd, valEnd, last };
}

/** One anchor's training tensors (typed arrays; tensors are made inside each step). */
export interface TrainSample {
  anchor: number;
  data: AnchorData;
  src: Int32Array;
  dst: Int32Array;
  pairFeatures: Float32Array;
  /** P × H */
  labels: Float32Array;
  existWeight: Float32Array;
  residualTarget: Float32Array;
  residualMask: Float32Array;
  /** n × H */
  nodeTarget: Float32Array;
  nodeMask: Float32Array;
}

/**
 * Build the sample of anchor week t: current edges, structural candidates, the realized
 * edges at every valid horizon, and random negatives so that each horizon sees about
 * `negativeRatio` negatives per positive; then subsample to maxPairsPerStep.
 */
export function buildTrainSample(
  core: Pick<ModelCore, 'config' | 'norm' | 'candidates'>,
  weeks: Snapshot[],
  t: number,
  lastTarget: number,
  opts: TrainOptions,
  seed: number,
): TrainSample | null {
  const H = core.config.horizons;
  const valid = H.map((h) => t + h <= lastTarget && t + h < weeks.length);
  if (!valid.some(Boolean)) return null;
  const data = prepareAnchor(core, weeks, t);
  const anchorWeek = weeks[t];
  const n = anchorWeek.n;
  const futures = H.map((h, i) => (valid[i] ? edgeMapIn(anchorWeek, weeks[t + h]) : null));
  const keys = new Set<number>();
  const src: number[] = [];
  const dst: number[] = [];
  const add = (p: number, q: number) => {
    const key = p * n + q;
    if (p === q || keys.has(key)) return false;
    keys.add(key);
    src.push(p);
    dst.push(q);
    return true;
  };
  for (let i = 0; i < data.pairs.src.length; i++) add(data.pairs.src[i], data.pairs.dst[i]);
  for (const f of futures) if (f) for (const key of f.keys()) add(Math.floor(key / n), key % n);
  // Random negatives up to the ratio (measured on the horizon with the most positives).
  const maxPos = Math.max(...futures.map((f) => (f ? f.size : 0)));
  const minNeg = Math.min(...futures.map((f) => (f ? src.length - f.size : Infinity)));
  const want = Math.max(0, opts.negativeRatio * maxPos - minNeg);
  const random = mulberry32(seed);
  const holders = [...Array(n).keys()].filter((i) => anchorWeek.kinds[i] === 'protocol');
  for (let added = 0, tries = 0; added < want && tries < want * 20 && holders.length && n > 1; tries++) {
    if (add(holders[Math.floor(random() * holders.length)], Math.floor(random() * n))) added++;
  }
  // Subsample to the step budget (keeps every kind of pair in proportion).
  let order = [...src.keys()];
  if (order.length > opts.maxPairsPerStep)
    order = shuffle(order, random)
      .slice(0, opts.maxPairsPerStep)
      .sort((a, b) => a - b);
  const P = order.length;
  const S = Int32Array.from(order.map((i) => src[i]));
  const D = Int32Array.from(order.map((i) => dst[i]));
  const now = data.maps[data.win.window - 1]!;
  const Hn = H.length;
  const labels = new Float32Array(P * Hn);
  const existWeight = new Float32Array(P * Hn);
  const residualTarget = new Float32Array(P * Hn);
  const residualMask = new Float32Array(P * Hn);
  for (let i = 0; i < P; i++) {
    const key = S[i] * n + D[i];
    const lwNow = Math.log1p(now.get(key) ?? 0);
    for (let h = 0; h < Hn; h++) {
      const f = futures[h];
      if (!f) continue;
      const w = f.get(key);
      const o = i * Hn + h;
      if (w !== undefined) {
        labels[o] = 1;
        existWeight[o] = opts.positiveWeight;
        residualTarget[o] = Math.log1p(w) - lwNow;
        residualMask[o] = 1;
      } else {
        existWeight[o] = 1;
      }
    }
  }
  const nodeTarget = new Float32Array(n * Hn);
  const nodeMask = new Float32Array(n * Hn);
  const nowStats = weekStats(anchorWeek);
  H.forEach((h, hi) => {
    if (!valid[hi]) return;
    const fs = weekStats(weeks[t + h]);
    for (let i = 0; i < n; i++) {
      const j = fs.index.get(anchorWeek.ids[i]);
      if (j === undefined) continue;
      nodeTarget[i * Hn + hi] = fs.logTvl[j] - nowStats.logTvl[i];
      nodeMask[i * Hn + hi] = 1;
    }
  });
  return {
    anchor: t,
    data,
    src: S,
    dst: D,
    pairFeatures: pairFeatures(data.win, data.maps, S, D, core.norm),
    labels,
    existWeight,
    residualTarget,
    residualMask,
    nodeTarget,
    nodeMask,
  };
}

function smoothL1(x: tf.Tensor): tf.Tensor {
  const a = tf.abs(x);
  const q = tf.minimum(a, 1);
  return tf.mul(q, tf.sub(a, tf.mul(q, 0.5)));
}

export interface LossParts {
  total: tf.Scalar;
  exist: tf.Scalar;
  weight: tf.Scalar;
  node: tf.Scalar;
}

/** The training loss of one sample (call inside tf.tidy / variableGrads). */
export function sampleLoss(
  config: ModelConfig,
  norm: FeatureNorm,
  params: Params,
  s: TrainSample,
  opts: Pick<TrainOptions, 'lambdaExist' | 'lambdaWeight' | 'lambdaNode'>,
): LossParts {
  const Hn = config.horizons.length;
  const P = s.src.length;
  const n = s.data.win.n;
  const g = graphTensors(config, s.data.inputs);
  const h = encode(config, params, g);
  const absent = tf.tensor2d(absentColumn(s.pairFeatures, P), [P, 1]);
  const out = linkHead(
    params,
    h,
    tf.tensor1d(s.src, 'int32'),
    tf.tensor1d(s.dst, 'int32'),
    tf.tensor2d(s.pairFeatures, [P, PAIR_FEATURE_COUNT]),
    {
      logWeightMean: norm.logWeightMean,
      logWeightStd: norm.logWeightStd,
      absent,
    },
  );
  const y = tf.tensor2d(s.labels, [P, Hn]);
  const w = tf.tensor2d(s.existWeight, [P, Hn]);
  const l = out.logits;
  // Numerically stable BCE with logits: max(l,0) − l·y + log(1 + e^{−|l|}).
  const bce = tf.add(tf.sub(tf.relu(l), tf.mul(l, y)), tf.log1p(tf.exp(tf.neg(tf.abs(l)))));
  const exist = tf.div(tf.sum(tf.mul(bce, w)), tf.maximum(tf.sum(w), 1e-6)) as tf.Scalar;
  const rm = tf.tensor2d(s.residualMask, [P, Hn]);
  const weight = tf.div(
    tf.sum(tf.mul(smoothL1(tf.sub(out.residual, tf.tensor2d(s.residualTarget, [P, Hn]))), rm)),
    tf.maximum(tf.sum(rm), 1),
  ) as tf.Scalar;
  const nm = tf.tensor2d(s.nodeMask, [n, Hn]);
  const delta = nodeHead(params, h, g);
  const node = tf.div(
    tf.sum(tf.mul(smoothL1(tf.sub(delta, tf.tensor2d(s.nodeTarget, [n, Hn]))), nm)),
    tf.maximum(tf.sum(nm), 1),
  ) as tf.Scalar;
  disposeGraphTensors(g);
  const total = tf.addN([
    tf.mul(exist, opts.lambdaExist),
    tf.mul(weight, opts.lambdaWeight),
    tf.mul(node, opts.lambdaNode),
  ]) as tf.Scalar;
  return { total, exist, weight, node };
}

export interface Trainer {
  variables: Record<string, tf.Variable>;
  optimizer: tf.Optimizer;
  /** One Adam step with global-norm clipping; returns the loss parts before the step. */
  step(sample: TrainSample): { total: number; exist: number; weight: number; node: number };
  values(): Map<string, Float32Array>;
  setValues(values: Map<string, Float32Array>): void;
  dispose(): void;
}

let trainerCount = 0;

export function createTrainer(
  config: ModelConfig,
  norm: FeatureNorm,
  opts: TrainOptions,
  initial?: Map<string, Float32Array>,
): Trainer {
  const init = initial ?? initialValues(config, opts.seed);
  const variables: Record<string, tf.Variable> = {};
  const id = ++trainerCount;
  for (const [name, shape] of parameterShapes(config)) {
    // Unique names: tfjs refuses two variables with the same name in one process.
    const initialTensor = tf.tensor(init.get(name)!, shape, 'float32');
    variables[name] = tf.variable(initialTensor, true, `forecaster${id}/${name}`);
    initialTensor.dispose();
  }
  const varList = Object.values(variables);
  const optimizer = tf.train.adam(opts.learningRate);
  return {
    variables,
    optimizer,
    step(sample) {
      return tf.tidy(() => {
        // variableGrads disposes everything but the returned scalar, so read the parts inside.
        const seen = { total: 0, exist: 0, weight: 0, node: 0 };
        const { grads } = tf.variableGrads(() => {
          const parts = sampleLoss(config, norm, variables, sample, opts);
          seen.exist = parts.exist.dataSync()[0];
          seen.weight = parts.weight.dataSync()[0];
          seen.node = parts.node.dataSync()[0];
          return parts.total;
        }, varList);
        const names = Object.keys(grads);
        const gradNorm = Math.sqrt(
          names.reduce((a, k) => a + (tf.sum(tf.square(grads[k])).dataSync()[0] as number), 0),
        );
        const scale = gradNorm > opts.clipNorm ? opts.clipNorm / gradNorm : 1;
        const clipped: tf.NamedTensorMap = {};
        for (const k of names) clipped[k] = scale === 1 ? grads[k] : tf.mul(grads[k], scale);
        optimizer.applyGradients(clipped as unknown as Record<string, tf.Variable>);
        seen.total = opts.lambdaExist * seen.exist + opts.lambdaWeight * seen.weight + opts.lambdaNode * seen.node;
        return seen;
      });
    },
    values() {
      const out = new Map<string, Float32Array>();
      for (const [name, v] of Object.entries(variables)) out.set(name, v.dataSync() as Float32Array);
      return out;
    },
    setValues(values) {
      for (const [name, v] of Object.entries(variables)) v.assign(tf.tensor(values.get(name)!, v.shape, 'float32'));
    },
    dispose() {
      tf.dispose(varList);
      optimizer.dispose();
    },
  };
}

export interface TrainResult {
  manifest: Omit<ModelManifest, 'sha256' | 'byteLength'>;
  values: Map<string, Float32Array>;
  history: {
    epoch: number;
    loss: number;
    exist: number;
    weight: number;
    node: number;
    /** The criterion: mean of ln(validation AUPRC) on new and on vanishing pairs over the horizons. */
    valAuprc: number;
    /** Validation AUPRC on pairs absent now (new) and present now (vanish), mean of horizons. */
    valNew: number;
    valVanish: number;
    /** Validation AUPRC over all evaluated pairs (mean of horizons), for the record. */
    valAuprcAll: number;
    seconds: number;
  }[];
  bestEpoch: number;
  split: SplitInfo;
  seconds: number;
}

/** Full training run on a dataset (weeks oldest first). Deterministic for a given seed. */
export async function trainForecaster(
  weeks: Snapshot[],
  opts: TrainOptions,
  dataInfo: Record<string, unknown>,
): Promise<TrainResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const config = opts.config;
  const { trainEnd, valEnd, last } = splitWeeks(weeks.length, opts.trainFraction, opts.valFraction);
  const split: SplitInfo = {
    trainEnd,
    trainEndDate: weeks[trainEnd].date,
    valEnd,
    valEndDate: weeks[valEnd].date,
    lastWeek: last,
    lastWeekDate: weeks[last].date,
  };
  const norm: FeatureNorm = computeNorm(weeks, trainEnd);
  const candidates = { ...DEFAULT_CANDIDATES, nearestPerNode: opts.nearestPerNode, shortlistSize: opts.shortlistSize };
  const coreInfo = { config, norm, candidates };
  log(
    `split: train targets ≤ ${split.trainEndDate} (week ${trainEnd}), validation ≤ ${split.valEndDate} (week ${valEnd}), test ≤ ${split.lastWeekDate} (week ${last})`,
  );
  const samples: TrainSample[] = [];
  for (let t = 0; t < trainEnd; t++) {
    const s = buildTrainSample(coreInfo, weeks, t, trainEnd, opts, subSeed(opts.seed, 1, t));
    if (s) samples.push(s);
  }
  log(
    `built ${samples.length} training samples (${Math.round(mean(samples.map((s) => s.src.length)))} pairs each on average) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const mixStart = performance.now();
  const newLinkMix = fitNewLinkMix(
    coreInfo,
    weeks,
    trainEnd,
    `absent forecast candidates of every 8th training anchor (targets ≤ ${split.trainEndDate})`,
  );
  log(
    `new-link mix (training weeks): α = ${newLinkMix.alpha} (sector popularity; two-hop ${(1 - newLinkMix.alpha).toFixed(2)}) in ${((performance.now() - mixStart) / 1000).toFixed(1)} s`,
  );
  const trainer = createTrainer(config, norm, opts);
  const logitOffset = -Math.log(opts.positiveWeight);
  const valCore: ModelCore = {
    config,
    params: trainer.variables,
    norm,
    candidates: { ...candidates, nearestPerNode: 0 },
    logitOffset,
  };
  const valAnchors: number[] = [];
  // Every other validation anchor: halves the per-epoch validation time (bounded on 2 cores).
  for (let t = trainEnd; t < valEnd; t += 2) valAnchors.push(t);
  const calAnchors: number[] = [];
  for (let t = trainEnd; t < valEnd; t++) calAnchors.push(t);
  const history: TrainResult['history'] = [];
  let best = -Infinity;
  let bestValues = trainer.values();
  let bestEpoch = 0;
  let sinceBest = 0;
  for (let epoch = 1; epoch <= opts.maxEpochs; epoch++) {
    const epochStart = performance.now();
    const order = shuffle([...samples.keys()], mulberry32(subSeed(opts.seed, 2, epoch)));
    const sums = { total: 0, exist: 0, weight: 0, node: 0 };
    for (const i of order) {
      const l = trainer.step(samples[i]);
      sums.total += l.total;
      sums.exist += l.exist;
      sums.weight += l.weight;
      sums.node += l.node;
    }
    const k = Math.max(order.length, 1);
    const report = await evaluateForecaster(valCore, weeks, {
      anchors: valAnchors,
      lastTarget: valEnd,
      horizons: config.horizons as Horizon[],
      stress: false,
      seed: subSeed(opts.seed, 3),
    });
    // Criterion: AUPRC on the pairs where persistence is weak (absent now: appear?; present now:
    // vanish?), as the mean of log AUPRC over both subsets and the horizons, so that the rarer new
    // edges weigh as much as the vanishing ones; all-pair AUPRC (≈ 0.97 for persistence) is logged.
    const rows = Object.values(report.horizons);
    const logs = rows.flatMap((r) => [Math.log(r.subset_auprc?.new ?? 0), Math.log(r.subset_auprc?.vanish ?? 0)]);
    const valAuprc = mean(logs);
    const seconds = (performance.now() - epochStart) / 1000;
    history.push({
      epoch,
      loss: sums.total / k,
      exist: sums.exist / k,
      weight: sums.weight / k,
      node: sums.node / k,
      valAuprc,
      valNew: mean(rows.map((r) => r.subset_auprc?.new ?? NaN)),
      valVanish: mean(rows.map((r) => r.subset_auprc?.vanish ?? NaN)),
      valAuprcAll: mean(rows.map((r) => r.model.auprc)),
      seconds,
    });
    log(
      `epoch ${epoch}: loss ${(sums.total / k).toFixed(4)} (exist ${(sums.exist / k).toFixed(4)}, weight ${(sums.weight / k).toFixed(4)}, node ${(sums.node / k).toFixed(5)}) ` +
        `val mean log AUPRC ${valAuprc.toFixed(4)}; new/vanish [${rows.map((r) => `${(r.subset_auprc?.new ?? NaN).toFixed(4)}/${(r.subset_auprc?.vanish ?? NaN).toFixed(4)}`).join(', ')}]; all pairs ${rows
          .map((r) => r.model.auprc.toFixed(4))
          .join(
            ', ',
          )} vs persistence ${rows.map((r) => r.persistence.auprc.toFixed(4)).join(', ')} (${seconds.toFixed(1)} s)`,
    );
    // Stopping: patience on strict AUPRC gains. Kept weights: the latest epoch within
    // auprcTolerance of the best, since the AUPRC plateaus after an epoch or two while the
    // weight and TVL heads keep improving (their losses are not part of the criterion).
    if (valAuprc >= best - opts.auprcTolerance) {
      bestValues = trainer.values();
      bestEpoch = epoch;
    }
    if (valAuprc > best) {
      best = valAuprc;
      sinceBest = 0;
    } else if (++sinceBest >= opts.patience) {
      log(`early stop: no validation AUPRC gain for ${opts.patience} epochs (keeping epoch ${bestEpoch})`);
      break;
    }
    const elapsedMin = (performance.now() - started) / 60000;
    if (elapsedMin + seconds / 60 > opts.maxMinutes) {
      log(
        `time budget (--max-minutes): stopping after epoch ${epoch} (${elapsedMin.toFixed(1)} min); these weights depend on the machine's speed`,
      );
      break;
    }
    if (elapsedMin > EXPECTED_TRAIN_MINUTES)
      log(
        `slow machine: ${elapsedMin.toFixed(1)} min after epoch ${epoch} (expected ≤ ${EXPECTED_TRAIN_MINUTES} min in all); continuing to the epoch cap so the weights stay the same`,
      );
  }
  // Calibration on the validation weeks, with the kept weights and the full forecast candidates.
  trainer.setValues(bestValues);
  const calStart = performance.now();
  const {
    platt: calibration,
    nodeSd,
    weightScale,
    absentIsotonic,
    isotonicCheck,
  } = await fitCalibration({ ...valCore, candidates, newLinkMix: newLinkMix.alpha }, weeks, calAnchors, valEnd);
  log(
    `calibration (Platt + new-link terms, validation forecast candidates): ${config.horizons.map((h, i) => `h=${h} a=${calibration[i].a.toFixed(3)} b=${calibration[i].b.toFixed(3)} c=${(calibration[i].c ?? []).map((x) => x.toFixed(3)).join('/')} usd×${weightScale[i].toFixed(3)}`).join(', ')} (${((performance.now() - calStart) / 1000).toFixed(1)} s)`,
  );
  log(
    `absent-pair isotonic map, validation halves (worst bin ratio on the held-out half, before → after): ${config.horizons
      .map((h, i) => `h=${h} ${isotonicCheck[i].before.toFixed(2)} → ${isotonicCheck[i].after.toFixed(2)}`)
      .join(', ')}`,
  );
  trainer.dispose();
  const manifest: TrainResult['manifest'] = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    config,
    horizons: config.horizons,
    features: FEATURE_NAMES,
    pairFeatures: [...PAIR_FEATURE_NAMES],
    norm,
    candidates,
    logitOffset,
    calibration: {
      method: 'platt+new-link+isotonic',
      horizons: Object.fromEntries(
        config.horizons.map((h, i) => [String(h), { a: calibration[i].a, b: calibration[i].b, c: calibration[i].c }]),
      ),
      fitted_on: `forecast candidates of the validation anchors (targets ≤ ${split.valEndDate})`,
      node_sd: Object.fromEntries(config.horizons.map((h, i) => [String(h), nodeSd[i]])),
      weight_scale: Object.fromEntries(config.horizons.map((h, i) => [String(h), weightScale[i]])),
      new_link_mix: newLinkMix,
      absent_isotonic: Object.fromEntries(config.horizons.map((h, i) => [String(h), absentIsotonic[i]])),
      absent_isotonic_check: Object.fromEntries(config.horizons.map((h, i) => [String(h), isotonicCheck[i]])),
    },
    domain: fitDomain(weeks, trainEnd, norm, `protocol nodes of the training weeks (≤ ${split.trainEndDate})`),
    heuristic: fitHeuristic(
      { config, norm, candidates },
      weeks,
      trainEnd,
      `forecast candidates of every 8th training anchor (targets ≤ ${split.trainEndDate})`,
    ),
    weightsFile: 'weights.bin',
    weightSpecs: weightSpecs(config),
    training: {
      seed: opts.seed,
      learningRate: opts.learningRate,
      optimizer: 'adam',
      clipNorm: opts.clipNorm,
      lambdaExist: opts.lambdaExist,
      lambdaWeight: opts.lambdaWeight,
      lambdaNode: opts.lambdaNode,
      negativeRatio: opts.negativeRatio,
      positiveWeight: opts.positiveWeight,
      maxPairsPerStep: opts.maxPairsPerStep,
      maxEpochs: opts.maxEpochs,
      patience: opts.patience,
      auprcTolerance: opts.auprcTolerance,
      keptEpoch: bestEpoch,
      bestValAuprc: best,
      epochs: history.length,
      trainSamples: samples.length,
      history: history.map((h) => ({ ...h, seconds: Math.round(h.seconds * 10) / 10 })),
      seconds: Math.round((performance.now() - started) / 1000),
    },
    data: { ...dataInfo, weeks: weeks.length, firstWeek: weeks[0].date, split },
  };
  return { manifest, values: bestValues, history, bestEpoch, split, seconds: (performance.now() - started) / 1000 };
}

/**
 * Platt scaling per horizon, fitted on the forecast candidates of the given anchors (targets
 * ≤ lastTarget) against whether each pair is an edge h weeks later. `core` must be uncalibrated.
 */
export async function fitCalibration(
  core: ModelCore,
  weeks: Snapshot[],
  anchors: number[],
  lastTarget: number,
): Promise<{
  platt: Platt[];
  nodeSd: number[];
  weightScale: number[];
  absentIsotonic: IsotonicMap[];
  isotonicCheck: { before: number; after: number }[];
}> {
  const H = core.config.horizons;
  // Columns per horizon: z, 1, absent, absent·evidence₀, absent·evidence₁; labels; anchor of each row.
  const cols: number[][][] = H.map(() => [[], [], [], [], []]);
  const y: number[][] = H.map(() => []);
  const rowAnchor: number[][] = H.map(() => []);
  const sq = H.map(() => 0);
  const cnt = H.map(() => 0);
  // Per anchor and horizon: log(Σ realized USD ÷ Σ predicted USD) over realized candidate edges.
  const logRatios: number[][] = H.map(() => []);
  for (const t of anchors) {
    if (!H.some((h) => t + h <= lastTarget)) continue;
    const pred = await predictAnchor({ ...core, calibration: undefined }, weeks, t);
    const n = weeks[t].n;
    const now = pred.data.maps[pred.data.win.window - 1]!;
    const ev = newLinkEvidence(pred.data.win, pred.data.maps, pred.src, pred.dst, core.newLinkMix ?? 0.5);
    H.forEach((h, hi) => {
      if (t + h > lastTarget) return;
      const future = edgeMapIn(weeks[t], weeks[t + h]);
      const c = cols[hi];
      let realUsd = 0;
      let predUsd = 0;
      for (let i = 0; i < pred.src.length; i++) {
        const key = pred.src[i] * n + pred.dst[i];
        const w = future.get(key);
        if (w !== undefined) {
          realUsd += w;
          predUsd += Math.expm1(pred.logWeight[i * H.length + hi]);
        }
        const absent = now.has(key) ? 0 : 1;
        c[0].push(pred.rawLogit[i * H.length + hi]);
        c[1].push(1);
        c[2].push(absent);
        c[3].push(absent * ev[i * NEW_LINK_EVIDENCE]);
        c[4].push(absent * ev[i * NEW_LINK_EVIDENCE + 1]);
        y[hi].push(future.has(key) ? 1 : 0);
        rowAnchor[hi].push(t);
      }
      if (realUsd > 0 && predUsd > 0) logRatios[hi].push(Math.log(realUsd / predUsd));
      const nowStats = weekStats(weeks[t]);
      const later = weekStats(weeks[t + h]);
      for (let i = 0; i < n; i++) {
        if (weeks[t].kinds[i] !== 'protocol') continue;
        const j = later.index.get(weeks[t].ids[i]);
        if (j === undefined) continue;
        const err = pred.nodeDelta[i * H.length + hi] - (later.logTvl[j] - nowStats.logTvl[i]);
        sq[hi] += err * err;
        cnt[hi]++;
      }
    });
  }
  const platt = H.map((_, hi) => {
    const w = fitLogistic(cols[hi], y[hi], [1, 0, 0, 0, 0]);
    return { a: w[0], b: w[1], c: [w[2], w[3], w[4]] };
  });
  // Pairs absent now: the logistic's shape in the logit leaves the low bins off by a factor 2–6,
  // so an isotonic map follows it; checked on the validation weeks alone (fit on the even-indexed
  // anchors, worst equal-count bin ratio on the odd ones, before and after).
  const absentIsotonic: IsotonicMap[] = [];
  const isotonicCheck: { before: number; after: number }[] = [];
  const anchorRank = new Map(anchors.map((t, i) => [t, i]));
  H.forEach((_, hi) => {
    const c = cols[hi];
    const w = [platt[hi].a, platt[hi].b, ...platt[hi].c];
    const p: number[] = [];
    const lab: number[] = [];
    const odd: boolean[] = [];
    for (let i = 0; i < y[hi].length; i++) {
      if (c[2][i] !== 1) continue;
      let z = 0;
      for (let j = 0; j < 5; j++) z += w[j] * c[j][i];
      p.push(1 / (1 + Math.exp(-z)));
      lab.push(y[hi][i]);
      odd.push((anchorRank.get(rowAnchor[hi][i]) ?? 0) % 2 === 1);
    }
    // Groups of ≥ 2,000 pairs holding ≈ 20 expected positives (h = 1 has the fewest).
    const rate = lab.reduce((a, b) => a + b, 0) / Math.max(1, lab.length);
    const group = Math.max(2000, Math.ceil(20 / Math.max(rate, 1e-6)));
    const pick = (want: boolean, xs: number[]) => xs.filter((_, i) => odd[i] === want);
    const half = fitIsotonic(pick(false, p), pick(false, lab), group);
    const heldP = pick(true, p);
    const heldY = pick(true, lab);
    const check = {
      before: worstBinRatio(equalCountReliability(heldP, heldY, 10).bins),
      after: worstBinRatio(
        equalCountReliability(
          heldP.map((x) => applyIsotonic(half, x)),
          heldY,
          10,
        ).bins,
      ),
    };
    isotonicCheck.push(check);
    // Kept only where it helped on the held-out half (else the identity map).
    absentIsotonic.push(check.after < check.before ? fitIsotonic(p, lab, group) : { x: [], y: [] });
  });
  return {
    platt,
    absentIsotonic,
    isotonicCheck,
    nodeSd: H.map((_, hi) => (cnt[hi] ? Math.sqrt(sq[hi] / cnt[hi]) : 0)),
    // Geometric mean over anchors: one week's market-wide swing should not set the scale.
    weightScale: H.map((_, hi) => (logRatios[hi].length ? Math.exp(mean(logRatios[hi])) : 1)),
  };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
