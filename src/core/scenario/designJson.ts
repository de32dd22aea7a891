// The JSON shapes of scenario design (the CLI's output and the embed's design-results), built in one
// place so both say the same thing with the same keys.
import { contagionToJson, runContagion, type ContagionOptions, type Seed } from '../contagion';
import { applyPerimeter, perimeterJson, type Perimeter } from '../perimeter';
import type { Snapshot } from '../types';
import {
  evaluateInterventions,
  formatInterventions,
  rankInterventions,
  type Intervention,
  type OutcomeSummary,
} from './interventions';
import { resolveEvent, type EventPreset } from './presets';
import type { ReverseAnswer } from './reverseStress';

export function summaryJson(s: OutcomeSummary) {
  return {
    total_loss: s.totalLoss,
    total_loss_pct: s.totalLossPct,
    total_tvl: s.totalTvl,
    direct_loss: s.directLoss,
    indirect_loss: s.indirectLoss,
    affected_count: s.affectedCount,
    distressed_count: s.distressedCount,
    propagation_rounds: s.propagationRounds,
    most_hit: s.mostHit.map((h) => ({ id: h.id, name: h.name, loss: h.lossUsd, loss_pct_of_tvl: h.lossPctOfTvl })),
  };
}

/** An event preset on a week (before any perimeter): its figures, what it shocks, and its result or null. */
export function eventToJson(week: Snapshot, preset: EventPreset, options: ContagionOptions, perimeter?: Perimeter) {
  const used = perimeter ?? preset.perimeter;
  const snapshot = applyPerimeter(week, used);
  const ev = resolveEvent(snapshot, preset);
  const notes = [...ev.notes];
  if (used !== preset.perimeter)
    notes.push(`the preset is meant for the ${preset.perimeter} perimeter; run here on ${used}`);
  const result = ev.applicable ? runContagion(snapshot, ev.seeds, { ...options, recordRounds: false }) : null;
  let resultJson: Record<string, unknown> | null = null;
  if (result) {
    const { losses: _losses, ...rest } = contagionToJson(snapshot, result);
    resultJson = rest;
  }
  return {
    event: {
      id: preset.id,
      title: preset.title,
      date: preset.date,
      basis: preset.basis,
      citation: preset.citation,
      perimeter: preset.perimeter,
    },
    applicable: ev.applicable,
    moves: ev.moves.map((m) => ({ fraction: m.fraction, source: m.source, held: m.held, absent: m.absent })),
    held_usd: ev.heldUsd,
    notes,
    ...perimeterJson(used),
    // The scenario to set to put the event on screen (the URL's token= and perimeter=).
    scenario: ev.applicable
      ? {
          token: ev.seeds.map((s) => (s.kind === 'token' ? `${s.symbol}:${s.fraction}` : '')).join(','),
          perimeter: used,
        }
      : null,
    // No result at all (not a 0% loss) when the graph holds none of the event's tokens.
    result: resultJson,
  };
}

/** Before/after of interventions on a scenario (snapshot already in its perimeter), with an optional ranking. */
export function interventionsToJson(
  snapshot: Snapshot,
  seeds: Seed[],
  options: ContagionOptions,
  list: Intervention[],
  rank: boolean,
) {
  const outcome = evaluateInterventions(snapshot, seeds, options, list);
  return {
    interventions: formatInterventions(list),
    before: summaryJson(outcome.before),
    after: summaryJson(outcome.after),
    loss_saved: outcome.lossSaved,
    usd_cost: outcome.usdCost,
    loss_saved_per_usd: outcome.savedPerUsd,
    ...(rank
      ? {
          ranking: rankInterventions(snapshot, seeds, options).map((r) => ({
            intervention: formatInterventions([r.intervention]),
            description: r.description,
            loss_saved: r.lossSaved,
            usd_cost: r.usdCost,
            loss_saved_per_usd: r.savedPerUsd,
          })),
        }
      : {}),
  };
}

export function reverseToJson(answer: ReverseAnswer, ms: number) {
  const { target } = answer;
  return {
    target: target.kind === 'lossPct' ? { loss_pct: target.value } : { distressed: target.value },
    search: answer.search,
    reached: answer.reached,
    fraction: answer.fraction,
    set: answer.set,
    loss_pct: answer.lossPct,
    distressed_count: answer.distressedCount,
    method: answer.method,
    non_monotone_steps: answer.nonMonotoneSteps,
    runs: answer.runs,
    search_ms: Math.round(ms),
    note: answer.note,
  };
}
