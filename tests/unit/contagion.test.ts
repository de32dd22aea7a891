// Contagion engine: small graphs with hand-computed expectations (arithmetic in comments).
// Notation: edge [c, d, w] = creditor c holds w USD of debtor d's tokens.
//   bounded:  c gains min(w − what c already lost on d's tokens, Loss_d · w / Σ_c' E_c'd)   (default)
//   paper:    c gains Loss_d · w / Σ_c' E_c'd
//   debtrank: c gains w · Loss_d / TVL_d
// Default τ = 0.1 (distressed when loss > 0.1·TVL), max rounds 10.
// Rounds as the reference counts them: `rounds` = rounds that distressed someone new (history grows
// only then); `lossRounds` = rounds in which any loss was passed on (the playback's rounds).
import { describe, expect, it } from 'vitest';
import {
  contagionToJson,
  prepareContagion,
  runContagion,
  ScenarioError,
  stateAtRound,
  sweep,
  type ContagionOptions,
  type Seed,
} from '../../src/core/contagion';
import { mulberry32 } from '../../src/core/rng';
import type { Snapshot } from '../../src/core/types';
import { tinySnapshot, type TinyNode } from './fixtures';

const P = (id: string, fraction: number): Seed => ({ kind: 'protocol', id, fraction });
const T = (symbol: string, fraction: number): Seed => ({ kind: 'token', symbol, fraction });

/** Losses by id (all nodes, zeros included) for readable assertions. */
function lossesById(snapshot: Snapshot, losses: Float64Array): Record<string, number> {
  return Object.fromEntries(snapshot.ids.map((id, i) => [id, losses[i]]));
}

function expectLosses(snapshot: Snapshot, losses: Float64Array, expected: Record<string, number>) {
  const actual = lossesById(snapshot, losses);
  for (const id of snapshot.ids) expect(actual[id], `loss of ${id}`).toBeCloseTo(expected[id] ?? 0, 9);
}

// ---------------------------------------------------------------------------------------------
// Graphs
// ---------------------------------------------------------------------------------------------

// Chain C → B → A (C holds B, B holds A).
const chain = () =>
  tinySnapshot(
    [
      { id: 'A', tvl: 100 },
      { id: 'B', tvl: 200 },
      { id: 'C', tvl: 50 },
    ],
    [
      ['B', 'A', 80],
      ['C', 'B', 40],
    ],
  );

// Fan-out: A's tokens held by B (30), C (10), D (60).
const fanOut = () =>
  tinySnapshot(
    [
      { id: 'A', tvl: 200 },
      { id: 'B', tvl: 100 },
      { id: 'C', tvl: 100 },
      { id: 'D', tvl: 1000 },
    ],
    [
      ['B', 'A', 30],
      ['C', 'A', 10],
      ['D', 'A', 60],
    ],
  );

// Fan-in: C holds A (40) and B (20); D holds A (60). Edge indices 0, 1, 2.
const fanIn = () =>
  tinySnapshot(
    [
      { id: 'A', tvl: 100 },
      { id: 'B', tvl: 100 },
      { id: 'C', tvl: 100 },
      { id: 'D', tvl: 100 },
    ],
    [
      ['C', 'A', 40],
      ['D', 'A', 60],
      ['C', 'B', 20],
    ],
  );

// Diamond: B and C hold A (50 each); D holds B (10) and C (30).
const diamond = () =>
  tinySnapshot(
    ['A', 'B', 'C', 'D'].map((id) => ({ id, tvl: 100 })),
    [
      ['B', 'A', 50],
      ['C', 'A', 50],
      ['D', 'B', 10],
      ['D', 'C', 30],
    ],
  );

// Cycle A ↔ B: A holds B (edge 0), B holds A (edge 1).
const cycle = () =>
  tinySnapshot(
    [
      { id: 'A', tvl: 100 },
      { id: 'B', tvl: 100 },
    ],
    [
      ['A', 'B', 50],
      ['B', 'A', 50],
    ],
  );

// Long chain: B holds A, C holds B, D holds C, E holds D (10 each, TVL 100 each).
const longChain = () =>
  tinySnapshot(
    ['A', 'B', 'C', 'D', 'E'].map((id) => ({ id, tvl: 100 })),
    [
      ['B', 'A', 10],
      ['C', 'B', 10],
      ['D', 'C', 10],
      ['E', 'D', 10],
    ],
  );

// D's tokens held by X (70) and Y (30); D is worth 600, X and Y 1000 each.
const holdersOfD = () =>
  tinySnapshot(
    [
      { id: 'D', tvl: 600 },
      { id: 'X', tvl: 1000 },
      { id: 'Y', tvl: 1000 },
    ],
    [
      ['X', 'D', 70],
      ['Y', 'D', 30],
    ],
  );

// Token graph: U is the USDC token node (kind 'token'); XTK is issued by A.
// E holds B's token (50). Protocol TVL total = 100 + 200 + 100 + 300 + 100 = 800 (U excluded).
const tokenNodes: TinyNode[] = [
  { id: 'A', tvl: 100 },
  { id: 'B', tvl: 200 },
  { id: 'C', tvl: 100 },
  { id: 'D', tvl: 300 },
  { id: 'E', tvl: 100 },
  { id: 'U', name: 'USDC', tvl: 210, kind: 'token', sector: 'Primary Market Tokens', category: 'Token' },
];
const tokenGraph = () =>
  tinySnapshot(
    tokenNodes,
    [
      ['B', 'U', 160],
      ['C', 'U', 40],
      ['D', 'U', 10],
      ['C', 'A', 10],
      ['E', 'B', 50],
    ],
    {
      tokens: { USDC: null, XTK: 'A' },
      holdings: [
        ['B', 'USDC', 100],
        ['B', 'USDC', 60], // a second holding of the same token by B: they add up
        ['C', 'USDC', 40],
        ['D', 'USDC', 10],
        ['C', 'XTK', 10],
      ],
    },
  );

// ---------------------------------------------------------------------------------------------
// Table of hand-computed runs
// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  graph: () => Snapshot;
  seeds: Seed[];
  options?: ContagionOptions;
  losses: Record<string, number>;
  distressed: string[];
  rounds: number;
  history: number[];
  /** Rounds that passed loss on, when it differs from `rounds` (a last round that distressed nobody). */
  lossRounds?: number;
}

const cases: Case[] = [
  {
    // A = 0.5·100 = 50. r1: B += 50·80/80 = 50 > 20 → distressed. r2: C += 50·40/40 = 50 (cap 50) > 5 → distressed.
    // r3: C has no creditors → stop. Total 150.
    name: 'paper: chain',
    graph: chain,
    seeds: [P('A', 0.5)],
    options: { rule: 'paper' },
    losses: { A: 50, B: 50, C: 50 },
    distressed: ['A', 'B', 'C'],
    rounds: 2,
    history: [1, 2, 3],
  },
  {
    // A = 50. r1: B += 80·50/100 = 40 > 20. r2: C += 40·40/200 = 8 > 5. Total 98.
    name: 'debtrank: chain',
    graph: chain,
    seeds: [P('A', 0.5)],
    options: { rule: 'debtrank' },
    losses: { A: 50, B: 40, C: 8 },
    distressed: ['A', 'B', 'C'],
    rounds: 2,
    history: [1, 2, 3],
  },
  {
    // A = 0.5·200 = 100; Σ = 30+10+60 = 100. r1: B += 100·30/100 = 30 > 10; C += 10, exactly 0.1·100 → not distressed;
    // D += 60 ≤ 100. Total 100+30+10+60 = 200.
    name: 'paper: fan-out (exactly τ·TVL does not distress)',
    graph: fanOut,
    seeds: [P('A', 0.5)],
    options: { rule: 'paper' },
    losses: { A: 100, B: 30, C: 10, D: 60 },
    distressed: ['A', 'B'],
    rounds: 1,
    history: [1, 2],
  },
  {
    // A = 100, TVL_A = 200. r1: B += 30·100/200 = 15 > 10; C += 10·0.5 = 5; D += 60·0.5 = 30. Total 150.
    name: 'debtrank: fan-out',
    graph: fanOut,
    seeds: [P('A', 0.5)],
    options: { rule: 'debtrank' },
    losses: { A: 100, B: 15, C: 5, D: 30 },
    distressed: ['A', 'B'],
    rounds: 1,
    history: [1, 2],
  },
  {
    // Same as the paper fan-out with τ = 0.05: C's 10 > 5 now distresses it.
    name: 'paper: fan-out with τ = 0.05',
    graph: fanOut,
    seeds: [P('A', 0.5)],
    options: { rule: 'paper', threshold: 0.05 },
    losses: { A: 100, B: 30, C: 10, D: 60 },
    distressed: ['A', 'B', 'C', 'D'],
    rounds: 1,
    history: [1, 4],
  },
  {
    // A = 50, B = 100. Σ_A = 100, Σ_B = 20. r1: C += 50·40/100 + 100·20/20 = 20 + 100 = 120 → cap 100;
    // D += 50·60/100 = 30 > 10. Total 50+100+100+30 = 280.
    name: 'paper: fan-in with a cap at TVL',
    graph: fanIn,
    seeds: [P('A', 0.5), P('B', 1)],
    options: { rule: 'paper' },
    losses: { A: 50, B: 100, C: 100, D: 30 },
    distressed: ['A', 'B', 'C', 'D'],
    rounds: 1,
    history: [2, 4],
  },
  {
    // r1: C += 40·50/100 + 20·100/100 = 20 + 20 = 40; D += 60·50/100 = 30. Total 50+100+40+30 = 220.
    name: 'debtrank: fan-in',
    graph: fanIn,
    seeds: [P('A', 0.5), P('B', 1)],
    options: { rule: 'debtrank' },
    losses: { A: 50, B: 100, C: 40, D: 30 },
    distressed: ['A', 'B', 'C', 'D'],
    rounds: 1,
    history: [2, 4],
  },
  {
    // A = 40. r1: B += 40·50/100 = 20, C += 20 (both > 10). r2: D += 20·10/10 + 20·30/30 = 40 > 10.
    // Total 40+20+20+40 = 120.
    name: 'paper: diamond',
    graph: diamond,
    seeds: [P('A', 0.4)],
    options: { rule: 'paper' },
    losses: { A: 40, B: 20, C: 20, D: 40 },
    distressed: ['A', 'B', 'C', 'D'],
    rounds: 2,
    history: [1, 3, 4],
  },
  {
    // r1: B += 50·40/100 = 20, C += 20. r2: D += 10·20/100 + 30·20/100 = 2 + 6 = 8 ≤ 10. Total 88.
    // r2 distressed nobody: its loss counts, but it is not a propagation round.
    name: 'debtrank: diamond',
    graph: diamond,
    seeds: [P('A', 0.4)],
    options: { rule: 'debtrank' },
    losses: { A: 40, B: 20, C: 20, D: 8 },
    distressed: ['A', 'B', 'C'],
    rounds: 1,
    history: [1, 3],
    lossRounds: 2,
  },
  {
    // A = 50. r1: B += 50·50/50 = 50 > 10. r2: B passes 50 back: A = 100 (cap), already distressed, not
    // re-activated → no new distress → stop. Total 150.
    name: 'paper: cycle A ↔ B terminates (each node active once)',
    graph: cycle,
    seeds: [P('A', 0.5)],
    options: { rule: 'paper' },
    losses: { A: 100, B: 50 },
    distressed: ['A', 'B'],
    rounds: 1,
    history: [1, 2],
    lossRounds: 2,
  },
  {
    // r1: B += 50·50/100 = 25. r2: A += 50·25/100 = 12.5 → 62.5. Total 87.5.
    name: 'debtrank: cycle A ↔ B terminates',
    graph: cycle,
    seeds: [P('A', 0.5)],
    options: { rule: 'debtrank' },
    losses: { A: 62.5, B: 25 },
    distressed: ['A', 'B'],
    rounds: 1,
    history: [1, 2],
    lossRounds: 2,
  },
  {
    // Each node passes its whole loss 100 down the chain: B, C, D, E all reach 100. Rounds 4.
    name: 'paper: long chain without a round limit',
    graph: longChain,
    seeds: [P('A', 1)],
    options: { rule: 'paper' },
    losses: { A: 100, B: 100, C: 100, D: 100, E: 100 },
    distressed: ['A', 'B', 'C', 'D', 'E'],
    rounds: 4,
    history: [1, 2, 3, 4, 5],
  },
  {
    // Stopped after 2 rounds: B and C reached, D and E untouched. rounds = maxRounds = 2.
    name: 'paper: long chain stopped by max rounds',
    graph: longChain,
    seeds: [P('A', 1)],
    options: { rule: 'paper', maxRounds: 2 },
    losses: { A: 100, B: 100, C: 100 },
    distressed: ['A', 'B', 'C'],
    rounds: 2,
    history: [1, 2, 3],
  },
  {
    name: 'paper: max rounds 0 keeps only the seeds',
    graph: longChain,
    seeds: [P('A', 1)],
    options: { maxRounds: 0 },
    losses: { A: 100 },
    distressed: ['A'],
    rounds: 0,
    history: [1],
  },
  {
    // C has no creditors: nothing is passed on.
    name: 'isolated seed gives 0 rounds',
    graph: chain,
    seeds: [P('C', 0.2)],
    losses: { C: 10 },
    distressed: ['C'],
    rounds: 0,
    history: [1],
  },
  {
    // τ = 0.2. B = 0.05·200 = 10. r1: C += min(40, 10·40/40) = 10, exactly 0.2·50 → not distressed.
    // One loss round, no propagation round: history [1].
    name: 'seed → one creditor that does not become distressed: 1 loss round, 0 propagation rounds',
    graph: chain,
    seeds: [P('B', 0.05)],
    options: { threshold: 0.2 },
    losses: { B: 10, C: 10 },
    distressed: ['B'],
    rounds: 0,
    history: [1],
    lossRounds: 1,
  },
  {
    // Seeds add then cap: A = (0.7 + 0.6)·100 = 130 → 100. r1: B += 100·80/80 = 100 > 20. r2: C += 100 → cap 50.
    name: 'paper: several seeds on one node add up, then cap',
    graph: chain,
    seeds: [P('A', 0.7), P('A', 0.6)],
    options: { rule: 'paper' },
    losses: { A: 100, B: 100, C: 50 },
    distressed: ['A', 'B', 'C'],
    rounds: 2,
    history: [1, 2, 3],
  },
  {
    // A = 100 (capped). r1: B += min(80, 100·80/80 = 100) = 80 > 20. r2: C += min(40, 80·40/40 = 80) = 40 > 5.
    // Total 220 (paper: 250).
    name: 'bounded: several seeds on one node; each creditor loses at most its holding',
    graph: chain,
    seeds: [P('A', 0.7), P('A', 0.6)],
    losses: { A: 100, B: 80, C: 40 },
    distressed: ['A', 'B', 'C'],
    rounds: 2,
    history: [1, 2, 3],
  },
  {
    // A = 50. r1: B += min(80, 50·80/80) = 50 (the bound does not bind). r2: C += min(40, 50·40/40 = 50) = 40 > 5.
    name: 'bounded: chain',
    graph: chain,
    seeds: [P('A', 0.5)],
    options: { rule: 'bounded' },
    losses: { A: 50, B: 50, C: 40 },
    distressed: ['A', 'B', 'C'],
    rounds: 2,
    history: [1, 2, 3],
  },
  {
    // D (TVL 600) loses 0.5·600 = 300; X holds 70 of D, Y 30 (Σ = 100). Paper would give X 300·70/100 = 210 and
    // Y 90; bounded: X += min(70, 210) = 70 ≤ 0.1·1000, Y += min(30, 90) = 30. No one new distressed.
    name: 'bounded: a creditor holding 70 of a debtor losing 300 loses 70',
    graph: holdersOfD,
    seeds: [P('D', 0.5)],
    losses: { D: 300, X: 70, Y: 30 },
    distressed: ['D'],
    rounds: 0,
    history: [1],
    lossRounds: 1,
  },
  {
    // The same under the paper rule: X += 210 > 100 (distressed), Y += 90.
    name: 'paper: a creditor holding 70 of a debtor losing 300 loses 210',
    graph: holdersOfD,
    seeds: [P('D', 0.5)],
    options: { rule: 'paper' },
    losses: { D: 300, X: 210, Y: 90 },
    distressed: ['D', 'X'],
    rounds: 1,
    history: [1, 2],
  },
  {
    // DebtRank: X += 70·300/600 = 35, Y += 15.
    name: 'debtrank: a creditor holding 70 of a debtor losing 300 loses 35',
    graph: holdersOfD,
    seeds: [P('D', 0.5)],
    options: { rule: 'debtrank' },
    losses: { D: 300, X: 35, Y: 15 },
    distressed: ['D'],
    rounds: 0,
    history: [1],
    lossRounds: 1,
  },
  {
    // XTK (issued by A) de-pegs 50%: C loses 0.5·10 = 5 on its 10 of XTK (edge C→A, 10). A is shocked at 100%
    // (loss 100). r1: A's only creditor is C: paper share 100·10/10 = 100, but C's room on A is 10 − 5 = 5, so
    // C += 5 → 10: C never loses more than the 10 it holds of A. C was a seed already: no new distress.
    name: "bounded: a token de-peg uses up the holder's room on the issuer",
    graph: tokenGraph,
    seeds: [T('XTK', 0.5), P('A', 1)],
    losses: { A: 100, C: 10 },
    distressed: ['A', 'C'],
    rounds: 0,
    history: [2],
    lossRounds: 1,
  },
  {
    // δ = 0: no positive loss, no seed, nothing happens.
    name: 'δ = 0 seeds nothing',
    graph: chain,
    seeds: [P('A', 0)],
    losses: {},
    distressed: [],
    rounds: 0,
    history: [0],
  },
  {
    // USDC = 0.5: B = 0.5·(100 + 60) = 80, C = 0.5·40 = 20, D = 0.5·10 = 5 (5 ≤ 0.1·300 but seeds with a positive
    // loss are distressed anyway). r1 (paper): only B has a creditor: E += 80·50/50 = 80 > 10.
    // Total 80+20+5+80 = 185.
    name: 'paper: token shock, several holders and one holder with two holdings',
    graph: tokenGraph,
    seeds: [T('USDC', 0.5)],
    options: { rule: 'paper' },
    losses: { B: 80, C: 20, D: 5, E: 80 },
    distressed: ['B', 'C', 'D', 'E'],
    rounds: 1,
    history: [3, 4],
  },
  {
    // r1 (bounded): E holds 50 of B: E += min(50, 80·50/50 = 80) = 50 > 10. Total 80+20+5+50 = 155.
    name: 'bounded: token shock',
    graph: tokenGraph,
    seeds: [T('USDC', 0.5)],
    losses: { B: 80, C: 20, D: 5, E: 50 },
    distressed: ['B', 'C', 'D', 'E'],
    rounds: 1,
    history: [3, 4],
  },
  {
    // r1 (debtrank): E += 50·80/200 = 20 > 10. Total 80+20+5+20 = 125.
    name: 'debtrank: token shock',
    graph: tokenGraph,
    seeds: [T('USDC', 0.5)],
    options: { rule: 'debtrank' },
    losses: { B: 80, C: 20, D: 5, E: 20 },
    distressed: ['B', 'C', 'D', 'E'],
    rounds: 1,
    history: [3, 4],
  },
  {
    // Token + protocol shock add: B = 0.5·200 + 80 = 180 (≤ 200); C = 20, D = 5. With XTK = 1: C += 1·10 → 30.
    // r1 (paper): E += 180. Cap 100. Total 180+30+5+100 = 315.
    name: 'paper: token and protocol shocks combine (symbol matched case-insensitively)',
    graph: tokenGraph,
    seeds: [T('usdc', 0.5), P('B', 0.5), T('XTK', 1)],
    options: { rule: 'paper' },
    losses: { B: 180, C: 30, D: 5, E: 100 },
    distressed: ['B', 'C', 'D', 'E'],
    rounds: 1,
    history: [3, 4],
  },
  {
    // B = 1·200 + 80 = 280 → cap 200.
    name: 'token + protocol shock capped at TVL',
    graph: tokenGraph,
    seeds: [P('B', 1), T('USDC', 0.5)],
    options: { maxRounds: 0 },
    losses: { B: 200, C: 20, D: 5 },
    distressed: ['B', 'C', 'D'],
    rounds: 0,
    history: [3],
  },
];

describe('runContagion: hand-computed cases', () => {
  it.each(cases)('$name', (c) => {
    const snapshot = c.graph();
    const result = runContagion(snapshot, c.seeds, c.options);
    expectLosses(snapshot, result.losses, c.losses);
    const total = Object.values(c.losses).reduce((a, b) => a + b, 0);
    expect(result.totalLoss).toBeCloseTo(total, 9);
    expect(result.distressedIds).toEqual(c.distressed);
    expect(result.affectedCount).toBe(c.distressed.length);
    expect(result.propagationRounds).toBe(c.rounds);
    expect(result.affectedHistory).toEqual(c.history);
    expect(result.affectedHistory).toHaveLength(result.propagationRounds + 1);
    expect(result.lossRounds).toBe(c.lossRounds ?? c.rounds);
    expect(result.rounds).toHaveLength(result.lossRounds);
    // Direct loss is the seeds' share of the total, indirect the rest.
    expect(result.directLoss).toBeCloseTo(
      result.initialLosses.reduce((a, b) => a + b, 0),
      9,
    );
    expect(result.directLoss + result.indirectLoss).toBeCloseTo(total, 9);
    // Distressed flags agree with the id list.
    expect(snapshot.ids.filter((_, i) => result.distressed[i] === 1)).toEqual(c.distressed);
  });
});

describe('runContagion: details', () => {
  it('defaults to the bounded rule, τ = 0.1 and 10 rounds', () => {
    const result = runContagion(chain(), [P('A', 0.5)]);
    expect([result.rule, result.threshold, result.maxRounds]).toEqual(['bounded', 0.1, 10]);
  });

  it('reports initial losses and seed indices', () => {
    const snapshot = tokenGraph();
    const result = runContagion(snapshot, [T('USDC', 0.5)]);
    // B (index 1) = 80, C (2) = 20, D (3) = 5.
    expectLosses(snapshot, result.initialLosses, { B: 80, C: 20, D: 5 });
    expect([...result.seedIndices]).toEqual([1, 2, 3]);
  });

  it('totalLossPct uses only protocol-kind TVL as the denominator', () => {
    // Token graph, USDC = 0.5: total 185 (see the table). Protocol TVL = 800; U's 210 is excluded.
    // 185 / 800 · 100 = 23.125 %.
    const result = runContagion(tokenGraph(), [T('USDC', 0.5)], { rule: 'paper' });
    expect(result.totalTvl).toBe(800);
    expect(result.totalLossPct).toBeCloseTo(23.125, 9);
  });

  it('round records: increments, newly distressed, edges that carried loss, running loss', () => {
    // Fan-in, paper, A = 50, B = 100 (initial system loss 150). Round 1 uses edges 0 (C←A), 1 (D←A), 2 (C←B).
    // C: +120 capped to +100; D: +30. System loss 150 + 130 = 280; 4 distressed.
    const snapshot = fanIn();
    const result = runContagion(snapshot, [P('A', 0.5), P('B', 1)], { rule: 'paper' });
    expect(result.rounds).toHaveLength(1);
    const [r1] = result.rounds;
    expect(r1.round).toBe(1);
    expect([...r1.nodes]).toEqual([2, 3]);
    expect([...r1.increments]).toEqual([100, 30]);
    expect([...r1.newlyDistressed]).toEqual([2, 3]);
    expect([...r1.edges]).toEqual([0, 1, 2]);
    // Amounts carried before the TVL cap: C←A 50·40/100 = 20, D←A 30, C←B 100·20/20 = 100.
    expect([...r1.amounts]).toEqual([20, 30, 100]);
    expect(r1.systemLoss).toBe(280);
    expect(r1.affected).toBe(4);
  });

  it('round records: increments sum to the loss delta each round (diamond)', () => {
    // Paper diamond: start 40; r1 +20 +20 → 80 (edges 0, 1); r2 D +20 +20 = +40 → 120 (edges 2, 3).
    const result = runContagion(diamond(), [P('A', 0.4)], { rule: 'paper' });
    const expected = [
      { nodes: [1, 2], increments: [20, 20], newly: [1, 2], edges: [0, 1], systemLoss: 80, affected: 3 },
      { nodes: [3], increments: [40], newly: [3], edges: [2, 3], systemLoss: 120, affected: 4 },
    ];
    let previous = 40;
    result.rounds.forEach((record, k) => {
      expect([...record.nodes]).toEqual(expected[k].nodes);
      expect([...record.increments]).toEqual(expected[k].increments);
      expect([...record.newlyDistressed]).toEqual(expected[k].newly);
      expect([...record.edges]).toEqual(expected[k].edges);
      expect(record.systemLoss).toBe(expected[k].systemLoss);
      expect(record.affected).toBe(expected[k].affected);
      const sum = record.increments.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(record.systemLoss - previous, 9);
      previous = record.systemLoss;
    });
    expect(previous).toBe(result.totalLoss);
  });

  it('round records: an edge into a node already at its cap still carried loss, with no increment', () => {
    // Cycle, A = 1·100. r1: B += 100 (edge 1). r2: B passes 100 back to A (edge 0), but A is at its cap:
    // no increment, yet a positive loss was passed on, so it is a loss round (not a propagation round:
    // it distressed nobody new).
    const result = runContagion(cycle(), [P('A', 1)], { rule: 'paper' });
    expect(result.lossRounds).toBe(2);
    expect(result.propagationRounds).toBe(1);
    expect([...result.rounds[0].edges]).toEqual([1]);
    expect([...result.rounds[1].edges]).toEqual([0]);
    expect([...result.rounds[1].nodes]).toEqual([]);
    expect(result.rounds[1].systemLoss).toBe(200);
  });

  it('recordRounds: false skips the records but keeps the history', () => {
    const result = runContagion(diamond(), [P('A', 0.4)], { rule: 'paper', recordRounds: false });
    expect(result.rounds).toEqual([]);
    expect(result.affectedHistory).toEqual([1, 3, 4]);
    expect(result.totalLoss).toBe(120);
  });

  it('ignores self-loops (a node is not its own creditor)', () => {
    // A holds 1000 of its own token; B holds 100 of A. Σ for A counts only B: r1 B += 50·100/100 = 50.
    const snapshot = tinySnapshot(
      [
        { id: 'A', tvl: 100 },
        { id: 'B', tvl: 100 },
      ],
      [
        ['A', 'A', 1000],
        ['B', 'A', 100],
      ],
    );
    const result = runContagion(snapshot, [P('A', 0.5)]);
    expectLosses(snapshot, result.losses, { A: 50, B: 50 });
    expect(result.propagationRounds).toBe(1);
  });

  it('debtrank passes nothing from a debtor with zero TVL', () => {
    // Z (TVL 0) cannot carry a loss; a token shock on a holder with no TVL is capped at 0 and seeds nothing.
    const snapshot = tinySnapshot(
      [
        { id: 'Z', tvl: 0 },
        { id: 'B', tvl: 100 },
      ],
      [['B', 'Z', 100]],
      { tokens: { TOK: null }, holdings: [['Z', 'TOK', 50]] },
    );
    const result = runContagion(snapshot, [T('TOK', 1)], { rule: 'debtrank' });
    expect(result.totalLoss).toBe(0);
    expect(result.affectedCount).toBe(0);
    expect(result.propagationRounds).toBe(0);
  });

  it('contagionToJson: sorted ids, nonzero losses only', () => {
    const snapshot = tokenGraph();
    const json = contagionToJson(snapshot, runContagion(snapshot, [T('USDC', 0.5)], { rule: 'paper' }));
    // Direct 80 + 20 + 5 = 105, indirect E's 80. Under 'paper' E takes 80 of B's loss although it holds 50 of B.
    expect(json).toEqual({
      total_loss: 185,
      total_loss_pct: 23.125,
      total_tvl: 800,
      direct_loss: 105,
      indirect_loss: 80,
      affected_count: 4,
      distressed_nodes: ['B', 'C', 'D', 'E'],
      propagation_rounds: 1,
      affected_history: [3, 4],
      // The app's words: B, C, D hold USDC (shocked); E is distressed by contagion only.
      shocked_count: 3,
      shocked_nodes: ['B', 'C', 'D'],
      distressed_count: 1,
      distressed_by_contagion: ['E'],
      loss_rounds: 1,
      rule: 'paper',
      over_exposure: { count: 1, worst: { creditor: 'E', debtor: 'B', loss: 80, exposure: 50 } },
      losses: { B: 80, C: 20, D: 5, E: 80 },
    });
  });

  it('prepareContagion is cached per snapshot', () => {
    const snapshot = diamond();
    const prepared = prepareContagion(snapshot);
    expect(prepareContagion(snapshot)).toBe(prepared);
    // Creditors of A (index 0) are B and C; Σ_A = 50 + 50 = 100; Σ_B = 10; Σ_C = 30; D has no creditors.
    const g = prepared.graph;
    expect([...g.inSource.subarray(g.inStart[0], g.inStart[1])]).toEqual([1, 2]);
    expect([...g.inTotal]).toEqual([100, 10, 30, 0]);
    // Repeated runs on the shared scratch buffers give identical results.
    const a = runContagion(snapshot, [P('A', 0.4)]);
    runContagion(snapshot, [P('B', 1)]);
    const b = runContagion(snapshot, [P('A', 0.4)]);
    expect([...b.losses]).toEqual([...a.losses]);
  });
});

describe('runContagion: input errors', () => {
  const errors: { name: string; graph: () => Snapshot; seeds: Seed[]; options?: ContagionOptions; message: RegExp }[] =
    [
      { name: 'unknown protocol id', graph: chain, seeds: [P('nope', 0.5)], message: /unknown protocol id "nope"/ },
      {
        name: 'unknown token symbol',
        graph: tokenGraph,
        seeds: [T('DAI', 0.5)],
        message: /unknown token symbol "DAI"/,
      },
      {
        name: 'token node shocked by id',
        graph: tokenGraph,
        seeds: [P('U', 0.5)],
        message: /"U" is a token node .*use a token shock instead, e\.g\. USDC=0\.5/,
      },
      { name: 'δ above 1', graph: chain, seeds: [P('A', 1.5)], message: /δ must be a number between 0 and 1/ },
      { name: 'δ below 0', graph: chain, seeds: [T('X', -0.1)], message: /δ must be a number between 0 and 1/ },
      { name: 'δ NaN', graph: chain, seeds: [P('A', NaN)], message: /δ must be a number between 0 and 1/ },
      { name: 'τ out of range', graph: chain, seeds: [P('A', 0.5)], options: { threshold: 2 }, message: /threshold/ },
      {
        name: 'bad max rounds',
        graph: chain,
        seeds: [P('A', 0.5)],
        options: { maxRounds: 1.5 },
        message: /max rounds/,
      },
      {
        name: 'bad rule',
        graph: chain,
        seeds: [P('A', 0.5)],
        options: { rule: 'linear' as never },
        message: /unknown propagation rule "linear"/,
      },
    ];
  it.each(errors)('$name', ({ graph, seeds, options, message }) => {
    const run = () => runContagion(graph(), seeds, options);
    expect(run).toThrow(ScenarioError);
    expect(run).toThrow(message);
  });
});

describe('sweep', () => {
  // Index order C, B, A (ids deliberately not sorted), plus a token node U and a zero-TVL protocol Z.
  // C holds A (10). δ = 0.5:
  //   A: A = 50; r1 C += 50·10/10 = 50 > 10 → total 100, affected 2, rounds 1, 100/300 = 33.33 %
  //   B: 50, isolated → total 50, affected 1, rounds 0, 16.67 %
  //   C: 50, no creditors → total 50, affected 1, rounds 0
  // B and C tie at 50 → by id: B before C although C has the lower index.
  const graph = () =>
    tinySnapshot(
      [
        { id: 'C', tvl: 100 },
        { id: 'B', tvl: 100 },
        { id: 'A', tvl: 100 },
        { id: 'U', tvl: 5000, kind: 'token', sector: 'Primary Market Tokens' },
        { id: 'Z', tvl: 0 },
      ],
      [
        ['C', 'A', 10],
        ['A', 'U', 100],
      ],
    );

  it('shocks every protocol with TVL > 0 alone, sorted by loss then id', () => {
    const entries = sweep(graph(), { rule: 'paper' });
    expect(entries.map((e) => [e.id, e.index, e.totalLoss, e.affectedCount, e.propagationRounds])).toEqual([
      ['A', 2, 100, 2, 1],
      ['B', 1, 50, 1, 0],
      ['C', 0, 50, 1, 0],
    ]);
    expect([entries[0].directLoss, entries[0].indirectLoss]).toEqual([50, 50]);
    expect(entries[0].totalLossPct).toBeCloseTo(100 / 3, 9);
    expect(entries[1].totalLossPct).toBeCloseTo(50 / 3, 9);
  });

  it('honours top, fraction and the rule', () => {
    // δ = 1, debtrank: A = 100; r1 C += 10·100/100 = 10, not > 10 → total 110, affected 1.
    const entries = sweep(graph(), { fraction: 1, rule: 'debtrank', top: 2 });
    expect(entries.map((e) => [e.id, e.totalLoss, e.affectedCount])).toEqual([
      ['A', 110, 1],
      ['B', 100, 1],
    ]);
  });

  it('matches runContagion for each single shock', () => {
    const snapshot = graph();
    for (const entry of sweep(snapshot, { fraction: 0.3 })) {
      const single = runContagion(snapshot, [P(entry.id, 0.3)]);
      expect(entry.totalLoss).toBe(single.totalLoss);
      expect(entry.affectedCount).toBe(single.affectedCount);
      expect(entry.propagationRounds).toBe(single.propagationRounds);
    }
  });

  it('rejects a bad fraction or top', () => {
    expect(() => sweep(graph(), { fraction: 2 })).toThrow(ScenarioError);
    expect(() => sweep(graph(), { top: -1 })).toThrow(/top/);
  });
});

describe('non-monotonicity under the "active once, pass the loss held at activation" semantics', () => {
  // These hand-built graphs show why total loss is NOT monotone in δ and affected count is NOT monotone in τ
  // in general (the property test below checks the cases where monotonicity does hold).
  // S (TVL 100) is held by X (15) and M (85); X also holds M (10); Y holds X (10); K1 holds Y; K2 holds K1.
  // TVL: X 100, M 100, Y 200, K1 100, K2 100.
  const graph = () =>
    tinySnapshot(
      [
        { id: 'S', tvl: 100 },
        { id: 'X', tvl: 100 },
        { id: 'M', tvl: 100 },
        { id: 'Y', tvl: 200 },
        { id: 'K1', tvl: 100 },
        { id: 'K2', tvl: 100 },
      ],
      [
        ['X', 'S', 15],
        ['M', 'S', 85],
        ['X', 'M', 10],
        ['Y', 'X', 10],
        ['K1', 'Y', 10],
        ['K2', 'K1', 10],
      ],
    );

  it('total loss can fall when δ rises', () => {
    // δ = 0.5: S = 50. r1: X += 7.5 (≤ 10), M += 42.5 (> 10). r2: X += 42.5 → 50 (> 10). r3: Y += 50 (> 20).
    //   r4: K1 += 50. r5: K2 += 50. Total 50 + 50 + 42.5 + 50 + 50 + 50 = 292.5.
    // δ = 1: S = 100. r1: X += 15 (> 10), M += 85. r2: X passes 15 → Y = 15 (≤ 20); M passes 85 → X = 100.
    //   Y is not distressed. Total 100 + 100 + 85 + 15 = 300.
    // δ = 0.6: S = 60. r1: X += 9 (≤ 10), M += 51. r2: X = 60. r3: Y = 60. r4: K1 = 60. r5: K2 = 60.
    //   Total 60 + 60 + 51 + 60 + 60 + 60 = 351 > 300.
    const at = (delta: number) => runContagion(graph(), [P('S', delta)], { rule: 'paper' }).totalLoss;
    expect(at(0.5)).toBeCloseTo(292.5, 9);
    expect(at(0.6)).toBeCloseTo(351, 9);
    expect(at(1)).toBeCloseTo(300, 9);
  });

  it('affected count can rise with τ', () => {
    // δ = 1. τ = 0.1: S, X, M distressed; Y = 15 ≤ 20 → affected 3.
    // τ = 0.2: r1 X = 15 ≤ 20, M = 85 > 20. r2 X = 100 > 20. r3 Y = 100 > 40. r4 K1 = 100. r5 K2 = 100 → affected 6.
    const affected = (threshold: number) =>
      runContagion(graph(), [P('S', 1)], { rule: 'paper', threshold }).affectedCount;
    expect(affected(0.1)).toBe(3);
    expect(affected(0.2)).toBe(6);
  });
});

describe('property: random graphs', () => {
  function randomGraph(seed: number) {
    const random = mulberry32(seed); // seeded, so failures are reproducible
    const pareto = () => 1 / Math.pow(1 - random(), 1 / 1.2); // heavy-tailed, ≥ 1
    const n = 10 + Math.floor(random() * 30);
    const nodes: TinyNode[] = Array.from({ length: n }, (_, i) => {
      const token = random() < 0.1;
      return {
        id: `n${i}`,
        tvl: random() < 0.05 ? 0 : Math.round(100 * pareto()),
        kind: token ? 'token' : 'protocol',
        sector: token ? 'Primary Market Tokens' : 'Asset Management',
      };
    });
    const edges: [string, string, number][] = [];
    const m = n * (1 + Math.floor(random() * 4));
    for (let e = 0; e < m; e++) {
      const c = Math.floor(random() * n);
      const d = Math.floor(random() * n);
      edges.push([`n${c}`, `n${d}`, Math.round(10 * pareto())]); // self-loops and duplicates included
    }
    const holdings: [string, string, number][] = [];
    for (let h = 0; h < n; h++)
      holdings.push([`n${Math.floor(random() * n)}`, random() < 0.5 ? 'TKA' : 'TKB', 50 * pareto()]);
    const snapshot = tinySnapshot(nodes, edges, { holdings, tokens: { TKA: null, TKB: null } });
    const protocols = nodes.filter((x) => x.kind === 'protocol');
    const seeds: Seed[] = [P(protocols[0].id, 1), P(protocols[protocols.length - 1].id, 1), T('TKA', 1)];
    return { snapshot, seeds, random };
  }

  const withFraction = (seeds: Seed[], fraction: number): Seed[] => seeds.map((s) => ({ ...s, fraction }));
  const graphs = Array.from({ length: 60 }, (_, k) => 1000 + k);

  it.each(graphs)('invariants hold on random graph %i', (graphSeed) => {
    const { snapshot, seeds, random } = randomGraph(graphSeed);
    for (const rule of ['bounded', 'paper', 'debtrank'] as const) {
      const options = { rule, threshold: random() * 0.3, maxRounds: 1 + Math.floor(random() * 10) };
      const result = runContagion(snapshot, withFraction(seeds, 0.2 + 0.8 * random()), options);
      for (let i = 0; i < snapshot.n; i++) {
        expect(result.losses[i]).toBeGreaterThanOrEqual(result.initialLosses[i]);
        expect(result.losses[i]).toBeLessThanOrEqual(Math.max(snapshot.tvl[i], 0));
      }
      expect(result.propagationRounds).toBeLessThanOrEqual(options.maxRounds);
      expect(result.affectedHistory).toHaveLength(result.propagationRounds + 1);
      expect(result.affectedHistory.at(-1)).toBe(result.affectedCount);
      expect(result.distressed.reduce((a, b) => a + b, 0)).toBe(result.affectedCount);
      let previous = result.initialLosses.reduce((a, b) => a + b, 0);
      for (const record of result.rounds) {
        const sum = record.increments.reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - (record.systemLoss - previous))).toBeLessThanOrEqual(1e-9 * Math.max(1, previous));
        previous = record.systemLoss;
      }
    }
  });

  it.each(graphs)('total loss is monotone in δ when τ = 0 (graph %i)', (graphSeed) => {
    // With τ = 0 every node is distressed the round it first receives loss, so the activation schedule does not
    // depend on δ and each loss is a monotone function (sums, positive factors, min with TVL) of δ.
    const { snapshot, seeds } = randomGraph(graphSeed);
    for (const rule of ['bounded', 'paper', 'debtrank'] as const) {
      let previous = 0;
      for (let step = 0; step <= 10; step++) {
        const total = runContagion(snapshot, withFraction(seeds, step / 10), { rule, threshold: 0 }).totalLoss;
        expect(total).toBeGreaterThanOrEqual(previous * (1 - 1e-12));
        previous = total;
      }
    }
  });

  it.each(graphs)(
    'affected count is monotone non-increasing in τ over one round, paper rule (graph %i)',
    (graphSeed) => {
      // Over a single round the gains do not depend on τ, so a higher τ can only distress fewer creditors.
      const { snapshot, seeds } = randomGraph(graphSeed);
      let previous = Infinity;
      for (let step = 0; step <= 10; step++) {
        const affected = runContagion(snapshot, withFraction(seeds, 0.5), {
          rule: 'paper',
          threshold: step / 10,
          maxRounds: 1,
        }).affectedCount;
        expect(affected).toBeLessThanOrEqual(previous);
        previous = affected;
      }
    },
  );

  it.each(graphs)('bounded: no creditor loses more than it holds of a debtor (graph %i)', (graphSeed) => {
    const { snapshot, seeds, random } = randomGraph(graphSeed);
    // Exposure per (creditor, debtor) pair, duplicates summed, self-loops ignored.
    const exposure = new Map<string, number>();
    const pair = (c: number, d: number) => `${c}>${d}`;
    for (let e = 0; e < snapshot.edges.m; e++) {
      const [c, d, w] = [snapshot.edges.source[e], snapshot.edges.target[e], snapshot.edges.weight[e]];
      if (c !== d && w > 0) exposure.set(pair(c, d), (exposure.get(pair(c, d)) ?? 0) + w);
    }
    const result = runContagion(snapshot, withFraction(seeds, 0.2 + 0.8 * random()), {
      threshold: random() * 0.2,
    });
    const carried = new Map<string, number>();
    const fromContagion = new Float64Array(snapshot.n);
    for (const record of result.rounds) {
      record.edges.forEach((e, k) => {
        const key = pair(snapshot.edges.source[e], snapshot.edges.target[e]);
        carried.set(key, (carried.get(key) ?? 0) + record.amounts[k]);
        fromContagion[snapshot.edges.source[e]] += record.amounts[k];
      });
    }
    for (const [key, amount] of carried) expect(amount).toBeLessThanOrEqual(exposure.get(key)! * (1 + 1e-12));
    for (let i = 0; i < snapshot.n; i++) {
      // What contagion added to a node is at most what reached it along its edges, each ≤ its exposure.
      expect(result.losses[i] - result.initialLosses[i]).toBeLessThanOrEqual(fromContagion[i] * (1 + 1e-12) + 1e-9);
    }
    expect(result.overExposure.count).toBe(0);
  });

  it('sweep agrees with single runs on a random graph', () => {
    const { snapshot } = randomGraph(7);
    for (const entry of sweep(snapshot, { rule: 'debtrank', threshold: 0.05 })) {
      const single = runContagion(snapshot, [P(entry.id, 0.5)], { rule: 'debtrank', threshold: 0.05 });
      expect([entry.totalLoss, entry.affectedCount, entry.propagationRounds]).toEqual([
        single.totalLoss,
        single.affectedCount,
        single.propagationRounds,
      ]);
    }
  });
});

describe('stateAtRound: the numbers the playback shows', () => {
  // Paper diamond, A = 40: after seeding 40 (1 shocked; the seed is not counted as distressed); round 1:
  // B, C +20 each → 80, both distressed; round 2: D +40 → 120, distressed.
  const snapshot = diamond();
  const result = runContagion(snapshot, [P('A', 0.4)], { rule: 'paper' });

  it.each([
    [0, 40, 40, 0, 0, 0],
    [1, 80, 40, 40, 2, 1],
    [2, 120, 40, 80, 3, 2],
    [7, 120, 40, 80, 3, 2], // clamped to the last round
  ])('round %i: loss %d = %d + %d, %d distressed, %d rounds', (round, total, direct, indirect, distressed, rounds) => {
    const s = stateAtRound(snapshot, result, round);
    expect([s.totalLoss, s.directLoss, s.indirectLoss]).toEqual([total, direct, indirect]);
    expect(s.distressedCount).toBe(distressed);
    expect(s.shockedCount).toBe(1);
    expect(s.propagationRounds).toBe(rounds);
    expect(s.lossRounds).toBe(rounds);
  });

  it('a seed below τ is shocked, not distressed', () => {
    // Chain, τ = 0.6: B shocked at 50% loses 100 ≤ 0.6·200, so it is shocked but not distressed; C takes
    // min(40, 100·40/40) = 40 of B (its whole holding), 40 > 0.6·50: distressed.
    const chainResult = runContagion(chain(), [P('B', 0.5)], { threshold: 0.6 });
    const s = stateAtRound(chain(), chainResult, chainResult.rounds.length);
    expect(s.shockedCount).toBe(1);
    expect(s.distressedCount).toBe(1); // C only
    expect(s.affectedCount).toBe(2); // the reference counts the seed too
  });
});
