// The explorer's frame: header (dataset switcher), scenario sidebar, the network with its key
// numbers and playback, the results tabs, and the provenance bar. embed=1 keeps only the canvas
// and the key numbers (for iframes).
import { lazy, Suspense, useEffect, useRef, type KeyboardEvent } from 'react';
import { useExplorer, type PanelTab } from './store';
import { NetworkCanvas } from './NetworkCanvas';
import { KpiStrip } from './KpiStrip';
import { Playback } from './Playback';
import { ScenarioPanel } from './ScenarioPanel';
import { focusResults, focusSearch, SearchBox } from './SearchBox';
import { TokenList } from './TokenList';
import { ResultsPanel } from './ResultsPanel';
import { InspectPanel } from './InspectPanel';
import { VulnerabilityPanel } from './VulnerabilityPanel';
import { NetworkPanel } from './NetworkPanel';
import { Provenance } from './Provenance';
import { Legend } from './Legend';
import { ForecastPanel } from './forecast/ForecastPanel';
import { connectForecaster } from './forecast/forecastStore';
import { DropZone, LoadFileButton, LoadStatus } from './load/FileLoad';
import { loadTimeline } from './explain/timelineData';

// uPlot and the real sector timeline load only when the tab opens.
const TimelinePanel = lazy(() => import('./explain/TimelinePanel'));

// The Design tab's code (and uPlot, which it imports on use) loads when the tab is first opened.
const DesignPanel = lazy(() => import('./design/DesignPanel').then((m) => ({ default: m.DesignPanel })));
// The Nodes tab (and its virtualiser) loads on first use: the main chunk is at its budget.
const NodeTable = lazy(() => import('./explore/NodeTable').then((m) => ({ default: m.NodeTable })));
import { ExploreBar } from './explore/ExploreBar';

const TABS: { id: PanelTab; label: string }[] = [
  { id: 'results', label: 'Results' },
  { id: 'inspect', label: 'Inspect' },
  { id: 'vulnerability', label: 'Impact' },
  { id: 'network', label: 'Network' },
  { id: 'nodes', label: 'Nodes' },
  { id: 'forecast', label: 'Forecast' },
  { id: 'design', label: 'Design' },
  { id: 'timeline', label: 'Timeline' },
];

export function App() {
  const init = useExplorer((s) => s.init);
  const embed = useExplorer((s) => s.embed);
  const loadState = useExplorer((s) => s.loadState);
  const error = useExplorer((s) => s.error);
  const urlProblems = useExplorer((s) => s.urlProblems);

  useEffect(() => {
    void init();
  }, [init]);
  // The Design tab's link keys and saved scenarios (src/ui/design/designStore.ts), loaded after
  // the first screen: the main chunk does not carry the design code.
  useEffect(() => {
    let off: (() => void) | null = null;
    let cancelled = false;
    const search = location.search;
    void import('./design/designStore').then((m) => {
      if (cancelled) return;
      m.initDesignFromUrl(search);
      off = m.connectDesign();
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, []);
  // The forecaster follows the store (it loads the model only once a forecast is asked for).
  useEffect(() => connectForecaster(), []);
  // Shortcuts, outside text fields: "/" search, "r" results.
  useEffect(() => {
    if (embed) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || target?.closest('input, textarea, select, [contenteditable="true"]'))
        return;
      if (e.key === '/') {
        e.preventDefault();
        focusSearch();
      } else if (e.key === 'r') {
        e.preventDefault();
        useExplorer.getState().setPanelTab('results');
        focusResults();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [embed]);

  if (embed) {
    return (
      <div className="app embed">
        <KpiStrip />
        <main className="stage">
          {loadState === 'error' ? <LoadError message={error} /> : <NetworkCanvas compact />}
        </main>
        <Provenance compact />
      </div>
    );
  }

  return (
    <div className="app">
      <nav className="skip-links" aria-label="Skip links">
        <a
          href="#search"
          className="skip-link"
          onClick={(e) => {
            e.preventDefault();
            focusSearch();
          }}
        >
          Skip to protocol search (/)
        </a>
        <a
          href="#results"
          className="skip-link"
          onClick={(e) => {
            e.preventDefault();
            useExplorer.getState().setPanelTab('results');
            focusResults();
          }}
        >
          Skip to results (r)
        </a>
      </nav>
      <Header />
      <div className="notices">
        {urlProblems.length > 0 && (
          <div className="url-problems" role="alert">
            <span>
              The link had problems, ignored: <span className="muted">{urlProblems.join('; ')}</span>
            </span>
            <button
              type="button"
              className="icon-button"
              onClick={() => useExplorer.getState().dismissProblems()}
              aria-label="Dismiss"
            >
              ×
            </button>
          </div>
        )}
        <LoadStatus />
      </div>
      <DropZone />
      <aside className="sidebar" aria-label="Scenario">
        <SearchBox />
        <ScenarioPanel />
        <TokenList />
      </aside>
      <main className="stage">
        <KpiStrip />
        <ExploreBar />
        {loadState === 'error' ? <LoadError message={error} /> : <NetworkCanvas />}
        <Legend />
        <Playback />
      </main>
      <Panels />
      <Provenance />
    </div>
  );
}

function Header() {
  const catalogue = useExplorer((s) => s.catalogue);
  const datasetName = useExplorer((s) => s.datasetName);
  const dataset = useExplorer((s) => s.dataset);
  const snapshot = useExplorer((s) => s.snapshot);
  const loadState = useExplorer((s) => s.loadState);
  // The observed week (the forecast view shows a later, forecast date on the same nodes).
  const weekDate = useExplorer((s) => s.weekDate);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◎
        </span>
        <div>
          <h1>DeFi Contagion Explorer</h1>
          <p className="tagline">Shock a protocol or de-peg a token: who is hit, how hard, and through which paths?</p>
        </div>
      </div>
      <div className="header-controls">
        <label className="field-inline">
          <span>Dataset</span>
          <select
            value={datasetName ?? ''}
            onChange={(e) => void useExplorer.getState().selectDataset(e.target.value)}
            data-testid="dataset-select"
            disabled={catalogue.length === 0}
          >
            {catalogue.map((c) => (
              <option key={c.name} value={c.name}>
                {c.title}
                {c.local ? ' — your data' : c.synthetic ? ' — synthetic' : ' — real'}
                {c.edges === 0 ? ', no edges' : ''}
              </option>
            ))}
          </select>
        </label>
        {dataset && dataset.weeks.length > 1 && snapshot && (
          <label className="field-inline">
            <span>Week</span>
            <select
              value={weekDate ?? dataset.weeks[dataset.weeks.length - 1].date}
              onChange={(e) => useExplorer.getState().selectWeek(e.target.value)}
              data-testid="week-select"
            >
              {dataset.weeks.map((w) => (
                <option key={w.date} value={w.date}>
                  {w.date}
                </option>
              ))}
            </select>
          </label>
        )}
        <LoadFileButton />
        {loadState === 'loading' && (
          <span className="loading-pill" role="status">
            <span className="spinner small" aria-hidden="true" /> Loading…
          </span>
        )}
      </div>
    </header>
  );
}

function Panels() {
  const tab = useExplorer((s) => s.panelTab);
  const selected = useExplorer((s) => s.selected);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const panelRef = useRef<HTMLDivElement | null>(null);
  // Every tab opens at its top, not at the previous tab's scroll position.
  useEffect(() => {
    if (panelRef.current) panelRef.current.scrollTop = 0;
  }, [tab]);
  const onKey = (e: KeyboardEvent, k: number) => {
    const next =
      e.key === 'ArrowRight' ? (k + 1) % TABS.length : e.key === 'ArrowLeft' ? (k + TABS.length - 1) % TABS.length : -1;
    if (next < 0) return;
    e.preventDefault();
    useExplorer.getState().setPanelTab(TABS[next].id);
    tabRefs.current[next]?.focus();
  };
  return (
    <section className="panels" aria-label="Results and analysis">
      <div role="tablist" aria-label="Panels" className="tabs">
        {TABS.map((t, k) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[k] = el;
            }}
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'active' : undefined}
            onClick={() => {
              if (t.id === 'timeline') void loadTimeline().catch(() => undefined); // the panel reports errors
              useExplorer.getState().setPanelTab(t.id);
            }}
            onKeyDown={(e) => onKey(e, k)}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
            {t.id === 'inspect' && selected && <span className="tab-dot" aria-hidden="true" />}
          </button>
        ))}
      </div>
      <div
        ref={panelRef}
        role="tabpanel"
        id={`tabpanel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        className="tabpanel"
        tabIndex={0}
      >
        {tab === 'results' && <ResultsPanel />}
        {tab === 'inspect' && <InspectPanel />}
        {tab === 'vulnerability' && <VulnerabilityPanel />}
        {tab === 'network' && <NetworkPanel />}
        {tab === 'nodes' && (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <NodeTable />
          </Suspense>
        )}
        {tab === 'forecast' && <ForecastPanel />}
        {tab === 'timeline' && (
          <Suspense fallback={<p className="empty-state">Loading the sector timeline…</p>}>
            <TimelinePanel />
          </Suspense>
        )}
        {tab === 'design' && (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <DesignPanel />
          </Suspense>
        )}
      </div>
    </section>
  );
}

function LoadError({ message }: { message: string | null }) {
  return (
    <div className="load-error" role="alert">
      <p className="empty-title">Could not load the data</p>
      <p>{message}</p>
      <button type="button" className="primary" onClick={() => void useExplorer.getState().init()}>
        Try again
      </button>
    </div>
  );
}
