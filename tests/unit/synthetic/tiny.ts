// A tiny hand-made calibration and the generator's step objects built on it, for the tests of
// src/core/synthetic/ (not a test file itself).
import { Rng } from '../../../src/core/rng';
import { SECTORS } from '../../../src/core/types';
import type { HistoryCalibration, RosterRow } from '../../../src/core/synthetic/calibration';
import { EdgeProcess } from '../../../src/core/synthetic/edges';
import { HISTORY_PARAMS } from '../../../src/core/synthetic/params';
import { Population } from '../../../src/core/synthetic/population';
import { dayOf, primaryTokenList, selectMembers } from '../../../src/core/synthetic/roster';
import { buildSchedule, exitsIn, fitNodeScale, unionOf } from '../../../src/core/synthetic/schedule';
import { sectorTrends, TvlPaths } from '../../../src/core/synthetic/tvl';

export const S = SECTORS.length;
export const T = SECTORS.indexOf('Trading & Exchanges');
export const AM = SECTORS.indexOf('Asset Management');
export const L = SECTORS.indexOf('Lending, Borrowing & Real World Assets');
export const INF = SECTORS.indexOf('Infrastructure, Services & Financial Products');
export const PMT = SECTORS.indexOf('Primary Market Tokens');
export const O = SECTORS.indexOf('Other / Unknown');

/** 12 weeks from 2024-01-01, a few non-zero sector pairs, 60 protocols (every third issues two tokens), 30 primary tokens. */
export function tinyCalibration(overrides: Partial<HistoryCalibration> = {}): HistoryCalibration {
  const dates = Array.from({ length: 12 }, (_, t) => new Date(Date.UTC(2024, 0, 1 + 7 * t)).toISOString().slice(0, 10));
  const exposureMillions = dates.map((_, t) => {
    const row = new Array<number>(S * S).fill(0);
    row[T * S + PMT] = 100 + 10 * t;
    row[T * S + AM] = 20;
    row[AM * S + PMT] = 50;
    row[L * S + AM] = 30 + 5 * (t % 3);
    row[L * S + PMT] = 80;
    row[INF * S + T] = 10;
    row[O * S + PMT] = 5;
    row[PMT * S + T] = 40;
    return row;
  });
  const nodeCounts = dates.map((_, t) => {
    const row = new Array<number>(S).fill(0);
    row[T] = 200 + 5 * t;
    row[AM] = 100;
    row[L] = 80;
    row[INF] = 60;
    row[PMT] = 150 + 10 * t;
    row[O] = 40;
    return row;
  });
  const sectorsCycle = [T, AM, L, INF, O];
  const roster: RosterRow[] = Array.from({ length: 60 }, (_, k) => {
    const id = k + 1;
    return [
      String(id),
      `Protocol ${id}`,
      'Dexes',
      sectorsCycle[k % sectorsCycle.length],
      1e9 / id,
      'Ethereum',
      id % 3 === 0 ? `TK${id}|TK${id}B` : '',
    ];
  });
  const primaryTokens: [string, number][] = [
    'USDT',
    'USDC',
    'WETH',
    'WBTC',
    ...Array.from({ length: 26 }, (_, k) => `PT${k}`),
  ].map((s, k) => [s, 1000 / (k + 1)]);
  return {
    version: 1,
    source: 'hand-made test calibration',
    sectors: [...SECTORS],
    dates,
    exposureMillions,
    nodeCounts,
    tvlDate: '2023-10-19',
    totalTvl: 1e10,
    listingKnots: [
      [0, '2023-06-01'],
      [60, '2024-03-01'],
    ],
    roster,
    primaryTokens,
    ...overrides,
  };
}

/** The generator's objects for the whole tiny calibration, set up as generateHistory sets up week 0 (edges not yet added). */
export function tinyWorld(seed = 1, protocols = 40) {
  const cal = tinyCalibration();
  const K = cal.dates.length;
  const realTotals = cal.exposureMillions.map((row) => row.map((x) => x * 1e6));
  const rng = new Rng(seed);
  const scale = fitNodeScale(cal.nodeCounts, { protocols }, HISTORY_PARAMS.exitRate);
  const schedule = buildSchedule(cal.nodeCounts, scale, HISTORY_PARAMS.exitRate, HISTORY_PARAMS.declineWeeks);
  const window = { startDay: dayOf(cal.dates[0]), endDay: dayOf(cal.dates[K - 1]) };
  const { members, order } = selectMembers(cal, schedule, window, rng.fork(1));
  const primary = primaryTokenList(cal, unionOf(schedule, PMT));
  const pop = new Population(members, order, primary.symbols, primary.freq);
  const dynRng = rng.fork(2);
  const tvl = new TvlPaths(pop, sectorTrends(cal, 0.5, 6), dynRng);
  const edges = new EdgeProcess(pop, tvl, realTotals, rng.fork(3));
  pop.enterNext(schedule.alive[0], -1e6 + 1);
  tvl.update(0, true);
  for (let k = 1; k <= HISTORY_PARAMS.declineWeeks; k++) {
    const exits = exitsIn(schedule, k);
    if (exits) pop.planExits(exits, k, 0, tvl, edges.inCount, dynRng);
  }
  edges.rebuildAdjacency();
  return { cal, K, realTotals, schedule, window, members, order, pop, tvl, edges, dynRng };
}
