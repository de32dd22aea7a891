import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runContagion } from '../../src/core/contagion';
import { lossesByRound } from '../../src/core/contagion';
import { csvSafeText, exportStem, resultsToCsv, resultsToJson } from '../../src/core/export';
import { emptyScenario } from '../../src/core/scenarioSpec';
import { tinySnapshot } from './fixtures';

// Chain: C holds B's tokens, B holds A's tokens. Shock A at 50% (paper rule, τ = 0.1):
// A loses 0.5·100 = 50; round 1: B (sole creditor of A) gains 50 → 50 > 0.1·200, distressed;
// round 2: C (sole creditor of B) gains 50 → 50 > 0.1·400, distressed; round 3 passes nothing.
const snapshot = tinySnapshot(
  [
    { id: 'A', tvl: 100, name: '=HYPERLINK("http://evil")' },
    { id: 'B', tvl: 200, name: '<script>alert(1)</script>' },
    { id: 'C', tvl: 400, name: 'Plain, "quoted"' },
  ],
  [
    ['B', 'A', 80],
    ['C', 'B', 120],
  ],
);
const seeds = [{ kind: 'protocol' as const, id: 'A', fraction: 0.5 }];
const result = runContagion(snapshot, seeds, { rule: 'paper', threshold: 0.1 });

describe('results export', () => {
  it('tracks every node loss round by round', () => {
    expect(lossesByRound(result).map((r) => Array.from(r))).toEqual([
      [50, 0, 0],
      [50, 50, 0],
      [50, 50, 50],
    ]);
  });

  it('writes a CSV with per-protocol losses by round, sorted by loss, with formulas neutralised', () => {
    const csv = resultsToCsv(snapshot, result);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(parsed.meta.fields).toEqual([
      'id',
      'name',
      'category',
      'sector',
      'kind',
      'tvl_usd',
      'loss_after_seeding_usd',
      'loss_after_round_1_usd',
      'loss_after_round_2_usd',
      'final_loss_usd',
      'direct_loss_usd',
      'indirect_loss_usd',
      'final_loss_pct_of_tvl',
      'shocked',
      'distressed',
      'distressed_in_round',
    ]);
    const byId = Object.fromEntries(parsed.data.map((r) => [r.id, r]));
    expect(byId.A.name).toBe('\'=HYPERLINK("http://evil")');
    expect(byId.B.name).toBe('<script>alert(1)</script>');
    expect(byId.C.name).toBe('Plain, "quoted"');
    expect(byId.C.loss_after_round_1_usd).toBe('0');
    expect(byId.C.loss_after_round_2_usd).toBe('50');
    expect(byId.C.final_loss_pct_of_tvl).toBe('12.5');
    expect([byId.C.direct_loss_usd, byId.C.indirect_loss_usd, byId.A.direct_loss_usd]).toEqual(['0', '50', '50']);
    // The seed A is shocked, not distressed (one vocabulary: src/core/vocabulary.ts).
    expect([
      byId.A.shocked,
      byId.A.distressed,
      byId.A.distressed_in_round,
      byId.B.distressed_in_round,
      byId.C.distressed_in_round,
    ]).toEqual(['1', '0', '', '1', '2']);
  });

  it('writes JSON with the scenario, the results, provenance and model version', () => {
    const json = resultsToJson(snapshot, result, {
      seeds,
      graph: 'forecast',
      horizon: 4,
      modelVersion: 'abc123',
      appVersion: '0.1.0',
      perimeter: 'defi',
    });
    expect(json.dataset.provenance.synthetic).toBe(true);
    expect(json.model_version).toBe('abc123');
    expect(json.horizon_weeks).toBe(4);
    expect(json.scenario).toEqual({
      seeds,
      rule: 'paper',
      rule_meaning: expect.stringContaining('Eq. 22 as published'),
      threshold: 0.1,
      max_rounds: 10,
      perimeter: 'defi',
    });
    expect(json.denominator.total_tvl).toBe(700);
    expect([json.results.direct_loss, json.results.indirect_loss]).toEqual([50, 100]);
    expect(json.results.total_loss).toBe(150);
    expect(json.results.affected_count).toBe(3);
    expect(json.results.rounds.map((r) => r.newly_distressed)).toEqual([['B'], ['C']]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Lido', 'Lido'],
  ])('csvSafeText(%s)', (input, expected) => expect(csvSafeText(input)).toBe(expected));

  it('writes numbers without float noise: USD to the cent, percentages to 1e-6', () => {
    // 0.1 + 0.2 style noise: a 30% shock of 100.1 is 30.029999999999998 in floating point.
    const noisy = tinySnapshot([{ id: 'A', tvl: 100.1 }], []);
    const r = runContagion(noisy, [{ kind: 'protocol', id: 'A', fraction: 0.3 }]);
    expect(r.totalLoss).not.toBe(30.03);
    const row = Papa.parse<Record<string, string>>(resultsToCsv(noisy, r), { header: true }).data[0];
    expect(row.final_loss_usd).toBe('30.03');
    expect(row.final_loss_pct_of_tvl).toBe('30');
  });

  it.each([
    [{ shocks: [{ id: 'A', fraction: 0.5 }] }, 'contagion_hyperlink-http-evil-50pct_bounded_tiny_2025-01-06'],
    [{ preset: 'top5' as const, presetFraction: 0.3 }, 'contagion_top5-30pct_bounded_tiny_2025-01-06'],
    [
      { tokens: [{ symbol: 'USDC', fraction: 0.1 }], perimeter: 'all' as const, rule: 'paper' as const },
      'contagion_usdc-depeg-10pct_paper_perimeter-all_tiny_2025-01-06',
    ],
  ])('exportStem names the scenario (%#)', (patch, stem) => {
    expect(exportStem(snapshot, { ...emptyScenario(), ...patch })).toBe(stem);
  });

  it('exportStem does not repeat a date the dataset name already has, and marks forecasts', () => {
    const dated = { ...snapshot, dataset: 'defillama-2025-01-06' };
    expect(exportStem(dated, { ...emptyScenario(), preset: 'top1' }, { forecast: true, horizon: 4 })).toBe(
      'contagion_top1-50pct_bounded_defillama-2025-01-06_forecast-h4',
    );
  });
});
