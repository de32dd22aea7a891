// Find a protocol by name (an ARIA combobox: arrows move, Esc closes). Enter shocks the match at
// the current δ and opens the results, so search → shock → results takes a few keys; Shift+Enter
// (or a click) inspects it instead. "/" anywhere focuses the box (App's shortcuts).
import { useMemo, useState, useId } from 'react';
import { useExplorer } from './store';
import { formatPercentInt, formatUsd } from './format';

/** Moves keyboard focus to the results panel (after a shock from the search box or a shortcut). */
export function focusResults(): void {
  // After React has rendered the results tab.
  window.setTimeout(() => document.getElementById('tabpanel-results')?.focus(), 0);
}

/** Focuses the protocol search box (the skip link and the "/" shortcut). */
export function focusSearch(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="protocol-search"]');
  input?.focus();
  input?.select();
}

const MAX_MATCHES = 8;

export function SearchBox() {
  const snapshot = useExplorer((s) => s.snapshot);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!snapshot || q.length === 0) return [];
    const found: { i: number; rank: number }[] = [];
    for (let i = 0; i < snapshot.n; i++) {
      const name = snapshot.names[i].toLowerCase();
      const at = name.indexOf(q);
      if (at >= 0 || snapshot.ids[i].toLowerCase() === q) found.push({ i, rank: at === 0 ? 0 : at > 0 ? 1 : 2 });
    }
    found.sort((a, b) => a.rank - b.rank || snapshot.tvl[b.i] - snapshot.tvl[a.i]);
    return found.slice(0, MAX_MATCHES).map((f) => f.i);
  }, [snapshot, query]);

  const delta = useExplorer((s) => s.delta);

  const pick = (i: number) => {
    if (!snapshot) return;
    useExplorer.getState().inspect(snapshot.ids[i]);
    setQuery(snapshot.names[i]);
    setOpen(false);
  };

  const shock = (i: number) => {
    if (!snapshot) return;
    const store = useExplorer.getState();
    store.addProtocolShock(snapshot.ids[i]);
    store.select(snapshot.ids[i]);
    store.setPanelTab('results');
    setQuery('');
    setOpen(false);
    focusResults();
  };

  return (
    <div className="search">
      <label htmlFor={`${id}-input`} className="search-label">
        Find a protocol
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-expanded={open && matches.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && matches.length > 0 ? `${id}-opt-${active}` : undefined}
        placeholder="Name, e.g. Aave, Lido, Ethena…"
        value={query}
        disabled={!snapshot}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && matches.length > 0) {
            e.preventDefault();
            const match = matches[Math.min(active, matches.length - 1)];
            if (e.shiftKey) pick(match);
            else shock(match);
          } else if (e.key === 'Escape') setOpen(false);
        }}
        data-testid="protocol-search"
      />
      {open && matches.length > 0 && snapshot && (
        <ul
          id={`${id}-list`}
          role="listbox"
          className="search-list"
          aria-label="Matching protocols"
          aria-describedby={`${id}-keys`}
        >
          {matches.map((i, k) => (
            <li
              key={snapshot.ids[i]}
              id={`${id}-opt-${k}`}
              role="option"
              aria-selected={k === active}
              className={k === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(i);
              }}
            >
              <span>{snapshot.names[i]}</span>
              <span className="muted">{formatUsd(snapshot.tvl[i])}</span>
            </li>
          ))}
        </ul>
      )}
      {open && matches.length > 0 && (
        <p id={`${id}-keys`} className="search-keys muted">
          Enter: shock at {formatPercentInt(delta)} · Shift+Enter or click: inspect
        </p>
      )}
      {open && query.trim() && matches.length === 0 && <p className="search-none">No protocol matches “{query}”.</p>}
    </div>
  );
}
