// The one store: dataset, scenario and derived results. Components read it and call actions;
// every scenario change recomputes at once (no "run" button) through the engine client, which
// runs inline for small graphs and in a worker for large ones.
import { create } from 'zustand';
import { fetchCatalogue, fetchDataset, LOCAL_DATASET, localCatalogueEntry, type CatalogueEntry } from './data';
import { loadUserFiles, type RunningLoad } from './load/fileLoader';
import type { LoadFailure } from './load/fileLoadCore';
import type { Dataset, PropagationRule, Snapshot } from '../core/types';
import { SCENARIO_DEFAULT_FRACTION, type ScenarioName } from '../core/scenarios';
import { EngineClient, enginePathFor, type EnginePath } from './engineClient';
import type { EngineResult } from './engine';
import { shippedPositions, unionGraph, type Positions } from './layout';
import {
  buildSearch,
  emptyScenario,
  hasSeeds,
  MAX_ROUNDS,
  MAX_THRESHOLD,
  parseUrl,
  type GraphKind,
  type Horizon,
  type ScenarioSpec,
} from './url';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';
export type ScenarioStatus = 'idle' | 'running' | 'done';
export type ClickMode = 'shock' | 'inspect';
export type PanelTab = 'results' | 'inspect' | 'vulnerability' | 'network' | 'forecast';

/** Loading the user's own files: progress, then either the new dataset or what was wrong. */
export interface UploadState {
  phase: 'idle' | 'reading' | 'parsing' | 'error' | 'loaded';
  files: string[];
  loaded: number;
  total: number;
  error: LoadFailure | null;
  /** The loader's warnings for the file just loaded (dropped self-loops, unknown endpoints …). */
  warnings: string[];
}

const NO_UPLOAD: UploadState = { phase: 'idle', files: [], loaded: 0, total: 0, error: null, warnings: [] };

export interface ExplorerState {
  catalogue: CatalogueEntry[];
  datasetName: string | null;
  dataset: Dataset | null;
  /** Week shown (multi-week datasets); null = the latest. */
  weekDate: string | null;
  snapshot: Snapshot | null;
  positions: Positions | null;
  loadState: LoadState;
  error: string | null;

  scenario: ScenarioSpec;
  /** The δ slider: δ of new seeds, and of every seed when moved. */
  delta: number;

  status: ScenarioStatus;
  results: EngineResult | null;
  /** Snapshot the results belong to (guards against showing one week's losses on another). */
  resultsFor: Snapshot | null;
  engineError: string | null;
  enginePath: EnginePath;

  /** Animation position: 0 = after seeding … propagationRounds = final. */
  round: number;
  playing: boolean;

  selected: string | null;
  clickMode: ClickMode;
  panelTab: PanelTab;
  /** Bumped to ask the canvas to fly to `selected`. */
  flyRequest: number;
  embed: boolean;
  horizon: Horizon | null;
  graphKind: GraphKind | null;
  urlProblems: string[];
  upload: UploadState;
  /** The user's own dataset (catalogue entry LOCAL_DATASET), kept in memory only. */
  localDataset: Dataset | null;

  init(): Promise<void>;
  selectDataset(name: string, keepScenario?: boolean): Promise<void>;
  selectWeek(date: string): void;
  applyPreset(name: ScenarioName): void;
  /** Replaces the seeds with token de-pegs at δ (the quick starts of the empty state). */
  depegTokens(symbols: string[], delta: number): void;
  addProtocolShock(id: string): void;
  addTokenShock(symbol: string): void;
  removeShock(kind: 'protocol' | 'token' | 'preset', key: string): void;
  setSeedFraction(kind: 'protocol' | 'token' | 'preset', key: string, fraction: number): void;
  clearScenario(): void;
  setDelta(delta: number): void;
  setThreshold(threshold: number): void;
  setMaxRounds(rounds: number): void;
  setRule(rule: PropagationRule): void;
  setRound(round: number): void;
  setPlaying(playing: boolean): void;
  select(id: string | null, fly?: boolean): void;
  setClickMode(mode: ClickMode): void;
  setPanelTab(tab: PanelTab): void;
  /** Inspect a node: select it, fly to it, open the Inspect tab. */
  inspect(id: string): void;
  /** Canvas click on a node: shock it (or inspect it, in inspect mode). */
  clickNode(id: string): void;
  dismissProblems(): void;
  /** Shows another graph on the same nodes (the forecast view) and reruns the scenario on it. */
  showSnapshot(snapshot: Snapshot): void;
  /** Parses the user's files in a worker; on success switches to them, on failure stays put. */
  loadFiles(files: File[]): Promise<void>;
  cancelLoad(): void;
  dismissUpload(): void;
}

const engine = new EngineClient();
let requestSeq = 0;
let urlReady = false;
/** The engine worker caches the last graph it was sent by key: one key per Snapshot object, so
 * two graphs can never share one (two files of one name, a forecast dated like an observed week). */
const snapshotKeys = new WeakMap<Snapshot, string>();
let snapshotSeq = 0;
function snapshotKey(snapshot: Snapshot): string {
  let key = snapshotKeys.get(snapshot);
  if (key === undefined) {
    key = `${snapshot.date}#${++snapshotSeq}`;
    snapshotKeys.set(snapshot, key);
  }
  return key;
}
let runningLoad: RunningLoad | null = null;

function currentWeek(dataset: Dataset, date: string | null): Snapshot {
  return (date && dataset.weeks.find((w) => w.date === date)) || dataset.weeks[dataset.weeks.length - 1];
}

/** A dataset with no week, or only empty weeks: nothing to draw or shock. */
function isEmptyDataset(dataset: Dataset): boolean {
  return dataset.weeks.every((w) => w.n === 0);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export const useExplorer = create<ExplorerState>((set, get) => {
  /** Recomputes the results of the current scenario (coalesced; stale answers are dropped). */
  const recompute = () => {
    const { snapshot, scenario, delta } = get();
    if (!snapshot) return;
    const seq = ++requestSeq;
    set({ status: 'running', engineError: null, enginePath: enginePathFor(snapshot.n + snapshot.edges.m) });
    const key = snapshotKey(snapshot);
    engine
      .run(key, snapshot, { scenario, sweepFraction: delta > 0 ? delta : 0.5, sweepTop: 60 })
      .then((results) => {
        if (!results || seq !== requestSeq || get().snapshot !== snapshot) return;
        const final = results.contagion ? results.contagion.rounds.length : 0;
        set({
          results,
          resultsFor: snapshot,
          status: results.contagion ? 'done' : 'idle',
          round: final,
          playing: false,
          enginePath: engine.lastPath,
        });
      })
      .catch((err: Error) => {
        if (seq !== requestSeq) return;
        set({ status: 'idle', engineError: err.message, results: null, resultsFor: null });
      });
  };

  const updateScenario = (patch: Partial<ScenarioSpec>) => {
    set({ scenario: { ...get().scenario, ...patch } });
    recompute();
  };

  return {
    catalogue: [],
    datasetName: null,
    dataset: null,
    weekDate: null,
    snapshot: null,
    positions: null,
    loadState: 'idle',
    error: null,
    scenario: emptyScenario(),
    delta: 0.5,
    status: 'idle',
    results: null,
    resultsFor: null,
    engineError: null,
    enginePath: 'inline',
    round: 0,
    playing: false,
    selected: null,
    clickMode: 'shock',
    panelTab: 'results',
    flyRequest: 0,
    embed: false,
    horizon: null,
    graphKind: null,
    urlProblems: [],
    upload: NO_UPLOAD,
    localDataset: null,

    async init() {
      const url = parseUrl(location.search);
      const seedDeltas = [
        ...(url.scenario.preset ? [url.scenario.presetFraction] : []),
        ...url.scenario.shocks.map((s) => s.fraction),
        ...url.scenario.tokens.map((t) => t.fraction),
      ];
      set({
        loadState: 'loading',
        error: null,
        scenario: url.scenario,
        delta: seedDeltas.length ? seedDeltas[0] : 0.5,
        weekDate: url.date,
        selected: url.selected,
        embed: url.embed,
        horizon: url.horizon,
        graphKind: url.graph,
        // A link to the forecast graph opens on the tab that explains it.
        panelTab: url.graph === 'forecast' ? 'forecast' : 'results',
        urlProblems: url.problems,
      });
      try {
        const catalogue = await fetchCatalogue();
        set({ catalogue });
        let first = catalogue.find((c) => c.name === url.dataset);
        if (url.dataset === LOCAL_DATASET)
          set({
            urlProblems: [
              ...get().urlProblems,
              "the link was made on someone's own file, which a link cannot carry; showing the default dataset",
            ],
          });
        else if (url.dataset && !first)
          set({ urlProblems: [...get().urlProblems, `no dataset named "${url.dataset}"; showing the default`] });
        first ??= catalogue[0];
        if (!first) throw new Error('no datasets are listed in data/index.json');
        urlReady = true;
        await get().selectDataset(first.name, true);
      } catch (err) {
        set({ loadState: 'error', error: (err as Error).message });
      }
    },

    async selectDataset(name, keepScenario = false) {
      const entry = get().catalogue.find((c) => c.name === name);
      if (!entry) {
        set({ loadState: 'error', error: `unknown dataset "${name}"` });
        return;
      }
      set({
        loadState: 'loading',
        datasetName: name,
        error: null,
        snapshot: null,
        positions: null,
        results: null,
        resultsFor: null,
        status: 'idle',
        ...(keepScenario
          ? {}
          : {
              scenario: {
                ...emptyScenario(),
                rule: get().scenario.rule,
                threshold: get().scenario.threshold,
                maxRounds: get().scenario.maxRounds,
              },
              selected: null,
              weekDate: null,
            }),
      });
      try {
        const local = name === LOCAL_DATASET ? get().localDataset : null;
        const dataset = local ?? (await fetchDataset(entry));
        if (get().datasetName !== name) return; // the user switched again meanwhile
        if (isEmptyDataset(dataset)) throw new Error(`${entry.file} has no nodes`);
        const week = currentWeek(dataset, get().weekDate);
        if (get().weekDate && week.date !== get().weekDate) {
          set({
            urlProblems: [...get().urlProblems, `no week ${get().weekDate} in ${dataset.title}; showing ${week.date}`],
            weekDate: null,
          });
        }
        set({ dataset, snapshot: week, loadState: 'ready' });
        recompute();
        const shipped = shippedPositions(dataset);
        const positions = shipped ?? (await engine.layout(unionGraph(dataset)));
        if (get().dataset === dataset) set({ positions });
      } catch (err) {
        if (get().datasetName === name) set({ loadState: 'error', error: (err as Error).message });
      }
    },

    selectWeek(date) {
      const { dataset } = get();
      if (!dataset) return;
      const latest = dataset.weeks[dataset.weeks.length - 1].date;
      set({
        weekDate: date === latest ? null : date,
        snapshot: currentWeek(dataset, date),
        results: null,
        resultsFor: null,
      });
      recompute();
    },

    applyPreset(name) {
      const fraction = SCENARIO_DEFAULT_FRACTION[name];
      set({ delta: fraction, selected: null });
      updateScenario({ preset: name, presetFraction: fraction, shocks: [], tokens: [] });
    },

    depegTokens(symbols, delta) {
      const d = clamp(delta, 0, 1);
      set({ delta: d, selected: null });
      updateScenario({ preset: null, shocks: [], tokens: symbols.map((symbol) => ({ symbol, fraction: d })) });
    },

    addProtocolShock(id) {
      const { scenario, delta, snapshot } = get();
      const i = snapshot ? snapshot.ids.indexOf(id) : -1;
      if (snapshot && i >= 0 && snapshot.kinds[i] === 'token') return get().addTokenShock(id);
      if (scenario.shocks.some((s) => s.id === id)) return;
      updateScenario({ shocks: [...scenario.shocks, { id, fraction: delta }] });
    },

    addTokenShock(symbol) {
      const { scenario, delta } = get();
      if (scenario.tokens.some((t) => t.symbol === symbol)) return;
      updateScenario({ tokens: [...scenario.tokens, { symbol, fraction: delta }] });
    },

    removeShock(kind, key) {
      const { scenario } = get();
      if (kind === 'preset') updateScenario({ preset: null });
      else if (kind === 'protocol') updateScenario({ shocks: scenario.shocks.filter((s) => s.id !== key) });
      else updateScenario({ tokens: scenario.tokens.filter((t) => t.symbol !== key) });
    },

    setSeedFraction(kind, key, fraction) {
      const f = clamp(fraction, 0, 1);
      const { scenario } = get();
      if (kind === 'preset') updateScenario({ presetFraction: f });
      else if (kind === 'protocol')
        updateScenario({ shocks: scenario.shocks.map((s) => (s.id === key ? { ...s, fraction: f } : s)) });
      else updateScenario({ tokens: scenario.tokens.map((t) => (t.symbol === key ? { ...t, fraction: f } : t)) });
    },

    clearScenario() {
      updateScenario({ preset: null, shocks: [], tokens: [] });
    },

    setDelta(delta) {
      const d = clamp(delta, 0, 1);
      const { scenario } = get();
      set({ delta: d });
      // The slider is the scenario's shock size: every seed follows it.
      updateScenario({
        presetFraction: scenario.preset ? d : scenario.presetFraction,
        shocks: scenario.shocks.map((s) => ({ ...s, fraction: d })),
        tokens: scenario.tokens.map((t) => ({ ...t, fraction: d })),
      });
    },

    setThreshold(threshold) {
      updateScenario({ threshold: clamp(threshold, 0, MAX_THRESHOLD) });
    },

    setMaxRounds(rounds) {
      updateScenario({ maxRounds: clamp(Math.round(rounds), 1, MAX_ROUNDS) });
    },

    setRule(rule) {
      updateScenario({ rule });
    },

    setRound(round) {
      const total = get().results?.contagion?.rounds.length ?? 0;
      set({ round: clamp(Math.round(round), 0, total) });
    },

    setPlaying(playing) {
      const total = get().results?.contagion?.rounds.length ?? 0;
      if (playing && get().round >= total) set({ round: 0 }); // replay from the seeds
      set({ playing: playing && total > 0 });
    },

    select(id, fly = false) {
      set({ selected: id, ...(fly && id ? { flyRequest: get().flyRequest + 1 } : {}) });
    },

    setClickMode(mode) {
      set({ clickMode: mode });
    },

    setPanelTab(tab) {
      set({ panelTab: tab });
    },

    inspect(id) {
      set({ selected: id, panelTab: 'inspect', flyRequest: get().flyRequest + 1 });
    },

    clickNode(id) {
      const { clickMode, snapshot } = get();
      set({ selected: id });
      if (clickMode === 'inspect') set({ panelTab: 'inspect' });
      if (clickMode !== 'shock' || !snapshot) return;
      const i = snapshot.ids.indexOf(id);
      if (i < 0) return;
      // Clicking a node that is already a seed (e.g. part of a preset) only selects it: a second
      // seed on the same node would stack its loss.
      const seeded = get().results?.seeds.some((sd) => (sd.kind === 'protocol' ? sd.id === id : sd.symbol === id));
      if (seeded) return;
      if (snapshot.kinds[i] === 'token') get().addTokenShock(id);
      else get().addProtocolShock(id);
    },

    dismissProblems() {
      set({ urlProblems: [] });
    },

    showSnapshot(snapshot) {
      if (get().snapshot === snapshot) return;
      set({ snapshot, results: null, resultsFor: null });
      recompute();
    },

    async loadFiles(files) {
      runningLoad?.cancel();
      const names = files.map((f) => f.name);
      set({ upload: { ...NO_UPLOAD, phase: 'reading', files: names, total: files.reduce((n, f) => n + f.size, 0) } });
      const load = loadUserFiles(files, {
        onProgress: (loaded, total) => set({ upload: { ...get().upload, loaded, total } }),
        onParsing: () => set({ upload: { ...get().upload, phase: 'parsing' } }),
      });
      runningLoad = load;
      const outcome = await load.done;
      if (runningLoad !== load) return; // superseded by a newer load
      runningLoad = null;
      if (!outcome.ok) {
        // The dataset on screen stays as it was: nothing of a rejected file is kept.
        set({ upload: outcome.cancelled ? NO_UPLOAD : { ...get().upload, phase: 'error', error: outcome.error } });
        return;
      }
      const dataset = outcome.dataset;
      if (isEmptyDataset(dataset)) {
        set({
          upload: {
            ...get().upload,
            phase: 'error',
            error: { file: null, issues: [{ path: '', message: 'the file has no nodes' }], total: 1 },
          },
        });
        return;
      }
      const entry = localCatalogueEntry(dataset, names);
      set({
        localDataset: dataset,
        catalogue: [...get().catalogue.filter((c) => c.name !== LOCAL_DATASET), entry],
        upload: { ...get().upload, phase: 'loaded', warnings: dataset.warnings },
      });
      await get().selectDataset(LOCAL_DATASET);
    },

    cancelLoad() {
      runningLoad?.cancel();
    },

    dismissUpload() {
      if (get().upload.phase === 'reading' || get().upload.phase === 'parsing') return;
      set({ upload: NO_UPLOAD });
    },
  };
});

/** Keeps the query string in step with the scenario (replaceState: no history spam). */
useExplorer.subscribe((s) => {
  if (!urlReady || !s.datasetName) return;
  const search = buildSearch(
    {
      dataset: s.datasetName,
      date: s.weekDate,
      scenario: s.scenario,
      selected: s.selected,
      embed: s.embed,
      horizon: s.horizon,
      graph: s.graphKind,
    },
    location.search,
  );
  if (search !== location.search)
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
});

export function hasScenario(s: ExplorerState): boolean {
  return hasSeeds(s.scenario);
}
