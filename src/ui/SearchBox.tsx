// Find a protocol by name and fly to it (an ARIA combobox: arrows move, Enter picks, Esc closes).
import { useMemo, useState, useId } from 'react';
import { useExplorer } from './store';
import { formatUsd } from './format';

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

  const pick = (i: number) => {
    if (!snapshot) return;
    useExplorer.getState().inspect(snapshot.ids[i]);
    setQuery(snapshot.names[i]);
    setOpen(false);
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
            pick(matches[Math.min(active, matches.length - 1)]);
          } else if (e.key === 'Escape') setOpen(false);
        }}
        data-testid="protocol-search"
      />
      {open && matches.length > 0 && snapshot && (
        <ul id={`${id}-list`} role="listbox" className="search-list" aria-label="Matching protocols">
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
      {open && query.trim() && matches.length === 0 && <p className="search-none">No protocol matches “{query}”.</p>}
    </div>
  );
}
