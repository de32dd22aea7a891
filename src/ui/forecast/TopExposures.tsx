// The Forecast tab's ranked lists (loaded lazily: kept out of the main chunk): the likely new
// exposures by expected USD and those likely to vanish by USD at risk, for the whole graph or the
// selected node as holder / issuer, with the precision@k measured on the synthetic test weeks
// (models/evaluation.json) and a CSV export. Clicking a row selects its holder on the canvas.
import { useMemo, useState } from 'react';
import Papa from 'papaparse';
import { useExplorer } from '../store';
import { downloadBlob } from '../download';
import { formatUsd } from '../format';
import { csvSafeText } from '../../core/export';
import type { Snapshot } from '../../core/types';
import type { ForecastResult } from '../../model/forecast';
import {
  describePrecision,
  describeScope,
  EXPOSURE_CSV_FIELDS,
  exposureCsvRows,
  measuredPrecision,
  rankExposures,
  scoreExposures,
  type ExposureListKind,
  type ExposureRow,
  type ExposureScope,
} from '../../model/topExposures';
import './topExposures.css';

const ROWS = 5;

type ScopeKind = ExposureScope['kind'];

// `evaluation` comes from the panel: importing forecastStore here would split shared code out of the main chunk.
export default function TopExposures({
  result,
  last,
  evaluation,
}: {
  result: ForecastResult;
  last: Snapshot;
  /** models/evaluation.json (null until loaded): the measured precision@k. */
  evaluation: unknown;
}) {
  const selected = useExplorer((s) => s.selected);
  const node = selected !== null && last.ids.includes(selected) ? selected : null;
  const [chosen, setChosen] = useState<ScopeKind | null>(null);
  // The selection's lists by default (as holder), the whole graph when nothing is selected.
  const kind: ScopeKind = node === null ? 'graph' : (chosen ?? 'holder');
  const scope: ExposureScope = node === null || kind === 'graph' ? { kind: 'graph' } : { kind, id: node };
  const scored = useMemo(() => scoreExposures(result, last), [result, last]);
  const lists = useMemo(
    () => rankExposures(result, last, ROWS, scope, scored),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `scope` follows from kind and node
    [result, last, scored, kind, node],
  );
  const exportCsv = () => {
    const csv = Papa.unparse({ fields: [...EXPOSURE_CSV_FIELDS], data: exposureCsvRows(lists, csvSafeText) });
    const who = scope.kind === 'graph' ? 'graph' : `${scope.kind}-${scope.id.replace(/[^\w.-]+/g, '_')}`;
    downloadBlob(
      `forecast-exposures-h${result.horizon}-${last.date}-${who}.csv`,
      new Blob([csv], { type: 'text/csv' }),
    );
  };
  const nodeName = node === null ? '' : last.names[last.ids.indexOf(node)];
  return (
    <div className="top-exposures" data-testid="top-exposures" data-scope={scope.kind}>
      <h3>Ranked exposures, h={result.horizon}</h3>
      <div className="top-exposures-bar">
        {node !== null && (
          <div className="segmented" role="radiogroup" aria-label="Whose exposures">
            {(['graph', 'holder', 'issuer'] as ScopeKind[]).map((k) => (
              <label key={k}>
                <input
                  type="radio"
                  name="exposure-scope"
                  checked={kind === k}
                  onChange={() => setChosen(k)}
                  data-testid={`exposure-scope-${k}`}
                />
                <span>
                  {k === 'graph' ? 'Whole graph' : k === 'holder' ? `${nodeName} holds` : `holds ${nodeName}`}
                </span>
              </label>
            ))}
          </div>
        )}
        <button type="button" className="mini" onClick={exportCsv} data-testid="exposures-csv">
          ⤓ CSV
        </button>
      </div>
      <p className="forecast-note muted" data-testid="exposures-scope">
        {describeScope(scope, last)}: top {ROWS} of {lists.pool.new} candidate new links and {lists.pool.vanishing}{' '}
        current edges.{node === null ? ' Select a protocol to see its own lists.' : ''}
      </p>
      {(['new', 'vanishing'] as ExposureListKind[]).map((listKind) => (
        <ExposureTable
          key={listKind}
          kind={listKind}
          rows={lists[listKind]}
          precision={describePrecision(
            measuredPrecision(evaluation, result.horizon, listKind, scope.kind, ROWS),
            listKind,
            lists.inDomain,
          )}
        />
      ))}
      <p className={`forecast-note ${lists.inDomain ? 'muted' : 'domain out'}`} data-testid="exposures-note">
        {lists.note}
      </p>
    </div>
  );
}

function ExposureTable({ kind, rows, precision }: { kind: ExposureListKind; rows: ExposureRow[]; precision: string }) {
  const select = useExplorer((s) => s.select);
  const isNew = kind === 'new';
  return (
    <section data-testid={`exposures-${kind}`}>
      <h4 className={isNew ? 'new-edge-text' : 'vanish-edge-text'}>
        {isNew ? 'Likely new exposures' : 'Likely to vanish'}
      </h4>
      {rows.length === 0 ? (
        <p className="forecast-note muted">None among the forecast candidates.</p>
      ) : (
        <table className="exposure-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Holder → issuer</th>
              <th scope="col" title={isNew ? 'Probability that the link exists' : 'Probability that the edge is gone'}>
                p
              </th>
              <th
                scope="col"
                title={isNew ? 'Expected USD = p × predicted USD if it appears' : 'USD at risk = p × USD held now'}
              >
                {isNew ? 'expected USD' : 'USD at risk'}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={`${r.holder}>${r.issuer}`}
                onClick={() => select(r.holder, true)}
                title={`${r.holderName} → ${r.issuerName}: ${isNew ? 'predicted' : 'held now'} ${formatUsd(r.baseUsd)}; click to select ${r.holderName}`}
              >
                <td>{r.rank}</td>
                <td className="pair">
                  {r.holderName} → {r.issuerName}
                </td>
                <td data-testid="exposure-p">
                  {r.probability < 0.01 ? r.probability.toPrecision(2) : r.probability.toFixed(2)}
                </td>
                <td data-testid="exposure-usd">
                  {formatUsd(r.usd)} <span className="muted">of {formatUsd(r.baseUsd)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="forecast-note muted" data-testid={`exposures-${kind}-precision`}>
        {precision}
      </p>
    </section>
  );
}
