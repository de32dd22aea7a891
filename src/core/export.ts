// Exports of a scenario's results: CSV (per-protocol losses, round by round) and JSON (the full
// scenario and results, with dataset provenance and model version). Pure, so the page, a worker
// and tests produce byte-identical files.
import Papa from 'papaparse';
import {
  contagionToJson,
  crossesThreshold,
  lossesByRound,
  RULE_DESCRIPTIONS,
  type ContagionResult,
  type Seed,
} from './contagion';
import { PERIMETER_DESCRIPTIONS, type Perimeter } from './perimeter';
import type { ScenarioSpec } from './scenarioSpec';
import type { Snapshot } from './types';

/**
 * Spreadsheet apps execute cells that start with = + - @ (CSV injection); a protocol name from a
 * user's file must stay text, so such cells get a leading apostrophe.
 */
export function csvSafeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** USD in a file: to the cent, so float noise (30.000000000000004) never reaches a spreadsheet. */
export function cleanUsd(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A percentage in a file: six decimals. */
export function cleanPct(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function resultsToCsv(snapshot: Snapshot, result: ContagionResult): string {
  const byRound = lossesByRound(result);
  const seeds = new Set(result.seedIndices);
  // The round in which a node crossed τ through contagion; seeds are shocked, not distressed
  // (src/core/vocabulary.ts), so the column's total is the app's "distressed".
  const distressedAt = new Int32Array(snapshot.n).fill(-1);
  byRound.forEach((losses, k) => {
    for (let i = 0; i < snapshot.n; i++)
      if (distressedAt[i] < 0 && !seeds.has(i) && crossesThreshold(snapshot, result, losses, i)) distressedAt[i] = k;
  });
  const header = [
    'id',
    'name',
    'category',
    'sector',
    'kind',
    'tvl_usd',
    ...byRound.map((_, r) => (r === 0 ? 'loss_after_seeding_usd' : `loss_after_round_${r}_usd`)),
    'final_loss_usd',
    'direct_loss_usd',
    'indirect_loss_usd',
    'final_loss_pct_of_tvl',
    'shocked',
    'distressed',
    'distressed_in_round',
  ];
  const order = Array.from(snapshot.ids.keys()).sort(
    (a, b) => result.losses[b] - result.losses[a] || (snapshot.ids[a] < snapshot.ids[b] ? -1 : 1),
  );
  const rows = order.map((i) => [
    csvSafeText(snapshot.ids[i]),
    csvSafeText(snapshot.names[i]),
    csvSafeText(snapshot.categories[i]),
    snapshot.sectors[i],
    snapshot.kinds[i],
    cleanUsd(snapshot.tvl[i]),
    ...byRound.map((losses) => cleanUsd(losses[i])),
    cleanUsd(result.losses[i]),
    cleanUsd(result.initialLosses[i]),
    cleanUsd(Math.max(0, result.losses[i] - result.initialLosses[i])),
    cleanPct(snapshot.tvl[i] > 0 ? (100 * result.losses[i]) / snapshot.tvl[i] : 0),
    seeds.has(i) ? 1 : 0,
    distressedAt[i] >= 0 ? 1 : 0,
    distressedAt[i] >= 0 ? distressedAt[i] : '',
  ]);
  return Papa.unparse({ fields: header, data: rows }, { newline: '\n' });
}

export interface ResultsContext {
  seeds: Seed[];
  /** Which graph the scenario ran on. */
  graph: 'observed' | 'forecast';
  horizon?: number;
  /** SHA-256 of the model weights when the graph is a forecast. */
  modelVersion?: string;
  appVersion: string;
  /** Shareable link of the scenario. */
  url?: string;
  perimeter: Perimeter;
}

export function resultsToJson(snapshot: Snapshot, result: ContagionResult, ctx: ResultsContext) {
  const summary = contagionToJson(snapshot, result);
  return {
    format: 'defi-contagion-results',
    version: 1,
    generated_by: `defi-contagion-explorer ${ctx.appVersion}`,
    dataset: { name: snapshot.dataset, title: snapshot.title, week: snapshot.date, provenance: snapshot.provenance },
    graph: ctx.graph,
    ...(ctx.horizon !== undefined ? { horizon_weeks: ctx.horizon } : {}),
    ...(ctx.modelVersion ? { model_version: ctx.modelVersion } : {}),
    ...(ctx.url ? { url: ctx.url } : {}),
    scenario: {
      seeds: ctx.seeds,
      rule: result.rule,
      rule_meaning: RULE_DESCRIPTIONS[result.rule].meaning,
      threshold: result.threshold,
      max_rounds: result.maxRounds,
      perimeter: ctx.perimeter,
    },
    // What every percentage is of.
    denominator: { total_tvl: result.totalTvl, of: PERIMETER_DESCRIPTIONS[ctx.perimeter].denominator },
    results: {
      ...summary,
      total_tvl: result.totalTvl,
      rounds: result.rounds.map((r) => ({
        round: r.round,
        system_loss: r.systemLoss,
        affected: r.affected,
        newly_distressed: Array.from(r.newlyDistressed, (i) => snapshot.ids[i]),
        increments: Object.fromEntries(Array.from(r.nodes, (i, k) => [snapshot.ids[i], r.increments[k]])),
      })),
    },
  };
}

/**
 * A file name that says which scenario it holds: "contagion_lido-50pct_bounded_defillama-2026-09-02"
 * (the date is added only when the dataset name lacks it; a forecast adds "_forecast-h4").
 */
export function exportStem(
  snapshot: Snapshot,
  scenario: ScenarioSpec,
  graph: { forecast: boolean; horizon: number | null } = { forecast: false, horizon: null },
): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40);
  const pct = (f: number) => `${+(f * 100).toFixed(1)}pct`;
  const nameOf = new Map(snapshot.ids.map((id, i) => [id, snapshot.names[i]]));
  const seeds = [
    ...(scenario.preset ? [`${scenario.preset}-${pct(scenario.presetFraction)}`] : []),
    ...scenario.shocks.map((s) => `${slug(nameOf.get(s.id) ?? s.id)}-${pct(s.fraction)}`),
    ...scenario.tokens.map((t) => `${slug(t.symbol)}-depeg-${pct(t.fraction)}`),
  ];
  const shown = seeds.length > 3 ? [...seeds.slice(0, 3), `and-${seeds.length - 3}-more`] : seeds;
  const parts = ['contagion', shown.join('+') || 'no-shock', scenario.rule];
  if (scenario.perimeter !== 'defi') parts.push(`perimeter-${scenario.perimeter}`);
  const dataset = slug(snapshot.dataset) || 'dataset';
  parts.push(snapshot.dataset.includes(snapshot.date) ? dataset : `${dataset}_${snapshot.date}`);
  if (graph.forecast) parts.push(`forecast-h${graph.horizon ?? ''}`);
  return parts.join('_');
}
