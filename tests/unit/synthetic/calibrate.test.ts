// src/core/synthetic/calibrate.ts: edge weights rescaled to κ × the real sector-pair totals.
import { describe, expect, it } from 'vitest';
import { calibrateWeek } from '../../../src/core/synthetic/calibrate';
import type { Edge } from '../../../src/core/synthetic/edges';
import { S } from './tiny';

const edge = (src: number, dst: number, ell: number): Edge => ({ src, dst, level: 0, ell, prevEll: ell, split: null });

// Holders 0 and 1 (log TVL 20, so the raw weight is e^ℓ); the pair of an edge is its dst here.
const logTvl = [20, 20];
const pairOf = (e: Edge) => e.dst;
const real = new Array<number>(S * S).fill(0);
real[2] = 1000;
real[3] = 10;

describe('calibrateWeek', () => {
  it.each([
    // [case, edges, κ, expected USD per edge]
    ['one edge takes its pair’s whole total × κ', [edge(0, 2, 0)], 0.5, [500]],
    [
      'two edges of a pair share it by raw weight (e^0 : e^ln3 = 1 : 3)',
      [edge(0, 2, 0), edge(1, 2, Math.log(3))],
      1,
      [250, 750],
    ],
    ['pairs are scaled separately', [edge(0, 2, 0), edge(0, 3, 5)], 1, [1000, 10]],
    ['a pair with no real total this week is dormant: left out', [edge(0, 4, 0), edge(0, 3, 0)], 1, [10]],
  ])('%s', (_, edges, kappa, usd) => {
    const priced = calibrateWeek(edges, pairOf, logTvl, real, kappa);
    expect(priced.map((p) => p.usd).map((x) => Number(x.toFixed(9)))).toEqual(usd);
    expect(priced.map((p) => p.edge)).toEqual(edges.filter((e) => real[e.dst] > 0));
  });

  it('uses the holder’s TVL: a holder e^2 times larger holds e^2 times more of the same pair', () => {
    const [a, b] = calibrateWeek([edge(0, 2, 0), edge(1, 2, 0)], pairOf, [22, 20], real, 1);
    expect(a.usd / b.usd).toBeCloseTo(Math.exp(2), 9);
    expect(a.usd + b.usd).toBeCloseTo(1000, 9);
  });
});
