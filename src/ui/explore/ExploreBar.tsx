// The exploration bar above the canvas: view mode (full graph, summary, sectors), the active
// filters as removable chips, a form to add them, and the neighbourhood breadcrumb. It changes
// what the canvas draws, never what is computed, and says so.
import { useState } from 'react';
import { useExplorer } from '../store';
import { SECTORS, type Sector } from '../../core/types';
import { resolveEdgeRule, type ExploreFilters } from '../../core/view/filters';
import { HOP_DIRECTIONS, MAX_HOPS, type HopDirection } from '../../core/view/neighbourhood';
import { SUMMARY_EDGE_LIMIT, SUMMARY_TOP } from '../../core/view/summary';
import { VIEW_MODES, type ViewMode } from '../url';
import { formatUsd } from '../format';
import { SECTOR_SHORT } from '../palette';
import { usePlan } from './usePlan';
import { effectiveMode } from './drawPlan';
import { FilterForm } from './FilterForm';
import './explore.css';

const MODE_LABEL: Record<ViewMode, string> = {
  auto: 'Auto',
  full: 'Full graph',
  summary: 'Summary',
  sectors: 'Sectors',
};
const DIRECTION_LABEL: Record<HopDirection, string> = {
  out: 'what it holds (out)',
  in: 'who holds it (in)',
  both: 'both ways',
};

interface Chip {
  key: string;
  label: string;
  clear: Partial<ExploreFilters>;
}

function chips(f: ExploreFilters, m: number): Chip[] {
  const out: Chip[] = [];
  if (f.sectors.length)
    out.push({
      key: 'sector',
      label: `Sector: ${f.sectors.map((s) => SECTOR_SHORT[s]).join(' or ')}`,
      clear: { sectors: [] },
    });
  if (f.categories.length)
    out.push({ key: 'category', label: `Category: ${f.categories.join(' or ')}`, clear: { categories: [] } });
  if (f.chains.length) out.push({ key: 'chain', label: `Chain: ${f.chains.join(' or ')}`, clear: { chains: [] } });
  if (f.tvlMin !== null || f.tvlMax !== null)
    out.push({
      key: 'tvl',
      label:
        f.tvlMin !== null && f.tvlMax !== null
          ? `TVL ${formatUsd(f.tvlMin)}–${formatUsd(f.tvlMax)}`
          : f.tvlMin !== null
            ? `TVL ≥ ${formatUsd(f.tvlMin)}`
            : `TVL ≤ ${formatUsd(f.tvlMax!)}`,
      clear: { tvlMin: null, tvlMax: null },
    });
  if (f.touched) out.push({ key: 'touched', label: 'Touched by the scenario', clear: { touched: false } });
  if (f.search.trim()) out.push({ key: 'q', label: `Text: “${f.search.trim()}”`, clear: { search: '' } });
  if (f.withHoldings) out.push({ key: 'hold', label: '+ what they hold', clear: { withHoldings: false } });
  const rule = resolveEdgeRule(f.edges, m);
  if (rule.kind === 'top')
    out.push({
      key: 'edges',
      label: `Edges: the ${rule.n.toLocaleString('en-US')} heaviest${f.edges.kind === 'auto' ? ' (default on big graphs)' : ''}`,
      clear: { edges: { kind: 'all' } },
    });
  if (rule.kind === 'min')
    out.push({ key: 'edges', label: `Edges ≥ ${formatUsd(rule.usd)}`, clear: { edges: { kind: 'all' } } });
  return out;
}

export function ExploreBar() {
  const snapshot = useExplorer((s) => s.snapshot);
  const filters = useExplorer((s) => s.filters);
  const hood = useExplorer((s) => s.hood);
  const viewMode = useExplorer((s) => s.viewMode);
  const selected = useExplorer((s) => s.selected);
  const expanded = useExplorer((s) => s.expandedSectors);
  const plan = usePlan();
  const [formOpen, setFormOpen] = useState(false);
  const [hops, setHops] = useState(1);
  const [direction, setDirection] = useState<HopDirection>('both');
  if (!snapshot || !plan) return null;
  const store = useExplorer.getState();
  const mode = effectiveMode(snapshot, viewMode);
  const list = chips(filters, snapshot.edges.m);
  const selectedIndex = selected ? snapshot.ids.indexOf(selected) : -1;
  const focusName =
    hood && plan.stats.hoodFocus !== null && plan.stats.hoodFocus >= 0
      ? snapshot.names[plan.stats.hoodFocus] || hood.focus
      : hood?.focus;

  return (
    <div className="explore-bar" data-testid="explore-bar" aria-label="Explore: what the canvas draws">
      <div className="explore-row">
        <div className="segmented" role="radiogroup" aria-label="View">
          {VIEW_MODES.map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={viewMode === m}
              className={viewMode === m ? 'active' : undefined}
              onClick={() => store.setViewMode(m)}
              data-testid={`view-mode-${m}`}
              title={
                m === 'auto'
                  ? `The summary above ${SUMMARY_EDGE_LIMIT.toLocaleString('en-US')} edges, else the full graph`
                  : m === 'summary'
                    ? `The ${SUMMARY_TOP} largest nodes (hit nodes first) and one disc per sector for the rest; click a sector disc to open it`
                    : m === 'sectors'
                      ? 'The 7 DeXposure sectors: discs sized by TVL, edges by cross-sector exposure (the spillover matrix)'
                      : 'Every node and edge'
              }
            >
              {MODE_LABEL[m]}
              {m === 'auto' && viewMode === 'auto' ? `: ${MODE_LABEL[mode].toLowerCase()}` : ''}
            </button>
          ))}
        </div>
        <button
          type="button"
          className={`explore-add${formOpen ? ' active' : ''}`}
          aria-expanded={formOpen}
          onClick={() => setFormOpen(!formOpen)}
          data-testid="filter-toggle"
        >
          Filters…
        </button>
        <span
          className="explore-drawn"
          data-testid="explore-drawn"
          data-nodes={plan.stats.nodes}
          data-edges={plan.stats.edges}
        >
          Drawing {plan.stats.nodes.toLocaleString('en-US')} {plan.kind === 'full' ? 'nodes' : 'discs'} and{' '}
          {plan.stats.edges.toLocaleString('en-US')} edges of {snapshot.n.toLocaleString('en-US')} nodes /{' '}
          {snapshot.edges.m.toLocaleString('en-US')} edges.{' '}
          <strong>Every number (key numbers, tables, exports) is the full graph&apos;s.</strong>
        </span>
      </div>
      {(list.length > 0 || hood || expanded.length > 0) && (
        <div className="explore-row chips" aria-label="Active filters">
          {hood && (
            <nav className="breadcrumb" aria-label="Neighbourhood" data-testid="hood-breadcrumb">
              <button type="button" className="link" onClick={() => store.setHood(null)} data-testid="hood-back">
                Full view
              </button>
              <span aria-hidden="true"> › </span>
              <span>
                {focusName}: {hood.hops} hop{hood.hops > 1 ? 's' : ''}, {DIRECTION_LABEL[hood.direction]} ·{' '}
                {plan.stats.hoodFocus === -1
                  ? 'not in this graph'
                  : `${plan.stats.hoodSize.toLocaleString('en-US')} nodes`}
              </span>
              <button
                type="button"
                className="link"
                onClick={() => store.setHood({ ...hood, hideRest: !hood.hideRest })}
                data-testid="hood-hide"
              >
                {hood.hideRest ? 'fade the rest instead' : 'hide the rest'}
              </button>
            </nav>
          )}
          {expanded.map((s) => (
            <Pill
              key={s}
              label={`Open: ${SECTOR_SHORT[s]}`}
              testKey={`open-${s}`}
              onRemove={() => store.toggleSector(s)}
            />
          ))}
          {list.map((c) => (
            <Pill key={c.key} label={c.label} testKey={c.key} onRemove={() => store.setFilters(c.clear)} />
          ))}
        </div>
      )}
      {selectedIndex >= 0 && (!hood || hood.focus !== selected) && (
        <div className="explore-row hood-start">
          <span>
            Neighbourhood of <strong>{snapshot.names[selectedIndex] || selected}</strong>:
          </span>
          <select
            value={hops}
            onChange={(e) => setHops(Number(e.target.value))}
            aria-label="Hops"
            data-testid="hood-hops"
          >
            {Array.from({ length: MAX_HOPS }, (_, k) => k + 1).map((k) => (
              <option key={k} value={k}>
                {k} hop{k > 1 ? 's' : ''}
              </option>
            ))}
          </select>
          <select
            value={direction}
            onChange={(e) => setDirection(e.target.value as HopDirection)}
            aria-label="Direction"
            data-testid="hood-direction"
          >
            {HOP_DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {DIRECTION_LABEL[d]}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() => store.setHood({ focus: selected!, hops, direction, hideRest: false })}
            data-testid="hood-show"
          >
            Show
          </button>
        </div>
      )}
      {formOpen && <FilterForm snapshot={snapshot} filters={filters} sectors={SECTORS as readonly Sector[]} />}
    </div>
  );
}

function Pill({ label, testKey, onRemove }: { label: string; testKey: string; onRemove: () => void }) {
  return (
    <span className="chip" data-testid="filter-chip" data-key={testKey}>
      {label}
      <button type="button" aria-label={`Remove ${label}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}
