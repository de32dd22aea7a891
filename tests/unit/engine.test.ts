import { describe, expect, it } from 'vitest';
import { runContagion } from '../../src/core/contagion';
import { resolveSeeds } from '../../src/core/scenarioSpec';
import { computeEngine } from '../../src/ui/engine';
import { emptyScenario, type ScenarioSpec } from '../../src/core/scenarioSpec';
import { tinySnapshot } from './fixtures';
import { nodeRows } from '../../src/core/view/nodeTable';

// A holds 60 of B's tokens, C holds 40 of B's tokens. T is a token node.
const snap = tinySnapshot(
  [
    { id: 'A', tvl: 100 },
    { id: 'B', tvl: 100 },
    { id: 'C', tvl: 1000 },
    { id: 'T', tvl: 0, kind: 'token' },
  ],
  [
    ['A', 'B', 60],
    ['C', 'B', 40],
  ],
  { holdings: [['A', 'USDX', 60]], tokens: { USDX: 'B' } },
);
const req = (scenario: ScenarioSpec) => ({ scenario, sweepFraction: 0.5, sweepTop: 3 });

describe('computeEngine', () => {
  it('shocking B by δ=0.5 passes loss to its creditors (paper rule)', () => {
    const r = computeEngine(snap, req({ ...emptyScenario(), shocks: [{ id: 'B', fraction: 0.5 }] }));
    expect(r.problems).toEqual([]);
    expect(r.seeds).toEqual([{ kind: 'protocol', id: 'B', fraction: 0.5 }]);
    // B loses 0.5·100 = 50; creditor sum of B = 60+40 = 100;
    // A: 60·50/100 = 30 (> 0.1·100, distressed), C: 40·50/100 = 20 (< 0.1·1000)
    const c = r.contagion!;
    expect(c.losses[0]).toBeCloseTo(30);
    expect(c.losses[1]).toBeCloseTo(50);
    expect(c.losses[2]).toBeCloseTo(20);
    expect(c.totalLoss).toBeCloseTo(100);
    expect(c.distressedIds).toContain('A');
    expect(c.distressedIds).not.toContain('C');
  });
  it('agrees with runContagion for the same seeds and options', () => {
    const scenario: ScenarioSpec = {
      ...emptyScenario(),
      shocks: [{ id: 'B', fraction: 0.8 }],
      rule: 'debtrank',
      threshold: 0.05,
      maxRounds: 3,
    };
    const r = computeEngine(snap, req(scenario));
    const direct = runContagion(snap, [{ kind: 'protocol', id: 'B', fraction: 0.8 }], {
      rule: 'debtrank',
      threshold: 0.05,
      maxRounds: 3,
    });
    expect(r.contagion!.totalLoss).toBe(direct.totalLoss);
    expect(Array.from(r.contagion!.losses)).toEqual(Array.from(direct.losses));
    expect(r.contagion!.distressedIds).toEqual(direct.distressedIds);
  });
  it('no seeds: no contagion, but sweep and analysis are still there', () => {
    const r = computeEngine(snap, req(emptyScenario()));
    expect(r.contagion).toBeNull();
    expect(r.seeds).toEqual([]);
    expect(r.sweep.length).toBeLessThanOrEqual(3);
    expect(r.analysis.sis.length).toBe(4);
  });
  it('ranks every protocol with TVL by the system loss of its failing alone, beyond the top rows', () => {
    // δ = 0.5 alone: C loses 500 and holds no one's debt; B loses 50 and passes 30 to A and 20 to
    // C (100 in all); A loses 50. T is a token: not shocked in the sweep, so not ranked.
    const r = computeEngine(snap, { scenario: emptyScenario(), sweepFraction: 0.5, sweepTop: 1 });
    expect(r.sweep.map((e) => e.id)).toEqual(['C']);
    expect(Array.from(r.sweepOrder)).toEqual([2, 1, 0]);
    const rows = nodeRows(snap, null, null, r.sweepOrder);
    expect(rows.map((row) => row.impactRank)).toEqual([3, 2, 1, null]);
  });
});

describe('resolveSeeds explains dropped seeds', () => {
  it('unknown protocol id and unheld token are dropped with a reason', () => {
    const { seeds, problems } = resolveSeeds(snap, {
      ...emptyScenario(),
      shocks: [
        { id: 'B', fraction: 0.5 },
        { id: 'nope', fraction: 0.5 },
      ],
      tokens: [{ symbol: 'ZZZ', fraction: 0.2 }],
    });
    expect(seeds).toEqual([{ kind: 'protocol', id: 'B', fraction: 0.5 }]);
    expect(problems).toEqual([
      'no protocol with id "nope" in this snapshot (within the DeFi perimeter)',
      'no token "ZZZ" is held in this snapshot',
    ]);
  });
  it('a token node shocked by id becomes a token seed; token symbols match any case', () => {
    const { seeds, problems } = resolveSeeds(snap, {
      ...emptyScenario(),
      shocks: [{ id: 'T', fraction: 0.4 }],
      tokens: [{ symbol: 'usdx', fraction: 0.2 }],
    });
    expect(problems).toEqual([]);
    expect(seeds).toEqual([
      { kind: 'token', symbol: 'T', fraction: 0.4 },
      { kind: 'token', symbol: 'usdx', fraction: 0.2 },
    ]);
  });
});
