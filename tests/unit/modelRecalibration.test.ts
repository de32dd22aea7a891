import { describe, expect, it } from 'vitest';
import { makeHistory } from './modelHistory';
import { computeNorm } from '../../src/model/features';
import { DEFAULT_CANDIDATES } from '../../src/model/candidates';
import { DEFAULT_CONFIG, type ModelConfig } from '../../src/model/network';
import { applyIsotonic, fitIsotonic, logit } from '../../src/model/calibration';
import { fitNewLinkMix, MIX_GRID } from '../../src/model/newLinkMix';
import { equalCountReliability, worstBinRatio } from '../../src/model/bands';
import { mulberry32 } from '../../src/model/rng';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('isotonic recalibration (absent pairs)', () => {
  it('pools adjacent violators and puts a knot at each block (hand-computed)', () => {
    // Groups of one: rates 0, 1, 0, 1 → blocks {0.1}, {0.2, 0.3} (rate ½), {0.4}.
    const map = fitIsotonic([0.3, 0.1, 0.4, 0.2], [0, 0, 1, 1], 1);
    expect(map.x).toHaveLength(3);
    expect(map.x[0]).toBeCloseTo(logit(0.1), 12);
    expect(map.x[1]).toBeCloseTo(logit(0.25), 12);
    expect(map.x[2]).toBeCloseTo(logit(0.4), 12);
    // Smoothed rates (Σy + ½) / (count + 1): ¼, ½, ¾.
    expect(map.y[0]).toBeCloseTo(logit(0.25), 12);
    expect(map.y[1]).toBeCloseTo(logit(0.5), 12);
    expect(map.y[2]).toBeCloseTo(logit(0.75), 12);
    expect(applyIsotonic(map, 0.25)).toBeCloseTo(0.5, 9);
    // Halfway between knots in logit space; beyond the ends a shift of slope 1.
    const mid = (map.x[0] + map.x[1]) / 2;
    expect(applyIsotonic(map, sigmoid(mid))).toBeCloseTo(sigmoid((map.y[0] + map.y[1]) / 2), 9);
    expect(applyIsotonic(map, 0.01)).toBeCloseTo(sigmoid(map.y[0] + logit(0.01) - map.x[0]), 9);
  });

  it('keeps the order of the pairs it maps (strictly increasing)', () => {
    const random = mulberry32(5);
    const p = Array.from({ length: 5000 }, () => random() * 0.2);
    const y = p.map((x) => (random() < x * x * 10 ? 1 : 0));
    const map = fitIsotonic(p, y, 200);
    const sorted = [...p].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i] > sorted[i - 1])
        expect(applyIsotonic(map, sorted[i])).toBeGreaterThan(applyIsotonic(map, sorted[i - 1]));
  });

  it('brings over-confident probabilities back to the observed rate on held-out pairs', () => {
    // True rate is p²·10 (a shape a logistic in logit(p) fits badly at the low end); p itself is off.
    const random = mulberry32(9);
    const draw = (n: number) => {
      const p = Array.from({ length: n }, () => 0.01 + random() * 0.19);
      return { p, y: p.map((x) => (random() < x * x * 10 ? 1 : 0)) };
    };
    const fit = draw(40_000);
    const held = draw(40_000);
    const map = fitIsotonic(fit.p, fit.y, 2000);
    const before = worstBinRatio(equalCountReliability(held.p, held.y, 10).bins);
    const after = worstBinRatio(
      equalCountReliability(
        held.p.map((x) => applyIsotonic(map, x)),
        held.y,
        10,
      ).bins,
    );
    expect(before).toBeGreaterThan(2);
    expect(after).toBeLessThan(1.5);
  });

  it('is the identity without knots', () => {
    expect(applyIsotonic({ x: [], y: [] }, 0.123)).toBe(0.123);
  });
});

describe('the new-link mix, learned on training weeks', () => {
  const config: ModelConfig = { ...DEFAULT_CONFIG, window: 4, hidden: 16, headHidden: 16 };
  const history = makeHistory({ protocols: 40, weeks: 30, seed: 3 });
  const norm = computeNorm(history.weeks, 20);
  const core = { config, norm, candidates: { ...DEFAULT_CANDIDATES, nearestPerNode: 2, shortlistSize: 16 } };

  it('picks the grid value with the lowest summed log-loss, from the training weeks alone', () => {
    const mix = fitNewLinkMix(core, history.weeks, 20, 'weeks ≤ 20', 2);
    expect(mix.grid.map((g) => g.alpha)).toEqual(MIX_GRID);
    const best = Math.min(...mix.grid.map((g) => g.logLoss));
    expect(mix.grid.find((g) => g.alpha === mix.alpha)!.logLoss).toBe(best);
    expect(mix.grid.every((g) => Number.isFinite(g.logLoss) && g.logLoss > 0)).toBe(true);
    // Weeks after the training end do not enter the fit.
    const again = fitNewLinkMix(core, history.weeks.slice(0, 21), 20, 'weeks ≤ 20', 2);
    expect(again.grid).toEqual(mix.grid);
  });
});
