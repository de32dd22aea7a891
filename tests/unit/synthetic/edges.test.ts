// src/core/synthetic/edges.ts: the edge process on the tiny calibration's week 0 and week 1.
import { describe, expect, it } from 'vitest';
import type { EdgeProcess } from '../../../src/core/synthetic/edges';
import type { Population } from '../../../src/core/synthetic/population';
import { PMT, S, tinyWorld } from './tiny';

/** What must hold after any step: counts match the map; edges join alive nodes; holder → issuer; live pairs only. */
function checkInvariants(pop: Population, edges: EdgeProcess, realWeek: number[]) {
  const inCount = new Int32Array(pop.NN);
  const outCount = new Int32Array(pop.NN);
  for (const [key, e] of edges.edges) {
    expect(key).toBe(e.src * pop.NN + e.dst);
    expect(e.src).not.toBe(e.dst);
    expect(e.src).toBeLessThan(pop.NP);
    expect(pop.isIssuer(e.dst)).toBe(true);
    expect(pop.alive[e.src] && pop.alive[e.dst]).toBeTruthy();
    expect(realWeek[edges.pairOf(e)]).toBeGreaterThan(0);
    if (e.dst < pop.NP) {
      expect(e.split!.length).toBe(pop.members[e.dst].tokens.length);
      expect(e.split!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    } else expect(e.split).toBeNull();
    outCount[e.src]++;
    inCount[e.dst]++;
  }
  expect([...edges.inCount]).toEqual([...inCount]);
  expect([...edges.outCount]).toEqual([...outCount]);
}

describe('EdgeProcess', () => {
  it.each([1, 2, 3])('adds week 0’s edges (seed %i): valid, every held token node and live pair covered', (seed) => {
    const { pop, edges, realTotals } = tinyWorld(seed);
    const target = Math.round(3 * pop.aliveCount());
    edges.addEdges(0, target, target, true);
    checkInvariants(pop, edges, realTotals[0]);
    expect(edges.size).toBeGreaterThan(0.8 * target);
    expect(edges.size).toBeLessThanOrEqual(target + pop.NT + S * S);
    // Every token node alive past next week has a holder.
    for (let q = pop.NP; q < pop.NN; q++)
      if (pop.alive[q] && pop.exitAt[q] > 1) expect(edges.inCount[q]).toBeGreaterThan(0);
    // Every sector pair with a real total has an edge (the tiny calibration has holders and issuers everywhere).
    const pairs = new Set([...edges.edges.values()].map((e) => edges.pairOf(e)));
    realTotals[0].forEach((x, pair) => {
      if (x > 0 && Math.floor(pair / S) !== PMT) expect(pairs.has(pair)).toBe(true);
    });
    // Week 0's edges start near their level.
    for (const e of edges.edges.values()) expect(Math.abs(e.ell - e.level)).toBeLessThan(2);
    expect(edges.activeCount(0)).toBe(edges.size);
  });

  it('removes the edges of nodes that left, and counts them', () => {
    const { pop, edges, realTotals } = tinyWorld(5);
    edges.addEdges(0, 100, 100, true);
    const issuer = [...edges.edges.values()].find((e) => e.dst < pop.NP)!.dst;
    const touching = [...edges.edges.values()].filter((e) => e.src === issuer || e.dst === issuer).length;
    const before = edges.size;
    pop.exitAt[issuer] = 1;
    pop.leave(1);
    expect(edges.removeDetached()).toBe(touching);
    expect(edges.size).toBe(before - touching);
    checkInvariants(pop, edges, realTotals[0]);
  });

  it.each([0, 5, 30])('thins about %i edges, more among those below their level', (deaths) => {
    const { pop, edges, realTotals } = tinyWorld(6);
    edges.addEdges(0, 150, 150, true);
    const before = edges.size;
    edges.thin(1, deaths);
    const removed = before - edges.size;
    if (deaths === 0) expect(removed).toBe(0);
    else {
      expect(removed).toBeGreaterThan(deaths / 3);
      expect(removed).toBeLessThan(deaths * 3);
    }
    checkInvariants(pop, edges, realTotals[0]);
  });

  it('drifts every log-weight one step, remembering the last', () => {
    const { edges } = tinyWorld(7);
    edges.addEdges(0, 80, 80, true);
    const old = new Map([...edges.edges].map(([k, e]) => [k, e.ell]));
    edges.driftWeights();
    for (const [k, e] of edges.edges) expect(e.prevEll).toBe(old.get(k));
    expect([...edges.edges.values()].some((e) => e.ell !== e.prevEll)).toBe(true);
  });

  it('adds later edges below their level, only between nodes alive that week', () => {
    const { pop, edges, realTotals, schedule } = tinyWorld(8);
    edges.addEdges(0, 100, 100, true);
    const week0 = new Set(edges.edges.keys());
    pop.enterNext(schedule.entries[1], 1);
    edges.rebuildAdjacency();
    edges.addEdges(1, 40, 140, false);
    const added = [...edges.edges].filter(([k]) => !week0.has(k)).map(([, e]) => e);
    expect(added.length).toBeGreaterThan(0);
    for (const e of added) expect(e.ell).toBeLessThan(e.level);
    checkInvariants(pop, edges, realTotals[1]);
  });
});
