// One protocol up close: its numbers, the paths by which contagion loss reached it, its debtors (whose
// tokens it holds: loss comes from them) and creditors (who hold its tokens: loss goes to them).
import { useMemo } from 'react';
import { useExplorer } from './store';
import { currentResults, useRoundView } from './store/selectors';
import { counterparties, type Counterparty } from './derive';
import { AttributionSection } from './explain/AttributionSection';
import { formatPct, formatUsd } from './format';
import { sectorColor } from './palette';
import type { Snapshot } from '../core/types';
import { crossesThreshold } from '../core/contagion';

const SHOWN = 8;

export function InspectPanel() {
  const snapshot = useExplorer((s) => s.snapshot);
  const selected = useExplorer((s) => s.selected);
  const results = useExplorer(currentResults);
  const scenario = useExplorer((s) => s.scenario);
  const view = useRoundView();
  const result = view?.result ?? null;
  // Every loss shown is the playback's round.
  const losses = view?.state.losses ?? null;
  const index = snapshot && selected ? snapshot.ids.indexOf(selected) : -1;

  const parties = useMemo(() => (snapshot && index >= 0 ? counterparties(snapshot, index) : null), [snapshot, index]);

  if (!snapshot || index < 0) {
    return (
      <div className="empty-state">
        <p className="empty-title">Nothing selected</p>
        <p>
          Find a protocol with the search box, pick a row in a results table, or switch the map to “inspects it” and
          click a node. You will see its creditors and debtors and the path by which loss reached it.
        </p>
      </div>
    );
  }

  const isToken = snapshot.kinds[index] === 'token';
  const loss = losses ? losses[index] : 0;
  const direct = result ? result.initialLosses[index] : 0;
  const tvl = snapshot.tvl[index];
  const isSeed = result ? result.seedIndices.includes(index) : false;
  const shownRound = view?.state.round ?? 0;
  let distressedIn: number | null = null;
  if (result && losses && crossesThreshold(snapshot, result, losses, index)) {
    if (isSeed) distressedIn = 0;
    for (const r of result.rounds)
      if (r.round <= shownRound && r.newlyDistressed.includes(index)) distressedIn = r.round;
  }
  const shocked = isToken
    ? scenario.tokens.some((t) => t.symbol === selected)
    : scenario.shocks.some((s) => s.id === selected);
  const sis = results?.analysis.sis[index];
  const actions = useExplorer.getState();

  return (
    <div className="inspect" data-testid="inspect-panel">
      <h3 className="inspect-title">
        <span className="dot big" style={{ background: sectorColor(snapshot.sectors[index]) }} aria-hidden="true" />
        {snapshot.names[index]}
      </h3>
      <p className="muted">
        {isToken ? 'Primary token' : snapshot.categories[index]} · {snapshot.sectors[index]} · id {snapshot.ids[index]}
      </p>
      <dl className="facts">
        <div>
          <dt>{isToken ? 'USD held in graph' : 'TVL'}</dt>
          <dd>{formatUsd(tvl)}</dd>
        </div>
        <div>
          <dt>Loss{view && !view.final ? ` (${view.label})` : ''}</dt>
          <dd className={loss > 0 ? 'loss' : ''} data-testid="inspect-loss">
            {result ? formatUsd(loss) : '—'}
          </dd>
        </div>
        {result && loss > 0 && (
          <div>
            <dt>Shock / contagion</dt>
            <dd data-testid="inspect-split">
              {formatUsd(direct)} / {formatUsd(Math.max(0, loss - direct))}
            </dd>
          </div>
        )}
        <div>
          <dt>Loss / TVL</dt>
          <dd className={loss > 0 ? 'loss' : ''}>{result ? formatPct(tvl > 0 ? (100 * loss) / tvl : 0, 1) : '—'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            {!result
              ? '—'
              : isSeed
                ? distressedIn !== null
                  ? 'shocked, distressed (loss > τ)'
                  : 'shocked, below τ'
                : distressedIn !== null
                  ? `distressed in round ${distressedIn}`
                  : loss > 0
                    ? 'hit, below τ'
                    : 'untouched'}
          </dd>
        </div>
        {sis !== undefined && (
          <div>
            <dt title="Systemic Importance Score: mean of normalised PageRank, tail exposure and log TVL">SIS</dt>
            <dd>{sis.toFixed(3)}</dd>
          </div>
        )}
      </dl>
      <div className="inspect-actions">
        {shocked ? (
          <button type="button" onClick={() => actions.removeShock(isToken ? 'token' : 'protocol', selected!)}>
            Remove this shock
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => (isToken ? actions.addTokenShock(selected!) : actions.addProtocolShock(selected!))}
            data-testid="inspect-shock"
          >
            {isToken ? `De-peg ${snapshot.names[index]}` : 'Shock this protocol'}
          </button>
        )}
        <button type="button" onClick={() => actions.select(selected, true)}>
          Show on map
        </button>
      </div>

      {result && loss > direct && (
        <AttributionSection
          snapshot={snapshot}
          result={result}
          index={index}
          round={shownRound}
          roundLabel={view?.label ?? 'final'}
        />
      )}
      {result && loss > 0 && !(loss > direct) && !isSeed && <p className="muted">Hit directly by the token de-peg.</p>}

      {parties && (
        <>
          <PartyTable
            title="Debtors — whose tokens it holds (loss comes from them)"
            rows={parties.debtors}
            snapshot={snapshot}
            losses={losses}
          />
          <PartyTable
            title="Creditors — who holds its tokens (loss goes to them)"
            rows={parties.creditors}
            snapshot={snapshot}
            losses={losses}
          />
        </>
      )}
    </div>
  );
}

function PartyTable({
  title,
  rows,
  snapshot,
  losses,
}: {
  title: string;
  rows: Counterparty[];
  snapshot: Snapshot;
  losses: Float64Array | null;
}) {
  return (
    <table className="data-table compact">
      <caption>
        {title} <span className="muted">({rows.length})</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Counterparty</th>
          <th scope="col" className="num">
            Exposure
          </th>
          <th scope="col" className="num">
            Its loss
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3} className="empty-cell">
              none in this snapshot
            </td>
          </tr>
        )}
        {rows.slice(0, SHOWN).map((r) => {
          const loss = losses ? losses[r.index] : 0;
          const tvl = snapshot.tvl[r.index];
          return (
            <tr key={r.index}>
              <th scope="row">
                <span className="name-cell">
                  <span
                    className="dot"
                    style={{ background: sectorColor(snapshot.sectors[r.index]) }}
                    aria-hidden="true"
                  />
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => useExplorer.getState().inspect(snapshot.ids[r.index])}
                  >
                    {snapshot.names[r.index]}
                  </button>
                </span>
              </th>
              <td className="num">{formatUsd(r.usd)}</td>
              <td className={`num ${loss > 0 ? 'loss' : ''}`}>
                {losses ? (tvl > 0 ? formatPct((100 * loss) / tvl, 1) : formatUsd(loss)) : '—'}
              </td>
            </tr>
          );
        })}
        {rows.length > SHOWN && (
          <tr>
            <td colSpan={3} className="empty-cell">
              {rows.length - SHOWN} more
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
