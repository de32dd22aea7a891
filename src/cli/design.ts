// Scenario design on the command line (issue 16): `event`, `intervene`, `reverse`, `compare`.
// JSON on stdout, as every command; the figures are the app's Design tab's, computed by the same
// core modules (src/core/scenario/).
import { parseArgs } from 'node:util';
import { readWeek } from './io';
import {
  contagionOptions,
  MULTIPLE_FLAGS,
  numberOption,
  perimeterOption,
  rejectRepeats,
  seedsFromFlags,
  SHOCK_OPTIONS,
  SNAPSHOT_OPTIONS,
  UsageError,
} from './options';
import type { Seed } from '../core/contagion';
import { scenarioSeeds, SCENARIO_NAMES, type ScenarioName } from '../core/scenarios';
import { applyPerimeter, perimeterJson } from '../core/perimeter';
import type { Snapshot } from '../core/types';
import { EVENT_PRESET_IDS, eventPreset, isEventPresetId, resolveEvent } from '../core/scenario/presets';
import { parseInterventions } from '../core/scenario/interventions';
import { eventToJson, interventionsToJson, reverseToJson } from '../core/scenario/designJson';
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

const COMMON = SNAPSHOT_OPTIONS;

const SEED_OPTIONS = {
  ...SHOCK_OPTIONS,
  scenario: { type: 'string' },
  event: { type: 'string' },
} as const;

function eventOption(value: string) {
  if (!isEventPresetId(value)) throw new UsageError(`--event: expected ${EVENT_PRESET_IDS.join(', ')}, got "${value}"`);
  return eventPreset(value);
}

/** The seeds asked for, on the week restricted to the perimeter (an event brings its own perimeter). */
function seedsAndView(
  week: Snapshot,
  values: { shock?: string[]; 'shock-token'?: string[]; scenario?: string; event?: string; perimeter?: string },
) {
  const preset = values.event ? eventOption(values.event) : null;
  const perimeter = perimeterOption(values.perimeter, preset?.perimeter ?? 'defi');
  const snapshot = applyPerimeter(week, perimeter);
  const seeds: Seed[] = [];
  const notes: string[] = [];
  seeds.push(...seedsFromFlags(values));
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
  const { values, tokens } = parseArgs({ args, options: { ...COMMON, event: { type: 'string' } }, tokens: true });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  if (!values.event) throw new UsageError(`--event is required (${EVENT_PRESET_IDS.join(', ')})`);
  const preset = eventOption(values.event);
  const week = await readWeek(values);
  const perimeter = perimeterOption(values.perimeter, preset.perimeter);
  return { date: week.date, ...eventToJson(week, preset, contagionOptions(values), perimeter) };
}

async function interveneCommand(args: string[]) {
  const { values, tokens } = parseArgs({
    args,
    tokens: true,
    options: { ...COMMON, ...SEED_OPTIONS, intervene: { type: 'string' }, rank: { type: 'boolean' } },
  });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  const week = await readWeek(values);
  const { snapshot, perimeter, seeds, notes } = seedsAndView(week, values);
  if (seeds.length === 0) throw new UsageError('give a shock: --shock, --shock-token, --scenario or --event');
  const list = parseInterventions(values.intervene ?? '');
  if (list.length === 0 && !values.rank) throw new UsageError('give --intervene SPEC and/or --rank');
  return {
    date: snapshot.date,
    ...perimeterJson(perimeter),
    ...interventionsToJson(snapshot, seeds, contagionOptions(values), list, values.rank === true),
    notes,
  };
}

async function reverseCommand(args: string[]) {
  const { values, tokens } = parseArgs({
    args,
    tokens: true,
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
  rejectRepeats(tokens, MULTIPLE_FLAGS);
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
  const week = await readWeek(values);
  const { snapshot, perimeter, seeds } = seedsAndView(week, values);
  const options = contagionOptions(values);
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
  const { values, tokens } = parseArgs({
    args,
    tokens: true,
    options: {
      snapshot: COMMON.snapshot,
      meta: COMMON.meta,
      date: COMMON.date,
      a: { type: 'string' },
      b: { type: 'string' },
      format: { type: 'string' },
    },
  });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  if (!values.a || !values.b) throw new UsageError('give two saved scenarios: --a "NAME~PARAMS" --b "NAME~PARAMS"');
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format: expected json or csv, got "${format}"`);
  const a = decodeSaved(values.a);
  const b = decodeSaved(values.b);
  const problems = [...a.problems, ...b.problems];
  if (!a.saved || !b.saved || problems.length) throw new UsageError(problems.join('; '));
  const week = await readWeek(values);
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
