// Searchable token list: every token held in the snapshot with its holder count and USD held;
// a button de-pegs it (adds a token seed at the current δ).
import { useMemo, useState, useId } from 'react';
import { useExplorer } from './store';
import { tokenRows } from './derive';
import { formatUsd } from './format';

const SHOWN = 80;

export function TokenList() {
  const snapshot = useExplorer((s) => s.snapshot);
  const seeded = useExplorer((s) => s.scenario.tokens);
  const delta = useExplorer((s) => s.delta);
  const [filter, setFilter] = useState('');
  const id = useId();
  const rows = useMemo(() => (snapshot ? tokenRows(snapshot) : []), [snapshot]);
  const q = filter.trim().toLowerCase();
  const matching = q
    ? rows.filter((r) => r.symbol.toLowerCase().includes(q) || (r.issuer ?? '').toLowerCase().includes(q))
    : rows;
  const seededSet = new Set(seeded.map((t) => t.symbol));

  return (
    <section className="panel-section tokens" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>De-peg a token</h2>
      <label htmlFor={`${id}-filter`} className="sr-only">
        Filter tokens
      </label>
      <input
        id={`${id}-filter`}
        type="search"
        placeholder={`Filter ${rows.length} tokens (USDC, stETH…)`}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        data-testid="token-filter"
      />
      {rows.length === 0 ? (
        <p className="empty">This snapshot lists no token holdings.</p>
      ) : (
        <ul className="token-list" data-testid="token-list" aria-label="Tokens by USD held">
          {matching.slice(0, SHOWN).map((r) => {
            const on = seededSet.has(r.symbol);
            return (
              <li key={r.symbol} className={on ? 'on' : undefined}>
                <button
                  type="button"
                  onClick={() => useExplorer.getState().addTokenShock(r.symbol)}
                  disabled={on}
                  aria-label={`${on ? 'De-pegged' : 'De-peg'} ${r.symbol} by ${Math.round(delta * 100)}%: ${r.holders} holders, ${formatUsd(r.usd)} held`}
                  data-testid={`token-${r.symbol}`}
                >
                  <span className="token-symbol">
                    {r.symbol}
                    {r.primary && <span className="tag">primary</span>}
                  </span>
                  <span className="token-meta">
                    {r.holders} holder{r.holders === 1 ? '' : 's'} · {formatUsd(r.usd)}
                  </span>
                  {r.issuer && <span className="token-issuer">issued by {r.issuer}</span>}
                </button>
              </li>
            );
          })}
          {matching.length > SHOWN && <li className="more">{matching.length - SHOWN} more — refine the filter</li>}
          {matching.length === 0 && <li className="more">No token matches “{filter}”.</li>}
        </ul>
      )}
    </section>
  );
}
