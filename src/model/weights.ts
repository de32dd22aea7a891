// Model files: models/manifest.json + models/weights.bin.
//
// weights.bin is the little-endian float32 values of every parameter concatenated in the
// order of manifest.weightSpecs (tf.io.WeightsManifestEntry: name, shape, dtype), i.e. the
// layout of a tf.io weights manifest with a single shard. manifest.sha256 is the SHA-256
// (hex) of weights.bin; loading recomputes it with WebCrypto and refuses a mismatch.
import { sha256 } from '@noble/hashes/sha2.js';
import type { FeatureNorm } from './features';
import type { CandidateOptions } from './candidates';
import { parameterShapes, type ModelConfig } from './network';
import type { DomainSpec } from './domain';
import type { HeuristicSpec } from './heuristic';
import type { SelectionRule } from './selection';
import type { NewLinkMix } from './newLinkMix';
import type { IsotonicMap } from './calibration';

export const MANIFEST_FORMAT = 'defi-contagion-forecaster';
export const MANIFEST_VERSION = 1;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface SplitInfo {
  /** Index and date of the last week whose values can be a training target. */
  trainEnd: number;
  trainEndDate: string;
  /** Last week that can be a validation target. */
  valEnd: number;
  valEndDate: string;
  /** Test targets are the weeks after valEnd up to the last week. */
  lastWeek: number;
  lastWeekDate: string;
}

export interface ModelManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_VERSION;
  config: ModelConfig;
  horizons: number[];
  features: string[];
  pairFeatures: string[];
  norm: FeatureNorm;
  candidates: CandidateOptions & { nearestPerNode: number; shortlistSize: number };
  /** Added to every exists-logit before the sigmoid: −ln(positive weight) undoes the up-weighting of positives. */
  logitOffset: number;
  /** Platt scaling σ(a·z + b) of the offset logit z per horizon, fitted on the validation weeks' forecast candidates. */
  calibration?: {
    method: 'platt' | 'platt+new-link' | 'platt+new-link+isotonic';
    /** σ(a·z + b [+ c₀·absent + c₁·absent·evidence₀ + c₂·absent·evidence₁]) per horizon. */
    horizons: Record<string, { a: number; b: number; c?: number[] }>;
    fitted_on: string;
    /** Validation RMSE of Δlog(1+TVL) over protocols per horizon (TVL spread of sampled graphs). */
    node_sd?: Record<string, number>;
    /**
     * USD scale of predicted edge weights per horizon: the network predicts a typical (median-like)
     * log-weight, whose exponential understates USD sums; the validation ratio Σ realized USD ÷
     * Σ predicted USD over realized candidate edges (geometric mean over anchors) corrects it.
     */
    weight_scale?: Record<string, number>;
    /** The new-link score's mix α·sector popularity + (1 − α)·two-hop, learned on the training weeks. */
    new_link_mix?: NewLinkMix;
    /**
     * Pairs absent now: a monotone map of the calibrated probability per horizon (isotonic
     * regression on the validation weeks' absent forecast candidates).
     */
    absent_isotonic?: Record<string, IsotonicMap>;
    /** Validation-only check of that map: fitted on half the validation anchors, measured on the other half. */
    absent_isotonic_check?: Record<string, { before: number; after: number }>;
  };
  /** The input domain fitted on the training weeks (see domain.ts). */
  domain?: DomainSpec;
  /** The network-free baseline, fitted on the training weeks (see heuristic.ts). */
  heuristic?: HeuristicSpec;
  /** The forecast graph's selection rule per horizon, chosen on the validation weeks (see selection.ts). */
  forecast_graph?: {
    rules: Record<string, SelectionRule>;
    heuristic_rules: Record<string, SelectionRule>;
    /** Validation edge errors (missed + spurious, summed over anchors) per rule. */
    errors: Record<string, Record<string, { model: number; heuristic: number }>>;
    fitted_on: string;
  };
  /** Split-conformal widening of the sampled stress band per horizon and scenario, fitted on the validation weeks. */
  stress_band?: {
    widen: Record<string, Record<string, number>>;
    rule: string;
    perimeter: string;
    threshold: number;
    samples: number;
    /** Validation cases and coverage of the raw and the widened band (in-sample for the latter). */
    validation: Record<string, Record<string, { cases: number; raw: number; calibrated: number }>>;
    fitted_on: string;
  };
  weightsFile: string;
  weightSpecs: WeightSpec[];
  byteLength: number;
  sha256: string;
  training: Record<string, unknown> & { seed: number };
  data: Record<string, unknown> & { split?: SplitInfo };
}

export function weightSpecs(c: ModelConfig): WeightSpec[] {
  return parameterShapes(c).map(([name, shape]) => ({ name, shape, dtype: 'float32' }));
}

/** Concatenate the parameter values in spec order. */
export function encodeWeights(specs: WeightSpec[], values: Map<string, Float32Array>): Uint8Array {
  const total = specs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const s of specs) {
    const v = values.get(s.name);
    const size = s.shape.reduce((x, y) => x * y, 1);
    if (!v || v.length !== size) throw new Error(`model weights: parameter ${s.name} missing or of the wrong size`);
    all.set(v, offset);
    offset += size;
  }
  // Float32Array is platform-endian; every platform tfjs runs on is little-endian.
  return new Uint8Array(all.buffer);
}

export function decodeWeights(specs: WeightSpec[], bytes: ArrayBuffer): Map<string, Float32Array> {
  const total = specs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
  if (bytes.byteLength !== total * 4) {
    throw new Error(`model weights: weights.bin has ${bytes.byteLength} bytes, the manifest describes ${total * 4}`);
  }
  const all = new Float32Array(bytes.slice(0));
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const s of specs) {
    const size = s.shape.reduce((x, y) => x * y, 1);
    out.set(s.name, all.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // Copy into a fresh ArrayBuffer: subtle.digest rejects views on shared or offset buffers in some engines.
  const copy = new Uint8Array(view.byteLength);
  copy.set(view);
  const subtle = globalThis.crypto?.subtle;
  // WebCrypto exists only in secure contexts (https, localhost); an offline copy served over plain
  // http on a LAN address still verifies its weights with the audited pure-JS hash.
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', copy.buffer)) : sha256(copy);
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** Check the manifest's shape enough to give a clear error instead of a crash later. */
export function validateManifest(json: unknown): ModelManifest {
  const m = json as Partial<ModelManifest> | null;
  if (!m || typeof m !== 'object') throw new ModelFileError('model manifest: not a JSON object');
  if (m.format !== MANIFEST_FORMAT)
    throw new ModelFileError(`model manifest: format is "${String(m.format)}", expected "${MANIFEST_FORMAT}"`);
  if (m.formatVersion !== MANIFEST_VERSION)
    throw new ModelFileError(
      `model manifest: formatVersion ${String(m.formatVersion)} is not supported (expected ${MANIFEST_VERSION})`,
    );
  if (!m.config || !Array.isArray(m.weightSpecs) || typeof m.sha256 !== 'string' || !m.norm) {
    throw new ModelFileError('model manifest: missing config, weightSpecs, norm or sha256');
  }
  const expected = weightSpecs(m.config);
  const names = m.weightSpecs.map((s) => `${s.name}:${s.shape.join('x')}`).join(',');
  if (names !== expected.map((s) => `${s.name}:${s.shape.join('x')}`).join(',')) {
    throw new ModelFileError(
      'model manifest: weightSpecs do not match the model definition of this version of the code',
    );
  }
  return m as ModelManifest;
}
