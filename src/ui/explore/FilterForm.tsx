// The form behind "Filters…": each field writes one filter at once (the chips and the URL follow).
import { useMemo, useState } from 'react';
import { useExplorer } from '../store';
import type { Sector, Snapshot } from '../../core/types';
import { resolveEdgeRule, type ExploreFilters } from '../../core/view/filters';
import { SECTOR_SHORT } from '../palette';

/** "100M", "1.5bn", "2e9" or plain digits, in USD; '' = no bound. */
export function parseUsdInput(raw: string): number | null | undefined {
  const t = raw
    .trim()
    .toLowerCase()
    .replace(/[$,\s]/g, '');
  if (t === '') return null;
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)(k|m|bn|b)?$/.exec(t);
  if (!m) return undefined;
  const unit = m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : m[2] === 'b' || m[2] === 'bn' ? 1e9 : 1;
  return Number(m[1]) * unit;
}

export function FilterForm({
  snapshot,
  filters,
  sectors,
}: {
  snapshot: Snapshot;
  filters: ExploreFilters;
  sectors: readonly Sector[];
}) {
  const set = useExplorer.getState().setFilters;
  const categories = useMemo(() => [...new Set(snapshot.categories)].sort(), [snapshot]);
  const chains = useMemo(() => [...new Set(snapshot.chains.flat())].sort(), [snapshot]);
  const [tvlMin, setTvlMin] = useState(filters.tvlMin === null ? '' : String(filters.tvlMin));
  const [tvlMax, setTvlMax] = useState(filters.tvlMax === null ? '' : String(filters.tvlMax));
  const rule = resolveEdgeRule(filters.edges, snapshot.edges.m);
  const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
  const bad = (raw: string) => parseUsdInput(raw) === undefined;

  return (
    <form className="filter-form" onSubmit={(e) => e.preventDefault()} data-testid="filter-form">
      <fieldset>
        <legend>Sector</legend>
        {sectors.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={filters.sectors.includes(s)}
              onChange={() => set({ sectors: toggle(filters.sectors, s) })}
              data-testid={`filter-sector-${SECTOR_SHORT[s]}`}
            />
            {SECTOR_SHORT[s]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Category, chain, text</legend>
        <select
          value=""
          onChange={(e) => e.target.value && set({ categories: toggle(filters.categories, e.target.value) })}
          aria-label="Add a category"
          data-testid="filter-category"
        >
          <option value="">+ category…</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {filters.categories.includes(c) ? '✓ ' : ''}
              {c}
            </option>
          ))}
        </select>
        <select
          value=""
          onChange={(e) => e.target.value && set({ chains: toggle(filters.chains, e.target.value) })}
          aria-label="Add a chain"
          disabled={chains.length === 0}
          data-testid="filter-chain"
        >
          <option value="">{chains.length ? '+ chain…' : 'no chains in this file'}</option>
          {chains.map((c) => (
            <option key={c} value={c}>
              {filters.chains.includes(c) ? '✓ ' : ''}
              {c}
            </option>
          ))}
        </select>
        <input
          type="search"
          value={filters.search}
          placeholder="name, id or category"
          onChange={(e) => set({ search: e.target.value })}
          aria-label="Text"
          data-testid="filter-search"
        />
      </fieldset>
      <fieldset>
        <legend>TVL (USD, e.g. 100M, 1.5bn)</legend>
        <input
          value={tvlMin}
          onChange={(e) => {
            setTvlMin(e.target.value);
            const v = parseUsdInput(e.target.value);
            if (v !== undefined) set({ tvlMin: v });
          }}
          aria-label="TVL at least"
          aria-invalid={bad(tvlMin)}
          placeholder="min"
          data-testid="filter-tvl-min"
        />
        <input
          value={tvlMax}
          onChange={(e) => {
            setTvlMax(e.target.value);
            const v = parseUsdInput(e.target.value);
            if (v !== undefined) set({ tvlMax: v });
          }}
          aria-label="TVL at most"
          aria-invalid={bad(tvlMax)}
          placeholder="max"
          data-testid="filter-tvl-max"
        />
      </fieldset>
      <fieldset>
        <legend>Edges drawn</legend>
        <select
          value={rule.kind}
          onChange={(e) => {
            const k = e.target.value;
            set({
              edges: k === 'all' ? { kind: 'all' } : k === 'top' ? { kind: 'top', n: 400 } : { kind: 'min', usd: 1e7 },
            });
          }}
          aria-label="Edges drawn"
          data-testid="filter-edges"
        >
          <option value="all">all</option>
          <option value="top">the N heaviest</option>
          <option value="min">at least a USD amount</option>
        </select>
        {rule.kind === 'top' && (
          <input
            type="number"
            min={0}
            step={50}
            value={rule.n}
            onChange={(e) => set({ edges: { kind: 'top', n: Math.max(0, Math.round(Number(e.target.value) || 0)) } })}
            aria-label="How many edges"
          />
        )}
        {rule.kind === 'min' && (
          <input
            defaultValue={String(rule.usd)}
            onChange={(e) => {
              const v = parseUsdInput(e.target.value);
              if (v !== undefined && v !== null) set({ edges: { kind: 'min', usd: v } });
            }}
            aria-label="Smallest edge drawn, USD"
          />
        )}
      </fieldset>
      <fieldset>
        <legend>Also</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.touched}
            onChange={(e) => set({ touched: e.target.checked })}
            data-testid="filter-touched"
          />
          only nodes the scenario touched
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.withHoldings}
            onChange={(e) => set({ withHoldings: e.target.checked })}
            data-testid="filter-hold"
          />
          and what they hold
        </label>
        <button type="button" className="link" onClick={() => useExplorer.getState().clearFilters()}>
          Clear node filters
        </button>
      </fieldset>
    </form>
  );
}
