// src/core/synthetic/schedule.ts: the window, the node scale and the per-sector node counts.
import { describe, expect, it } from 'vitest';
import type { HistoryCalibration } from '../../../src/core/synthetic/calibration';
import {
  buildSchedule,
  exitsIn,
  fitNodeScale,
  MIN_ALIVE,
  protocolUnion,
  selectWindow,
  unionOf,
} from '../../../src/core/synthetic/schedule';
import { PMT, S, T, tinyCalibration } from './tiny';

/** K weeks of node counts, every sector at the same count `c(t)`. */
const flat = (K: number, c: (t: number) => number) =>
  Array.from({ length: K }, (_, t) => new Array<number>(S).fill(c(t)));

describe('selectWindow', () => {
  const cal = { dates: ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22'] } as HistoryCalibration;
  it.each([
    [2, undefined, { from: 2, to: 4 }],
    [10, undefined, { from: 0, to: 4 }],
    [2, '2024-01-08', { from: 1, to: 3 }],
    [2, '2024-01-09', { from: 2, to: 4 }],
    [9, '2023-01-01', { from: 0, to: 4 }],
  ])('%i weeks from %s: %j', (weeks, start, expected) => {
    expect(selectWindow(cal, weeks, start)).toEqual(expected);
  });

  it('refuses a start after the last week', () => {
    expect(() => selectWindow(cal, 2, '2024-02-01')).toThrow(/after the last calibration week 2024-01-22/);
  });
});

describe('buildSchedule', () => {
  it.each([
    // [real count, scale, alive]: scaled and rounded, but a sector the real network has keeps min(c, 3).
    [100, 1, 100],
    [100, 0.25, 25],
    [5, 0.1, MIN_ALIVE],
    [2, 0.1, 2],
    [0, 10, 0],
  ])('a real count of %i at scale %f gives %i alive', (c, scale, alive) => {
    expect(
      buildSchedule(
        flat(3, () => c),
        scale,
        0,
        0,
      ).alive[2][T],
    ).toBe(alive);
  });

  it.each([
    // [case, counts, exit rate, exits from week 1 on, entries from week 1 on]
    ['steady, 1% of 100 leave', flat(6, () => 100), 0.01, 1, 1],
    ['steady, nobody leaves', flat(6, () => 100), 0, 0, 0],
    ['growing by 10 a week', flat(6, (t) => 100 + 10 * t), 0, 0, 10],
    ['shrinking by 10 a week: at least the shrinkage leaves', flat(6, (t) => 100 - 10 * t), 0, 10, 0],
  ])('%s', (_, counts, rate, exits, entries) => {
    const schedule = buildSchedule(counts, 1, rate, 0);
    for (let t = 1; t < counts.length; t++) {
      expect(schedule.exits[t][T]).toBe(exits);
      expect(schedule.entries[t][T]).toBe(entries);
    }
  });

  it('balances: alive(t) = alive(t − 1) − exits(t) + entries(t), with non-negative flows', () => {
    const cal = tinyCalibration();
    const schedule = buildSchedule(cal.nodeCounts, 0.37, 0.02, 8);
    for (let t = 1; t < cal.dates.length; t++)
      for (let s = 0; s < S; s++) {
        const { alive, entries, exits } = schedule;
        expect(alive[t][s]).toBe(alive[t - 1][s] - exits[t][s] + entries[t][s]);
        expect(entries[t][s]).toBeGreaterThanOrEqual(0);
        expect(exits[t][s]).toBeGreaterThanOrEqual(0);
        expect(exits[t][s]).toBeLessThanOrEqual(alive[t - 1][s]);
      }
  });

  it('spreads fractional exits over the weeks: 0.25 a week is one every fourth week, also after the window', () => {
    const schedule = buildSchedule(
      flat(9, () => 25),
      1,
      0.01,
      4,
    );
    expect(schedule.exits.map((row) => row[T])).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(schedule.exitsAfter.map((row) => row[T])).toEqual([0, 1, 0, 0]);
  });
});

describe('exitsIn', () => {
  const schedule = buildSchedule(
    flat(3, () => 100),
    1,
    0.01,
    2,
  );
  it.each([
    [0, schedule.exits[0]],
    [2, schedule.exits[2]],
    [3, schedule.exitsAfter[0]],
    [4, schedule.exitsAfter[1]],
    [5, undefined],
  ])('week %i', (week, expected) => {
    expect(exitsIn(schedule, week)).toBe(expected);
  });
});

describe('unionOf and protocolUnion', () => {
  it('count everyone alive at the start plus every entrant; protocols leave token nodes out', () => {
    const schedule = buildSchedule(
      flat(4, (t) => 100 + 10 * t),
      1,
      0,
      0,
    );
    expect(unionOf(schedule, T)).toBe(130);
    expect(unionOf(schedule, PMT)).toBe(130);
    expect(protocolUnion(schedule)).toBe(130 * (S - 1));
  });
});

describe('fitNodeScale', () => {
  const counts = tinyCalibration().nodeCounts;

  it.each([40, 150, 600])('finds the smallest scale giving %i protocols over the window', (protocols) => {
    const scale = fitNodeScale(counts, { protocols }, 0.003);
    expect(protocolUnion(buildSchedule(counts, scale, 0.003, 0))).toBeGreaterThanOrEqual(protocols);
    expect(protocolUnion(buildSchedule(counts, scale * (1 - 1e-9), 0.003, 0))).toBeLessThan(protocols);
  });

  it('or the scale that gives nodesLastWeek nodes in the last week', () => {
    const last = counts[counts.length - 1].reduce((a, b) => a + b, 0);
    expect(fitNodeScale(counts, { nodesLastWeek: 500, protocols: 40 }, 0.003)).toBe(500 / last);
  });

  it('refuses an empty last week', () => {
    expect(() =>
      fitNodeScale(
        flat(2, () => 0),
        { nodesLastWeek: 10 },
        0,
      ),
    ).toThrow(/no nodes/);
  });
});
