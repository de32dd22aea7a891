// The scenario in the query string, so a link reproduces it. Contract (browser tests rely on it):
//   dataset=<name>  shock=<protocolId>:<δ>[,…]  token=<SYMBOL>:<δ>[,…]  scenario=top1|top5|bridge
//   rule=bounded|paper|debtrank  threshold=<τ>  rounds=<N>  perimeter=defi|all  embed=1
// Reserved for the forecast UI (parsed and written back untouched): h=1|4|8|12, graph=observed|forecast.
// Extensions: date=<YYYY-MM-DD> (week of a multi-week dataset), delta=<δ> (a preset's δ when it is
// not the paper's), sel=<id> (the inspected node). Kept through rewrites but not scenario state:
// backend=webgpu|webgl|cpu (caps the forecast backend), forecastWorker=1.
// Exploration (what the canvas draws, never what is computed): sector= category= chain= tvl= edges=
// touched= q= hold= (filters), hood=<id>:<k>:<dir> (neighbourhood), view=full|summary|sectors.
// The scenario's own keys are read and written by src/core/scenarioSpec.ts (shared with the embed
// bridge); this file adds the view state around them. Pure functions (no window access).
import { readScenarioParams, writeScenarioParams, type ScenarioSpec } from '../core/scenarioSpec';
import { NO_FILTERS, readFilterParams, writeFilterParams, type ExploreFilters } from '../core/view/filters';
import { readNeighbourhoodParam, writeNeighbourhoodParam, type Neighbourhood } from '../core/view/neighbourhood';

/** The τ slider's range (a link may ask for up to 1). */
export const MAX_THRESHOLD = 0.5;
export const HORIZONS = [1, 4, 8, 12] as const;
export type Horizon = (typeof HORIZONS)[number];
export type GraphKind = 'observed' | 'forecast';
/** What the canvas draws: chosen by size (auto), the full graph, the summary, or the 7 sectors. */
export const VIEW_MODES = ['auto', 'full', 'summary', 'sectors'] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

/** The exploration state in a link (src/core/view/): filters, a neighbourhood, the view mode. */
export interface ExploreUrlState {
  filters: ExploreFilters;
  hood: Neighbourhood | null;
  view: ViewMode;
}

export const DEFAULT_EXPLORE: ExploreUrlState = { filters: NO_FILTERS, hood: null, view: 'auto' };

export interface UrlState {
  dataset: string | null;
  date: string | null;
  scenario: ScenarioSpec;
  selected: string | null;
  embed: boolean;
  horizon: Horizon | null;
  graph: GraphKind | null;
  /** Filters, neighbourhood and view mode (optional when writing: the embed bridge leaves them out). */
  explore?: ExploreUrlState;
  /** Problems found in the query string, in words; the bad parts are ignored. */
  problems: string[];
}

export function parseUrl(search: string): UrlState {
  const q = new URLSearchParams(search);
  const { scenario, problems } = readScenarioParams((key) => q.get(key));

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
  const filters = readFilterParams((key) => q.get(key), problems);
  const hood = readNeighbourhoodParam(q.get('hood'), problems);
  const rawView = q.get('view');
  let view: ViewMode = 'auto';
  if (rawView !== null) {
    if ((VIEW_MODES as readonly string[]).includes(rawView)) view = rawView as ViewMode;
    else problems.push(`view="${rawView}" must be one of ${VIEW_MODES.join(', ')}`);
  }
  return {
    dataset: q.get('dataset'),
    date,
    scenario,
    selected: q.get('sel'),
    embed: q.get('embed') === '1',
    horizon,
    graph,
    explore: { filters, hood, view },
    problems,
  };
}

/** YYYY-MM-DD naming a day that exists (2026-02-30 does not). */
function isCalendarDate(raw: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const d = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === raw;
}

/**
 * Query keys that are not part of the scenario but survive its rewrites: tests and benchmarks
 * (backend, forecastWorker) and the Design tab's own keys (src/core/scenario/designParams.ts).
 */
export const PASSTHROUGH_KEYS = ['backend', 'forecastWorker', 'event', 'iv', 'save', 'cmp'] as const;

export function buildSearch(state: Omit<UrlState, 'problems'>, previous = ''): string {
  const q = new URLSearchParams();
  if (state.dataset) q.set('dataset', state.dataset);
  if (state.date) q.set('date', state.date);
  writeScenarioParams(state.scenario, (key, value) => q.set(key, value));
  if (state.selected) q.set('sel', state.selected);
  if (state.embed) q.set('embed', '1');
  if (state.horizon !== null) q.set('h', String(state.horizon));
  if (state.graph !== null) q.set('graph', state.graph);
  if (state.explore) {
    writeFilterParams(state.explore.filters, (key, value) => q.set(key, value));
    if (state.explore.hood) q.set('hood', writeNeighbourhoodParam(state.explore.hood));
    if (state.explore.view !== 'auto') q.set('view', state.explore.view);
  }
  const before = new URLSearchParams(previous);
  for (const key of PASSTHROUGH_KEYS) for (const v of before.getAll(key)) q.append(key, v);
  // Keep ':' and ',' readable in shared links; URLSearchParams would escape them.
  return `?${q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
}
