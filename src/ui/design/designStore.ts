// The Design tab's state, kept apart from the explorer store: the event preset the seeds came
// from, the interventions (what-ifs shown before/after beside the scenario, which stays as it is on
// the canvas), the saved scenarios (in the link and in local storage) and the pair compared.
// Its keys live in the query string next to the scenario's (src/core/scenario/designParams.ts).
import { create } from 'zustand';
import { applyPerimeter } from '../../core/perimeter';
import { hasSeeds, type ScenarioSpec } from '../../core/scenarioSpec';
import type { SavedScenario } from '../../core/scenario/compare';
import { emptyDesign, readDesignParams, writeDesignParams, type DesignParams } from '../../core/scenario/designParams';
import type { Intervention } from '../../core/scenario/interventions';
import { eventPreset, resolveEvent, type EventPresetId } from '../../core/scenario/presets';
import { useExplorer } from '../store';
import { measureDesign, type DesignTiming } from '../../core/scenario/designTimings';

declare global {
  interface Window {
    /** Benchmark hook (`npm run bench`): the design answers timed in the page on the scenario on screen. */
    __design?: { timings(runs: number): DesignTiming[] };
  }
}

if (typeof window !== 'undefined')
  window.__design = {
    timings(runs) {
      const s = useExplorer.getState();
      if (!s.baseSnapshot) throw new Error('no data loaded');
      return measureDesign(s.baseSnapshot, s.scenario, runs);
    },
  };

const STORAGE_KEY = 'contagion-explorer:saved-scenarios';

export interface DesignState extends DesignParams {
  /** Problems found in the link's design keys, in words (the bad parts are ignored). */
  problems: string[];
  /** Why the last event could not be applied (no holding of its tokens), or null. */
  eventNotice: string | null;
}

export const useDesign = create<DesignState>(() => ({ ...emptyDesign(), problems: [], eventNotice: null }));

function readStorage(): SavedScenario[] {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    if (!Array.isArray(list)) return [];
    // Stored as link parameters, so the same validation as a link applies.
    return list.flatMap((p) => {
      if (typeof p !== 'string') return [];
      return readDesignParams(new URLSearchParams([['save', p]])).design.saved;
    });
  } catch {
    return [];
  }
}

function writeStorage(saved: SavedScenario[]): void {
  try {
    const q = new URLSearchParams();
    writeDesignParams({ ...emptyDesign(), saved }, q);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(q.getAll('save')));
  } catch {
    // Storage full or disabled: the link still carries them.
  }
}

/** Reads the link's design keys once at start-up, merged with the saved scenarios of local storage. */
export function initDesignFromUrl(search: string): void {
  const { design, problems } = readDesignParams(new URLSearchParams(search));
  const fromLink = new Set(design.saved.map((s) => s.name));
  const saved = [...readStorage().filter((s) => !fromLink.has(s.name)), ...design.saved];
  useDesign.setState({ ...design, saved, problems, eventNotice: null });
  if (design.event || design.interventions.length || design.compare || problems.length)
    useExplorer.getState().setPanelTab('design');
}

/** Writes the design keys into the address bar (the explorer's own rewrites keep them). */
function syncUrl(state: DesignState): void {
  if (typeof location === 'undefined' || useExplorer.getState().embed) return;
  const q = new URLSearchParams(location.search);
  writeDesignParams(state, q);
  const search = `?${q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
  if (search !== location.search)
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}

let urlSync = false;
/** Starts keeping the address bar and local storage in step (after the first dataset loaded). */
export function connectDesign(): () => void {
  if (urlSync) return () => {};
  urlSync = true;
  const off = useDesign.subscribe((s, prev) => {
    syncUrl(s);
    if (s.saved !== prev.saved) writeStorage(s.saved);
  });
  // A link with event= and no seeds runs the event once the week is loaded; a scenario changed
  // elsewhere is no longer the event's, so the label goes.
  let pendingEvent = true;
  const applyPending = (s: ReturnType<typeof useExplorer.getState>): boolean => {
    if (!pendingEvent || !s.baseSnapshot || s.loadState !== 'ready') return false;
    pendingEvent = false;
    const { event } = useDesign.getState();
    if (!event || hasSeeds(s.scenario)) return false;
    applyEvent(event);
    return true;
  };
  applyPending(useExplorer.getState());
  const offScenario = useExplorer.subscribe((s, prev) => {
    if (applyPending(s)) return;
    const { event } = useDesign.getState();
    if (!event || s.scenario === prev.scenario || !s.baseSnapshot) return;
    if (!scenarioIsEvent(s.scenario, event, s.baseSnapshot)) useDesign.setState({ event: null });
  });
  return () => {
    off();
    offScenario();
    urlSync = false;
  };
}

function eventScenarioTokens(event: EventPresetId, week: import('../../core/types').Snapshot) {
  const preset = eventPreset(event);
  return resolveEvent(applyPerimeter(week, preset.perimeter), preset);
}

function scenarioIsEvent(scenario: ScenarioSpec, event: EventPresetId, week: import('../../core/types').Snapshot) {
  const ev = eventScenarioTokens(event, week);
  if (scenario.preset || scenario.shocks.length || scenario.perimeter !== ev.preset.perimeter) return false;
  const want = ev.seeds.map((s) => (s.kind === 'token' ? `${s.symbol}:${s.fraction}` : ''));
  const have = scenario.tokens.map((t) => `${t.symbol}:${t.fraction}`);
  return want.length === have.length && want.every((w, k) => w === have[k]);
}

/** Makes the event's de-pegs the scenario (its perimeter too); says so when the graph holds none. */
export function applyEvent(event: EventPresetId): void {
  const s = useExplorer.getState();
  if (!s.baseSnapshot) return;
  const ev = eventScenarioTokens(event, s.baseSnapshot);
  if (!ev.applicable) {
    // The scenario is left as it is, so no event label either.
    useDesign.setState({
      event: null,
      eventNotice: `${ev.preset.title}: ${ev.notes.join('; ').replace(/\.?$/, '.')} Nothing to run.`,
    });
    return;
  }
  useDesign.setState({ event, eventNotice: null });
  s.replaceScenario({
    ...s.scenario,
    preset: null,
    shocks: [],
    tokens: ev.seeds.map((seed) => ({ symbol: seed.kind === 'token' ? seed.symbol : '', fraction: seed.fraction })),
    perimeter: ev.preset.perimeter,
  });
}

export function addIntervention(iv: Intervention): void {
  useDesign.setState((d) => ({ interventions: [...d.interventions, iv] }));
}

export function removeIntervention(k: number): void {
  useDesign.setState((d) => ({ interventions: d.interventions.filter((_, j) => j !== k) }));
}

export function clearInterventions(): void {
  useDesign.setState({ interventions: [] });
}

/** Saves the scenario on screen with the interventions under a name (replacing one of that name). */
export function saveCurrent(name: string): void {
  const { scenario } = useExplorer.getState();
  const d = useDesign.getState();
  const saved: SavedScenario = { name, scenario, event: d.event, interventions: d.interventions };
  useDesign.setState({ saved: [...d.saved.filter((s) => s.name !== name), saved] });
}

export function deleteSaved(name: string): void {
  useDesign.setState((d) => ({
    saved: d.saved.filter((s) => s.name !== name),
    compare: d.compare && d.compare.includes(name) ? null : d.compare,
  }));
}

export function setCompare(pair: [string, string] | null): void {
  useDesign.setState({ compare: pair });
}

/** Puts a saved scenario back on screen (its interventions into the Design tab). */
export function loadSaved(name: string): void {
  const saved = useDesign.getState().saved.find((s) => s.name === name);
  if (!saved) return;
  useDesign.setState({ interventions: saved.interventions, event: saved.event });
  useExplorer.getState().replaceScenario(saved.scenario);
}
