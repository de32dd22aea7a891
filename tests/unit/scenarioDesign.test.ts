// Scenario design (issue 16): interventions, reverse stress test, event presets, comparison and
// saved scenarios, on small hand-built graphs with hand-computed expectations.
//
// The chain used throughout (TVL 100 each, τ = 0.1, bounded rule):
//   B holds 50 of A's tokens (edge B→A, 50); C holds 40 of B's (edge C→B, 40).
// Shock A at δ = 0.5: A loses 50; round 1: A passes 50·50/50 = 50 to B (room 50): B 50 > 10, distressed;
// round 2: B passes 50·40/40 = 50, bounded by C's room 40: C 40 > 10. Total 50 + 50 + 40 = 140 of 300.
import { describe, expect, it } from 'vitest';
import { runContagion, ScenarioError, type Seed } from '../../src/core/contagion';
import {
  applyInterventions,
  evaluateInterventions,
  formatInterventions,
  parseInterventions,
  rankInterventions,
  type Intervention,
} from '../../src/core/scenario/interventions';
import { reverseStress, stressCurves } from '../../src/core/scenario/reverseStress';
import { eventPreset, resolveEvent } from '../../src/core/scenario/presets';
import {
  compareSaved,
  comparisonToCsv,
  comparisonToJson,
  decodeSaved,
  savedParam,
  type SavedScenario,
} from '../../src/core/scenario/compare';
import { emptyScenario } from '../../src/core/scenarioSpec';
import { readDesignParams, writeDesignParams, type DesignParams } from '../../src/core/scenario/designParams';
import { buildSearch } from '../../src/ui/url';
import { tinySnapshot } from './fixtures';

const chain = () =>
  tinySnapshot(
    [
      { id: 'A', tvl: 100 },
      { id: 'B', tvl: 100 },
      { id: 'C', tvl: 100 },
    ],
    [
      ['B', 'A', 50],
      ['C', 'B', 40],
    ],
  );
const shockA: Seed[] = [{ kind: 'protocol', id: 'A', fraction: 0.5 }];

function lossAfter(list: Intervention[]) {
  const snap = chain();
  const applied = applyInterventions(snap, list, { threshold: 0.1 });
  const r = runContagion(applied.snapshot, shockA, applied.options);
  return { total: r.totalLoss, losses: Array.from(r.losses), applied };
}

describe('interventions on the chain A ← B ← C', () => {
  it('no intervention: 140 = 50 + 50 + 40', () => {
    expect(lossAfter([]).losses).toEqual([50, 50, 40]);
  });

  it('removing B→A stops contagion at A: 50', () => {
    expect(lossAfter([{ kind: 'remove', holder: 'B', issuer: 'A' }]).losses).toEqual([50, 0, 0]);
  });

  it('capping B→A at 20: B takes min(50, 20) = 20 (> 10, distressed), passes 20·40/40 = 20 to C: 90, 30 USD removed', () => {
    const { losses, applied } = lossAfter([{ kind: 'cap', holder: 'B', issuer: 'A', usd: 20 }]);
    expect(losses).toEqual([50, 20, 20]);
    expect(applied.usdCost).toBe(30);
  });

  it('recapitalising B with 30: B still loses 50 (borne by the capital), passes 50 − 30 = 20 to C: 120', () => {
    expect(lossAfter([{ kind: 'recap', id: 'B', usd: 30 }]).losses).toEqual([50, 50, 20]);
  });

  it('recapitalising B with 45: its uncovered loss 5 ≤ τ·TVL = 10, so it is never distressed and passes nothing', () => {
    expect(lossAfter([{ kind: 'recap', id: 'B', usd: 45 }]).losses).toEqual([50, 50, 0]);
  });

  it('ring-fencing B: B absorbs 50, C gets nothing: 100', () => {
    expect(lossAfter([{ kind: 'ringfence', id: 'B' }]).losses).toEqual([50, 50, 0]);
  });

  it("τ = 0.6 for B: B's 50 ≤ 60, not distressed, passes nothing; τ = 0.4 for B: 50 > 40, passes as before", () => {
    expect(lossAfter([{ kind: 'tau', id: 'B', threshold: 0.6 }]).losses).toEqual([50, 50, 0]);
    expect(lossAfter([{ kind: 'tau', id: 'B', threshold: 0.4 }]).losses).toEqual([50, 50, 40]);
  });

  it('capital also caps what a seed passes on: A at 50% with 50 of capital passes nothing', () => {
    expect(lossAfter([{ kind: 'recap', id: 'A', usd: 50 }]).losses).toEqual([50, 0, 0]);
  });

  it('unknown ids and missing edges are errors naming them', () => {
    expect(() => lossAfter([{ kind: 'recap', id: 'Z', usd: 1 }])).toThrow(/unknown protocol id "Z"/);
    expect(() => lossAfter([{ kind: 'remove', holder: 'A', issuer: 'C' }])).toThrow(ScenarioError);
  });

  it('a cap scales the holder’s holdings of the issuer’s tokens too, so a token de-peg sees it', () => {
    const snap = tinySnapshot(
      [
        { id: 'A', tvl: 100 },
        { id: 'B', tvl: 100 },
      ],
      [['B', 'A', 50]],
      { tokens: { ATK: 'A' }, holdings: [['B', 'ATK', 50]] },
    );
    const applied = applyInterventions(snap, [{ kind: 'cap', holder: 'B', issuer: 'A', usd: 10 }]);
    // B holds 10 of ATK after the cap: a 50% de-peg costs it 5.
    const r = runContagion(applied.snapshot, [{ kind: 'token', symbol: 'ATK', fraction: 0.5 }], applied.options);
    expect(r.losses[1]).toBe(5);
    expect(snap.holdings.usd[0]).toBe(50); // the original is untouched
  });

  it('before/after: loss saved 50 by a 30-USD cap is 50/30 per USD; ring-fencing has no per-USD figure', () => {
    const snap = chain();
    const cap = evaluateInterventions(snap, shockA, { threshold: 0.1 }, [
      { kind: 'cap', holder: 'B', issuer: 'A', usd: 20 },
    ]);
    expect(cap.before.totalLoss).toBe(140);
    expect(cap.after.totalLoss).toBe(90);
    expect(cap.lossSaved).toBe(50);
    expect(cap.savedPerUsd).toBeCloseTo(50 / 30, 12);
    expect(cap.before.mostHit.map((h) => h.id)).toEqual(['A', 'B', 'C']);
    const fence = evaluateInterventions(snap, shockA, { threshold: 0.1 }, [{ kind: 'ringfence', id: 'B' }]);
    expect(fence.lossSaved).toBe(40);
    expect(fence.usdCost).toBeNull();
    expect(fence.savedPerUsd).toBeNull();
    // Distressed as everywhere: crossed τ through contagion, the seed A not counted (it is shocked).
    expect(fence.before.distressedCount).toBe(2); // B and C
    expect(fence.after.distressedCount).toBe(1); // B only: ring-fenced, it passes nothing to C
  });

  it('ranks candidates by loss saved per USD, those without a USD cost after', () => {
    // Edges that carried loss: B→A (50), C→B (40). Passers: A (50), B (40).
    // remove B→A: saves 90 for 50 removed = 1.8/USD; remove C→B: saves 40 for 40 = 1/USD;
    // recap A with 50 (its loss): saves 90 / 50 = 1.8; recap B with 50: saves 40 / 50 = 0.8;
    // ring-fence A saves 90, ring-fence B saves 40 (no per-USD figure).
    const ranked = rankInterventions(chain(), shockA, { threshold: 0.1 });
    expect(ranked.map((r) => formatInterventions([r.intervention]))).toEqual([
      'remove:B>A',
      'recap:A:50',
      'remove:C>B',
      'recap:B:50',
      'ringfence:A',
      'ringfence:B',
    ]);
    expect(ranked[0].savedPerUsd).toBeCloseTo(1.8, 12);
    expect(ranked[3].savedPerUsd).toBeCloseTo(0.8, 12);
    expect(ranked[5].lossSaved).toBe(40);
  });

  it('parses and formats every kind (round trip), and rejects bad items in words', () => {
    const text = 'cap:1599>2626:1000000,remove:1599>182,recap:118:500000000,ringfence:182,tau:4133:0.25';
    const list = parseInterventions(text);
    expect(list).toEqual([
      { kind: 'cap', holder: '1599', issuer: '2626', usd: 1e6 },
      { kind: 'remove', holder: '1599', issuer: '182' },
      { kind: 'recap', id: '118', usd: 5e8 },
      { kind: 'ringfence', id: '182' },
      { kind: 'tau', id: '4133', threshold: 0.25 },
    ]);
    expect(formatInterventions(list)).toBe(text);
    expect(() => parseInterventions('tau:1:1.5')).toThrow(/from 0 to 1/);
    expect(() => parseInterventions('nuke:1')).toThrow(/kind must be one of/);
    expect(() => parseInterventions('remove:1599')).toThrow(/HOLDER>ISSUER/);
  });
});

describe('reverse stress test on the chain', () => {
  // Total loss when A alone is shocked at δ: A loses 100δ; B gets min(50, 100δ); B is distressed only
  // when 100δ > 10, and then C gets min(40, 100δ). So: 200δ for δ ≤ 0.1 (B not distressed, C 0),
  // 300δ on (0.1, 0.4], 200δ + 40 on (0.4, 0.5], 100δ + 90 above: at most 190 = 63.3% of 300.
  const snap = chain();
  const opts = { threshold: 0.1 };

  it('loss ≥ 50% (150 USD): 100δ + 90 = 150 at δ = 0.6', () => {
    const a = reverseStress(snap, { kind: 'protocol', id: 'A' }, { kind: 'lossPct', value: 50 }, opts);
    expect(a.reached).toBe(true);
    expect(a.fraction).toBe(0.6);
    expect(a.lossPct).toBeCloseTo(50, 9);
    expect(a.nonMonotoneSteps).toBe(0);
    expect(a.method).toMatch(/grid of 101 values.*bisected/);
  });

  it('loss ≥ 10% (30 USD): reached just above δ = 0.1 (the jump when B becomes distressed), stated as 0.1001', () => {
    const a = reverseStress(snap, { kind: 'protocol', id: 'A' }, { kind: 'lossPct', value: 10 }, opts);
    expect(a.fraction).toBe(0.1001);
    expect(a.lossPct).toBeCloseTo((300 * 0.1001 * 100) / 300, 6);
  });

  it('≥ 2 distressed: B and C cross τ once δ > 0.1 (the seed A is shocked, never counted as distressed)', () => {
    const a = reverseStress(snap, { kind: 'protocol', id: 'A' }, { kind: 'distressed', value: 2 }, opts);
    expect(a.fraction).toBe(0.1001);
    expect(a.distressedCount).toBe(2);
    const three = reverseStress(snap, { kind: 'protocol', id: 'A' }, { kind: 'distressed', value: 3 }, opts);
    expect(three.reached).toBe(false); // only two nodes can be distressed by contagion
  });

  it('a target no shock reaches (70% > the 63.3% at δ = 1) says so', () => {
    const a = reverseStress(snap, { kind: 'protocol', id: 'A' }, { kind: 'lossPct', value: 70 }, opts);
    expect(a.reached).toBe(false);
    expect(a.fraction).toBeNull();
    expect(a.lossPct).toBeCloseTo((190 / 300) * 100, 9);
    expect(a.note).toMatch(/no shock of this protocol, up to 100%, reaches system loss ≥ 70%/);
  });

  it('token de-peg size: C holds 100 of USDC; loss ≥ 10% (30 USD) needs a 30% de-peg', () => {
    const s = tinySnapshot(
      [
        { id: 'A', tvl: 100 },
        { id: 'B', tvl: 100 },
        { id: 'C', tvl: 100 },
      ],
      [['B', 'A', 50]],
      { tokens: { USDC: null }, holdings: [['C', 'USDC', 100]] },
    );
    const a = reverseStress(s, { kind: 'token', symbol: 'USDC' }, { kind: 'lossPct', value: 10 }, opts);
    expect(a.fraction).toBe(0.3);
  });

  it('greedy set at δ = 0.5, loss ≥ 50%: A alone 140, then A+B = A+C = 190 (tie: the first), so {A, B}', () => {
    // {A,B}: A 50, B 50 + 50 from A = 100; B passes its 50 at the start, bounded by 40 to C: 190.
    // {A,C}: A 50 → B 50 → C 50 + 40: 190.
    const a = reverseStress(snap, { kind: 'set', fraction: 0.5 }, { kind: 'lossPct', value: 50 }, opts);
    expect(a.reached).toBe(true);
    expect(a.set.map((x) => x.id)).toEqual(['A', 'B']);
    expect(a.lossPct).toBeCloseTo((190 / 300) * 100, 9);
  });

  it('greedy set: 100% is out of reach (all three at 50% lose 240 = 80%)', () => {
    const a = reverseStress(snap, { kind: 'set', fraction: 0.5 }, { kind: 'lossPct', value: 100 }, opts);
    expect(a.reached).toBe(false);
    expect(a.set).toEqual([]);
    expect(a.lossPct).toBeCloseTo(80, 9);
    expect(a.note).toMatch(/no set of up to 3 protocols/);
  });

  it('curves: loss against δ follows 200δ / 300δ / 200δ + 40 / 100δ + 90; against τ it drops once τ ≥ 0.5', () => {
    const { delta, threshold } = stressCurves(snap, shockA, opts, 10, 0.5);
    expect(delta.map((p) => +((p.lossPct * 300) / 100).toFixed(9))).toEqual([
      0, 20, 60, 90, 120, 140, 150, 160, 170, 180, 190,
    ]);
    // τ = 0.5 (x = 0.5): B's 50 is not > 50, so B is not distressed: 100. At τ = 0.3: 140.
    const at = (x: number) => threshold.find((p) => Math.abs(p.x - x) < 1e-9)!;
    expect((at(0.3).lossPct * 300) / 100).toBeCloseTo(140, 9);
    expect((at(0.5).lossPct * 300) / 100).toBeCloseTo(100, 9);
  });
});

describe('event presets', () => {
  const withUsdc = () =>
    tinySnapshot(
      [
        { id: 'A', tvl: 1000 },
        { id: 'B', tvl: 1000 },
      ],
      [],
      { tokens: { USDC: null, STETH: 'B' }, holdings: [['A', 'USDC', 100]] },
    );

  it('USDC March 2023: δ = 1 − 0.8726 = 0.1274 on the 100 USDC A holds: 12.74 USD', () => {
    const snap = withUsdc();
    const ev = resolveEvent(snap, eventPreset('usdc-2023'));
    expect(ev.applicable).toBe(true);
    expect(ev.seeds).toEqual([{ kind: 'token', symbol: 'USDC', fraction: 0.1274 }]);
    expect(ev.heldUsd).toBe(100);
    expect(ev.preset.citation).toMatch(/0\.8726.*2023-03-11 08:00 UTC/);
    expect(runContagion(snap, ev.seeds).totalLoss).toBeCloseTo(12.74, 9);
  });

  it('UST May 2022 on a graph without UST or LUNA: not applicable, and says so instead of 0%', () => {
    const ev = resolveEvent(withUsdc(), eventPreset('ust-2022'));
    expect(ev.applicable).toBe(false);
    expect(ev.seeds).toEqual([]);
    expect(ev.notes).toContain('no holding of UST / USTC in this graph');
    expect(ev.notes).toContain('no holding of LUNA / LUNC in this graph');
  });

  it('stETH June 2022: a token listed but held by nobody counts as absent', () => {
    const ev = resolveEvent(withUsdc(), eventPreset('steth-2022'));
    expect(ev.applicable).toBe(false);
    expect(ev.notes[0]).toBe('no holding of STETH / WSTETH in this graph');
  });

  it('FTX needs the all perimeter and says what it cannot shock', () => {
    const p = eventPreset('ftx-2022');
    expect(p.perimeter).toBe('all');
    expect(resolveEvent(withUsdc(), p).notes.join(' ')).toMatch(/FTX and Alameda are not in a present-day graph/);
  });

  it('correlated drawdown: several tokens at their own sizes, partial holdings named', () => {
    const snap = tinySnapshot([{ id: 'A', tvl: 1000 }], [], {
      tokens: { WETH: null, WBTC: null },
      holdings: [
        ['A', 'WETH', 100],
        ['A', 'WBTC', 200],
      ],
    });
    const ev = resolveEvent(snap, eventPreset('drawdown'));
    expect(ev.seeds).toEqual([
      { kind: 'token', symbol: 'WETH', fraction: 0.3 },
      { kind: 'token', symbol: 'WBTC', fraction: 0.25 },
    ]);
    expect(ev.notes).toContain('no holding of SOL / WSOL / JITOSOL / MSOL in this graph');
    // 0.3·100 + 0.25·200 = 80
    expect(runContagion(snap, ev.seeds).totalLoss).toBeCloseTo(80, 9);
  });
});

describe('saved scenarios and comparison', () => {
  const saved = (name: string, interventions: Intervention[]): SavedScenario => ({
    name,
    scenario: { ...emptyScenario(), shocks: [{ id: 'A', fraction: 0.5 }] },
    event: null,
    interventions,
  });

  it('a saved scenario survives a URL round trip (scenario, interventions, event)', () => {
    const s: SavedScenario = {
      name: 'Fence B',
      scenario: {
        ...emptyScenario(),
        shocks: [{ id: '182', fraction: 0.3 }],
        tokens: [{ symbol: 'USDC', fraction: 0.1274 }],
        rule: 'debtrank',
        threshold: 0.2,
        maxRounds: 5,
        perimeter: 'all',
      },
      event: 'usdc-2023',
      interventions: [
        { kind: 'ringfence', id: '1599' },
        { kind: 'cap', holder: '1599', issuer: '2626', usd: 1e9 },
      ],
    };
    const q = new URLSearchParams();
    q.append('save', savedParam(s));
    const back = decodeSaved(new URLSearchParams(q.toString()).get('save')!);
    expect(back.problems).toEqual([]);
    expect(back.saved).toEqual(s);
  });

  it('a bad saved scenario is reported, not half-read', () => {
    expect(decodeSaved('no-tilde').saved).toBeNull();
    const bad = decodeSaved('x~iv=nuke:1&event=nope');
    expect(bad.problems.join(' ')).toMatch(/kind must be one of.*|event="nope"/);
    expect(bad.problems).toHaveLength(2);
  });

  it('compares A (no intervention) with B (B ring-fenced): B − A = −40, C distressed only in A', () => {
    const c = compareSaved(chain(), saved('plain', []), saved('fenced', [{ kind: 'ringfence', id: 'B' }]));
    expect(c.a.summary.totalLoss).toBe(140);
    expect(c.b.summary.totalLoss).toBe(100);
    expect(c.difference.totalLoss).toBe(-40);
    expect(c.difference.distressedCount).toBe(-1);
    expect(c.distressedOnlyA).toEqual(['C']);
    expect(c.distressedOnlyB).toEqual([]);
    expect(c.nodes[0]).toMatchObject({ id: 'C', lossA: 40, lossB: 0, difference: -40 });
    expect(c.sameDenominator).toBe(true);
    const csv = comparisonToCsv(c).trim().split('\n');
    expect(csv[0]).toBe('id,name,tvl_usd,loss_a_usd,loss_b_usd,difference_usd,distressed_a,distressed_b');
    expect(csv[1]).toBe('SYSTEM,plain vs fenced,300.00,140.00,100.00,-40.00,2,1');
    expect(csv[2]).toBe('C,C,100.00,40.00,0.00,-40.00,true,false');
    const json = comparisonToJson(c);
    expect(json.a.total_loss).toBe(140);
    expect(json.b.interventions).toBe('ringfence:B');
    expect(json.difference_b_minus_a.total_loss_pct).toBeCloseTo(-40 / 3, 9);
  });
});

describe('design keys in the link', () => {
  const design = (): DesignParams => ({
    event: 'steth-2022',
    interventions: [
      { kind: 'recap', id: '118', usd: 5e8 },
      { kind: 'remove', holder: '1599', issuer: '182' },
    ],
    saved: [
      {
        name: 'base',
        scenario: { ...emptyScenario(), tokens: [{ symbol: 'STETH', fraction: 0.065 }] },
        event: 'steth-2022',
        interventions: [],
      },
      {
        name: 'capped',
        scenario: { ...emptyScenario(), shocks: [{ id: '182', fraction: 0.5 }], perimeter: 'all' },
        event: null,
        interventions: [{ kind: 'cap', holder: '1599', issuer: '182', usd: 1e9 }],
      },
    ],
    compare: ['base', 'capped'],
  });

  it('round-trips through the explorer’s own rewrite (buildSearch keeps the design keys)', () => {
    const q = new URLSearchParams('dataset=x&shock=182:0.5');
    writeDesignParams(design(), q);
    const rewritten = buildSearch(
      {
        dataset: 'x',
        date: null,
        scenario: { ...emptyScenario(), shocks: [{ id: '182', fraction: 0.3 }] },
        selected: null,
        embed: false,
        horizon: null,
        graph: null,
      },
      `?${q.toString()}`,
    );
    expect(rewritten).toContain('shock=182:0.3');
    const back = readDesignParams(new URLSearchParams(rewritten));
    expect(back.problems).toEqual([]);
    expect(back.design).toEqual(design());
  });

  it('reports a comparison naming an unsaved scenario, an unknown event and a bad intervention', () => {
    const { design: d, problems } = readDesignParams(new URLSearchParams('event=lehman&iv=recap:1:x&cmp=a,b'));
    expect(d).toEqual({ event: null, interventions: [], saved: [], compare: null });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/event="lehman"/);
    expect(problems[1]).toMatch(/recap:1:x/);
    expect(problems[2]).toMatch(/cmp="a,b" must name two saved scenarios/);
  });
});

describe('interventions under the other rules', () => {
  it('debtrank: recapitalising B with 10 cuts what C takes from 40·25/100 = 10 to 40·15/100 = 6', () => {
    // A at 50%: A loses 50; B gains E·Loss/TVL = 50·50/100 = 25 (> 10, distressed); C gains 40·25/100 = 10.
    // With 10 of capital at B: B passes 25 − 10 = 15, C gains 40·15/100 = 6 (not > 10: not distressed).
    const snap = chain();
    const plain = runContagion(snap, shockA, { rule: 'debtrank' });
    expect(Array.from(plain.losses)).toEqual([50, 25, 10]);
    const applied = applyInterventions(snap, [{ kind: 'recap', id: 'B', usd: 10 }], { rule: 'debtrank' });
    const r = runContagion(applied.snapshot, shockA, applied.options);
    expect(Array.from(r.losses)).toEqual([50, 25, 6]);
    expect(r.distressedIds).toEqual(['A', 'B']);
  });

  it("paper: ring-fencing A keeps eq. 22's whole-loss transfer from starting", () => {
    const snap = chain();
    const applied = applyInterventions(snap, [{ kind: 'ringfence', id: 'A' }], { rule: 'paper' });
    expect(Array.from(runContagion(applied.snapshot, shockA, applied.options).losses)).toEqual([50, 0, 0]);
  });
});
