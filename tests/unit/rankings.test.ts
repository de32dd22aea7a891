// The three rankings on one hand-computed fixture: SIS (as published), systemic impact and vulnerability.
import { describe, expect, it } from 'vitest';
import { systemicImportance } from '../../src/core/metrics';
import { systemicRankings } from '../../src/core/metrics/rankings';
import { emptyScenario } from '../../src/core/scenarioSpec';
import { computeEngine } from '../../src/ui/engine';
import { tinySnapshot } from './fixtures';

// B holds 40 of A, C holds 20 of B (TVL 100, 50, 10). Each fails alone at 50%, bounded rule, τ = 10%:
// - A fails: A 50, B min(40, 50) = 40, C min(20, 40) = 20 capped at its TVL 10: system 100, contagion 50.
// - B fails: B 25, C min(20, 25) = 20 capped at 10: system 35, contagion 10.
// - C fails: C 5, nobody holds C: system 5.
// Suffered across the others' failures: A 0; B 40 (A's); C 10 (A's) + 10 (B's) = 20.
const snapshot = tinySnapshot(
  [
    { id: 'A', tvl: 100 },
    { id: 'B', tvl: 50 },
    { id: 'C', tvl: 10 },
    { id: 'USDC', tvl: 5, kind: 'token', sector: 'Primary Market Tokens' },
  ],
  [
    ['B', 'A', 40],
    ['C', 'B', 20],
    ['C', 'USDC', 5],
  ],
);

describe('systemic rankings', () => {
  const r = systemicRankings(snapshot, { fraction: 0.5 });

  it('systemic impact: loss caused by each single failure', () => {
    expect(r.impact.map((e) => [e.id, e.totalLoss, e.indirectLoss])).toEqual([
      ['A', 100, 50],
      ['B', 35, 10],
      ['C', 5, 0],
    ]);
    expect(r.failures).toBe(3); // token nodes never fail by id
  });

  it('vulnerability: loss suffered across the other protocols’ failures', () => {
    expect(r.vulnerability.map((v) => [v.id, v.sufferedUsd, v.failuresReaching, v.failuresDistressing])).toEqual([
      ['B', 40, 1, 1],
      ['C', 20, 2, 2],
      ['A', 0, 0, 0],
    ]);
    const c = r.vulnerability.find((v) => v.id === 'C')!;
    expect([snapshot.ids[c.worstFailure], c.worstUsd]).toEqual(['A', 10]); // tie with B's 10: the first run keeps it
  });

  it('follows the rule and τ', () => {
    // debtrank, τ = 50%: A fails → B loses 40·50/100 = 20, not above 25 (τ of 50): no further round.
    // B fails (25) → C loses 20·25/50 = 10, its whole TVL (above 5: distressed).
    const d = systemicRankings(snapshot, { fraction: 0.5, rule: 'debtrank', threshold: 0.5 });
    expect(d.impact.map((e) => [e.id, e.totalLoss])).toEqual([
      ['A', 70],
      ['B', 35],
      ['C', 5],
    ]);
    expect(d.vulnerability.map((v) => [v.id, v.sufferedUsd, v.failuresReaching, v.failuresDistressing])).toEqual([
      ['B', 20, 1, 0],
      ['C', 10, 1, 1],
      ['A', 0, 0, 0],
    ]);
  });

  it('SIS beside them: the tail term is 1 for every holder of 5 or fewer', () => {
    const sis = systemicImportance(snapshot);
    expect(Array.from(sis.tail)).toEqual([0, 1, 1, 0]); // A and USDC hold nothing
  });
});

describe('the engine hands the rankings to the page', () => {
  it('under the scenario’s rule and τ, at the sweep’s δ, the same as the sweep', () => {
    const scenario = { ...emptyScenario(), rule: 'debtrank' as const, threshold: 0.5 };
    const r = computeEngine(snapshot, { scenario, sweepFraction: 0.5, sweepTop: 3 });
    expect(r.rankings.impact.map((e) => [e.id, e.totalLoss])).toEqual(r.sweep.map((e) => [e.id, e.totalLoss]));
    expect(r.rankings.vulnerability.map((v) => [v.id, v.sufferedUsd])).toEqual([
      ['B', 20],
      ['C', 10],
      ['A', 0],
    ]);
  });
});
