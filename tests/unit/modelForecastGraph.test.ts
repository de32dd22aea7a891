import { describe, expect, it } from 'vitest';
import { tinySnapshot } from './fixtures';
import { applyPlatt, expectedCalibrationError, fitLogistic, fitPlatt, logit } from '../../src/model/calibration';
import {
  carryHoldings,
  expectedCountSelection,
  quantile,
  sampleSelection,
  snapshotFromSelection,
  stressBand,
  type ScoredPairs,
} from '../../src/model/forecastGraph';
import { candidateRecall } from '../../src/model/candidates';
import { graphErrorCounts, subsetMetrics } from '../../src/model/evaluate';
import { mulberry32 } from '../../src/model/rng';
import { runContagion } from '../../src/core/contagion';

describe('Platt calibration', () => {
  it('recovers known a, b from labels drawn from σ(a·z + b)', () => {
    const random = mulberry32(11);
    const a = 0.6;
    const b = -1.3;
    const z: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 40000; i++) {
      const x = random() * 12 - 6;
      z.push(x);
      y.push(random() < applyPlatt(x, { a, b }) ? 1 : 0);
    }
    const fit = fitPlatt(z, y);
    expect(fit.a).toBeCloseTo(a, 1);
    expect(fit.b).toBeCloseTo(b, 1);
    // Calibrated probabilities have a small ECE; the raw σ(z) ones do not.
    const raw = z.map((x) => applyPlatt(x, { a: 1, b: 0 }));
    const cal = z.map((x) => applyPlatt(x, fit));
    expect(expectedCalibrationError(cal, y).ece).toBeLessThan(0.02);
    expect(expectedCalibrationError(raw, y).ece).toBeGreaterThan(0.1);
  });

  it('computes ECE by hand on equal-width bins', () => {
    // Bin [0, 0.5): p 0.2, 0.2 with one positive → |0.2 − 0.5| = 0.3; bin [0.5, 1): p 0.9 positive → 0.1.
    const { ece, bins } = expectedCalibrationError([0.2, 0.2, 0.9], [1, 0, 1], 2);
    expect(ece).toBeCloseTo((2 / 3) * 0.3 + (1 / 3) * 0.1, 12);
    expect(bins.map((x) => x.count)).toEqual([2, 1]);
    expect(logit(0.5)).toBe(0);
  });
});

describe('forecast graphs', () => {
  it('keeps the top round(Σp) pairs, not p ≥ 0.5', () => {
    // Σp = 2.2 → 2 pairs: the two most likely, though one is below 0.5.
    expect([...expectedCountSelection([0.9, 0.45, 0.05, 0.4, 0.4])]).toEqual([0, 1]);
    // Many small probabilities: Σp = 2 → two pairs even though none reaches 0.5.
    expect(expectedCountSelection(new Array(10).fill(0.2)).length).toBe(2);
    expect(expectedCountSelection([]).length).toBe(0);
  });

  it('samples Bernoulli draws reproducibly', () => {
    const p = Array.from({ length: 2000 }, (_, i) => (i % 10) / 10);
    const a = sampleSelection(p, mulberry32(5));
    const b = sampleSelection(p, mulberry32(5));
    expect([...a]).toEqual([...b]);
    // Never draws p = 0, about Σp pairs in all.
    expect([...a].every((i) => p[i] > 0)).toBe(true);
    expect(Math.abs(a.length - 900)).toBeLessThan(100);
  });

  const base = () =>
    tinySnapshot(
      [
        { id: 'A', tvl: 100 },
        { id: 'B', tvl: 80 },
        { id: 'C', tvl: 60 },
        { id: 'D', tvl: 40 },
      ],
      [
        ['A', 'B', 30],
        ['B', 'C', 20],
        ['C', 'D', 10],
      ],
      {
        holdings: [
          ['A', 'tB', 30],
          ['B', 'tC', 20],
          ['C', 'tD', 10],
          ['D', 'tX', 5],
        ],
        tokens: { tB: 'B', tC: 'C', tD: 'D', tX: null },
      },
    );

  it('carries holdings onto the forecast: scaled with their edge, dropped with it, kept without one', () => {
    const last = base();
    // Forecast: A→B doubles, B→C dropped, C→D unchanged, new A→C.
    const h = carryHoldings(last, {
      m: 3,
      source: Int32Array.from([0, 2, 0]),
      target: Int32Array.from([1, 3, 2]),
      weight: Float64Array.from([60, 10, 7]),
    });
    const rows = [...h.node].map((node, i) => `${last.ids[node]}:${last.tokens.symbols[h.token[i]]}:${h.usd[i]}`);
    expect(rows).toEqual(['A:tB:60', 'C:tD:10', 'D:tX:5']);
  });

  it('lets a token shock hit the forecast graph through the carried holdings', () => {
    const last = base();
    const pairs: ScoredPairs = {
      src: Int32Array.from([0, 1, 2]),
      dst: Int32Array.from([1, 2, 3]),
      probability: Float32Array.from([0.9, 0.9, 0.9]),
      logWeight: Float32Array.from([Math.log1p(30), Math.log1p(20), Math.log1p(10)]),
    };
    const s = snapshotFromSelection(last, pairs, [0, 1, 2], last.tvl, { horizon: 1, date: '2025-01-13', notes: '' });
    expect(s.holdings.count).toBe(4);
    const r = runContagion(s, [{ kind: 'token', symbol: 'tB', fraction: 0.5 }], { threshold: 0.1 });
    expect(r.totalLoss).toBeGreaterThan(0);
  });

  it('gives an ordered, seeded stress band', () => {
    const last = base();
    const pairs: ScoredPairs = {
      src: Int32Array.from([0, 1, 2, 0]),
      dst: Int32Array.from([1, 2, 3, 3]),
      probability: Float32Array.from([0.8, 0.6, 0.5, 0.3]),
      logWeight: Float32Array.from([Math.log1p(30), Math.log1p(20), Math.log1p(10), Math.log1p(15)]),
    };
    const lossOf = (s: typeof last) => runContagion(s, [{ kind: 'protocol', id: 'D', fraction: 1 }]).totalLossPct;
    const meta = { horizon: 4, date: '2025-02-03', notes: '' };
    const band = stressBand(last, pairs, last.tvl, meta, lossOf, { samples: 32, seed: 3 });
    expect(band.samples).toBe(32);
    expect(band.p10).toBeLessThanOrEqual(band.median);
    expect(band.median).toBeLessThanOrEqual(band.p90);
    // Uncertain edges: the draws differ, so the band has width.
    expect(band.p90).toBeGreaterThan(band.p10);
    expect(stressBand(last, pairs, last.tvl, meta, lossOf, { samples: 32, seed: 3 })).toEqual(band);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

describe('evaluation subsets', () => {
  it('scores new and vanished subsets, operating points and graph errors on a hand case', () => {
    // Four candidate new pairs; two appear. Model ranks them first; smoothed persistence ranks one.
    const labels = [1, 0, 1, 0];
    const m = subsetMetrics(
      labels,
      { model: [0.9, 0.1, 0.8, 0.2], persistence: [0, 0, 0, 0], smoothed: [0, 0, 0.5, 0] },
      { model: [1, 0, 0, 0], persistence: [0, 0, 0, 0], smoothed: [0, 0, 1, 0] },
    );
    expect(m.base_rate).toBe(0.5);
    expect(m.model.auprc).toBe(1);
    // Persistence gives every pair the same score: AUPRC = base rate, nothing predicted.
    expect(m.persistence.auprc).toBe(0.5);
    expect(m.persistence.recall).toBe(0);
    expect(Number.isNaN(m.persistence.precision)).toBe(true);
    expect(m.model.precision).toBe(1);
    expect(m.model.recall).toBe(0.5);
    // Smoothed: pair 2 first (positive), then the three tied at 0 (one positive): 1·0.5 + 0.5·0.5.
    expect(m.smoothed_persistence.auprc).toBeCloseTo(0.75, 12);

    const realized = new Map([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(graphErrorCounts(new Set([1, 2, 4]), realized)).toEqual({ missed: 1, spurious: 1, total: 2 });
  });

  it('measures candidate recall over realized new edges only', () => {
    const now = new Map([[1, 5]]);
    const future = new Map([
      [1, 5], // persists: not a new edge
      [2, 3],
      [3, 3],
    ]);
    expect(candidateRecall(new Set([1, 2]), now, future)).toEqual({ recall: 0.5, covered: 1, realized: 2 });
  });
});

describe('logistic calibration with new-link terms', () => {
  it('recovers known weights of σ(w·x) from sampled labels', () => {
    const random = mulberry32(21);
    const truth = [0.8, -2, 1.5];
    const cols: number[][] = [[], [], []];
    const y: number[] = [];
    for (let i = 0; i < 30000; i++) {
      const x = [random() * 8 - 4, 1, random() < 0.5 ? 1 : 0];
      x.forEach((v, j) => cols[j].push(v));
      y.push(random() < 1 / (1 + Math.exp(-(truth[0] * x[0] + truth[1] + truth[2] * x[2]))) ? 1 : 0);
    }
    const w = fitLogistic(cols, y, [1, 0, 0]);
    w.forEach((v, j) => expect(v).toBeCloseTo(truth[j], 1));
  });
});
