// Loading the shipped model and forecasting the exposure graph h weeks ahead.
// Imports only @tensorflow/tfjs-core: the caller (browser: ./backend.ts, Node: the cpu
// backend) decides which backend runs it.
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, Snapshot } from '../core/types';
import {
  buildNodeWindow,
  messageGraph,
  windowEdgeMaps,
  type EdgeMap,
  type FeatureNorm,
  type NodeWindow,
} from './features';
import { structuralCandidates, type CandidateOptions } from './candidates';
import { absentColumn, newLinkEvidence, NEW_LINK_EVIDENCE, pairFeatures, PAIR_FEATURE_COUNT } from './pairs';
import {
  bilinearScores,
  disposeGraphTensors,
  encode,
  graphTensors,
  linkHead,
  nodeHead,
  paramsFromValues,
  type GraphInputs,
  type ModelConfig,
  type Params,
} from './network';
import { decodeWeights, ModelFileError, sha256Hex, validateManifest, type ModelManifest } from './weights';
import { applyIsotonic, type IsotonicMap, type Platt } from './calibration';
import { snapshotFromSelection } from './forecastGraph';
import { describeRule, selectPairs, type SelectionRule } from './selection';
import { checkDomain, type DomainCheck, type DomainSpec } from './domain';

export const HORIZONS = [1, 4, 8, 12] as const;
export type Horizon = (typeof HORIZONS)[number];

/** What prediction needs: the network, its parameters and the feature settings. */
export interface ModelCore {
  config: ModelConfig;
  params: Params;
  norm: FeatureNorm;
  candidates: CandidateOptions & { nearestPerNode: number; shortlistSize: number };
  logitOffset: number;
  /** Platt scaling per horizon (config.horizons order), fitted on the validation weeks; absent: raw probabilities. */
  calibration?: Platt[];
  /** Sector-popularity share α of the new-link score (learned on the training weeks); absent: ½. */
  newLinkMix?: number;
  /** Isotonic recalibration of pairs absent now, per horizon (config.horizons order), fitted on the validation weeks. */
  absentIsotonic?: (IsotonicMap | undefined)[];
  /** Validation RMSE of Δlog(1+TVL) over protocols per horizon (TVL spread of sampled graphs). */
  nodeSd?: number[];
  /** USD scale of predicted edge weights per horizon (see ModelManifest.calibration.weight_scale); absent: 1. */
  weightScale?: number[];
  /** The input domain fitted on the training weeks (absent: only the history length is checked). */
  domain?: DomainSpec;
  /** The forecast graph's selection rule per horizon (config.horizons order); absent: expected count. */
  selection?: SelectionRule[];
  /** The stress band's conformal calibration (manifest.stress_band). */
  stressBandSpec?: ModelManifest['stress_band'];
}

/** The manifest's calibration in config.horizons order (undefined when it has none). */
export function manifestCalibration(manifest: ModelManifest): Platt[] | undefined {
  const c = manifest.calibration;
  if (!c) return undefined;
  return manifest.config.horizons.map((h) => c.horizons[String(h)] ?? { a: 1, b: 0 });
}

function manifestAbsentIsotonic(manifest: ModelManifest): (IsotonicMap | undefined)[] | undefined {
  const iso = manifest.calibration?.absent_isotonic;
  return iso ? manifest.config.horizons.map((h) => iso[String(h)]) : undefined;
}

function manifestNodeSd(manifest: ModelManifest): number[] | undefined {
  const sd = manifest.calibration?.node_sd;
  return sd ? manifest.config.horizons.map((h) => sd[String(h)] ?? 0) : undefined;
}

function manifestWeightScale(manifest: ModelManifest): number[] | undefined {
  const s = manifest.calibration?.weight_scale;
  return s ? manifest.config.horizons.map((h) => s[String(h)] ?? 1) : undefined;
}

export interface LoadedModel extends ModelCore {
  /** SHA-256 of weights.bin (verified at load). */
  version: string;
  manifest: ModelManifest;
  dispose(): void;
}

export type FetchOrRead = (path: string) => Promise<ArrayBuffer | string>;

function toText(data: ArrayBuffer | string): string {
  return typeof data === 'string' ? data : new TextDecoder().decode(data);
}

/**
 * Read `${baseUrl}manifest.json` and the weights binary it names, verify the binary's
 * SHA-256 against the manifest and build the parameters. Throws ModelFileError with a
 * clear message on a missing, malformed or corrupted file.
 */
export async function loadModel(fetchOrRead: FetchOrRead, baseUrl = 'models/'): Promise<LoadedModel> {
  const base = baseUrl === '' || baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(toText(await fetchOrRead(`${base}manifest.json`)));
  } catch (err) {
    throw new ModelFileError(`model manifest ${base}manifest.json could not be read: ${(err as Error).message}`);
  }
  const manifest = validateManifest(manifestJson);
  const binary = await fetchOrRead(`${base}${manifest.weightsFile}`);
  if (typeof binary === 'string')
    throw new ModelFileError(`model weights ${manifest.weightsFile}: expected binary data, got text`);
  const digest = await sha256Hex(binary);
  if (digest !== manifest.sha256) {
    throw new ModelFileError(
      `model weights ${base}${manifest.weightsFile} are corrupted or do not belong to this manifest: SHA-256 ${digest} ≠ expected ${manifest.sha256}`,
    );
  }
  const values = decodeWeights(manifest.weightSpecs, binary);
  return modelFromValues(manifest, values, digest);
}

export function modelFromValues(
  manifest: ModelManifest,
  values: Map<string, Float32Array>,
  version = manifest.sha256,
): LoadedModel {
  const params = paramsFromValues(manifest.config, values);
  let disposed = false;
  return {
    config: manifest.config,
    params,
    norm: manifest.norm,
    candidates: manifest.candidates,
    logitOffset: manifest.logitOffset,
    calibration: manifestCalibration(manifest),
    newLinkMix: manifest.calibration?.new_link_mix?.alpha,
    absentIsotonic: manifestAbsentIsotonic(manifest),
    nodeSd: manifestNodeSd(manifest),
    weightScale: manifestWeightScale(manifest),
    domain: manifest.domain,
    selection: manifest.forecast_graph
      ? manifest.config.horizons.map((h) => manifest.forecast_graph!.rules[String(h)] ?? 'expected-count')
      : undefined,
    stressBandSpec: manifest.stress_band,
    version,
    manifest,
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(Object.values(params));
    },
  };
}

/** Everything about one anchor week that does not depend on the parameters. */
export interface AnchorData {
  win: NodeWindow;
  maps: (EdgeMap | null)[];
  inputs: GraphInputs;
  /** Current edges (unique pairs) then structural candidates. */
  pairs: { src: Int32Array; dst: Int32Array; currentCount: number };
}

export function prepareAnchor(
  core: Pick<ModelCore, 'config' | 'norm' | 'candidates'>,
  weeks: Snapshot[],
  anchor: number,
): AnchorData {
  const win = buildNodeWindow(weeks, anchor, core.config.window, core.norm);
  const maps = windowEdgeMaps(win);
  const graph = messageGraph(weeks[anchor]);
  const inputs: GraphInputs = { n: win.n, x: win.x, mask: win.mask, ...graph };
  const now = maps[win.window - 1]!;
  const cand = structuralCandidates(win, maps, core.candidates);
  const total = now.size + cand.src.length;
  const src = new Int32Array(total);
  const dst = new Int32Array(total);
  let i = 0;
  for (const key of now.keys()) {
    const p = Math.floor(key / win.n);
    src[i] = p;
    dst[i] = key - p * win.n;
    i++;
  }
  src.set(cand.src, i);
  dst.set(cand.dst, i);
  return { win, maps, inputs, pairs: { src, dst, currentCount: now.size } };
}

export interface AnchorPrediction {
  data: AnchorData;
  /** Forecast pairs: data.pairs followed by nearest-embedding candidates. */
  src: Int32Array;
  dst: Int32Array;
  /** P × H, row-major, in config.horizons order. */
  probability: Float32Array;
  logWeight: Float32Array;
  /** Extra pairs asked for by the caller (evaluation), P_extra × H. */
  extraProbability: Float32Array;
  extraLogWeight: Float32Array;
  /** n × H predicted Δlog(1+TVL). */
  nodeDelta: Float32Array;
  /** Uncalibrated exists-logit z (offset applied) of the forecast pairs, P × H. */
  rawLogit: Float32Array;
}

/**
 * One forward pass at an anchor week: encodes the window, adds nearest-embedding candidates,
 * scores the forecast pairs and any extra pairs. Every tensor is disposed before returning.
 */
export async function predictAnchor(
  core: ModelCore,
  weeks: Snapshot[],
  anchor: number,
  extra?: { src: Int32Array; dst: Int32Array },
  prepared?: AnchorData,
): Promise<AnchorPrediction> {
  const data = prepared ?? prepareAnchor(core, weeks, anchor);
  const { win, maps } = data;
  const n = win.n;
  const H = core.config.horizons.length;
  const g = graphTensors(core.config, data.inputs);
  const h = encode(core.config, core.params, g);
  try {
    // Nearest-embedding candidates: each protocol against a shortlist of the most-held issuers.
    const near = await nearestCandidates(core, h, data, weeks[anchor]);
    const baseCount = data.pairs.src.length;
    const forecastCount = baseCount + near.src.length;
    const extraCount = extra?.src.length ?? 0;
    const src = new Int32Array(forecastCount + extraCount);
    const dst = new Int32Array(forecastCount + extraCount);
    src.set(data.pairs.src, 0);
    dst.set(data.pairs.dst, 0);
    src.set(near.src, baseCount);
    dst.set(near.dst, baseCount);
    if (extra) {
      src.set(extra.src, forecastCount);
      dst.set(extra.dst, forecastCount);
    }
    const features = pairFeatures(win, maps, src, dst, core.norm);
    let raw: tf.Tensor | null = null;
    const [prob, logW, delta] = tf.tidy(() => {
      const srcT = tf.tensor1d(src, 'int32');
      const dstT = tf.tensor1d(dst, 'int32');
      const feat = tf.tensor2d(features, [src.length, PAIR_FEATURE_COUNT], 'float32');
      const absent = tf.tensor2d(absentColumn(features, src.length), [src.length, 1], 'float32');
      const out = linkHead(core.params, h, srcT, dstT, feat, {
        logWeightMean: core.norm.logWeightMean,
        logWeightStd: core.norm.logWeightStd,
        absent,
      });
      const z = tf.add(out.logits, core.logitOffset);
      const cal = core.calibration;
      let calibrated: tf.Tensor = z;
      if (cal) {
        const row = (values: number[]) => tf.tensor2d(values, [1, H], 'float32');
        calibrated = tf.add(tf.mul(z, row(cal.map((c) => c.a))), row(cal.map((c) => c.b)));
        if (cal.some((c) => c.c)) {
          // New-link terms for pairs absent now: [absent, absent·evidence₀, absent·evidence₁] · C.
          const ev = newLinkEvidence(win, maps, src, dst, core.newLinkMix ?? 0.5);
          const ab = absentColumn(features, src.length);
          const E = new Float32Array(src.length * 3);
          for (let i = 0; i < src.length; i++) {
            E[i * 3] = ab[i];
            E[i * 3 + 1] = ab[i] * ev[i * NEW_LINK_EVIDENCE];
            E[i * 3 + 2] = ab[i] * ev[i * NEW_LINK_EVIDENCE + 1];
          }
          const C = new Float32Array(3 * H);
          cal.forEach((c, hi) => {
            for (let j = 0; j < 3; j++) C[j * H + hi] = c.c?.[j] ?? 0;
          });
          calibrated = tf.add(calibrated, tf.matMul(tf.tensor2d(E, [src.length, 3]), tf.tensor2d(C, [3, H])));
        }
      }
      const probability = tf.sigmoid(calibrated);
      raw = tf.keep(z);
      // Predicted log-weight = current log-weight (0 when absent) + residual.
      const current = tf.log1p(
        tf.tensor2d(currentWeights(maps[win.window - 1]!, src, dst, n), [src.length, 1], 'float32'),
      );
      const logWeight = tf.add(current, out.residual);
      return [probability, logWeight, nodeHead(core.params, h, g)];
    });
    const rawT = raw as tf.Tensor | null;
    const [probability, logWeight, nodeDelta, rawLogit] = await Promise.all([
      prob.data(),
      logW.data(),
      delta.data(),
      rawT ? rawT.data() : Promise.resolve(new Float32Array(0)),
    ]);
    tf.dispose([prob, logW, delta]);
    if (rawT) rawT.dispose();
    const iso = core.absentIsotonic;
    if (iso?.some((m) => m)) {
      // Pairs absent now: the validation-fitted monotone map (ranking among them unchanged).
      const ab = absentColumn(features, src.length);
      const pr = probability as Float32Array;
      for (let i = 0; i < src.length; i++) {
        if (!ab[i]) continue;
        iso.forEach((m, hi) => {
          if (m) pr[i * H + hi] = applyIsotonic(m, pr[i * H + hi]);
        });
      }
    }
    const split = forecastCount * H;
    return {
      data,
      src: src.slice(0, forecastCount),
      dst: dst.slice(0, forecastCount),
      probability: (probability as Float32Array).slice(0, split),
      logWeight: (logWeight as Float32Array).slice(0, split),
      extraProbability: (probability as Float32Array).slice(split),
      extraLogWeight: (logWeight as Float32Array).slice(split),
      rawLogit: (rawLogit as Float32Array).slice(0, split),
      nodeDelta: nodeDelta as Float32Array,
    };
  } finally {
    h.dispose();
    disposeGraphTensors(g);
  }
}

function currentWeights(now: EdgeMap, src: Int32Array, dst: Int32Array, n: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = now.get(src[i] * n + dst[i]) ?? 0;
  return out;
}

async function nearestCandidates(
  core: ModelCore,
  h: tf.Tensor2D,
  data: AnchorData,
  week: Snapshot,
): Promise<{ src: Int32Array; dst: Int32Array }> {
  const k = core.candidates.nearestPerNode;
  const n = data.win.n;
  if (k <= 0 || n < 2) return { src: new Int32Array(0), dst: new Int32Array(0) };
  // Shortlist: the most-held issuers now (by in-degree), at most shortlistSize of them.
  const inDegree = new Int32Array(n);
  for (let i = 0; i < data.pairs.currentCount; i++) inDegree[data.pairs.dst[i]]++;
  const order = [...inDegree.keys()].filter((q) => inDegree[q] > 0).sort((a, b) => inDegree[b] - inDegree[a] || a - b);
  const shortlist = Int32Array.from(order.slice(0, core.candidates.shortlistSize));
  if (shortlist.length === 0) return { src: new Int32Array(0), dst: new Int32Array(0) };
  const taken = new Set<number>();
  for (let i = 0; i < data.pairs.src.length; i++) taken.add(data.pairs.src[i] * n + data.pairs.dst[i]);
  const scoresT = tf.tidy(() => bilinearScores(core.params, h, tf.tensor1d(shortlist, 'int32')));
  const scores = (await scoresT.data()) as Float32Array;
  scoresT.dispose();
  const S = shortlist.length;
  const src: number[] = [];
  const dst: number[] = [];
  const best: [number, number][] = [];
  for (let p = 0; p < n; p++) {
    if (week.kinds[p] !== 'protocol') continue;
    best.length = 0;
    for (let j = 0; j < S; j++) {
      const q = shortlist[j];
      if (q === p || taken.has(p * n + q)) continue;
      const s = scores[p * S + j];
      if (best.length < k) {
        best.push([s, q]);
        best.sort((a, b) => b[0] - a[0]);
      } else if (s > best[k - 1][0]) {
        best[k - 1] = [s, q];
        best.sort((a, b) => b[0] - a[0]);
      }
    }
    for (const [, q] of best) {
      src.push(p);
      dst.push(q);
    }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

export interface ForecastResult {
  horizon: Horizon;
  /** The forecast graph: predicted TVLs, the candidate pairs kept by the selection rule, weighted expm1(predicted log-weight); holdings carried from the last week. */
  snapshot: Snapshot;
  /** Probability of each edge of `snapshot` (same order as snapshot.edges). */
  edgeProbability: Float32Array;
  /** Predicted edges absent from the last observed week: [source, target] node indices. */
  newEdges: [number, number][];
  /** Indices into the last observed week's edges that the forecast drops. */
  vanishedEdges: number[];
  /** Every scored candidate pair (current edges, structural and nearest-embedding candidates). */
  candidates: { src: Int32Array; dst: Int32Array; probability: Float32Array; logWeight: Float32Array };
  /** Σ p over the candidates (the expected edge count) and the lowest probability kept. */
  expectedEdges: number;
  threshold: number;
  /** TVL spread for sampled graphs (validation RMSE of Δlog TVL over protocols at this horizon; 0 if unknown). */
  tvlSd: number;
  /** Wall time of the whole forecast call (shared by its horizons). */
  ms: number;
  /** The rule that selected the graph's edges. */
  selection: SelectionRule;
  /** Conformal widening of the stress band per scenario at this horizon, and the settings it holds for. */
  bandCalibration?: {
    widen: Record<string, number>;
    rule: string;
    perimeter: string;
    threshold: number;
    samples: number;
  };
  /** Whether the anchor is in the model's input domain; out of it, TVLs and current weights are held. */
  domain: DomainCheck;
}

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(t)) return date;
  return new Date(t + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Forecast the graph at each horizon from the last `config.window` weeks of the dataset
 * (a single week works: older weeks are masked). Node indexing of every forecast snapshot
 * is the last observed week's. Disposes every tensor it creates.
 */
export async function forecast(
  model: ModelCore,
  dataset: Dataset | Snapshot[],
  horizons: Horizon[] = [...HORIZONS],
): Promise<ForecastResult[]> {
  const started = performance.now();
  const weeks = Array.isArray(dataset) ? dataset : dataset.weeks;
  if (weeks.length === 0) throw new Error('forecast: the dataset has no week');
  for (const h of horizons) {
    if (!model.config.horizons.includes(h))
      throw new Error(`forecast: horizon ${h} is not one of the model's (${model.config.horizons.join(', ')})`);
  }
  const anchor = weeks.length - 1;
  const domain = checkDomain(weeks, model.config.window, model.norm, model.domain);
  const pred = await predictAnchor(model, weeks, anchor);
  const last = weeks[anchor];
  const results = horizons.map((h) => buildForecastSnapshot(model, last, pred, h, domain));
  const ms = performance.now() - started;
  for (const r of results) r.ms = ms;
  return results;
}

/** A predicted log(1+w) on the USD scale fitted on the validation weeks (scale 1: unchanged). */
export function usdLogWeight(logWeight: number, scale: number): number {
  return scale === 1 ? logWeight : Math.log1p(scale * Math.expm1(logWeight));
}

export function buildForecastSnapshot(
  model: Pick<ModelCore, 'config' | 'nodeSd' | 'weightScale' | 'selection' | 'stressBandSpec'>,
  last: Snapshot,
  pred: AnchorPrediction,
  horizon: Horizon,
  domain?: DomainCheck,
): ForecastResult {
  const H = model.config.horizons.length;
  // Out of domain: no TVL trend and no weight change of current edges (structure only).
  const hold = domain ? !domain.inDomain : false;
  const now = pred.data.maps[pred.data.win.window - 1]!;
  const hi = model.config.horizons.indexOf(horizon);
  const n = last.n;
  const P = pred.src.length;
  const probability = new Float32Array(P);
  const logWeight = new Float32Array(P);
  // The graph's USD weights are the predicted log-weights on the USD scale fitted on the
  // validation weeks (exp of a typical log-weight understates USD sums, and losses are sums).
  const scale = model.weightScale?.[hi] ?? 1;
  let expectedEdges = 0;
  for (let i = 0; i < P; i++) {
    probability[i] = pred.probability[i * H + hi];
    const lw = pred.logWeight[i * H + hi];
    const held = hold ? now.get(pred.src[i] * n + pred.dst[i]) : undefined;
    logWeight[i] = held !== undefined ? Math.log1p(held) : usdLogWeight(lw, scale);
    expectedEdges += probability[i];
  }
  const candidates = { src: pred.src, dst: pred.dst, probability, logWeight };
  const rule = model.selection?.[hi] ?? 'expected-count';
  const keep = selectPairs(probability, rule);
  const tvl = hold ? Float64Array.from(last.tvl, (v) => Math.max(0, v)) : forecastTvl(last, pred, H, hi);
  const date = addDays(last.date, 7 * horizon);
  const snapshot = snapshotFromSelection(last, candidates, keep, tvl, {
    horizon,
    date,
    notes: `Forecast ${horizon} week${horizon === 1 ? '' : 's'} ahead of ${last.date} by the temporal-graph model: ${keep.length} candidate edges, ${describeRule(rule)} (rule chosen on the validation weeks); holdings carried from ${last.date}, scaled with their forecast edge.${hold ? ` Out of the model's input domain: TVLs and current edge weights held at their ${last.date} values.` : ''}`,
  });
  const edgeProbability = new Float32Array(keep.length);
  const kept = new Set<number>();
  const newEdges: [number, number][] = [];
  let threshold = 1;
  keep.forEach((i, j) => {
    edgeProbability[j] = probability[i];
    threshold = Math.min(threshold, probability[i]);
    const key = pred.src[i] * n + pred.dst[i];
    kept.add(key);
    if (!now.has(key)) newEdges.push([pred.src[i], pred.dst[i]]);
  });
  const vanishedEdges: number[] = [];
  for (let e = 0; e < last.edges.m; e++) {
    const p = last.edges.source[e];
    const q = last.edges.target[e];
    if (!(last.edges.weight[e] > 0) || p === q) continue;
    if (!kept.has(p * n + q)) vanishedEdges.push(e);
  }
  return {
    horizon,
    snapshot,
    edgeProbability,
    newEdges,
    vanishedEdges,
    candidates,
    expectedEdges,
    threshold: keep.length ? threshold : 1,
    tvlSd: model.nodeSd?.[hi] ?? 0,
    selection: rule,
    ...(model.stressBandSpec?.widen[String(horizon)]
      ? {
          bandCalibration: {
            widen: model.stressBandSpec.widen[String(horizon)],
            rule: model.stressBandSpec.rule,
            perimeter: model.stressBandSpec.perimeter,
            threshold: model.stressBandSpec.threshold,
            samples: model.stressBandSpec.samples,
          },
        }
      : {}),
    ms: 0,
    domain: domain ?? {
      inDomain: true,
      historyWeeks: 0,
      window: model.config.window,
      outOfRange: 0,
      protocols: 0,
      worstFeatures: [],
      reason: 'not checked',
    },
  };
}

/** Predicted TVL of every node at horizon index hi. */
export function forecastTvl(
  last: Snapshot,
  pred: Pick<AnchorPrediction, 'nodeDelta'>,
  H: number,
  hi: number,
): Float64Array {
  const tvl = new Float64Array(last.n);
  for (let i = 0; i < last.n; i++) {
    tvl[i] = Math.max(0, Math.expm1(Math.log1p(Math.max(0, last.tvl[i])) + pred.nodeDelta[i * H + hi]));
  }
  return tvl;
}
