// The forecaster's state, kept apart from the explorer store: model status and backend, the
// forecast of the current dataset (all four horizons from one call, so switching h never
// recomputes), and the test hooks. tfjs and the model load lazily (dynamic import) after the
// first paint, so the explorer never waits for them. Inference runs on the main thread by
// default (busy state shown), or in forecast.worker.ts with `forecastWorker=1` (see below).
import { create } from 'zustand';
import type { Dataset, Snapshot } from '../../core/types';
import type { BackendName, BackendPreference } from '../../model/backend';
import type { ForecastResult, LoadedModel } from '../../model/forecast';
import { useExplorer } from '../store';
import { markForecastEdges } from './edgeMarks';
import type { ForecastWorkerReply, ForecastWorkerRequest } from './forecast.worker';

/** idle: not loaded yet (it loads when a forecast is first asked for). */
export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ForecastState {
  status: ModelStatus;
  backend: BackendName | null;
  /** Why that backend ran (adapter kind, URL, cached choice, fallback). */
  backendReason: string | null;
  error: string | null;
  modelVersion: string | null;
  /** True while a forecast runs. */
  running: boolean;
  /** Forecasts of `forecastFor` (one per horizon), or null. */
  results: ForecastResult[] | null;
  /** The observed weeks the forecast was made from (its last week = the anchor). */
  forecastFor: Snapshot[] | null;
  ms: number | null;
  /** The test-set evaluation (models/evaluation.json) for the model card. */
  evaluation: unknown;
}

export const useForecast = create<ForecastState>(() => ({
  status: 'idle',
  backend: null,
  backendReason: null,
  error: null,
  modelVersion: null,
  running: false,
  results: null,
  forecastFor: null,
  ms: null,
  evaluation: null,
}));

const BACKENDS: BackendName[] = ['webgpu', 'webgl', 'cpu'];

/** `backend=webgpu|webgl|cpu` in the URL forces the backend (tests and the benchmark); else 'auto'. */
export function preferredBackend(search: string): BackendPreference {
  const b = new URLSearchParams(search).get('backend');
  return BACKENDS.includes(b as BackendName) ? (b as BackendName) : 'auto';
}

// Read once at start-up: the explorer rewrites the query string from its own state.
const PREFERRED_BACKEND: BackendPreference =
  typeof location === 'undefined' ? 'auto' : preferredBackend(location.search);

let modelPromise: Promise<LoadedModel> | null = null;
let tfCore: typeof import('@tensorflow/tfjs-core') | null = null;

/** Main-thread fallback (no module workers, or the worker could not load the model). */
function loadInline(): Promise<LoadedModel> {
  modelPromise ??= (async () => {
    const [{ loadBrowserModel }, tf] = await Promise.all([
      import('../../model/browser'),
      import('@tensorflow/tfjs-core'),
    ]);
    tfCore = tf;
    const { model, backend, backendReason } = await loadBrowserModel(PREFERRED_BACKEND);
    useForecast.setState({ status: 'ready', backend, backendReason, modelVersion: model.version });
    return model;
  })();
  return modelPromise;
}

let evaluationRequested = false;
function loadEvaluation(): void {
  if (evaluationRequested) return;
  evaluationRequested = true;
  import('../../model/browser')
    .then(({ fetchEvaluation }) => fetchEvaluation())
    .then((evaluation) => useForecast.setState({ evaluation }))
    .catch(() => useForecast.setState({ evaluation: null }));
}

/** The forecast worker, its pending requests, and whether it has ever loaded the model. */
let worker: Worker | null = null;
// The worker is opt-in (`forecastWorker=1`): under the page's meta-tag CSP, tfjs in a worker
// triggers 'wasm-eval' violations (the worker does not get the page's 'wasm-unsafe-eval'), which
// the offline test forbids. The main thread is the default; the panel shows a busy state.
let workerBroken =
  typeof Worker === 'undefined' ||
  typeof location === 'undefined' ||
  new URLSearchParams(location.search).get('forecastWorker') !== '1';
let workerReady = false;
let requestId = 0;
const pending = new Map<number, { resolve(r: ForecastWorkerReply): void; reject(e: Error): void }>();

function ask(req: ForecastWorkerRequest): Promise<ForecastWorkerReply> {
  if (!worker) {
    worker = new Worker(new URL('./forecast.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (ev: MessageEvent<ForecastWorkerReply>) => {
      const m = ev.data;
      if (m.type === 'ready') {
        workerReady = true;
        useForecast.setState({
          status: 'ready',
          backend: m.backend,
          backendReason: m.backendReason,
          modelVersion: m.version,
        });
        return;
      }
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (p) p.resolve(m);
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      for (const p of pending.values()) p.reject(new Error(ev.message || 'the forecast worker failed'));
      pending.clear();
    };
  }
  const w = worker;
  return new Promise((resolve, reject) => {
    pending.set(req.id, { resolve, reject });
    w.postMessage(req);
  });
}

async function forecastInWorker(weeks: Snapshot[]): Promise<ForecastResult[]> {
  const reply = await ask({ id: ++requestId, type: 'forecast', weeks, prefer: PREFERRED_BACKEND });
  if (reply.type === 'error') throw new Error(reply.message);
  if (reply.type !== 'forecast') throw new Error(`unexpected worker reply ${reply.type}`);
  return reply.results;
}

/** Where forecasts run: 'main' by default, 'worker' with forecastWorker=1 (until it fails). */
export let forecastThread: 'worker' | 'main' = workerBroken ? 'main' : 'worker';

async function forecastWeeks(weeks: Snapshot[]): Promise<ForecastResult[]> {
  loadEvaluation();
  if (!workerBroken) {
    try {
      return await forecastInWorker(weeks);
    } catch (err) {
      // A worker that never loaded the model (no module workers, no backend there): run here.
      if (workerReady) throw err;
      workerBroken = true;
      worker?.terminate();
      worker = null;
    }
  }
  forecastThread = 'main';
  const model = await loadInline();
  // Let the busy state paint before the main thread is taken.
  await new Promise((r) => setTimeout(r, 0));
  const { forecast } = await import('../../model/forecast');
  return forecast(model, weeks);
}

async function numTensors(): Promise<number | null> {
  if (forecastThread === 'worker' && worker) {
    const reply = await ask({ id: ++requestId, type: 'memory' });
    return reply.type === 'memory' ? reply.numTensors : null;
  }
  return tfCore ? tfCore.memory().numTensors : null;
}

/** The observed weeks up to (and including) the week shown: the forecast anchors there. */
export function observedWeeks(dataset: Dataset, weekDate: string | null): Snapshot[] {
  const k = weekDate ? dataset.weeks.findIndex((w) => w.date === weekDate) : -1;
  return dataset.weeks.slice(0, k >= 0 ? k + 1 : dataset.weeks.length);
}

let seq = 0;
/** The anchor week being forecast (guards against starting the same forecast twice). */
let pendingAnchor: Snapshot | null = null;

/** Forecasts the given weeks at every horizon (no-op when done or under way for them). */
export async function runForecast(weeks: Snapshot[], force = false): Promise<void> {
  const anchor = weeks[weeks.length - 1];
  const { forecastFor } = useForecast.getState();
  if (!force && (pendingAnchor === anchor || (forecastFor && forecastFor[forecastFor.length - 1] === anchor))) return;
  if (useForecast.getState().status === 'error') return;
  pendingAnchor = anchor;
  const mine = ++seq;
  useForecast.setState({ running: true, results: null, forecastFor: null, ms: null });
  if (useForecast.getState().status === 'idle') useForecast.setState({ status: 'loading' });
  try {
    const results = await forecastWeeks(weeks);
    if (mine !== seq) return;
    pendingAnchor = null;
    for (const r of results) markForecastEdges(r, anchor);
    useForecast.setState({ running: false, results, forecastFor: weeks, ms: results[0]?.ms ?? null });
  } catch (err) {
    if (mine !== seq) return;
    pendingAnchor = null;
    useForecast.setState({ running: false, status: 'error', error: (err as Error).message });
  }
}

/** Drives the forecaster from the explorer store: forecast the shown weeks once loaded, and swap
 * the canvas to the forecast graph when graph=forecast. Returns the unsubscribe function. */
export function connectForecaster(): () => void {
  const sync = () => {
    const ex = useExplorer.getState();
    if (!ex.dataset || ex.loadState !== 'ready') return;
    const weeks = observedWeeks(ex.dataset, ex.weekDate);
    const wantForecast = ex.graphKind === 'forecast';
    // Forecast only when asked (the forecast graph or the Forecast tab): the model costs seconds.
    if (wantForecast || ex.panelTab === 'forecast') void runForecast(weeks);
    const observed = weeks[weeks.length - 1];
    const fc = useForecast.getState();
    const anchored = fc.forecastFor && fc.forecastFor[fc.forecastFor.length - 1] === observed;
    if (wantForecast && anchored) {
      const r = fc.results?.find((x) => x.horizon === (ex.horizon ?? 4));
      if (r && ex.snapshot !== r.snapshot) ex.showSnapshot(r.snapshot);
    } else if (!wantForecast && ex.snapshot !== observed && isForecastSnapshot(ex.snapshot)) {
      ex.showSnapshot(observed);
    }
  };
  const a = useExplorer.subscribe(sync);
  const b = useForecast.subscribe(sync);
  sync();
  installForecastHooks();
  return () => {
    a();
    b();
  };
}

export function isForecastSnapshot(s: Snapshot | null): boolean {
  if (!s) return false;
  return useForecast.getState().results?.some((r) => r.snapshot === s) ?? false;
}

export interface ForecastHooks {
  /** tf.memory().numTensors where the model runs (null before tfjs loads). */
  tfMemory(): Promise<number | null>;
  /** 'worker' or 'main'. */
  forecastThread(): string;
  /** Per horizon: predicted TVL per node and every candidate's probability (plain arrays). */
  forecastOutputs(): { horizon: number; tvl: number[]; src: number[]; dst: number[]; probability: number[] }[] | null;
  /** Runs the forecast again (even for the same weeks) and resolves when done. */
  rerunForecast(): Promise<void>;
}

declare global {
  interface Window {
    __forecast?: ForecastHooks;
  }
}

function installForecastHooks(): void {
  window.__forecast = {
    tfMemory: numTensors,
    forecastThread: () => forecastThread,
    forecastOutputs: () =>
      useForecast.getState().results?.map((r) => ({
        horizon: r.horizon,
        tvl: Array.from(r.snapshot.tvl),
        src: Array.from(r.candidates.src),
        dst: Array.from(r.candidates.dst),
        probability: Array.from(r.candidates.probability),
      })) ?? null,
    rerunForecast: async () => {
      const weeks = useForecast.getState().forecastFor;
      if (weeks) await runForecast(weeks, true);
    },
  };
}
