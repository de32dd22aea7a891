// The scenario in the query string, so a link reproduces it. Contract (browser tests rely on it):
//   dataset=<name>  shock=<protocolId>:<δ>[,…]  token=<SYMBOL>:<δ>[,…]  scenario=top1|top5|bridge
//   rule=paper|debtrank  threshold=<τ>  rounds=<N>  embed=1
// Reserved for the forecast UI (parsed and written back untouched): h=1|4|8|12, graph=observed|forecast.
// Extensions: date=<YYYY-MM-DD> (week of a multi-week dataset), delta=<δ> (a preset's δ when it is
// not the paper's), sel=<id> (the inspected node). Kept through rewrites but not scenario state:
// backend=webgpu|webgl|cpu (caps the forecast backend), forecastWorker=1.
// Pure functions (no window access) so they are easy to reason about and reuse.
import {
  parseShockList,
  parseTokenShock,
  SCENARIO_DEFAULT_FRACTION,
  SCENARIO_NAMES,
  type ScenarioName,
} from '../core/scenarios';
import type { PropagationRule } from '../core/types';

export const DEFAULT_RULE: PropagationRule = 'paper';
export const DEFAULT_THRESHOLD = 0.1;
export const DEFAULT_ROUNDS = 10;
export const MAX_THRESHOLD = 0.5;
export const MAX_ROUNDS = 20;
export const HORIZONS = [1, 4, 8, 12] as const;
export type Horizon = (typeof HORIZONS)[number];
export type GraphKind = 'observed' | 'forecast';

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
}

export interface UrlState {
  dataset: string | null;
  date: string | null;
  scenario: ScenarioSpec;
  selected: string | null;
  embed: boolean;
  horizon: Horizon | null;
  graph: GraphKind | null;
  /** Problems found in the query string, in words; the bad parts are ignored. */
  problems: string[];
}

export function emptyScenario(): ScenarioSpec {
  return {
    preset: null,
    presetFraction: 0.5,
    shocks: [],
    tokens: [],
    rule: DEFAULT_RULE,
    threshold: DEFAULT_THRESHOLD,
    maxRounds: DEFAULT_ROUNDS,
  };
}

export function hasSeeds(s: ScenarioSpec): boolean {
  return s.preset !== null || s.shocks.length > 0 || s.tokens.length > 0;
}

function numberIn(raw: string, min: number, max: number): number | null {
  if (!/^\s*[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)) return null;
  const x = Number(raw);
  return x >= min && x <= max ? x : null;
}

export function parseUrl(search: string): UrlState {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const scenario = emptyScenario();

  const preset = q.get('scenario');
  if (preset !== null) {
    if ((SCENARIO_NAMES as readonly string[]).includes(preset)) {
      scenario.preset = preset as ScenarioName;
      scenario.presetFraction = SCENARIO_DEFAULT_FRACTION[preset as ScenarioName];
    } else problems.push(`scenario="${preset}" is not one of ${SCENARIO_NAMES.join(', ')}`);
  }
  const delta = q.get('delta');
  if (delta !== null) {
    const x = numberIn(delta, 0, 1);
    if (x === null) problems.push(`delta="${delta}" must be a number between 0 and 1`);
    else if (scenario.preset) scenario.presetFraction = x;
  }
  const shock = q.get('shock');
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
  const token = q.get('token');
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
  const rule = q.get('rule');
  if (rule !== null) {
    if (rule === 'paper' || rule === 'debtrank') scenario.rule = rule;
    else problems.push(`rule="${rule}" must be paper or debtrank`);
  }
  const threshold = q.get('threshold');
  if (threshold !== null) {
    const x = numberIn(threshold, 0, 1);
    if (x === null) problems.push(`threshold="${threshold}" must be a number between 0 and 1`);
    else scenario.threshold = x;
  }
  const rounds = q.get('rounds');
  if (rounds !== null) {
    const x = numberIn(rounds, 1, MAX_ROUNDS);
    if (x === null || !Number.isInteger(x))
      problems.push(`rounds="${rounds}" must be a whole number from 1 to ${MAX_ROUNDS}`);
    else scenario.maxRounds = x;
  }

  let horizon: Horizon | null = null;
  const h = q.get('h');
  if (h !== null) {
    const x = Number(h);
    if ((HORIZONS as readonly number[]).includes(x)) horizon = x as Horizon;
    else problems.push(`h="${h}" must be one of ${HORIZONS.join(', ')}`);
  }
  let graph: GraphKind | null = null;
  const g = q.get('graph');
  if (g !== null) {
    if (g === 'observed' || g === 'forecast') graph = g;
    else problems.push(`graph="${g}" must be observed or forecast`);
  }
  let date: string | null = null;
  const rawDate = q.get('date');
  if (rawDate !== null) {
    if (isCalendarDate(rawDate)) date = rawDate;
    else problems.push(`date="${rawDate}" must be a calendar date YYYY-MM-DD`);
  }
  return {
    dataset: q.get('dataset'),
    date,
    scenario,
    selected: q.get('sel'),
    embed: q.get('embed') === '1',
    horizon,
    graph,
    problems,
  };
}

/** YYYY-MM-DD naming a day that exists (2026-02-30 does not). */
function isCalendarDate(raw: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const d = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === raw;
}

/** Query keys that are not part of the scenario but survive its rewrites (tests, benchmarks). */
export const PASSTHROUGH_KEYS = ['backend', 'forecastWorker'] as const;

/** δ as the URL writes it: at most 4 decimals, no trailing zeros. */
function fmt(x: number): string {
  return String(+x.toFixed(4));
}

export function buildSearch(state: Omit<UrlState, 'problems'>, previous = ''): string {
  const q = new URLSearchParams();
  if (state.dataset) q.set('dataset', state.dataset);
  if (state.date) q.set('date', state.date);
  const s = state.scenario;
  if (s.preset) {
    q.set('scenario', s.preset);
    if (Math.abs(s.presetFraction - SCENARIO_DEFAULT_FRACTION[s.preset]) > 1e-9) q.set('delta', fmt(s.presetFraction));
  }
  if (s.shocks.length) q.set('shock', s.shocks.map((x) => `${x.id}:${fmt(x.fraction)}`).join(','));
  if (s.tokens.length) q.set('token', s.tokens.map((x) => `${x.symbol}:${fmt(x.fraction)}`).join(','));
  q.set('rule', s.rule);
  q.set('threshold', fmt(s.threshold));
  q.set('rounds', String(s.maxRounds));
  if (state.selected) q.set('sel', state.selected);
  if (state.embed) q.set('embed', '1');
  if (state.horizon !== null) q.set('h', String(state.horizon));
  if (state.graph !== null) q.set('graph', state.graph);
  const before = new URLSearchParams(previous);
  for (const key of PASSTHROUGH_KEYS) {
    const v = before.get(key);
    if (v !== null) q.set(key, v);
  }
  // Keep ':' and ',' readable in shared links; URLSearchParams would escape them.
  return `?${q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
}
