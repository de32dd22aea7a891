// The app side of the embedding API (src/embed/protocol.ts): when the explorer runs inside a
// frame (embed=1 or window.parent !== window) it takes scenarios from the host by postMessage and
// answers with the key results after every finished computation.
//
// Origins: any host may drive an embedded explorer (that is the point of embedding), and the
// answers are posted with targetOrigin '*'. This is safe because the explorer only ever sends
// public numbers computed from public data (no user input, no secrets); the incoming payloads are
// untrusted and go through asHostMessage() and the URL validator before touching the store.
import { asHostMessage, type EmbedScenario, type ExplorerMessage, type ResultsMessage } from '../embed/protocol';
import { parseUrl, buildSearch } from './url';
import { useExplorer, type ExplorerState } from './store';
import { currentContagion, currentResults } from './store/selectors';
import { seedFractions } from '../core/scenarioSpec';
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

/** Installs the listener; returns a function that removes it. */
export function installEmbedBridge(): () => void {
  // Replies go to whoever asked; unsolicited updates to the parent frame.
  let host: MessageEventSource | null = window.parent !== window ? window.parent : null;
  let pendingRequest: string | undefined;
  const post = (msg: ExplorerMessage) => {
    if (!host) return;
    (host as Window).postMessage(msg, { targetOrigin: '*' });
  };

  // Messages that arrive before the first dataset is loaded wait for it (init() would otherwise
  // overwrite the scenario with the URL's).
  let queued: MessageEvent[] = [];
  const loaded = () => useExplorer.getState().snapshot !== null && useExplorer.getState().loadState === 'ready';

  const onMessage = (event: MessageEvent) => {
    const msg = asHostMessage(event.data);
    if (!msg) return; // not ours (devtools, extensions, other widgets): ignore silently
    if (event.source) host = event.source;
    if (queued.length || !loaded()) {
      queued.push(event);
      return;
    }
    const s = useExplorer.getState();
    if (msg.type === 'contagion:get-results') {
      const r = resultsMessage(s, msg.requestId);
      if (r && s.status !== 'running') post(r);
      else pendingRequest = msg.requestId ?? '';
      return;
    }
    if (msg.type === 'contagion:design') {
      // Computed on the current week and scenario; the design code loads on first use.
      void import('./design/embedDesign').then((m) => post(m.designAnswer(useExplorer.getState(), msg)));
      return;
    }
    const parsed = parseUrl(mergedSearch(s, msg.scenario));
    const problems = [...parsed.problems];
    const name = parsed.dataset ?? s.datasetName;
    if (name && s.catalogue.length && !s.catalogue.some((c) => c.name === name))
      problems.push(`no dataset named "${name}"`);
    if (problems.length) {
      post({
        type: 'contagion:error',
        ...(msg.requestId !== undefined ? { requestId: msg.requestId } : {}),
        message: problems.join('; '),
      });
      return;
    }
    pendingRequest = msg.requestId ?? '';
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

  // Every finished computation is reported (to the last requester if one is waiting).
  const unsubscribe = useExplorer.subscribe((s, prev) => {
    if (queued.length && loaded()) {
      const waiting = queued;
      queued = [];
      for (const e of waiting) onMessage(e);
      return;
    }
    const finished =
      s.status !== 'running' && currentResults(s) !== null && (s.results !== prev.results || prev.status === 'running');
    if (!finished) return;
    const r = resultsMessage(s, pendingRequest || undefined);
    pendingRequest = undefined;
    if (r) post(r);
  });
  const onError = useExplorer.subscribe((s, prev) => {
    if (s.engineError && s.engineError !== prev.engineError) post({ type: 'contagion:error', message: s.engineError });
    if (s.loadState === 'error' && prev.loadState !== 'error')
      post({ type: 'contagion:error', message: s.error ?? 'could not load the data' });
  });

  window.addEventListener('message', onMessage);
  post({ type: 'contagion:ready', version });
  return () => {
    window.removeEventListener('message', onMessage);
    unsubscribe();
    onError();
  };
}
