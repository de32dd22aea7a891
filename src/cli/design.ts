// Scenario design on the command line (issue 16): `event`, `intervene`, `reverse`, `compare`.
// JSON on stdout, as every command; the figures are the app's Design tab's, computed by the same
// core modules (src/core/scenario/).
import { parseArgs } from 'node:util';
import { loadDatasetFile } from './io';
import { numberOption, UsageError } from './options';
import { pickWeek } from '../core/snapshot/pickWeek';
import { PROPAGATION_RULES, type ContagionOptions, type Seed } from '../core/contagion';
import { parseShockList, parseTokenShock, scenarioSeeds, SCENARIO_NAMES, type ScenarioName } from '../core/scenarios';
import { applyPerimeter, isPerimeter, type Perimeter } from '../core/perimeter';
import type { PropagationRule, Snapshot } from '../core/types';
import { EVENT_PRESET_IDS, eventPreset, isEventPresetId, resolveEvent } from '../core/scenario/presets';
import { parseInterventions } from '../core/scenario/interventions';
import { eventToJson, interventionsToJson, perimeterJson, reverseToJson } from '../core/scenario/designJson';
import { reverseStress, stressCurves, type ReverseSearch, type ReverseTarget } from '../core/scenario/reverseStress';
import { compareSaved, comparisonToCsv, comparisonToJson, decodeSaved } from '../core/scenario/compare';

export const DESIGN_USAGE = `  event     --snapshot FILE --event ${EVENT_PRESET_IDS.join('|')} [--perimeter defi|all]
            [--rule …] [--threshold τ] [--max-rounds N]   a historical event on this graph
  intervene --snapshot FILE (--shock … | --shock-token … | --scenario … | --event …)
            --intervene "cap:H>I:USD,remove:H>I,recap:ID:USD,ringfence:ID,tau:ID:τ" [--rank]
            before/after, loss saved (per USD where defined); --rank ranks candidate interventions
  reverse   --snapshot FILE (--target-loss-pct X | --target-distressed N)
            (--protocol ID | --token SYMBOL | --set-delta δ) [--perimeter …] [--rule …] [--threshold τ]
            the smallest shock reaching the target; [--curves with --shock/--shock-token/--scenario]
  compare   --snapshot FILE --a "NAME~PARAMS" --b "NAME~PARAMS" [--format json|csv]
            two saved scenarios (PARAMS = the link's parameters, e.g. "base~shock=182:0.5&iv=ringfence:1599")`;

const COMMON = {
  snapshot: { type: 'string' },
  meta: { type: 'string' },
  date: { type: 'string' },
  perimeter: { type: 'string' },
  rule: { type: 'string' },
  threshold: { type: 'string' },
  'max-rounds': { type: 'string' },
} as const;

const SEED_OPTIONS = {
  shock: { type: 'string' },
  'shock-token': { type: 'string' },
  scenario: { type: 'string' },
  event: { type: 'string' },
} as const;

async function loadWeek(values: { snapshot?: string; meta?: string; date?: string }): Promise<Snapshot> {
  if (!values.snapshot) throw new UsageError('--snapshot FILE is required');
  const dataset = await loadDatasetFile(values.snapshot, { meta: values.meta });
  for (const w of dataset.warnings) process.stderr.write(`warning: ${w}\n`);
  return pickWeek(dataset, values.date);
}

function perimeterOf(value: string | undefined, fallback: Perimeter): Perimeter {
  if (value === undefined) return fallback;
  if (!isPerimeter(value)) throw new UsageError(`--perimeter: expected defi or all, got "${value}"`);
  return value;
}

function engineOptions(values: { rule?: string; threshold?: string; 'max-rounds'?: string }): ContagionOptions {
  if (values.rule !== undefined && !(PROPAGATION_RULES as readonly string[]).includes(values.rule))
    throw new UsageError(`--rule: expected ${PROPAGATION_RULES.join(', ')}, got "${values.rule}"`);
  return {
    rule: values.rule as PropagationRule | undefined,
    threshold: numberOption(values.threshold, 'threshold', 0, 1),
    maxRounds: numberOption(values['max-rounds'], 'max-rounds', 1, 1000, true),
  };
}

function eventOption(value: string) {
  if (!isEventPresetId(value)) throw new UsageError(`--event: expected ${EVENT_PRESET_IDS.join(', ')}, got "${value}"`);
  return eventPreset(value);
}

/** The seeds asked for, on the week restricted to the perimeter (an event brings its own perimeter). */
function seedsAndView(
  week: Snapshot,
  values: { shock?: string; 'shock-token'?: string; scenario?: string; event?: string; perimeter?: string },
) {
  const preset = values.event ? eventOption(values.event) : null;
  const perimeter = perimeterOf(values.perimeter, preset?.perimeter ?? 'defi');
  const snapshot = applyPerimeter(week, perimeter);
  const seeds: Seed[] = [];
  const notes: string[] = [];
  if (values.shock) seeds.push(...parseShockList(values.shock));
  if (values['shock-token']) seeds.push(...parseTokenShock(values['shock-token']));
  if (values.scenario) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(values.scenario))
      throw new UsageError(`--scenario: expected top1, top5 or bridge, got "${values.scenario}"`);
    seeds.push(...scenarioSeeds(snapshot, values.scenario as ScenarioName));
  }
  if (preset) {
    const ev = resolveEvent(snapshot, preset);
    seeds.push(...ev.seeds);
    notes.push(...ev.notes);
  }
  return { snapshot, perimeter, seeds, notes };
}

async function eventCommand(args: string[]) {
  const { values } = parseArgs({ args, options: { ...COMMON, event: { type: 'string' } } });
  if (!values.event) throw new UsageError(`--event is required (${EVENT_PRESET_IDS.join(', ')})`);
  const preset = eventOption(values.event);
  const week = await loadWeek(values);
  const perimeter = perimeterOf(values.perimeter, preset.perimeter);
  return { date: week.date, ...eventToJson(week, preset, engineOptions(values), perimeter) };
}

async function interveneCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { ...COMMON, ...SEED_OPTIONS, intervene: { type: 'string' }, rank: { type: 'boolean' } },
  });
  const week = await loadWeek(values);
  const { snapshot, perimeter, seeds, notes } = seedsAndView(week, values);
  if (seeds.length === 0) throw new UsageError('give a shock: --shock, --shock-token, --scenario or --event');
  const list = parseInterventions(values.intervene ?? '');
  if (list.length === 0 && !values.rank) throw new UsageError('give --intervene SPEC and/or --rank');
  return {
    date: snapshot.date,
    ...perimeterJson(perimeter),
    ...interventionsToJson(snapshot, seeds, engineOptions(values), list, values.rank === true),
    notes,
  };
}

async function reverseCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON,
      ...SEED_OPTIONS,
      'target-loss-pct': { type: 'string' },
      'target-distressed': { type: 'string' },
      protocol: { type: 'string' },
      token: { type: 'string' },
      'set-delta': { type: 'string' },
      curves: { type: 'boolean' },
    },
  });
  const lossPct = numberOption(values['target-loss-pct'], 'target-loss-pct', 0, 100);
  const distressed = numberOption(values['target-distressed'], 'target-distressed', 1, 1e9, true);
  if ((lossPct === undefined) === (distressed === undefined))
    throw new UsageError('give one target: --target-loss-pct X or --target-distressed N');
  const target: ReverseTarget =
    lossPct !== undefined ? { kind: 'lossPct', value: lossPct } : { kind: 'distressed', value: distressed! };
  const searches = [values.protocol, values.token, values['set-delta']].filter((v) => v !== undefined);
  if (searches.length !== 1) throw new UsageError('give one search: --protocol ID, --token SYMBOL or --set-delta δ');
  const search: ReverseSearch =
    values.protocol !== undefined
      ? { kind: 'protocol', id: values.protocol }
      : values.token !== undefined
        ? { kind: 'token', symbol: values.token }
        : { kind: 'set', fraction: numberOption(values['set-delta'], 'set-delta', 0, 1)! };
  const week = await loadWeek(values);
  const { snapshot, perimeter, seeds } = seedsAndView(week, values);
  const options = engineOptions(values);
  const t0 = performance.now();
  const answer = reverseStress(snapshot, search, target, options);
  const ms = performance.now() - t0;
  return {
    date: snapshot.date,
    ...perimeterJson(perimeter),
    ...reverseToJson(answer, ms),
    ...(values.curves
      ? { curves: seeds.length ? stressCurves(snapshot, seeds, options) : null, curve_seeds: seeds }
      : {}),
  };
}

async function compareCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      snapshot: COMMON.snapshot,
      meta: COMMON.meta,
      date: COMMON.date,
      a: { type: 'string' },
      b: { type: 'string' },
      format: { type: 'string' },
    },
  });
  if (!values.a || !values.b) throw new UsageError('give two saved scenarios: --a "NAME~PARAMS" --b "NAME~PARAMS"');
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format: expected json or csv, got "${format}"`);
  const a = decodeSaved(values.a);
  const b = decodeSaved(values.b);
  const problems = [...a.problems, ...b.problems];
  if (!a.saved || !b.saved || problems.length) throw new UsageError(problems.join('; '));
  const week = await loadWeek(values);
  const comparison = compareSaved(week, a.saved, b.saved);
  if (format === 'csv') return comparisonToCsv(comparison);
  return { date: week.date, ...comparisonToJson(comparison) };
}

/** Runs a design command; returns its JSON (or CSV text), or undefined when `command` is not one. */
export async function designCommand(command: string, args: string[]): Promise<unknown> {
  switch (command) {
    case 'event':
      return eventCommand(args);
    case 'intervene':
      return interveneCommand(args);
    case 'reverse':
      return reverseCommand(args);
    case 'compare':
      return compareCommand(args);
    default:
      return undefined;
  }
}

export const DESIGN_COMMANDS = ['event', 'intervene', 'reverse', 'compare'];
