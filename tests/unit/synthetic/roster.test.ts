// src/core/synthetic/roster.ts: listing days, the primary tokens and who fills the schedule.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { dayOf, listingDay, primaryTokenList, selectMembers } from '../../../src/core/synthetic/roster';
import { buildSchedule, unionOf } from '../../../src/core/synthetic/schedule';
import { PMT, S, tinyCalibration, tinyWorld } from './tiny';

describe('dayOf', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['2024-01-01', 19723],
  ])('%s is day %i', (date, day) => {
    expect(dayOf(date)).toBe(day);
  });
});

describe('listingDay', () => {
  const cal = tinyCalibration({
    listingKnots: [
      [10, '2023-06-01'],
      [30, '2023-06-21'],
      [50, '2023-06-21'],
    ],
  });
  it.each([
    [0, '2023-06-01', 0, 'before the first knot: the first date'],
    [10, '2023-06-01', 0, 'on a knot'],
    [20, '2023-06-01', 10, 'halfway between two knots: halfway between their dates'],
    [40, '2023-06-21', 0, 'between two knots of the same date'],
    [999, '2023-06-21', 0, 'after the last knot: the last date'],
  ])('id %i: %s + %i days (%s)', (id, date, plus) => {
    expect(listingDay(cal, id)).toBe(dayOf(date) + plus);
  });

  it('is 0 without knots', () => {
    expect(listingDay(tinyCalibration({ listingKnots: [] }), 5)).toBe(0);
  });
});

describe('primaryTokenList', () => {
  const cal = tinyCalibration({
    primaryTokens: [
      ['USDT', 100],
      ['USDC', 0.2],
    ],
  });
  it.each([
    [0, [], []],
    [1, ['USDT'], [100]],
    // Frequencies are at least 1; past the real list, synthetic symbols.
    [4, ['USDT', 'USDC', 'SYN-PRIMARY-3', 'SYN-PRIMARY-4'], [100, 1, 1, 1]],
  ])('%i tokens', (count, symbols, freq) => {
    expect(primaryTokenList(cal, count)).toEqual({ symbols, freq });
  });
});

describe('selectMembers', () => {
  const { cal, schedule, window, members, order } = tinyWorld(3, 40);

  it('fills every sector with as many protocols as the schedule has over the window, each once', () => {
    for (let s = 0; s < S; s++) expect(order[s].length).toBe(s === PMT ? 0 : unionOf(schedule, s));
    const all = order.flat().sort((a, b) => a - b);
    expect(all).toEqual(members.map((_, i) => i));
    expect(new Set(members.map((m) => m.id)).size).toBe(members.length);
    order.forEach((list, s) => list.forEach((p) => expect(members[p].sector).toBe(s)));
  });

  it('puts protocols already listed at the start first', () => {
    for (let s = 0; s < S; s++)
      for (const p of order[s].slice(0, schedule.alive[0][s]))
        if (!members[p].synthetic) expect(listingDay(cal, Number(members[p].id))).toBeLessThanOrEqual(window.startDay);
  });

  it('makes at least a fifth of every sector’s first k protocols issuers (and the first one)', () => {
    for (const list of order) {
      let issuers = 0;
      list.forEach((p, k) => {
        if (members[p].tokens.length > 0) issuers++;
        expect(issuers).toBeGreaterThanOrEqual(Math.max(1, 0.2 * (k + 1)));
      });
    }
  });

  it('fills a shortfall of real protocols with synthetic ids', () => {
    const small = tinyCalibration({ roster: tinyCalibration().roster.slice(0, 5) });
    const schedule2 = buildSchedule(small.nodeCounts, 0.1, 0.003, 8);
    const { members: m2 } = selectMembers(small, schedule2, window, new Rng(1));
    const synthetic = m2.filter((m) => m.synthetic);
    expect(m2.length - synthetic.length).toBe(5);
    expect(synthetic.length).toBeGreaterThan(0);
    synthetic.forEach((m) => {
      expect(m.id).toMatch(/^syn-\d+$/);
      expect(m.name).toBe(`Synthetic protocol ${m.id.slice(4)}`);
      expect(m.category).toBe('Synthetic');
      expect(Number.isFinite(m.baseLog)).toBe(true);
      if (m.tokens.length) expect(m.tokens).toEqual([`SYN-${m.id}`]);
    });
  });
});
