// Every node of the graph on screen in one sortable, searchable table, virtualised (only the rows
// in view are in the DOM, so 11k rows scroll smoothly). A row click selects the node on the canvas
// and a canvas click scrolls its row into view. Numbers are the full graph's at the round shown.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useExplorer } from '../store';
import { currentResults, useRoundView } from '../store/selectors';
import { applyFilters } from '../../core/view/filters';
import {
  nodeRows,
  nodeRowsToCsv,
  searchRows,
  sortRows,
  type NodeColumn,
  type NodeRow,
} from '../../core/view/nodeTable';
import { formatNumber, formatPct, formatUsd } from '../format';
import { SECTOR_SHORT } from '../palette';
import { downloadBlob } from '../download';
import type { Sector } from '../../core/types';
import { PERIMETER_DESCRIPTIONS } from '../../core/perimeter';
import './explore.css';

const ROW_HEIGHT = 26;

const COLUMNS: { key: NodeColumn; label: string; title: string; numeric?: boolean; cell: (r: NodeRow) => string }[] = [
  { key: 'name', label: 'Name', title: 'Protocol or primary token', cell: (r) => r.name },
  {
    key: 'sector',
    label: 'Sector',
    title: 'DeXposure sector',
    cell: (r) => SECTOR_SHORT[r.sector as Sector] ?? r.sector,
  },
  {
    key: 'tvl',
    label: 'TVL',
    title: 'USD locked (a token node: USD of it held here)',
    numeric: true,
    cell: (r) => formatUsd(r.tvl),
  },
  {
    key: 'holdingsOut',
    label: 'Holds',
    title: 'Holdings out: USD of tokens issued by others that this node holds (its out-edges)',
    numeric: true,
    cell: (r) => formatUsd(r.holdingsOut),
  },
  {
    key: 'exposureIn',
    label: 'Held by others',
    title: "Exposure in: USD of this node's tokens that others hold (its in-edges)",
    numeric: true,
    cell: (r) => formatUsd(r.exposureIn),
  },
  {
    key: 'loss',
    label: 'Loss',
    title: 'Loss at the round shown, USD',
    numeric: true,
    cell: (r) => (r.loss > 0 ? formatUsd(r.loss) : '—'),
  },
  {
    key: 'lossPct',
    label: 'Loss % TVL',
    title: "Loss as a share of the node's own TVL",
    numeric: true,
    cell: (r) => (r.loss > 0 ? formatPct(r.lossPct, 1) : '—'),
  },
  {
    key: 'sis',
    label: 'SIS',
    title: 'Systemic Importance Score (0–1)',
    numeric: true,
    cell: (r) => formatNumber(r.sis, 3),
  },
  {
    key: 'impactRank',
    label: 'Impact #',
    // The full title (how many ranked, δ, perimeter) is set where the results are known.
    title: 'Rank in the single-failure sweep (Impact tab)',
    numeric: true,
    cell: (r) => (r.impactRank === null ? '—' : String(r.impactRank)),
  },
];

export function NodeTable() {
  const snapshot = useExplorer((s) => s.snapshot);
  const results = useExplorer(currentResults);
  const filters = useExplorer((s) => s.filters);
  const selected = useExplorer((s) => s.selected);
  const view = useRoundView();
  const [sort, setSort] = useState<{ key: NodeColumn; dir: 'asc' | 'desc' }>({ key: 'tvl', dir: 'desc' });
  const [text, setText] = useState('');
  const [onlyDrawn, setOnlyDrawn] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const perimeter = useExplorer((s) => s.scenario.perimeter);
  const losses = view?.state.losses ?? null;
  const rows = useMemo(
    () => (snapshot ? nodeRows(snapshot, losses, results?.analysis.sis ?? null, results?.sweepOrder ?? []) : []),
    [snapshot, losses, results],
  );
  const drawnMask = useMemo(
    () => (snapshot && onlyDrawn ? applyFilters(snapshot, filters, results?.contagion?.losses ?? null).node : null),
    [snapshot, onlyDrawn, filters, results],
  );
  const shown = useMemo(() => {
    const base = drawnMask ? rows.filter((r) => drawnMask[r.index]) : rows;
    return sortRows(searchRows(base, text), sort.key, sort.dir);
  }, [rows, drawnMask, text, sort]);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // A selection made elsewhere (canvas, search) brings its row into view.
  useEffect(() => {
    if (!selected) return;
    const k = shown.findIndex((r) => r.id === selected);
    if (k >= 0) virtualizer.scrollToIndex(k, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);

  if (!snapshot) return <p className="muted">Loading…</p>;
  // Who is ranked, out of what, at which δ: the Impact tab's sweep, every protocol it shocks.
  const impactNote = results
    ? `Impact #: ${results.sweepOrder.length.toLocaleString('en-US')} protocols ranked, each failing alone at δ = ${Math.round(results.sweepFraction * 100)}% in the ${PERIMETER_DESCRIPTIONS[perimeter].label} perimeter`
    : 'Impact #: … (the sweep is running)';
  const impactTitle = results
    ? `Rank in the single-failure sweep (Impact tab): each of the ${results.sweepOrder.length.toLocaleString('en-US')} protocols with TVL in the ${PERIMETER_DESCRIPTIONS[perimeter].label} perimeter fails alone at δ = ${Math.round(results.sweepFraction * 100)}%, ranked by the system loss it causes (1 = the largest). Tokens and protocols without TVL are not shocked in the sweep: —`
    : 'Rank in the single-failure sweep (Impact tab): … until the sweep has run';
  const exportCsv = () => {
    const name = `nodes_${snapshot.dataset}_${snapshot.date}${text || onlyDrawn ? '_filtered' : ''}.csv`;
    downloadBlob(name, new Blob([nodeRowsToCsv(shown)], { type: 'text/csv' }));
  };

  return (
    <div className="node-table-panel">
      <div className="node-table-tools">
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Search name, id, sector, category"
          aria-label="Search the node table"
          data-testid="node-table-search"
        />
        <label className="check">
          <input type="checkbox" checked={onlyDrawn} onChange={(e) => setOnlyDrawn(e.target.checked)} /> only what the
          filters draw
        </label>
        <button type="button" onClick={exportCsv} data-testid="node-table-csv">
          CSV ({shown.length.toLocaleString('en-US')} rows)
        </button>
      </div>
      <p className="muted node-table-note" data-testid="node-table-count">
        {shown.length.toLocaleString('en-US')} of {snapshot.n.toLocaleString('en-US')} nodes
        {view ? ` · losses at ${view.label}` : ' · no scenario'} · full-graph numbers ·{' '}
        <span data-testid="node-table-ranked">{impactNote}</span>
      </p>
      <div
        className="node-table"
        role="table"
        aria-label="Nodes"
        aria-rowcount={shown.length + 1}
        data-testid="node-table"
      >
        <div className="node-table-head" role="row">
          {COLUMNS.map((c) => (
            <div
              key={c.key}
              role="columnheader"
              className={c.numeric ? 'num' : undefined}
              aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button
                type="button"
                title={c.key === 'impactRank' ? impactTitle : c.title}
                onClick={() =>
                  setSort(
                    sort.key === c.key
                      ? { key: c.key, dir: sort.dir === 'asc' ? 'desc' : 'asc' }
                      : { key: c.key, dir: c.numeric && c.key !== 'impactRank' ? 'desc' : 'asc' },
                  )
                }
                data-testid={`node-sort-${c.key}`}
              >
                {c.label}
                {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            </div>
          ))}
        </div>
        <div className="node-table-body" ref={scroller} data-testid="node-table-scroller">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const r = shown[item.index];
              return (
                <div
                  key={r.id}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={r.id === selected}
                  className={`node-row${r.id === selected ? ' selected' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => useExplorer.getState().select(r.id, true)}
                  data-testid="node-row"
                  data-id={r.id}
                >
                  {COLUMNS.map((c) => (
                    <div
                      key={c.key}
                      role="cell"
                      className={c.numeric ? 'num' : undefined}
                      title={c.key === 'name' ? r.id : undefined}
                    >
                      {c.key === 'impactRank' && !results ? '…' : c.cell(r)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
