// Exports of a scenario's results: CSV (per-protocol losses, round by round) and JSON (the full
// scenario and results, with dataset provenance and model version). Pure, so the page, a worker
// and tests produce byte-identical files.
import Papa from 'papaparse';
import { contagionToJson, lossesByRound, type ContagionResult, type Seed } from './contagion';
import type { Snapshot } from './types';

/**
 * Spreadsheet apps execute cells that start with = + - @ (CSV injection); a protocol name from a
 * user's file must stay text, so such cells get a leading apostrophe.
 */
export function csvSafeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function resultsToCsv(snapshot: Snapshot, result: ContagionResult): string {
  const byRound = lossesByRound(result);
  const distressedAt = new Int32Array(snapshot.n).fill(-1);
  for (const i of result.seedIndices) distressedAt[i] = 0;
  for (const round of result.rounds) for (const i of round.newlyDistressed) distressedAt[i] = round.round;
  const header = [
    'id',
    'name',
    'category',
    'sector',
    'kind',
    'tvl_usd',
    ...byRound.map((_, r) => (r === 0 ? 'loss_after_seeding_usd' : `loss_after_round_${r}_usd`)),
    'final_loss_usd',
    'final_loss_pct_of_tvl',
    'seed',
    'distressed',
    'distressed_in_round',
  ];
  const seeds = new Set(result.seedIndices);
  const order = Array.from(snapshot.ids.keys()).sort(
    (a, b) => result.losses[b] - result.losses[a] || (snapshot.ids[a] < snapshot.ids[b] ? -1 : 1),
  );
  const rows = order.map((i) => [
    csvSafeText(snapshot.ids[i]),
    csvSafeText(snapshot.names[i]),
    csvSafeText(snapshot.categories[i]),
    snapshot.sectors[i],
    snapshot.kinds[i],
    snapshot.tvl[i],
    ...byRound.map((losses) => losses[i]),
    result.losses[i],
    snapshot.tvl[i] > 0 ? (100 * result.losses[i]) / snapshot.tvl[i] : 0,
    seeds.has(i) ? 1 : 0,
    result.distressed[i] ? 1 : 0,
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
    scenario: { seeds: ctx.seeds, rule: result.rule, threshold: result.threshold, max_rounds: result.maxRounds },
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
