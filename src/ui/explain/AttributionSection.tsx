// Why a protocol lost what contagion added to it: the paths seed → … → it, with the USD each carried,
// by seed of origin, at the round the playback shows. The paths (with the row of smaller ones) add
// up exactly to its contagion loss, which the panel states beside them.
import { useMemo } from 'react';
import { attributeLoss } from '../../core/attribution';
import { attributionToJson, pathsToCsv } from '../../core/attributionExport';
import { exportStem } from '../../core/export';
import type { ContagionResult } from '../../core/contagion';
import type { Snapshot } from '../../core/types';
import { downloadBlob } from '../download';
import { formatPct, formatUsd } from '../format';
import { useExplorer } from '../store';
import { useGraphInfo } from '../store/selectors';
import './explain.css';

const SHOWN_PATHS = 12;

export function AttributionSection({
  snapshot,
  result,
  index,
  round,
  roundLabel,
}: {
  snapshot: Snapshot;
  result: ContagionResult;
  index: number;
  /** The playback's round (loss rounds so far). */
  round: number;
  roundLabel: string;
}) {
  const scenario = useExplorer((s) => s.scenario);
  const info = useGraphInfo();
  const a = useMemo(
    () => attributeLoss(snapshot, result, index, { upToRound: round, maxPaths: SHOWN_PATHS, minShare: 0.001 }),
    [snapshot, result, index, round],
  );
  if (!(a.indirectLoss > 0)) return null;
  const name = (i: number) => snapshot.names[i];
  const pct = (usd: number) => formatPct((100 * usd) / a.indirectLoss, 1);
  const inspect = (i: number) => useExplorer.getState().inspect(snapshot.ids[i]);
  const stem = `${exportStem(snapshot, scenario, { forecast: info?.forecast ?? false, horizon: info?.horizon ?? null })}_paths-to-${snapshot.ids[index]}`;
  const download = () =>
    downloadBlob(`${stem}.csv`, new Blob([pathsToCsv(snapshot, result, index)], { type: 'text/csv' }));
  // The CLI's `--attribute` keys, every path listed (final).
  const downloadJson = () =>
    downloadBlob(
      `${stem}.json`,
      new Blob(
        [JSON.stringify(attributionToJson(snapshot, result, index, { minShare: 0, maxPaths: 10_000 }), null, 2)],
        {
          type: 'application/json',
        },
      ),
    );
  return (
    <section className="attribution" aria-label="Loss attribution" data-testid="attribution">
      <h4>How the contagion loss got here ({roundLabel})</h4>
      <p className="muted small">
        Contagion loss <strong data-testid="attribution-total">{formatUsd(a.indirectLoss)}</strong>, along{' '}
        {a.paths.length + a.rest.paths} path{a.paths.length + a.rest.paths === 1 ? '' : 's'} from the seeds. Each debtor
        passes the loss it holds when it is distressed; a flow is split over where that loss came from, so the paths add
        up to the contagion loss exactly.
        {a.bySeed.length > 1 && (
          <>
            {' '}
            By seed:{' '}
            {a.bySeed.map((s, k) => (
              <span key={s.seed}>
                {k > 0 && ', '}
                {name(s.seed)} {formatUsd(s.usd)} ({pct(s.usd)})
              </span>
            ))}
            .
          </>
        )}
      </p>
      <ol className="path-list loss-path" data-testid="loss-path">
        {a.paths.map((p, k) => (
          <li key={k} data-testid="attribution-path" data-usd={p.usd}>
            <span className="path-hops">
              {p.nodes.map((node, j) => (
                <span key={j}>
                  {j > 0 && <span className="hop-round"> →r{p.rounds[j - 1]} </span>}
                  <button type="button" className="link-button" onClick={() => inspect(node)}>
                    {name(node)}
                  </button>
                </span>
              ))}
            </span>
            <span className="path-usd">
              {formatUsd(p.usd)} <span className="muted">{pct(p.usd)}</span>
            </span>
          </li>
        ))}
        {a.rest.paths > 0 && (
          <li data-testid="attribution-rest" data-usd={a.rest.usd}>
            <span className="muted">
              {a.rest.paths} smaller path{a.rest.paths === 1 ? '' : 's'} (each under 0.1%, or beyond the first{' '}
              {SHOWN_PATHS})
            </span>
            <span className="path-usd">
              {formatUsd(a.rest.usd)} <span className="muted">{pct(a.rest.usd)}</span>
            </span>
          </li>
        )}
      </ol>
      <p className="muted small">
        “→r2” = passed on in round 2. Every path starts at a seed.{' '}
        <button type="button" className="mini" onClick={download} data-testid="export-paths">
          ⤓ All paths CSV (final)
        </button>{' '}
        <button type="button" className="mini" onClick={downloadJson} data-testid="export-paths-json">
          ⤓ JSON
        </button>
      </p>
    </section>
  );
}
