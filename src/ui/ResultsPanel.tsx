// Results of the current scenario: loss by round, and the most hit protocols (sortable table).
import { useMemo } from 'react';
import { useExplorer } from './store';
import { currentResults, roundLosses, useRoundView } from './store/selectors';
import { LossChart } from './LossChart';
import { SortableTable, type Column } from './SortableTable';
import { formatPct, formatUsd } from './format';
import { sectorColor } from './palette';
import { describeSeeds } from '../core/scenarios';
import { crossesThreshold, RULE_DESCRIPTIONS } from '../core/contagion';
import { PERIMETER_DESCRIPTIONS } from '../core/perimeter';
import { ExportButtons } from './ExportButtons';
import { CarryingEdges } from './explain/CarryingEdges';

const TOP_K = 25;

interface HitRow {
  index: number;
  id: string;
  name: string;
  sector: string;
  loss: number;
  indirect: number;
  pct: number;
  seed: boolean;
  distressed: boolean;
}

export function ResultsPanel() {
  const results = useExplorer(currentResults);
  const snapshot = useExplorer((s) => s.snapshot);
  const perimeter = useExplorer((s) => s.scenario.perimeter);
  const selected = useExplorer((s) => s.selected);
  const status = useExplorer((s) => s.status);
  const engineError = useExplorer((s) => s.engineError);
  const view = useRoundView();
  const result = view?.result ?? null;

  // The table shows the round the playback is on.
  const rows = useMemo<HitRow[]>(() => {
    if (!view) return [];
    const { snapshot: snap, result: r, state } = view;
    const seeds = new Set(r.seedIndices);
    const hit: HitRow[] = [];
    for (let i = 0; i < snap.n; i++) {
      const loss = state.losses[i];
      if (!(loss > 0) || snap.kinds[i] !== 'protocol') continue;
      hit.push({
        index: i,
        id: snap.ids[i],
        name: snap.names[i],
        sector: snap.sectors[i],
        loss,
        indirect: Math.max(0, loss - r.initialLosses[i]),
        pct: snap.tvl[i] > 0 ? (100 * loss) / snap.tvl[i] : 0,
        seed: seeds.has(i),
        distressed: crossesThreshold(snap, r, state.losses, i),
      });
    }
    return hit.sort((a, b) => b.loss - a.loss).slice(0, TOP_K);
  }, [view]);
  const distressedSeries = useMemo(() => {
    if (!view) return [];
    const { snapshot: snap, result: r } = view;
    return roundLosses(r).map((losses) => {
      let count = 0;
      for (let i = 0; i < snap.n; i++) if (crossesThreshold(snap, r, losses, i)) count++;
      return count;
    });
  }, [view]);

  if (engineError) {
    return (
      <p role="alert" className="error">
        The engine failed: {engineError}
      </p>
    );
  }
  if (!result || !snapshot || !results || !view) {
    return (
      <div className="empty-state">
        <p className="empty-title">{status === 'running' ? 'Computing…' : 'No scenario yet'}</p>
        <p>
          Click a protocol on the map to shock it, de-peg a token from the list, or start from one of the paper’s
          presets: the largest protocol at 50%, the top five at 30%, or the whole Bridge sector at 100%.
        </p>
        {snapshot && <QuickStarts symbols={snapshot.tokens.symbols} />}
        {results?.problems.length ? <Problems problems={results.problems} /> : null}
      </div>
    );
  }

  const lossSeries = [sum(result.initialLosses), ...result.rounds.map((r) => r.systemLoss)];
  const columns: Column<HitRow>[] = [
    {
      key: 'name',
      label: 'Protocol',
      value: (r) => r.name,
      render: (r) => (
        <span className="name-cell">
          <span className="dot" style={{ background: sectorColor(r.sector) }} aria-hidden="true" />
          <button type="button" className="link-button" onClick={() => useExplorer.getState().inspect(r.id)}>
            {r.name}
          </button>
          {r.seed && <span className="tag seed">shocked</span>}
          {r.distressed && <span className="tag distressed">distressed</span>}
        </span>
      ),
    },
    {
      key: 'loss',
      label: 'Loss',
      value: (r) => r.loss,
      render: (r) => formatUsd(r.loss),
      numeric: true,
      title: 'Loss in USD',
    },
    {
      key: 'indirect',
      label: 'Contagion',
      value: (r) => r.indirect,
      render: (r) => (r.indirect > 0 ? formatUsd(r.indirect) : '—'),
      numeric: true,
      title: 'Indirect loss: what reached it from distressed debtors, up to the round shown',
    },
    {
      key: 'pct',
      label: '% TVL',
      value: (r) => r.pct,
      render: (r) => formatPct(r.pct, 1),
      numeric: true,
      title: 'Loss as a share of its own TVL',
    },
  ];

  return (
    <div className="results">
      <p className="scenario-line" data-testid="scenario-line">
        <span className="muted">Shock: </span>
        {describeSeeds(snapshot, results.seeds)} · {RULE_DESCRIPTIONS[result.rule].label} · τ{' '}
        {+(result.threshold * 100).toFixed(1)}% · {PERIMETER_DESCRIPTIONS[perimeter].label}
      </p>
      <p className="loss-split" data-testid="loss-split">
        <span className="muted">{view.final ? 'Final' : `At ${view.label}`}: </span>
        shock {formatUsd(view.state.directLoss)} + contagion {formatUsd(view.state.indirectLoss)} ={' '}
        <strong>{formatUsd(view.state.totalLoss)}</strong>{' '}
        <span className="muted">
          ({formatPct(result.totalTvl > 0 ? (100 * view.state.totalLoss) / result.totalTvl : 0)} of{' '}
          {formatUsd(result.totalTvl)}, {PERIMETER_DESCRIPTIONS[perimeter].denominator})
        </span>
      </p>
      {result.overExposure.count > 0 && (
        <OverExposureNote snapshotNames={snapshot.names} overExposure={result.overExposure} />
      )}
      {results.problems.length > 0 && <Problems problems={results.problems} />}
      <div className="results-head">
        <h3>Loss by round</h3>
        <ExportButtons snapshot={snapshot} result={result} seeds={results.seeds} />
      </div>
      <LossChart
        losses={lossSeries}
        affected={distressedSeries}
        round={view.state.round}
        totalTvl={result.totalTvl}
        onPick={(r) => useExplorer.getState().setRound(r)}
      />
      <SortableTable
        caption={`Most hit protocols (top ${rows.length}, ${view.label})`}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        initialSort="loss"
        testId="top-hit-table"
        isRowSelected={(r) => r.id === selected}
        empty="No protocol lost anything."
      />
      <CarryingEdges snapshot={snapshot} result={result} round={view.state.round} roundLabel={view.label} />
    </div>
  );
}

/** One-click questions an analyst asks first; shown only for tokens this snapshot holds. */
const QUICK_STARTS: { label: string; detail: string; symbols: string[]; delta: number }[] = [
  {
    label: 'stETH de-pegs 30%',
    detail: 'every STETH and WSTETH holding loses 30%',
    symbols: ['STETH', 'WSTETH'],
    delta: 0.3,
  },
  { label: 'USDC de-pegs 10%', detail: 'every USDC holding loses 10%', symbols: ['USDC'], delta: 0.1 },
  {
    label: 'USDe de-pegs 20%',
    detail: "every holding of Ethena's USDE and SUSDE loses 20%",
    symbols: ['USDE', 'SUSDE'],
    delta: 0.2,
  },
];

function QuickStarts({ symbols }: { symbols: string[] }) {
  const held = new Set(symbols);
  const usable = QUICK_STARTS.map((q) => ({ ...q, symbols: q.symbols.filter((s) => held.has(s)) })).filter(
    (q) => q.symbols.length > 0,
  );
  if (usable.length === 0) return null;
  return (
    <div className="quick-starts">
      <h3>Try a question</h3>
      <ul>
        {usable.map((q) => (
          <li key={q.label}>
            <button type="button" onClick={() => useExplorer.getState().depegTokens(q.symbols, q.delta)}>
              <span className="quick-label">If {q.label}…</span>
              <span className="quick-detail">{q.detail}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Under the paper rule a creditor can take more of a debtor's loss than it holds of it: say so. */
function OverExposureNote({
  snapshotNames,
  overExposure,
}: {
  snapshotNames: string[];
  overExposure: NonNullable<ReturnType<typeof useRoundView>>['result']['overExposure'];
}) {
  const w = overExposure.worst;
  return (
    <p className="warning" role="note" data-testid="over-exposure">
      Paper rule: {overExposure.count} transfer{overExposure.count === 1 ? '' : 's'} exceeded what the creditor holds of
      the debtor
      {w
        ? ` (largest: ${snapshotNames[w.creditor]} took ${formatUsd(w.amount)} of ${snapshotNames[w.debtor]}'s loss on ${formatUsd(w.exposure)} held)`
        : ''}
      . The bounded rule caps each at the holding.
    </p>
  );
}

function Problems({ problems }: { problems: string[] }) {
  return (
    <ul className="problems" role="alert">
      {problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
