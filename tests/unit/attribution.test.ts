// Loss attribution: credited flows, paths seed → … → protocol, and the edges that carried the loss.
// Hand-computed graphs (a TVL cap, a cycle, several seeds) and a property over random graphs.
import { describe, expect, it } from 'vitest';
import { attributeLoss, carryingEdges, creditedFlows, mainCarriers } from '../../src/core/attribution';
import { runContagion, type Seed } from '../../src/core/contagion';
import { mulberry32 } from '../../src/core/rng';
import {
  attributionToJson,
  carryingEdgesToJson,
  flowsToCsv,
  flowsToJson,
  pathsToCsv,
} from '../../src/core/attributionExport';
import type { PropagationRule } from '../../src/core/types';
import { tinySnapshot, type TinyNode } from './fixtures';

const P = (id: string, fraction: number): Seed => ({ kind: 'protocol', id, fraction });
const names = (snapshot: { ids: string[] }, nodes: number[]) => nodes.map((i) => snapshot.ids[i]).join('>');

describe('attribution: a chain with a TVL cap', () => {
  // B holds 40 of A, C holds 20 of B; A fails at 50%. Round 1: A passes 40 to B. Round 2: B passes
  // min(20, 40) = 20 to C, whose TVL 10 caps it: only 10 is credited.
  const snapshot = tinySnapshot(
    [
      { id: 'A', tvl: 100 },
      { id: 'B', tvl: 50 },
      { id: 'C', tvl: 10 },
    ],
    [
      ['B', 'A', 40],
      ['C', 'B', 20],
    ],
  );
  const result = runContagion(snapshot, [P('A', 0.5)]);

  it('scales the flow into a capped creditor to what it could lose', () => {
    const flows = creditedFlows(snapshot, result).map((f) => [
      f.round,
      snapshot.ids[f.debtor],
      snapshot.ids[f.creditor],
      f.usd,
    ]);
    expect(flows).toEqual([
      [1, 'A', 'B', 40],
      [2, 'B', 'C', 10],
    ]);
  });

  it('one path per protocol, carrying its whole indirect loss', () => {
    const c = attributeLoss(snapshot, result, 2);
    expect(c.indirectLoss).toBe(10);
    expect(c.paths.map((p) => [names(snapshot, p.nodes), p.rounds, p.usd])).toEqual([['A>B>C', [1, 2], 10]]);
    expect(c.bySeed).toEqual([{ seed: 0, usd: 10 }]);
    expect(c.rest).toEqual({ usd: 0, paths: 0 });
    const b = attributeLoss(snapshot, result, 1);
    expect(b.paths.map((p) => [names(snapshot, p.nodes), p.usd])).toEqual([['A>B', 40]]);
    expect(attributeLoss(snapshot, result, 0).indirectLoss).toBe(0); // the seed's own shock is direct loss
  });
});

describe('attribution: two seeds and a cycle', () => {
  // A and D fail at 50% (50 each). B holds 30 of A and 10 of D; A holds 20 of B; C holds 20 of B.
  // Round 1: B gets 30 from A and 10 from D (loss 40, distressed). Round 2: B passes its 40 half to
  // A (back along the cycle) and half to C: 20 each, 3/4 from A's shock and 1/4 from D's.
  const nodes: TinyNode[] = ['A', 'B', 'C', 'D'].map((id) => ({ id, tvl: 100 }));
  const snapshot = tinySnapshot(nodes, [
    ['B', 'A', 30],
    ['B', 'D', 10],
    ['A', 'B', 20],
    ['C', 'B', 20],
  ]);
  const result = runContagion(snapshot, [P('A', 0.5), P('D', 0.5)]);
  const paths = (i: number) =>
    attributeLoss(snapshot, result, i).paths.map((p) => [names(snapshot, p.nodes), p.rounds, p.usd]);

  it('splits each flow over the seeds in proportion to what the debtor held', () => {
    expect(result.indirectLoss).toBe(80);
    expect(paths(1)).toEqual([
      ['A>B', [1], 30],
      ['D>B', [1], 10],
    ]);
    expect(paths(2)).toEqual([
      ['A>B>C', [1, 2], 15],
      ['D>B>C', [1, 2], 5],
    ]);
    expect(paths(0)).toEqual([
      ['A>B>A', [1, 2], 15],
      ['D>B>A', [1, 2], 5],
    ]);
    expect(attributeLoss(snapshot, result, 0).bySeed).toEqual([
      { seed: 0, usd: 15 },
      { seed: 3, usd: 5 },
    ]);
  });

  it('ranks the edges by the loss they carried; all of them sum to the indirect loss', () => {
    const edges = carryingEdges(snapshot, result).map((e) => [
      snapshot.ids[e.creditor],
      snapshot.ids[e.debtor],
      e.usd,
      e.share,
    ]);
    expect(edges).toEqual([
      ['B', 'A', 30, 30 / 80],
      ['A', 'B', 20, 20 / 80],
      ['C', 'B', 20, 20 / 80],
      ['B', 'D', 10, 10 / 80],
    ]);
    expect(mainCarriers(snapshot, result, 0.6).length).toBe(2); // 37.5% + 25% ≥ 60%
  });

  it('sums the small paths into `rest` with their count', () => {
    const a = attributeLoss(snapshot, result, 0, { maxPaths: 1 });
    expect(a.paths.map((p) => p.usd)).toEqual([15]);
    expect(a.rest).toEqual({ usd: 5, paths: 1 });
    const b = attributeLoss(snapshot, result, 2, { minShare: 0.8 }); // both paths are under 80% of 20
    expect(b.paths).toEqual([]);
    expect(b.rest.paths).toBe(2);
    expect(b.rest.usd).toBeCloseTo(20, 12);
  });

  it('needs the round records', () => {
    const bare = runContagion(snapshot, [P('A', 0.5)], { recordRounds: false });
    expect(() => attributeLoss(snapshot, bare, 1)).toThrow(/round records/);
  });
});

describe('property: paths add up to every protocol’s indirect loss (random graphs, every rule)', () => {
  function randomCase(seed: number) {
    const random = mulberry32(seed);
    const pareto = () => 1 / Math.pow(1 - random(), 1 / 1.2);
    const n = 8 + Math.floor(random() * 25);
    const nodes: TinyNode[] = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, tvl: Math.round(100 * pareto()) }));
    const edges: [string, string, number][] = [];
    for (let e = 0; e < n * (1 + Math.floor(random() * 4)); e++)
      edges.push([`n${Math.floor(random() * n)}`, `n${Math.floor(random() * n)}`, Math.round(30 * pareto())]);
    const holdings: [string, string, number][] = [];
    for (let h = 0; h < n; h++) holdings.push([`n${Math.floor(random() * n)}`, 'TK', 40 * pareto()]);
    const snapshot = tinySnapshot(nodes, edges, { holdings, tokens: { TK: 'n1' } });
    const seeds: Seed[] = [
      P('n0', 0.3 + 0.7 * random()),
      P(`n${n - 1}`, random()),
      { kind: 'token', symbol: 'TK', fraction: random() },
    ];
    return { snapshot, seeds, threshold: 0.3 * random() };
  }

  for (const rule of ['bounded', 'paper', 'debtrank'] as PropagationRule[]) {
    it(rule, () => {
      let withCycles = 0;
      for (let k = 0; k < 40; k++) {
        const { snapshot, seeds, threshold } = randomCase(500 + k);
        const result = runContagion(snapshot, seeds, { rule, threshold });
        let sumFlows = 0;
        for (let i = 0; i < snapshot.n; i++) {
          const expected = result.losses[i] - result.initialLosses[i];
          const a = attributeLoss(snapshot, result, i, { minShare: 0, maxPaths: 1e9 });
          const onPaths = a.paths.reduce((s, p) => s + p.usd, 0);
          expect(Math.abs(onPaths - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, result.totalLoss));
          expect(a.rest.usd).toBe(0);
          const bySeed = a.bySeed.reduce((s, x) => s + x.usd, 0);
          expect(Math.abs(bySeed - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, result.totalLoss));
          for (const p of a.paths) {
            expect(result.initialLosses[p.nodes[0]]).toBeGreaterThan(0); // every path starts at a seed
            expect(p.nodes[p.nodes.length - 1]).toBe(i);
            for (let j = 1; j < p.rounds.length; j++) expect(p.rounds[j]).toBeGreaterThan(p.rounds[j - 1]);
            if (p.nodes.slice(1).includes(p.nodes[0])) withCycles++;
          }
          sumFlows += a.indirectLoss;
        }
        expect(Math.abs(sumFlows - result.indirectLoss)).toBeLessThanOrEqual(1e-9 * Math.max(1, result.totalLoss));
        const carried = carryingEdges(snapshot, result).reduce((s, e) => s + e.usd, 0);
        expect(Math.abs(carried - result.indirectLoss)).toBeLessThanOrEqual(1e-9 * Math.max(1, result.totalLoss));
      }
      expect(withCycles).toBeGreaterThan(0); // the cases do exercise loss coming back to a seed
    });
  }
});

describe('attribution at a playback round', () => {
  it('only the loss credited by that round, on paths whose hops all happened by then', () => {
    const nodes: TinyNode[] = ['A', 'B', 'C', 'D'].map((id) => ({ id, tvl: 100 }));
    const snapshot = tinySnapshot(nodes, [
      ['B', 'A', 30],
      ['B', 'D', 10],
      ['A', 'B', 20],
      ['C', 'B', 20],
    ]);
    const result = runContagion(snapshot, [P('A', 0.5), P('D', 0.5)]);
    // After round 1 only B has been hit (40); A's and C's 20 each arrive in round 2.
    expect(attributeLoss(snapshot, result, 0, { upToRound: 1 }).indirectLoss).toBe(0);
    expect(attributeLoss(snapshot, result, 1, { upToRound: 1 }).indirectLoss).toBe(40);
    expect(attributeLoss(snapshot, result, 2, { upToRound: 2 }).indirectLoss).toBe(20);
    const r1 = carryingEdges(snapshot, result, undefined, 1);
    expect(r1.map((e) => [snapshot.ids[e.creditor], snapshot.ids[e.debtor], e.share])).toEqual([
      ['B', 'A', 0.75],
      ['B', 'D', 0.25],
    ]);
  });
});

describe('attribution exports', () => {
  const nodes: TinyNode[] = [
    { id: 'A', tvl: 100, name: '=HYPERLINK()' },
    { id: 'B', tvl: 100 },
    { id: 'C', tvl: 100 },
  ];
  const snapshot = tinySnapshot(nodes, [
    ['B', 'A', 30],
    ['C', 'B', 20],
  ]);
  const result = runContagion(snapshot, [P('A', 0.5)]);

  it('flows CSV: one row per edge and round, names kept as text', () => {
    expect(flowsToCsv(snapshot, result).split(/\r?\n/)).toEqual([
      'round,from_id,from_name,to_id,to_name,usd',
      "1,A,'=HYPERLINK(),B,B,30",
      '2,B,B,C,C,20',
    ]);
    expect(flowsToJson(snapshot, result)).toEqual([
      { round: 1, from: 'A', to: 'B', usd: 30 },
      { round: 2, from: 'B', to: 'C', usd: 20 },
    ]);
  });

  it('paths CSV and JSON of one protocol', () => {
    expect(pathsToCsv(snapshot, result, 2).split(/\r?\n/)).toEqual([
      'path,path_ids,rounds,usd',
      "'=HYPERLINK() > B > C,A > B > C,1 > 2,20",
    ]);
    expect(attributionToJson(snapshot, result, 2)).toEqual({
      id: 'C',
      name: 'C',
      indirect_loss: 20,
      by_seed: [{ seed: 'A', usd: 20 }],
      incoming: [{ round: 2, from: 'B', usd: 20 }],
      paths: [{ nodes: ['A', 'B', 'C'], rounds: [1, 2], usd: 20 }],
      other_paths: { count: 0, usd: 0 },
    });
    expect(carryingEdgesToJson(snapshot, result)).toEqual([
      { from: 'A', to: 'B', usd: 30, share_of_indirect_loss: 0.6 },
      { from: 'B', to: 'C', usd: 20, share_of_indirect_loss: 0.4 },
    ]);
  });
});
