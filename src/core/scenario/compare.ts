// Saved scenarios and their comparison. A saved scenario is a name, the scenario (seeds, rule, τ,
// rounds, perimeter), the event preset it came from (if any) and its interventions. It travels in a
// link as `save=NAME~QUERY` (QUERY = the scenario's own URL parameters plus iv= and event=), in
// local storage as JSON, and two of them are compared by name with `cmp=A,B`.
import { isDistressed } from '../vocabulary';
import { runContagion, type ContagionResult } from '../contagion';
import { applyPerimeter, PERIMETER_DESCRIPTIONS } from '../perimeter';
import {
  contagionOptions,
  readScenarioParams,
  resolveSeeds,
  writeScenarioParams,
  type ScenarioSpec,
} from '../scenarioSpec';
import { describeSeeds } from '../scenarios';
import type { Snapshot } from '../types';
import {
  applyInterventions,
  describeIntervention,
  formatInterventions,
  parseInterventions,
  summarise,
  type Intervention,
  type OutcomeSummary,
} from './interventions';
import { isEventPresetId, type EventPresetId } from './presets';
import { summaryJson } from './designJson';

export interface SavedScenario {
  name: string;
  scenario: ScenarioSpec;
  event: EventPresetId | null;
  interventions: Intervention[];
}

/** Names: letters, digits, space, '-', '_', '.', 1–40 characters (they appear in links and file names). */
export function isScenarioName(name: string): boolean {
  return /^[\p{L}\p{N} ._-]{1,40}$/u.test(name) && name.trim() === name;
}

/** The saved scenario as a query string (without '?'). */
export function encodeSaved(saved: SavedScenario): string {
  const q = new URLSearchParams();
  writeScenarioParams(saved.scenario, (k, v) => q.set(k, v));
  if (saved.interventions.length) q.set('iv', formatInterventions(saved.interventions));
  if (saved.event) q.set('event', saved.event);
  // ':' and ',' stay readable (URLSearchParams reads them either way).
  return q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/** `NAME~QUERY` → a saved scenario, or the problems in words. */
export function decodeSaved(raw: string): { saved: SavedScenario | null; problems: string[] } {
  const at = raw.indexOf('~');
  const name = at < 0 ? '' : raw.slice(0, at);
  if (!isScenarioName(name)) return { saved: null, problems: [`save="${raw.slice(0, 60)}": expected NAME~PARAMETERS`] };
  const q = new URLSearchParams(raw.slice(at + 1));
  const { scenario, problems } = readScenarioParams((k) => q.get(k));
  let interventions: Intervention[] = [];
  try {
    interventions = parseInterventions(q.get('iv') ?? '');
  } catch (err) {
    problems.push((err as Error).message);
  }
  const event = q.get('event');
  if (event !== null && !isEventPresetId(event)) problems.push(`event="${event}" is not a known event preset`);
  return {
    saved: { name, scenario, event: isEventPresetId(event) ? event : null, interventions },
    problems: problems.map((p) => `saved scenario "${name}": ${p}`),
  };
}

export function savedParam(saved: SavedScenario): string {
  return `${saved.name}~${encodeSaved(saved)}`;
}

export interface ScenarioRun {
  saved: SavedScenario;
  /** The graph it ran on: the perimeter applied, then the edge caps. */
  snapshot: Snapshot;
  result: ContagionResult;
  summary: OutcomeSummary;
  /** Seeds and interventions in words. */
  description: string;
  problems: string[];
}

/** Runs a saved scenario on a week (before any perimeter: the scenario brings its own). */
export function runSaved(week: Snapshot, saved: SavedScenario): ScenarioRun {
  const view = applyPerimeter(week, saved.scenario.perimeter);
  const { seeds, problems } = resolveSeeds(view, saved.scenario);
  const applied = applyInterventions(view, saved.interventions, contagionOptions(saved.scenario));
  const result = runContagion(applied.snapshot, seeds, { ...applied.options, recordRounds: false });
  const parts = [describeSeeds(view, seeds), ...saved.interventions.map((iv) => describeIntervention(view, iv))];
  return {
    saved,
    snapshot: applied.snapshot,
    result,
    summary: summarise(applied.snapshot, result, applied.options),
    description: parts.join('; '),
    problems,
  };
}

export interface NodeDifference {
  id: string;
  name: string;
  tvl: number;
  lossA: number;
  lossB: number;
  /** lossB − lossA. */
  difference: number;
  distressedA: boolean;
  distressedB: boolean;
}

export interface Comparison {
  a: ScenarioRun;
  b: ScenarioRun;
  /** B − A for each headline figure. */
  difference: {
    totalLoss: number;
    totalLossPct: number;
    affectedCount: number;
    distressedCount: number;
    indirectLoss: number;
  };
  /** Both percentages share one denominator (same perimeter): else they are not comparable as %. */
  sameDenominator: boolean;
  /** Every node with a loss on either side, largest |difference| first. */
  nodes: NodeDifference[];
  distressedOnlyA: string[];
  distressedOnlyB: string[];
  notes: string[];
}

/** Distressed as everywhere (src/core/vocabulary.ts; the engine applies the interventions' τ and capital). */
function distressedSet(run: ScenarioRun): Set<string> {
  const out = new Set<string>();
  const { snapshot, result } = run;
  for (let i = 0; i < snapshot.n; i++) if (isDistressed(result, i)) out.add(snapshot.ids[i]);
  return out;
}

export function compareRuns(a: ScenarioRun, b: ScenarioRun): Comparison {
  const rows = new Map<string, NodeDifference>();
  const dA = distressedSet(a);
  const dB = distressedSet(b);
  const add = (run: ScenarioRun, side: 'A' | 'B') => {
    const { snapshot, result } = run;
    for (let i = 0; i < snapshot.n; i++) {
      const loss = result.losses[i];
      const id = snapshot.ids[i];
      if (!(loss > 0) && !dA.has(id) && !dB.has(id)) continue;
      let row = rows.get(id);
      if (!row) {
        row = {
          id,
          name: snapshot.names[i],
          tvl: snapshot.tvl[i],
          lossA: 0,
          lossB: 0,
          difference: 0,
          distressedA: false,
          distressedB: false,
        };
        rows.set(id, row);
      }
      if (side === 'A') row.lossA = loss;
      else row.lossB = loss;
    }
  };
  add(a, 'A');
  add(b, 'B');
  const nodes = [...rows.values()];
  for (const row of nodes) {
    row.difference = row.lossB - row.lossA;
    row.distressedA = dA.has(row.id);
    row.distressedB = dB.has(row.id);
  }
  nodes.sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || (x.id < y.id ? -1 : 1));
  const sameDenominator = a.saved.scenario.perimeter === b.saved.scenario.perimeter;
  const notes: string[] = [];
  if (!sameDenominator)
    notes.push(
      `different perimeters: A's % is of ${PERIMETER_DESCRIPTIONS[a.saved.scenario.perimeter].denominator}, ` +
        `B's of ${PERIMETER_DESCRIPTIONS[b.saved.scenario.perimeter].denominator}; compare the USD figures`,
    );
  notes.push(...a.problems.map((p) => `A: ${p}`), ...b.problems.map((p) => `B: ${p}`));
  return {
    a,
    b,
    difference: {
      totalLoss: b.summary.totalLoss - a.summary.totalLoss,
      totalLossPct: b.summary.totalLossPct - a.summary.totalLossPct,
      affectedCount: b.summary.affectedCount - a.summary.affectedCount,
      distressedCount: b.summary.distressedCount - a.summary.distressedCount,
      indirectLoss: b.summary.indirectLoss - a.summary.indirectLoss,
    },
    sameDenominator,
    nodes,
    distressedOnlyA: [...dA].filter((id) => !dB.has(id)).sort(),
    distressedOnlyB: [...dB].filter((id) => !dA.has(id)).sort(),
    notes,
  };
}

export function compareSaved(week: Snapshot, a: SavedScenario, b: SavedScenario): Comparison {
  return compareRuns(runSaved(week, a), runSaved(week, b));
}

const usd = (x: number) => x.toFixed(2);

/** Formula-looking cells get a leading ' (names come from files we cannot vouch for). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per node with a loss in either scenario; headline rows first as comments-free "SYSTEM" rows. */
export function comparisonToCsv(c: Comparison): string {
  const header = [
    'id',
    'name',
    'tvl_usd',
    `loss_a_usd`,
    `loss_b_usd`,
    'difference_usd',
    'distressed_a',
    'distressed_b',
  ].join(',');
  const system = [
    'SYSTEM',
    csvCell(`${c.a.saved.name} vs ${c.b.saved.name}`),
    usd(c.a.summary.totalTvl),
    usd(c.a.summary.totalLoss),
    usd(c.b.summary.totalLoss),
    usd(c.difference.totalLoss),
    String(c.a.summary.distressedCount),
    String(c.b.summary.distressedCount),
  ].join(',');
  const rows = c.nodes.map((r) =>
    [
      csvCell(r.id),
      csvCell(r.name),
      usd(r.tvl),
      usd(r.lossA),
      usd(r.lossB),
      usd(r.difference),
      String(r.distressedA),
      String(r.distressedB),
    ].join(','),
  );
  return `${[header, system, ...rows].join('\n')}\n`;
}

function sideJson(run: ScenarioRun) {
  const s = run.summary;
  return {
    name: run.saved.name,
    link_parameters: encodeSaved(run.saved),
    description: run.description,
    event: run.saved.event,
    interventions: formatInterventions(run.saved.interventions),
    perimeter: run.saved.scenario.perimeter,
    denominator: PERIMETER_DESCRIPTIONS[run.saved.scenario.perimeter].denominator,
    rule: run.saved.scenario.rule,
    threshold: run.saved.scenario.threshold,
    max_rounds: run.saved.scenario.maxRounds,
    ...summaryJson(s),
    problems: run.problems,
  };
}

export function comparisonToJson(c: Comparison) {
  return {
    a: sideJson(c.a),
    b: sideJson(c.b),
    difference_b_minus_a: {
      total_loss: c.difference.totalLoss,
      total_loss_pct: c.sameDenominator ? c.difference.totalLossPct : null,
      indirect_loss: c.difference.indirectLoss,
      affected_count: c.difference.affectedCount,
      distressed_count: c.difference.distressedCount,
    },
    same_denominator: c.sameDenominator,
    distressed_only_a: c.distressedOnlyA,
    distressed_only_b: c.distressedOnlyB,
    nodes: c.nodes.map((r) => ({
      id: r.id,
      name: r.name,
      tvl: r.tvl,
      loss_a: r.lossA,
      loss_b: r.lossB,
      difference: r.difference,
      distressed_a: r.distressedA,
      distressed_b: r.distressedB,
    })),
    notes: c.notes,
  };
}
