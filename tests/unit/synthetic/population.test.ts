// src/core/synthetic/population.ts: who is alive, entering and leaving.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng';
import { Population } from '../../../src/core/synthetic/population';
import type { Member } from '../../../src/core/synthetic/roster';
import { AM, PMT, S, T } from './tiny';

const member = (id: string, sector: number, tokens: string[] = [], baseLog = 15): Member => ({
  id,
  name: id,
  category: 'Dexes',
  sector,
  chains: [],
  tokens,
  baseLog,
  synthetic: false,
});

/** Trading: a (issuer), b, c; Asset Management: d, e (issuer); two token nodes. */
function population(): Population {
  const members = [member('a', T, ['A']), member('b', T), member('c', T), member('d', AM), member('e', AM, ['E'])];
  const order = Array.from({ length: S }, () => [] as number[]);
  order[T] = [0, 1, 2];
  order[AM] = [4, 3]; // entry order is the roster's, not the index order
  return new Population(members, order, ['USDT', 'USDC'], [10, 1]);
}

const counts = (trading: number, am: number, tokens: number) => {
  const row = new Array<number>(S).fill(0);
  row[T] = trading;
  row[AM] = am;
  row[PMT] = tokens;
  return row;
};

describe('Population', () => {
  it.each([
    [0, T, true],
    [1, T, false],
    [4, AM, true],
    [5, PMT, true],
    [6, PMT, true],
  ])('node %i: sector %i, issuer %s', (v, sector, issuer) => {
    const pop = population();
    expect(pop.sectorOf(v)).toBe(sector);
    expect(pop.isIssuer(v)).toBe(issuer);
    expect([pop.NP, pop.NT, pop.NN]).toEqual([5, 2, 7]);
  });

  it.each([
    // [counts per call, alive nodes after each call]
    [[counts(1, 1, 1)], [[0, 4, 5]]],
    [
      [counts(1, 1, 1), counts(1, 1, 0)],
      [
        [0, 4, 5],
        [0, 1, 3, 4, 5],
      ],
    ],
    // More than the sector has: as many as there are.
    [[counts(9, 9, 9)], [[0, 1, 2, 3, 4, 5, 6]]],
  ])('enters the next protocols of each sector in entry order: %j', (calls, aliveAfter) => {
    const pop = population();
    calls.forEach((c, t) => {
      pop.enterNext(c, t);
      const alive = [...pop.alive.keys()].filter((v) => pop.alive[v]);
      expect(alive).toEqual(aliveAfter[t]);
      for (const v of alive) expect(pop.enteredAt[v]).toBeLessThanOrEqual(t);
      expect(pop.aliveCount()).toBe(alive.length);
    });
  });

  it('lets nodes leave when their exit week has come', () => {
    const pop = population();
    pop.enterNext(counts(3, 2, 2), 0);
    pop.exitAt[1] = 3;
    pop.exitAt[6] = 4;
    pop.leave(2);
    expect(pop.aliveCount()).toBe(7);
    pop.leave(3);
    expect(pop.alive[1]).toBe(0);
    pop.leave(4);
    expect(pop.alive[6]).toBe(0);
    expect(pop.aliveCount()).toBe(5);
  });

  it.each([
    [1, 1],
    [2, 2],
    [5, 2], // only two candidates: c entered too recently
  ])('planExits dooms %i protocol(s) of a sector (→ %i), never a newcomer', (count, doomed) => {
    const pop = population();
    pop.enterNext(counts(2, 0, 0), 0); // a, b
    pop.enterNext(counts(1, 0, 0), 5); // c: entered at week 5, still a newcomer at week 10
    const tvl = { logTvl: new Float64Array([15, 12, 10, 0, 0]), mom: new Float64Array(5) };
    const c = new Array<number>(S).fill(0);
    c[T] = count;
    pop.planExits(c, 18, 10, tvl, new Int32Array(7), new Rng(1));
    const marked = [0, 1, 2].filter((p) => pop.exitAt[p] === 18);
    expect(marked.length).toBe(doomed);
    expect(marked).not.toContain(2);
    for (const p of marked) expect(pop.doomedAt[p]).toBe(10);
  });

  it('planExits picks small, losing protocols far more often than large, growing ones', () => {
    let smallFirst = 0;
    for (let seed = 0; seed < 200; seed++) {
      const pop = population();
      pop.enterNext(counts(2, 0, 0), 0);
      const tvl = { logTvl: new Float64Array([20, 14, 0, 0, 0]), mom: new Float64Array([0.01, -0.01, 0, 0, 0]) };
      const c = new Array<number>(S).fill(0);
      c[T] = 1;
      pop.planExits(c, 20, 12, tvl, new Int32Array(7), new Rng(seed));
      if (pop.exitAt[1] === 20) smallFirst++;
    }
    expect(smallFirst).toBeGreaterThan(190);
  });

  it('planExits marks token nodes to leave (no decline), little-held ones first', () => {
    let unheldFirst = 0;
    for (let seed = 0; seed < 100; seed++) {
      const pop = population();
      pop.enterNext(counts(0, 0, 2), 0);
      const inCount = new Int32Array([0, 0, 0, 0, 0, 50, 0]);
      pop.planExits(
        counts(0, 0, 1),
        9,
        5,
        { logTvl: new Float64Array(5), mom: new Float64Array(5) },
        inCount,
        new Rng(seed),
      );
      expect((pop.exitAt[5] === 9 ? 1 : 0) + (pop.exitAt[6] === 9 ? 1 : 0)).toBe(1);
      expect(pop.doomedAt[5]).toBe(1e9);
      if (pop.exitAt[6] === 9) unheldFirst++;
    }
    expect(unheldFirst).toBeGreaterThan(80);
  });
});
