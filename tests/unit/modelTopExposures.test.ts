// Ranked new / vanishing exposures (topExposures.ts) and their precision@k (precisionAtK.ts), on
// hand-built forecasts with hand-computed orders and USD.
import { describe, expect, it } from 'vitest';
import { tinySnapshot } from './fixtures';
import type { ForecastResult } from '../../src/model/forecast';
import {
  describePrecision,
  exposureCsvRows,
  measuredPrecision,
  rankExposures,
  topIndices,
} from '../../src/model/topExposures';
import { exposurePools, RankedListAccumulator, TopExposureAccumulator } from '../../src/model/precisionAtK';
import type { Snapshot } from '../../src/core/types';
import { mulberry32 } from '../../src/model/rng';

// A, B, C hold; X, Y issue. Now: A→X $100, B→X $50, A→Y $10.
const last = tinySnapshot(
  [
    { id: 'A', tvl: 1000 },
    { id: 'B', tvl: 500 },
    { id: 'C', tvl: 300 },
    { id: 'X', tvl: 800 },
    { id: 'Y', tvl: 400, name: 'Yield Y' },
  ],
  [
    ['A', 'X', 100],
    ['B', 'X', 50],
    ['A', 'Y', 10],
  ],
);

function fakeResult(week: Snapshot, inDomain = true): ForecastResult {
  const at = (id: string) => week.ids.indexOf(id);
  // [holder, issuer, p, predicted USD if it exists]
  const pairs: [string, string, number, number][] = [
    ['A', 'X', 0.9, 100], // vanish: (1 − 0.9) × 100 = 10
    ['B', 'X', 0.5, 50], // vanish: 0.5 × 50 = 25
    ['A', 'Y', 0.25, 10], // vanish: 0.75 × 10 = 7.5
    ['B', 'Y', 0.5, 200], // new: 0.5 × 200 = 100
    ['C', 'X', 0.75, 100], // new: 75
    ['C', 'Y', 0.125, 2000], // new: 250
  ];
  return {
    horizon: 4,
    snapshot: { ...week, date: '2025-02-03' },
    edgeProbability: new Float32Array(0),
    newEdges: [],
    vanishedEdges: [],
    candidates: {
      src: Int32Array.from(pairs.map((p) => at(p[0]))),
      dst: Int32Array.from(pairs.map((p) => at(p[1]))),
      probability: Float32Array.from(pairs.map((p) => p[2])),
      logWeight: Float32Array.from(pairs.map((p) => Math.log1p(p[3]))),
    },
    expectedEdges: 0,
    threshold: 0,
    tvlSd: 0,
    ms: 0,
    selection: 'expected-count',
    domain: {
      inDomain,
      historyWeeks: inDomain ? 8 : 1,
      window: 8,
      outOfRange: 0,
      protocols: 5,
      worstFeatures: [],
      reason: inDomain ? 'in domain' : '1 week of history, the model reads 8',
    },
  };
}

describe('ranked exposures', () => {
  it('ranks new pairs by p × predicted USD and present edges by (1 − p) × current USD', () => {
    const lists = rankExposures(fakeResult(last), last, 10);
    expect(lists.pool).toEqual({ new: 3, vanishing: 3 });
    expect(lists.new.map((r) => `${r.holder}→${r.issuer}`)).toEqual(['C→Y', 'B→Y', 'C→X']);
    expect(lists.new.map((r) => r.usd)).toEqual([250, 100, 75].map((x) => expect.closeTo(x, 2)));
    expect(lists.new[0]).toMatchObject({ rank: 1, issuerName: 'Yield Y', probability: 0.125 });
    expect(lists.new[0].baseUsd).toBeCloseTo(2000, 2);
    expect(lists.vanishing.map((r) => `${r.holder}→${r.issuer}`)).toEqual(['B→X', 'A→X', 'A→Y']);
    expect(lists.vanishing.map((r) => r.usd)).toEqual([25, 10, 7.5].map((x) => expect.closeTo(x, 4)));
    // Vanishing rows: p is the probability of being gone, base USD the USD held now.
    expect(lists.vanishing[1].probability).toBeCloseTo(0.1, 6);
    expect(lists.vanishing[1].baseUsd).toBe(100);
    expect(rankExposures(fakeResult(last), last, 2).new.map((r) => r.rank)).toEqual([1, 2]);
  });

  it('lists one protocol as holder and as issuer', () => {
    const asHolder = rankExposures(fakeResult(last), last, 10, { kind: 'holder', id: 'C' });
    expect(asHolder.new.map((r) => r.issuer)).toEqual(['Y', 'X']);
    expect(asHolder.vanishing).toEqual([]);
    const asIssuer = rankExposures(fakeResult(last), last, 10, { kind: 'issuer', id: 'X' });
    expect(asIssuer.new.map((r) => r.holder)).toEqual(['C']);
    expect(asIssuer.vanishing.map((r) => r.holder)).toEqual(['B', 'A']);
    expect(() => rankExposures(fakeResult(last), last, 10, { kind: 'holder', id: 'nope' })).toThrow(/no node nope/);
  });

  it('says on the rows when the input is out of domain', () => {
    const out = rankExposures(fakeResult(last, false), last, 3);
    expect(out.inDomain).toBe(false);
    expect(out.note).toMatch(/OUT OF DOMAIN: 1 week of history.*the model's forecast.*does not apply/);
    expect(rankExposures(fakeResult(last), last, 3).note).not.toMatch(/OUT OF DOMAIN/);
    const csv = exposureCsvRows(out, (s) => s);
    expect(csv).toHaveLength(6);
    expect(csv[0].slice(0, 6)).toEqual(['new', 1, 'C', 'C', 'Y', 'Yield Y']);
    expect(csv[0][8]).toBe(250);
    expect(csv[0].slice(-2)).toEqual(['no', 'SYNTHETIC data (unit test)']);
  });

  it('breaks ties by index and takes at most k', () => {
    expect(topIndices([1, 3, 3, 2], [0, 1, 2, 3], 3)).toEqual([1, 2, 3]);
    expect(topIndices([1, 3, 3, 2], [3, 0], 5)).toEqual([3, 0]);
    // Long pools take the one-pass path: the same indices as a full sort, ties by index.
    const random = mulberry32(3);
    const values = Array.from({ length: 400 }, () => Math.floor(random() * 20));
    const pool = Array.from({ length: 300 }, (_, j) => 399 - j); // pool order is not index order
    const sorted = [...pool].sort((a, b) => values[b] - values[a] || a - b);
    for (const k of [1, 7, 20]) expect(topIndices(values, pool, k)).toEqual(sorted.slice(0, k));
    expect(topIndices(values, pool, 0)).toEqual([]);
  });
});

describe('precision@k of ranked lists', () => {
  it('pools hits and ranked USD over anchors, overall and per holder', () => {
    const acc = new RankedListAccumulator([2], 2);
    acc.add({
      holder: [0, 0, 0, 1, 1],
      hit: [1, 0, 1, 0, 1],
      values: { model: [5, 1, 4, 2, 3], baseline: [1, 2, 3, 5, 4] },
    });
    acc.add({ holder: [2], hit: [1], values: { model: [1], baseline: [1] } });
    const r = acc.report();
    expect(r.pool).toBe(6);
    expect(r.realized).toBe(4);
    expect(r.base_rate).toBeCloseTo(4 / 6, 12);
    // Top 2: model lists pairs 0, 2 (both hits) then the single pair of anchor 2 (a hit).
    expect(r.overall['2'].model).toEqual({ lists: 2, listed: 3, hits: 3, precision: 1, usd_precision: 1 });
    // Baseline lists 3 (miss, $5) and 4 (hit, $4), then anchor 2's pair (hit, $1).
    expect(r.overall['2'].baseline.precision).toBeCloseTo(2 / 3, 12);
    expect(r.overall['2'].baseline.usd_precision).toBeCloseTo(5 / 10, 12);
    expect(r.overall['2'].heuristic).toBeUndefined();
    // Per holder (≥ 2 pairs): holders 0 and 1 of anchor 1; holder 2 has one pair.
    expect(r.per_holder.lists).toBe(2);
    expect(r.per_holder.base_rate).toBeCloseTo(3 / 5, 12);
    expect(r.per_holder.model.hits).toBe(3);
    expect(r.per_holder.model.precision).toBeCloseTo(3 / 4, 12);
    expect(r.per_holder.model.usd_precision).toBeCloseTo(12 / 14, 12);
    expect(r.per_holder.baseline.precision).toBeCloseTo(2 / 4, 12);
    expect(r.per_holder.baseline.usd_precision).toBeCloseTo(7 / 14, 12);
  });

  it("scores an anchor's pools: model USD on the weight scale, smoothed persistence, heuristic", () => {
    // n = 3; window of two weeks: 0→2 held last week only, 1→2 held both weeks ($100 now).
    const key = (p: number, q: number) => p * 3 + q;
    const maps = [
      new Map([
        [key(0, 2), 7],
        [key(1, 2), 90],
      ]),
      new Map([[key(1, 2), 100]]),
    ];
    const input = {
      n: 3,
      src: Int32Array.from([0, 1]),
      dst: Int32Array.from([2, 2]),
      // Two horizons per pair; the second column is read.
      probability: [0.9, 0.5, 0.9, 0.75],
      logWeight: [0, Math.log1p(10), 0, 0],
      heuristic: [0, 0.25, 0, 0.5],
      stride: 2,
      column: 1,
      scale: 2,
      maps,
      future: new Map([[key(0, 2), 5]]),
      kinds: ['protocol', 'protocol', 'protocol'],
    };
    const { new: fresh, vanishing } = exposurePools(input);
    // New 0→2: p 0.5 × expm1(log1p(2 × 10)) = 10; it appears.
    expect(fresh.hit).toEqual([1]);
    expect(fresh.values.model![0]).toBeCloseTo(10, 9);
    // Smoothed persistence: (1 week held + 1/3 of protocols hold issuer 2) / (2 + 1) = 4/9.
    expect(fresh.values.baseline![0]).toBeCloseTo(4 / 9, 12);
    expect(fresh.values.heuristic![0]).toBe(0.25);
    // Vanishing 1→2 ($100 now): gone at t+h; at risk (1 − 0.75) × 100, baseline (1 − 7/9) × 100, heuristic 0.5 × 100.
    expect(vanishing.hit).toEqual([1]);
    expect(vanishing.values.model![0]).toBeCloseTo(25, 9);
    expect(vanishing.values.baseline![0]).toBeCloseTo((2 / 9) * 100, 9);
    expect(vanishing.values.heuristic![0]).toBeCloseTo(50, 9);
    const acc = new TopExposureAccumulator();
    acc.add(input);
    const report = acc.report();
    expect(report.new.overall['10'].model).toMatchObject({ listed: 1, hits: 1 });
    expect(report.vanishing.base_rate).toBe(1);
    expect(report.new.per_holder.lists).toBe(0);
  });

  it('reads the measured precision from an evaluation, or says it is not measured', () => {
    const acc = new RankedListAccumulator([10, 50], 5);
    acc.add({
      holder: [0, 0, 0, 0, 0, 1],
      hit: [1, 1, 0, 0, 0, 1],
      values: { model: [6, 5, 4, 3, 2, 1], baseline: [1, 1, 1, 1, 1, 1] },
    });
    const top = acc.report();
    const evaluation = { horizons: { '4': { anchors: 3, top_exposures: { new: top, vanishing: top } } } };
    const overall = measuredPrecision(evaluation, 4, 'new', 'graph', 10);
    expect(overall?.k).toBe(10);
    expect(overall?.model.precision).toBeCloseTo(3 / 6, 12);
    expect(measuredPrecision(evaluation, 4, 'new', 'graph', 20)?.k).toBe(50);
    const holder = measuredPrecision(evaluation, 4, 'vanishing', 'holder', 10);
    expect(holder?.k).toBe(5);
    expect(holder?.model.precision).toBeCloseTo(2 / 5, 12);
    expect(describePrecision(holder, 'vanishing')).toMatch(/precision@5 .*3 SYNTHETIC test weeks.*0\.40 .*were gone/);
    expect(measuredPrecision(evaluation, 4, 'new', 'issuer', 10)).toBeNull();
    expect(measuredPrecision(evaluation, 1, 'new', 'graph', 10)).toBeNull();
    expect(measuredPrecision({ horizons: { '4': { anchors: 3 } } }, 4, 'new', 'graph', 10)).toBeNull();
    expect(describePrecision(null, 'new')).toBe('precision@k: not measured');
    expect(describePrecision(overall, 'new', false)).toMatch(/not measured for out-of-domain input like this one$/);
    expect(describePrecision(overall, 'new')).not.toMatch(/out-of-domain/);
  });
});
