// The scenario as one value: what a link, the embedding API, the UI store and the engine all
// translate to and from. Query-parameter contract (README "The scenario in the URL"):
//   scenario=top1|top5|bridge  delta=<δ>  shock=<id>:<δ>[,…]  token=<SYMBOL>:<δ>[,…]
//   rule=bounded|paper|debtrank  threshold=<τ>  rounds=<N>  perimeter=defi|all
// Pure (no window access): the URL and the embed bridge pass their own getters and setters.
import {
  DEFAULT_MAX_ROUNDS,
  DEFAULT_RULE,
  DEFAULT_THRESHOLD,
  PROPAGATION_RULES,
  ScenarioError,
  type ContagionOptions,
  type Seed,
} from './contagion';
import { DEFAULT_PERIMETER, isPerimeter, PERIMETERS, type Perimeter } from './perimeter';
import {
  parseShockList,
  parseTokenShock,
  SCENARIO_DEFAULT_FRACTION,
  SCENARIO_NAMES,
  scenarioSeeds,
  type ScenarioName,
} from './scenarios';
import type { PropagationRule, Snapshot } from './types';

/** The most rounds a link or the slider may ask for. */
export const MAX_ROUNDS = 20;

export interface ProtocolShock {
  id: string;
  fraction: number;
}
export interface TokenShock {
  symbol: string;
  fraction: number;
}

export interface ScenarioSpec {
  preset: ScenarioName | null;
  /** δ of the preset's seeds. */
  presetFraction: number;
  shocks: ProtocolShock[];
  tokens: TokenShock[];
  rule: PropagationRule;
  threshold: number;
  maxRounds: number;
  perimeter: Perimeter;
}

export function emptyScenario(): ScenarioSpec {
  return {
    preset: null,
    presetFraction: 0.5,
    shocks: [],
    tokens: [],
    rule: DEFAULT_RULE,
    threshold: DEFAULT_THRESHOLD,
    maxRounds: DEFAULT_MAX_ROUNDS,
    perimeter: DEFAULT_PERIMETER,
  };
}

export function hasSeeds(s: ScenarioSpec): boolean {
  return s.preset !== null || s.shocks.length > 0 || s.tokens.length > 0;
}

/** δ of every seed, preset first (the δ slider starts at the first). */
export function seedFractions(s: ScenarioSpec): number[] {
  return [
    ...(s.preset ? [s.presetFraction] : []),
    ...s.shocks.map((x) => x.fraction),
    ...s.tokens.map((x) => x.fraction),
  ];
}

export function contagionOptions(s: ScenarioSpec): ContagionOptions {
  return { rule: s.rule, threshold: s.threshold, maxRounds: s.maxRounds };
}

/**
 * The seeds the scenario gives on this snapshot (which must already be restricted to the
 * scenario's perimeter): the preset expanded, unusable seeds dropped and said why.
 */
export function resolveSeeds(snapshot: Snapshot, scenario: ScenarioSpec): { seeds: Seed[]; problems: string[] } {
  const problems: string[] = [];
  const seeds: Seed[] = [];
  if (scenario.preset) {
    try {
      seeds.push(...scenarioSeeds(snapshot, scenario.preset, scenario.presetFraction));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems.push(err.message);
    }
  }
  const index = new Map(snapshot.ids.map((id, i) => [id, i]));
  for (const s of scenario.shocks) {
    const i = index.get(s.id);
    if (i === undefined)
      problems.push(
        `no protocol with id "${s.id}" in this snapshot${scenario.perimeter === 'defi' ? ' (within the DeFi perimeter)' : ''}`,
      );
    else if (snapshot.kinds[i] === 'token')
      seeds.push({ kind: 'token', symbol: snapshot.ids[i], fraction: s.fraction });
    else seeds.push({ kind: 'protocol', id: s.id, fraction: s.fraction });
  }
  const symbols = new Set(snapshot.tokens.symbols.map((s) => s.toLowerCase()));
  for (const t of scenario.tokens) {
    if (!symbols.has(t.symbol.toLowerCase())) problems.push(`no token "${t.symbol}" is held in this snapshot`);
    else seeds.push({ kind: 'token', symbol: t.symbol, fraction: t.fraction });
  }
  return { seeds, problems };
}

/** The query keys the scenario owns. */
export const SCENARIO_PARAMS = ['scenario', 'delta', 'shock', 'token', 'rule', 'threshold', 'rounds', 'perimeter'];

function numberIn(raw: string, min: number, max: number): number | null {
  if (!/^\s*[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)) return null;
  const x = Number(raw);
  return x >= min && x <= max ? x : null;
}

/** Reads the scenario from query parameters; bad parts are reported in words and ignored. */
export function readScenarioParams(get: (key: string) => string | null): {
  scenario: ScenarioSpec;
  problems: string[];
} {
  const problems: string[] = [];
  const scenario = emptyScenario();

  const preset = get('scenario');
  if (preset !== null) {
    if ((SCENARIO_NAMES as readonly string[]).includes(preset)) {
      scenario.preset = preset as ScenarioName;
      scenario.presetFraction = SCENARIO_DEFAULT_FRACTION[preset as ScenarioName];
    } else problems.push(`scenario="${preset}" is not one of ${SCENARIO_NAMES.join(', ')}`);
  }
  const delta = get('delta');
  if (delta !== null) {
    const x = numberIn(delta, 0, 1);
    if (x === null) problems.push(`delta="${delta}" must be a number between 0 and 1`);
    else if (scenario.preset) scenario.presetFraction = x;
  }
  const shock = get('shock');
  if (shock) {
    try {
      scenario.shocks = parseShockList(shock).map((s) => ({
        id: s.kind === 'protocol' ? s.id : '',
        fraction: s.fraction,
      }));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  const token = get('token');
  if (token) {
    try {
      scenario.tokens = parseTokenShock(token).map((s) => ({
        symbol: s.kind === 'token' ? s.symbol : '',
        fraction: s.fraction,
      }));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  const rule = get('rule');
  if (rule !== null) {
    if ((PROPAGATION_RULES as readonly string[]).includes(rule)) scenario.rule = rule as PropagationRule;
    else problems.push(`rule="${rule}" must be ${PROPAGATION_RULES.join(', ')}`);
  }
  const threshold = get('threshold');
  if (threshold !== null) {
    const x = numberIn(threshold, 0, 1);
    if (x === null) problems.push(`threshold="${threshold}" must be a number between 0 and 1`);
    else scenario.threshold = x;
  }
  const rounds = get('rounds');
  if (rounds !== null) {
    const x = numberIn(rounds, 1, MAX_ROUNDS);
    if (x === null || !Number.isInteger(x))
      problems.push(`rounds="${rounds}" must be a whole number from 1 to ${MAX_ROUNDS}`);
    else scenario.maxRounds = x;
  }
  const perimeter = get('perimeter');
  if (perimeter !== null) {
    if (isPerimeter(perimeter)) scenario.perimeter = perimeter;
    else problems.push(`perimeter="${perimeter}" must be ${PERIMETERS.join(' or ')}`);
  }
  return { scenario, problems };
}

/** δ as a link writes it: at most 4 decimals, no trailing zeros. */
export function formatFraction(x: number): string {
  return String(+x.toFixed(4));
}

/** Writes the scenario as query parameters (every key it owns that has a value). */
export function writeScenarioParams(s: ScenarioSpec, set: (key: string, value: string) => void): void {
  if (s.preset) {
    set('scenario', s.preset);
    if (Math.abs(s.presetFraction - SCENARIO_DEFAULT_FRACTION[s.preset]) > 1e-9)
      set('delta', formatFraction(s.presetFraction));
  }
  if (s.shocks.length) set('shock', s.shocks.map((x) => `${x.id}:${formatFraction(x.fraction)}`).join(','));
  if (s.tokens.length) set('token', s.tokens.map((x) => `${x.symbol}:${formatFraction(x.fraction)}`).join(','));
  set('rule', s.rule);
  set('threshold', formatFraction(s.threshold));
  set('rounds', String(s.maxRounds));
  set('perimeter', s.perimeter);
}
