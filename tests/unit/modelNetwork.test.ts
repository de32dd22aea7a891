import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initNodeBackend } from '../../src/model/node';
import { makeHistory } from './modelHistory';
import { testManifest, TEST_CANDIDATES } from './modelManifest';
import { computeNorm } from '../../src/model/features';
import { PAIR_FEATURE_COUNT } from '../../src/model/pairs';
import {
  DEFAULT_CONFIG,
  encode,
  graphTensors,
  disposeGraphTensors,
  initialValues,
  linkHead,
  nodeHead,
  paramsFromValues,
  type ModelConfig,
} from '../../src/model/network';
import { forecast, modelFromValues, prepareAnchor, HORIZONS } from '../../src/model/forecast';
import type { ModelManifest } from '../../src/model/weights';
import { buildTrainSample, createTrainer, DEFAULT_TRAIN_OPTIONS, sampleLoss } from '../../src/model/train';
import { chooseBackend } from '../../src/model/backend';

const config: ModelConfig = { ...DEFAULT_CONFIG, window: 4, hidden: 16, headHidden: 16 };
const history = makeHistory({ protocols: 24, weeks: 18, absent: { id: 'p3', weeks: [15, 16] } });
const norm = computeNorm(history.weeks, 10);
const candidates = TEST_CANDIDATES;

function networkManifest(): ModelManifest {
  return testManifest(config, norm);
}

describe('forecaster network', () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  it('chooseBackend picks cpu in Node', async () => {
    expect(await chooseBackend()).toBe('cpu');
  });

  it('forward pass has the right shapes and finite outputs', () => {
    const params = paramsFromValues(config, initialValues(config, 3));
    const data = prepareAnchor({ config, norm, candidates }, history.weeks, 17);
    const n = data.win.n;
    const P = data.pairs.src.length;
    tf.tidy(() => {
      const g = graphTensors(config, data.inputs);
      const h = encode(config, params, g);
      expect(h.shape).toEqual([n, config.hidden]);
      const out = linkHead(
        params,
        h,
        tf.tensor1d(data.pairs.src, 'int32'),
        tf.tensor1d(data.pairs.dst, 'int32'),
        tf.zeros([P, PAIR_FEATURE_COUNT]),
        {
          logWeightMean: norm.logWeightMean,
          logWeightStd: norm.logWeightStd,
          absent: tf.ones([P, 1]),
        },
      );
      expect(out.logits.shape).toEqual([P, 4]);
      expect(out.residual.shape).toEqual([P, 4]);
      const delta = nodeHead(params, h, g);
      expect(delta.shape).toEqual([n, 4]);
      for (const t of [h, out.logits, out.residual, delta])
        expect(Array.from(t.dataSync()).every(Number.isFinite)).toBe(true);
      disposeGraphTensors(g);
    });
    tf.dispose(Object.values(params));
  });

  it('forecasts every horizon, masks a single week and leaks no tensor', async () => {
    const model = modelFromValues(networkManifest(), initialValues(config, 5));
    const baseline = tf.memory().numTensors;
    const results = await forecast(model, history);
    expect(tf.memory().numTensors).toBe(baseline);
    expect(results.map((r) => r.horizon)).toEqual([...HORIZONS]);
    const last = history.weeks[history.weeks.length - 1];
    for (const r of results) {
      expect(r.snapshot.n).toBe(last.n);
      expect(r.snapshot.ids).toEqual(last.ids);
      expect(r.snapshot.provenance.synthetic).toBe(true);
      expect(r.edgeProbability.length).toBe(r.snapshot.edges.m);
      // The expected-count graph: round(Σp) edges, every kept pair at least as likely as every dropped one.
      expect(r.snapshot.edges.m).toBe(Math.round(r.candidates.probability.reduce((a, b) => a + b, 0)));
      expect(Array.from(r.edgeProbability).every((p) => p >= r.threshold && p <= 1)).toBe(true);
      const kept = r.snapshot.edges.m;
      const above = Array.from(r.candidates.probability).filter((p) => p > r.threshold).length;
      expect(above).toBeLessThanOrEqual(kept);
      expect(Array.from(r.snapshot.tvl).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      expect(Array.from(r.snapshot.edges.weight).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      for (const e of r.vanishedEdges) expect(e).toBeLessThan(last.edges.m);
    }
    const single = await forecast(model, [last], [4]);
    expect(single).toHaveLength(1);
    expect(single[0].snapshot.n).toBe(last.n);
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });

  it("puts the forecast graph's USD weights on the manifest's weight scale, and nothing else", async () => {
    const values = initialValues(config, 5);
    const plain = modelFromValues(networkManifest(), values);
    const scales = { '1': 2, '4': 0.5, '8': 1, '12': 3 };
    const scaled = modelFromValues(
      {
        ...networkManifest(),
        calibration: { method: 'platt', horizons: {}, fitted_on: 'test', weight_scale: scales },
      },
      values,
    );
    const [a, b] = [await forecast(plain, history), await forecast(scaled, history)];
    for (let k = 0; k < a.length; k++) {
      const s = scales[String(a[k].horizon) as keyof typeof scales];
      // Same graph (edges, probabilities, TVLs); each weight expm1(lw) becomes s · expm1(lw).
      expect(Array.from(b[k].snapshot.edges.source)).toEqual(Array.from(a[k].snapshot.edges.source));
      expect(Array.from(b[k].snapshot.edges.target)).toEqual(Array.from(a[k].snapshot.edges.target));
      expect(Array.from(b[k].snapshot.tvl)).toEqual(Array.from(a[k].snapshot.tvl));
      for (let e = 0; e < a[k].snapshot.edges.m; e++) {
        const w = a[k].snapshot.edges.weight[e];
        // Relative: the log-weights are float32 (≈1e-7 of a log of up to ≈25).
        expect(Math.abs(b[k].snapshot.edges.weight[e] - s * w)).toBeLessThanOrEqual(1e-5 * (1 + s * w));
      }
    }
    plain.dispose();
    scaled.dispose();
  });

  it('a few training steps lower the loss on a tiny history', () => {
    const opts = { ...DEFAULT_TRAIN_OPTIONS, config, learningRate: 5e-3, seed: 11 };
    const samples = [8, 9, 10].map((t) =>
      buildTrainSample({ config, norm, candidates }, history.weeks, t, 14, opts, t)!,
    );
    const trainer = createTrainer(config, norm, opts);
    const lossOf = () =>
      tf.tidy(() =>
        samples.reduce((a, s) => a + sampleLoss(config, norm, trainer.variables, s, opts).total.dataSync()[0], 0),
      );
    const before = lossOf();
    for (let epoch = 0; epoch < 6; epoch++) for (const s of samples) trainer.step(s);
    const after = lossOf();
    expect(after).toBeLessThan(before);
    // Same seed, same steps → bit-identical weights (training is reproducible).
    const again = createTrainer(config, norm, opts);
    for (let epoch = 0; epoch < 6; epoch++) for (const s of samples) again.step(s);
    const [a, b] = [trainer.values(), again.values()];
    for (const [name, v] of a) expect(Array.from(b.get(name)!)).toEqual(Array.from(v));
    trainer.dispose();
    again.dispose();
  });
});
