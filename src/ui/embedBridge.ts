// The app side of the embedding API (src/embed/protocol.ts): when the explorer runs inside a
// frame (embed=1 or window.parent !== window) it takes scenarios from the host by postMessage and
// answers with the key results after every finished computation.
//
// Who may drive it: the parent frame only, or, when the embedding page lists origins (the
// element's allow-origins attribute, ?origins= in the URL), only windows of those origins. Every
// answer goes to the parent, never to whoever sent the message. Answers use targetOrigin '*': the
// explorer only ever sends public numbers computed from public data. Incoming payloads are
// untrusted: readHostMessage() copies the known fields, the URL validator checks their values, and
// any failure is answered with contagion:error, never an uncaught exception.
//
// A flood cannot queue work: set-scenario messages are coalesced (the newest waits in one slot
// and older ones are answered "superseded"), one computation runs at a time, and get-results
// requests wait in a bounded list for the newest scenario's numbers.
import {
  readHostMessage,
  type EmbedScenario,
  type DesignMessage,
  type ExplorerMessage,
  type ResultsMessage,
  type SetScenarioMessage,
} from '../embed/protocol';
import { parseUrl, buildSearch } from './url';
import { useExplorer, type ExplorerState } from './store';
import { currentContagion, currentResults } from './store/selectors';
import { seedFractions, type ScenarioSpec } from '../core/scenarioSpec';
import { seedProblems } from '../core/seedCheck';
import type { Seed } from '../core/contagion';
import { scenarioCounts } from '../core/vocabulary';
import { version } from '../../package.json';

const TOP_HIT = 10;

/** Is this page embedded (and so should talk to a host)? */
export function isEmbedded(): boolean {
  if (new URLSearchParams(location.search).get('embed') === '1') return true;
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

/** The current results as a message, or null while nothing is computed. */
export function resultsMessage(s: ExplorerState, requestId?: string): ResultsMessage | null {
  const result = currentContagion(s);
  if (!s.snapshot || !s.datasetName || (s.results && !currentResults(s))) return null;
  const snap = s.snapshot;
  const topHit: ResultsMessage['topHit'] = [];
  const counts = result ? scenarioCounts(result) : null;
  if (result) {
    const order = Array.from(result.losses.keys())
      .filter((i) => result.losses[i] > 0 && snap.kinds[i] === 'protocol')
      .sort((a, b) => result.losses[b] - result.losses[a])
      .slice(0, TOP_HIT);
    for (const i of order) {
      topHit.push({
        id: snap.ids[i],
        name: snap.names[i],
        lossUsd: result.losses[i],
        lossPctOfTvl: snap.tvl[i] > 0 ? (100 * result.losses[i]) / snap.tvl[i] : 0,
      });
    }
  }
  return {
    type: 'contagion:results',
    ...(requestId !== undefined ? { requestId } : {}),
    dataset: s.datasetName,
    graph: s.graphKind ?? 'observed',
    horizon: s.graphKind === 'forecast' ? s.horizon : null,
    perimeter: s.scenario.perimeter,
    totalTvlUsd: result?.totalTvl ?? 0,
    systemLossPct: result?.totalLossPct ?? 0,
    systemLossUsd: result?.totalLoss ?? 0,
    directLossUsd: result?.directLoss ?? 0,
    indirectLossUsd: result?.indirectLoss ?? 0,
    affectedCount: result?.affectedCount ?? 0,
    rounds: result?.propagationRounds ?? 0,
    shockedCount: counts?.shocked ?? 0,
    distressedCount: counts?.distressed ?? 0,
    lossRounds: counts?.rounds ?? 0,
    topHit,
  };
}

/** The host's (partial) scenario merged into the current one, as a query string. */
function mergedSearch(s: ExplorerState, patch: EmbedScenario): string {
  const q = new URLSearchParams(
    buildSearch({
      dataset: s.datasetName,
      date: s.weekDate,
      scenario: s.scenario,
      selected: null,
      embed: true,
      horizon: s.horizon,
      graph: s.graphKind,
    }),
  );
  const put = (key: string, value: string | number | undefined) => {
    if (value === undefined) return;
    if (value === '') q.delete(key);
    else q.set(key, String(value));
  };
  // Seeds: a host that names any seed kind replaces all seeds (a preset and clicks don't mix).
  if (patch.shock !== undefined || patch.token !== undefined || patch.scenario !== undefined) {
    for (const k of ['shock', 'token', 'scenario', 'delta']) q.delete(k);
  }
  put('dataset', patch.dataset);
  put('shock', patch.shock);
  put('token', patch.token);
  put('scenario', patch.scenario);
  put('rule', patch.rule);
  put('threshold', patch.threshold);
  put('rounds', patch.rounds);
  put('perimeter', patch.perimeter);
  put('h', patch.h);
  put('graph', patch.graph);
  return `?${q.toString()}`;
}

/** At most this many get-results requests wait at once; more are answered with an error. */
const MAX_WAITING = 1000;

/** Origins the embedding page allows to drive the explorer besides its parent (?origins=a,b), or null. */
function allowedOrigins(): Set<string> | null {
  const raw = new URLSearchParams(location.search).get('origins');
  if (!raw) return null;
  const list = raw
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter((o) => o && o !== 'null' && o !== '*');
  return list.length ? new Set(list) : null;
}

/** The seeds a scenario names explicitly (a preset is expanded by the engine). */
function namedSeeds(scenario: ScenarioSpec): Seed[] {
  return [
    ...scenario.shocks.map((s): Seed => ({ kind: 'protocol', id: s.id, fraction: s.fraction })),
    ...scenario.tokens.map((t): Seed => ({ kind: 'token', symbol: t.symbol, fraction: t.fraction })),
  ];
}

/** Installs the listener; returns a function that removes it. */
export function installEmbedBridge(): () => void {
  const parent = window.parent !== window ? window.parent : null;
  const allowed = allowedOrigins();
  const post = (msg: ExplorerMessage) => parent?.postMessage(msg, { targetOrigin: '*' });
  const errorFor = (requestId: string | undefined, message: string) =>
    post({ type: 'contagion:error', ...(requestId !== undefined ? { requestId } : {}), message });
  const mayDrive = (event: MessageEvent) => {
    if (allowed) return allowed.has(event.origin);
    return parent !== null && event.source === parent;
  };

  /** The newest set-scenario not yet applied (older ones are superseded). */
  let pendingScenario: SetScenarioMessage | null = null;
  /** The applied scenario whose results are awaited: its requestId ('' for none), or null. */
  let awaited: string | null = null;
  /** get-results requests waiting for the newest scenario's numbers ('' for none). */
  let waiting: string[] = [];
  /** contagion:design questions waiting for the data or for the newest scenario. */
  let designs: DesignMessage[] = [];
  let scheduled = false;

  const loaded = () => useExplorer.getState().snapshot !== null && useExplorer.getState().loadState === 'ready';
  const idle = () => loaded() && useExplorer.getState().status !== 'running' && awaited === null;

  const answerWaiting = () => {
    if (pendingScenario || !idle()) return;
    const s = useExplorer.getState();
    for (const id of waiting) {
      const r = resultsMessage(s, id || undefined);
      if (r) post(r);
      else errorFor(id || undefined, 'no results yet: set a scenario first');
    }
    waiting = [];
    // Design questions are computed on the current week and scenario; the design code loads on first use.
    const asked = designs;
    designs = [];
    for (const msg of asked)
      void import('./design/embedDesign')
        .then((m) => post(m.designAnswer(useExplorer.getState(), msg)))
        .catch((err: unknown) => errorFor(msg.requestId, `design failed: ${(err as Error).message}`));
  };

  const apply = (msg: SetScenarioMessage) => {
    const s = useExplorer.getState();
    const parsed = parseUrl(mergedSearch(s, msg.scenario));
    const problems = [...parsed.problems];
    const name = parsed.dataset ?? s.datasetName;
    if (name && s.catalogue.length && !s.catalogue.some((c) => c.name === name))
      problems.push(`no dataset named "${name}"`);
    // Ids are checked on the week shown; a message that switches dataset is checked by the engine.
    if (!problems.length && s.baseSnapshot && name === s.datasetName)
      problems.push(
        ...seedProblems(s.baseSnapshot, parsed.scenario.perimeter, namedSeeds(parsed.scenario), 'set perimeter: "all"'),
      );
    if (problems.length) {
      errorFor(msg.requestId, problems.join('; '));
      return;
    }
    awaited = msg.requestId ?? '';
    const deltas = seedFractions(parsed.scenario);
    useExplorer.setState({
      delta: deltas.length ? deltas[0] : s.delta,
      horizon: parsed.horizon,
      graphKind: parsed.graph,
      selected: null,
    });
    // Replace the scenario: the dataset switch recomputes it, or one store action does.
    if (name && name !== s.datasetName) {
      useExplorer.setState({ scenario: parsed.scenario });
      void useExplorer.getState().selectDataset(name, true);
    } else useExplorer.getState().replaceScenario(parsed.scenario);
  };

  // Applies the newest pending scenario once nothing is computing (messages sent before the data
  // has loaded wait for it: init() would otherwise overwrite the scenario with the URL's).
  const flush = () => {
    scheduled = false;
    if (!pendingScenario || !idle()) return;
    const msg = pendingScenario;
    pendingScenario = null;
    try {
      apply(msg);
    } catch (err) {
      awaited = null;
      errorFor(msg.requestId, `could not apply the scenario: ${(err as Error).message}`);
    }
    answerWaiting();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 0);
  };

  const onMessage = (event: MessageEvent) => {
    if (!mayDrive(event)) return; // other windows may not drive it, nor hear from it
    try {
      const read = readHostMessage(event.data);
      if (!read) return; // not ours (devtools, extensions, other widgets): ignore silently
      if ('error' in read) {
        errorFor(read.requestId, read.error);
        return;
      }
      const msg = read.message;
      if (msg.type === 'contagion:get-results') {
        if (waiting.length >= MAX_WAITING) errorFor(msg.requestId, 'too many get-results requests waiting');
        else waiting.push(msg.requestId ?? '');
        answerWaiting();
        return;
      }
      if (msg.type === 'contagion:design') {
        if (designs.length >= MAX_WAITING) errorFor(msg.requestId, 'too many design requests waiting');
        else designs.push(msg);
        answerWaiting();
        return;
      }
      if (pendingScenario?.requestId !== undefined)
        errorFor(pendingScenario.requestId, 'superseded by a newer contagion:set-scenario before it was applied');
      pendingScenario = msg;
      schedule();
    } catch (err) {
      errorFor(undefined, `malformed message: ${(err as Error).message}`);
    }
  };

  // Every finished computation is reported (with the requestId of the scenario it answers).
  const unsubscribe = useExplorer.subscribe((s, prev) => {
    const finished =
      s.status !== 'running' && currentResults(s) !== null && (s.results !== prev.results || prev.status === 'running');
    if (finished) {
      const requestId = awaited || undefined;
      const problems = awaited !== null ? (currentResults(s)?.problems ?? []) : [];
      awaited = null;
      if (problems.length) errorFor(requestId, problems.join('; '));
      else {
        const r = resultsMessage(s, requestId);
        if (r) post(r);
      }
    }
    if (pendingScenario) schedule();
    else answerWaiting();
  });
  const onError = useExplorer.subscribe((s, prev) => {
    const failed =
      (s.engineError && s.engineError !== prev.engineError) || (s.loadState === 'error' && prev.loadState !== 'error');
    if (!failed) return;
    const requestId = awaited || undefined;
    awaited = null;
    errorFor(requestId, s.engineError ?? s.error ?? 'could not load the data');
  });

  window.addEventListener('message', onMessage);
  post({ type: 'contagion:ready', version });
  return () => {
    window.removeEventListener('message', onMessage);
    unsubscribe();
    onError();
  };
}
