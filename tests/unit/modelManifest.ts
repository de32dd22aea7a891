// A model manifest for tests that build a model from initial values (not a test file itself):
// the fixed fields every such manifest carries, plus what a test adds (domain, heuristic…).
import { FEATURE_NAMES, type FeatureNorm } from '../../src/model/features';
import { DEFAULT_CANDIDATES } from '../../src/model/candidates';
import type { ModelConfig } from '../../src/model/network';
import { weightSpecs, type ModelManifest } from '../../src/model/weights';

export const TEST_CANDIDATES = { ...DEFAULT_CANDIDATES, nearestPerNode: 2, shortlistSize: 16 };

export function testManifest(
  config: ModelConfig,
  norm: FeatureNorm,
  extra: Partial<ModelManifest> = {},
): ModelManifest {
  return {
    format: 'defi-contagion-forecaster',
    formatVersion: 1,
    config,
    horizons: config.horizons,
    features: FEATURE_NAMES,
    pairFeatures: [],
    norm,
    candidates: TEST_CANDIDATES,
    logitOffset: -Math.log(2),
    weightsFile: 'weights.bin',
    weightSpecs: weightSpecs(config),
    byteLength: 0,
    sha256: 'test',
    training: { seed: 1 },
    data: {},
    ...extra,
  };
}
