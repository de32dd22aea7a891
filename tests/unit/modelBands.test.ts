import { describe, expect, it } from 'vitest';
import {
  bandCoverage,
  conformalWidening,
  equalCountReliability,
  widenBand,
  worstBinRatio,
} from '../../src/model/bands';
import { bestRule, selectPairs } from '../../src/model/selection';
import { ALL_HORIZONS, evaluationGoals, goalHorizonLabel } from '../../src/model/evaluateGoals';
import type { HorizonReport } from '../../src/model/evaluateTypes';

// Ten cases, band [10, 20] each; realized values placed by hand: 6 inside, 4 outside by 1, 2, 3, 5.
const cases = [12, 15, 18, 10, 20, 16, 9, 22, 27, 25].map((realized) => ({ realized, p10: 10, p90: 20 }));

describe('stress band coverage and conformal widening', () => {
  it('counts the cases inside the band, edges included', () => {
    expect(bandCoverage(cases)).toEqual({ coverage: 0.6, hits: 6, cases: 10 });
    // Widened by 2: 9 (1 out) and 22 (2 out) come in; 25 and 27 stay out.
    expect(bandCoverage(cases, 2)).toEqual({ coverage: 0.8, hits: 8, cases: 10 });
  });

  it('widens by the ⌈(n+1)·0.8⌉-th smallest outside-distance', () => {
    // Scores: inside cases −min(distance to an edge): 12 → −2, 15 → −5, 18 → −2, 10 → 0, 20 → 0, 16 → −4;
    // outside 9 → 1, 22 → 2, 27 → 7, 25 → 5. Sorted: −5 −4 −2 −2 0 0 1 2 5 7; ⌈11·0.8⌉ = 9th → 5.
    expect(conformalWidening(cases, 0.8)).toBe(5);
    expect(bandCoverage(cases, conformalWidening(cases, 0.8)).coverage).toBe(0.9);
    // A band that over-covers is narrowed, never below a point.
    const wide = [15, 15, 15].map((realized) => ({ realized, p10: 0, p90: 30 }));
    expect(conformalWidening(wide, 0.8)).toBe(-15);
    expect(widenBand({ p10: 1, p90: 3 }, 2)).toEqual({ low: 0, high: 5 });
  });
});

describe('equal-count reliability', () => {
  it('bins by rank and weighs the gaps by bin size', () => {
    const p = [0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9];
    const y = [0, 0, 1, 1, 1, 1, 1, 1];
    const r = equalCountReliability(p, y, 2);
    expect(r.bins.map((b) => [b.predicted, b.observed, b.count])).toEqual([
      [0.1, 0.5, 4],
      [0.9, 1, 4],
    ]);
    expect(r.ece).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.1, 12);
    // 0.1 predicted vs 0.5 observed: off by 5× (the bin has 0.4 expected positives: below 5, skipped).
    expect(worstBinRatio(r.bins, 0)).toBeCloseTo(5, 12);
    expect(worstBinRatio(r.bins, 5)).toBe(1);
  });
});

describe('forecast graph selection', () => {
  it('keeps the expected count or a threshold, and picks the rule with fewest errors', () => {
    const p = Float32Array.from([0.9, 0.3, 0.6, 0.35, 0.45]); // Σp = 2.6: three edges
    expect(Array.from(selectPairs(p, 'expected-count'))).toEqual([0, 2, 4]);
    expect(Array.from(selectPairs(p, 'p>=0.5'))).toEqual([0, 2]);
    expect(Array.from(selectPairs(p, 'p>=0.4'))).toEqual([0, 2, 4]);
    expect(bestRule({ 'expected-count': 10, 'p>=0.5': 8, 'p>=0.6': 8 })).toBe('p>=0.5');
    expect(bestRule({ 'expected-count': 3, 'p>=0.5': 8 })).toBe('expected-count');
  });
});

describe('band coverage goals', () => {
  const cell = (hits: number, cases: number) => ({
    cases,
    hits,
    raw: hits / cases,
    calibrated: hits / cases,
    widen: 0,
    width_mean: 1,
  });
  const report = (byScenario: Record<string, ReturnType<typeof cell>>) =>
    ({ stress: { band_by_scenario: byScenario, worst20: { delta_mae: 0 } } }) as unknown as HorizonReport;

  it('pools each scenario kind over the horizons (hits over cases), goal 80% ± 7 points', () => {
    const goals = evaluationGoals({
      '1': report({ top1: cell(20, 24), top5: cell(6, 24) }),
      '4': report({ top1: cell(15, 21), top5: cell(5, 21) }),
    });
    const top1 = goals.find((g) => g.id === 'band_coverage_top1')!;
    expect(top1.horizons[ALL_HORIZONS].value).toBeCloseTo(35 / 45, 12);
    expect(top1.met).toBe(true);
    const top5 = goals.find((g) => g.id === 'band_coverage_top5')!;
    expect(top5.horizons[ALL_HORIZONS].value).toBeCloseTo(11 / 45, 12);
    expect(top5.met).toBe(false);
    // No bridge cases: no figure and not met.
    const bridge = goals.find((g) => g.id === 'band_coverage_bridge')!;
    expect(bridge.horizons).toEqual({});
    expect(bridge.met).toBe(false);
    expect(goalHorizonLabel(ALL_HORIZONS)).toBe('all horizons');
    expect(goalHorizonLabel('4')).toBe('h=4');
  });
});
