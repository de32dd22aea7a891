// The edges that carried the contagion loss, at the round the playback shows: USD credited along each
// (all rounds so far) and its share of the contagion loss so far; the canvas draws the main carriers in
// red. The download lists every flow, per edge and round.
import { useMemo } from 'react';
import { carryingEdges, MAIN_CARRIER_MAX, MAIN_CARRIER_SHARE, mainCarriers } from '../../core/attribution';
import { flowsToCsv } from '../../core/attributionExport';
import { exportStem } from '../../core/export';
import type { ContagionResult } from '../../core/contagion';
import type { Snapshot } from '../../core/types';
import { downloadBlob } from '../download';
import { formatPct, formatUsd } from '../format';
import { useExplorer } from '../store';
import { useGraphInfo } from '../store/selectors';
import './explain.css';

const SHOWN = 10;

export function CarryingEdges({
  snapshot,
  result,
  round,
  roundLabel,
}: {
  snapshot: Snapshot;
  result: ContagionResult;
  round: number;
  roundLabel: string;
}) {
  const scenario = useExplorer((s) => s.scenario);
  const info = useGraphInfo();
  const edges = useMemo(() => carryingEdges(snapshot, result, undefined, round), [snapshot, result, round]);
  const main = useMemo(() => mainCarriers(snapshot, result, undefined, undefined, round), [snapshot, result, round]);
  if (edges.length === 0) return null;
  const carried = edges.reduce((s, e) => s + e.usd, 0);
  const mainShare = main.reduce((s, e) => s + e.share, 0);
  const inspect = (i: number) => useExplorer.getState().inspect(snapshot.ids[i]);
  const download = () =>
    downloadBlob(
      `${exportStem(snapshot, scenario, { forecast: info?.forecast ?? false, horizon: info?.horizon ?? null })}_flows.csv`,
      new Blob([flowsToCsv(snapshot, result)], { type: 'text/csv' }),
    );
  return (
    <section className="carrying-edges" aria-labelledby="carry-h">
      <div className="results-head">
        <h3 id="carry-h">Edges that carried the contagion loss ({roundLabel})</h3>
        <button type="button" className="mini" onClick={download} data-testid="export-flows">
          ⤓ Flows CSV
        </button>
      </div>
      <p className="muted small" data-testid="carrying-note">
        {edges.length} edge{edges.length === 1 ? '' : 's'} carried the {formatUsd(carried)} of contagion loss so far;
        the {main.length} drawn in red on the map carried {formatPct(100 * mainShare, 1)} of it (the fewest edges
        reaching {Math.round(100 * MAIN_CARRIER_SHARE)}%, at most {MAIN_CARRIER_MAX}). A loss can travel several edges,
        each counted where it arrived.
      </p>
      <table className="data-table compact" data-testid="carrying-table">
        <thead>
          <tr>
            <th scope="col">Loss from (issuer)</th>
            <th scope="col">to (holder)</th>
            <th scope="col" className="num">
              USD
            </th>
            <th scope="col" className="num" title="Share of the contagion loss so far">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {edges.slice(0, SHOWN).map((e) => (
            <tr key={e.edge}>
              <td>
                <button type="button" className="link-button" onClick={() => inspect(e.debtor)}>
                  {snapshot.names[e.debtor]}
                </button>
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => inspect(e.creditor)}>
                  {snapshot.names[e.creditor]}
                </button>
              </td>
              <td className="num">{formatUsd(e.usd)}</td>
              <td className="num">{formatPct(100 * e.share, 1)}</td>
            </tr>
          ))}
          {edges.length > SHOWN && (
            <tr>
              <td colSpan={4} className="empty-cell">
                {edges.length - SHOWN} more (in the CSV)
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
