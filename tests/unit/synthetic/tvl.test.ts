// src/core/synthetic/tvl.ts: sector trends and TVL paths.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { HISTORY_PARAMS } from '../../../src/core/synthetic/params';
import { Population } from '../../../src/core/synthetic/population';
import type { Member } from '../../../src/core/synthetic/roster';
import { sectorTrends, TvlPaths } from '../../../src/core/synthetic/tvl';
import { AM, S, T, tinyCalibration } from './tiny';

describe('sectorTrends', () => {
  const cal = tinyCalibration({ tvlDate: '2024-01-15' }); // week 2
  it.each([0.5, 1, 0])('is 0 at the TVL date for every sector (β = %f)', (beta) => {
    expect(sectorTrends(cal, beta, 6)[2]).toEqual(new Array<number>(S).fill(0));
  });

  it.each([
    // Trading's activity grows every week (100 + 10t out to tokens): its trend keeps rising.
    [T, 1],
    // Asset Management's hardly moves (50 out to tokens; 20 + 30 + 5·(t mod 3) in).
    [AM, 0],
  ])('sector %i: trend direction %i', (s, direction) => {
    const trend = sectorTrends(cal, 1, 6).map((row) => row[s]);
    if (direction > 0) for (let t = 3; t < trend.length; t++) expect(trend[t]).toBeGreaterThan(trend[t - 1]);
    else for (const x of trend) expect(Math.abs(x)).toBeLessThan(0.05);
  });

  it('scales with β', () => {
    const one = sectorTrends(cal, 1, 6);
    const half = sectorTrends(cal, 0.5, 6);
    one.forEach((row, t) => row.forEach((x, s) => expect(half[t][s]).toBeCloseTo(x / 2, 12)));
  });
});

describe('TvlPaths', () => {
  const members: Member[] = [10, 20, 30, 16].map((baseLog, i) => ({
    id: String(i),
    name: String(i),
    category: 'Dexes',
    sector: i % 2 ? AM : T,
    chains: [],
    tokens: [],
    baseLog,
    synthetic: false,
  }));
  const trend = Array.from({ length: 20 }, (_, t) => {
    const row = new Array<number>(S).fill(0);
    row[T] = 0.01 * t;
    return row;
  });
  const setup = () => {
    const pop = new Population(members, [], [], []);
    const tvl = new TvlPaths(pop, trend, new Rng(4));
    return { pop, tvl };
  };

  it('draws each protocol’s lifecycle traits in the parameter ranges', () => {
    const { tvl } = setup();
    const P = HISTORY_PARAMS;
    for (let p = 0; p < members.length; p++) {
      expect(tvl.entryStart[p]).toBeGreaterThanOrEqual(P.entryStart[0]);
      expect(tvl.entryStart[p]).toBeLessThan(P.entryStart[1]);
      expect(tvl.rampTau[p]).toBeGreaterThanOrEqual(P.rampWeeks[0]);
      expect(tvl.rampTau[p]).toBeLessThan(P.rampWeeks[1]);
      expect(tvl.declineRate[p]).toBeGreaterThanOrEqual(P.declinePerWeek[0]);
      expect(tvl.declineRate[p]).toBeLessThan(P.declinePerWeek[1]);
      expect(tvl.degreeBase[p]).toBeGreaterThan(0);
    }
  });

  it('starts week 0 at base size + trend for protocols there from the start, nothing for the others', () => {
    const { pop, tvl } = setup();
    pop.alive.set([1, 1, 1, 0]);
    pop.enteredAt.set([-1e6 + 1, -1e6 + 1, -1e6 + 1, -1e6]);
    tvl.update(0, true);
    expect([...tvl.logTvl]).toEqual([10, 20, 30, 0]);
    expect([...tvl.dIdio]).toEqual([0, 0, 0, 0]);
    expect(tvl.ramp01(0, 0)).toBe(1);
  });

  it.each([0, 1, 5, 40])('ramps an entrant from its start share towards 1 (age %i)', (age) => {
    const { pop, tvl } = setup();
    pop.enteredAt[3] = 10;
    const r = tvl.ramp01(3, 10 + age);
    expect(r).toBeCloseTo(tvl.entryStart[3] + (1 - tvl.entryStart[3]) * (1 - Math.exp(-age / tvl.rampTau[3])), 12);
    expect(tvl.lifecycle(3, 10 + age)).toBeCloseTo(Math.log(r), 12);
  });

  it('lets a declining protocol lose its decline rate every week on top of its idiosyncratic moves', () => {
    const { pop, tvl } = setup();
    pop.alive.set([1, 1, 1, 1]);
    pop.enteredAt.fill(-1e6 + 1);
    pop.doomedAt[2] = 3;
    tvl.update(0, true);
    for (let t = 1; t <= 6; t++) tvl.update(t, false);
    // Doomed at week 3: declining in weeks 3, 4, 5 and 6.
    expect(tvl.declined[2]).toBeCloseTo(4 * tvl.declineRate[2], 12);
    expect(tvl.declined[0]).toBe(0);
    for (let p = 0; p < 4; p++) {
      expect(tvl.logTvl[p]).toBeCloseTo(members[p].baseLog + trend[6][members[p].sector] + tvl.idio[p], 12);
      expect(tvl.idio[p]).toBeCloseTo(tvl.u[p] + tvl.lifecycle(p, 6), 12);
    }
  });
});
