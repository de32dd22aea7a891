import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { initNodeBackend } from '../../src/model/node';
import { DEFAULT_CONFIG, initialValues } from '../../src/model/network';
import { computeNorm, FEATURE_NAMES } from '../../src/model/features';
import { DEFAULT_CANDIDATES } from '../../src/model/candidates';
import { encodeWeights, sha256Hex, weightSpecs, type ModelManifest } from '../../src/model/weights';
import { forecast, loadModel, HORIZONS } from '../../src/model/forecast';
import { parseDatasetText } from '../../src/core/snapshot';
import { makeHistory } from './modelHistory';

async function files(map: Map<string, ArrayBuffer | string>) {
  return async (path: string) => {
    const v = map.get(path);
    if (v === undefined) throw new Error(`not found: ${path}`);
    return v;
  };
}

async function savedModel() {
  const config = DEFAULT_CONFIG;
  const values = initialValues(config, 21);
  const specs = weightSpecs(config);
  const bytes = encodeWeights(specs, values);
  const history = makeHistory({ protocols: 12, weeks: 10 });
  const manifest: ModelManifest = {
    format: 'defi-contagion-forecaster',
    formatVersion: 1,
    config,
    horizons: config.horizons,
    features: FEATURE_NAMES,
    pairFeatures: [],
    norm: computeNorm(history.weeks, 6),
    candidates: { ...DEFAULT_CANDIDATES, nearestPerNode: 2, shortlistSize: 8 },
    logitOffset: 0,
    weightsFile: 'weights.bin',
    weightSpecs: specs,
    byteLength: bytes.byteLength,
    sha256: await sha256Hex(bytes),
    training: { seed: 21 },
    data: {},
  };
  return { values, bytes, manifest, history };
}

describe('model files', () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  it('round-trips weights through manifest + binary with the SHA-256 checked', async () => {
    const { values, bytes, manifest } = await savedModel();
    const map = new Map<string, ArrayBuffer | string>([
      ['m/manifest.json', JSON.stringify(manifest)],
      ['m/weights.bin', bytes.slice().buffer],
    ]);
    const model = await loadModel(await files(map), 'm/');
    expect(model.version).toBe(manifest.sha256);
    for (const [name, v] of values) expect(Array.from(model.params[name].dataSync())).toEqual(Array.from(v));
    model.dispose();
  });

  it('rejects a corrupted binary with a clear error', async () => {
    const { bytes, manifest } = await savedModel();
    const corrupted = bytes.slice();
    corrupted[100] ^= 0xff;
    const map = new Map<string, ArrayBuffer | string>([
      ['m/manifest.json', JSON.stringify(manifest)],
      ['m/weights.bin', corrupted.buffer],
    ]);
    await expect(loadModel(await files(map), 'm/')).rejects.toThrow(/corrupted.*SHA-256/);
    const truncated = new Map(map).set('m/weights.bin', bytes.slice(0, 64).buffer);
    await expect(loadModel(await files(truncated), 'm/')).rejects.toThrow(/SHA-256/);
    const wrongFormat = new Map(map).set('m/manifest.json', JSON.stringify({ ...manifest, format: 'other' }));
    await expect(loadModel(await files(wrongFormat), 'm/')).rejects.toThrow(/format/);
  });

  it('the committed models/ weights load and forecast the public synthetic history', async () => {
    const read = async (path: string) => {
      const buf = await readFile(path);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    };
    const model = await loadModel(read, 'models/');
    const manifest = JSON.parse(await readFile('models/manifest.json', 'utf8')) as ModelManifest;
    expect(model.version).toBe(manifest.sha256);
    expect(manifest.byteLength).toBeLessThanOrEqual(5 * 1024 * 1024);
    const dataset = parseDatasetText(await readFile('public/data/synthetic-history.json', 'utf8'), {
      fileName: 'synthetic-history.json',
    });
    const baseline = tf.memory().numTensors;
    const results = await forecast(model, dataset);
    expect(tf.memory().numTensors).toBe(baseline);
    const last = dataset.weeks[dataset.weeks.length - 1];
    expect(results.map((r) => r.horizon)).toEqual([...HORIZONS]);
    for (const r of results) {
      expect(r.snapshot.n).toBe(last.n);
      // A trained model keeps most of a persistent graph.
      expect(r.snapshot.edges.m).toBeGreaterThan(last.edges.m * 0.5);
      expect(Array.from(r.snapshot.tvl).every(Number.isFinite)).toBe(true);
    }
    model.dispose();
  });
});

describe('sha256Hex without WebCrypto (plain-http offline copies)', () => {
  it('gives the same digest as WebCrypto', async () => {
    const { sha256Hex } = await import('../../src/model/weights');
    const bytes = new TextEncoder().encode('abc');
    const withSubtle = await sha256Hex(bytes);
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      // FIPS 180-2 test vector for "abc".
      expect(await sha256Hex(bytes)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    } finally {
      if (saved) Object.defineProperty(globalThis, 'crypto', saved);
    }
    expect(withSubtle).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
