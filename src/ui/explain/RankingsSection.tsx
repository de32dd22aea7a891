// Beside the paper's SIS (kept as published): systemic impact (the system loss if the protocol fails
// alone) and vulnerability (what it loses across every other single failure), both from the sweep
// under the scenario's rule, τ, rounds and perimeter. The switch says which ranking is shown.
import { RULE_DESCRIPTIONS } from '../../core/contagion';
import { SIS_TAIL_NOTE } from '../../core/metrics/rankings';
import { PERIMETER_DESCRIPTIONS } from '../../core/perimeter';
import type { Snapshot } from '../../core/types';
import type { EngineResult } from '../engine';
import { formatPct, formatUsd } from '../format';
import { sectorColor } from '../palette';
import { useExplorer } from '../store';
import './explain.css';

export type RankingKind = 'sis' | 'impact' | 'vulnerability';

export const RANKING_LABELS: Record<RankingKind, string> = {
  sis: 'SIS (paper)',
  impact: 'Systemic impact',
  vulnerability: 'Vulnerability',
};

export function RankingSwitch({ shown, onChange }: { shown: RankingKind; onChange: (k: RankingKind) => void }) {
  return (
    <div className="ranking-switch" role="group" aria-label="Ranking shown" data-testid="ranking-switch">
      {(Object.keys(RANKING_LABELS) as RankingKind[]).map((k) => (
        <button
          key={k}
          type="button"
          className="mini"
          aria-pressed={shown === k}
          onClick={() => onChange(k)}
          data-testid={`ranking-${k}`}
        >
          {RANKING_LABELS[k]}
        </button>
      ))}
    </div>
  );
}

/** Why SIS orders small holders by size: how many of the shown rows have a saturated tail term. */
export function SisTailNote({ snapshot, rows, tail }: { snapshot: Snapshot; rows: number[]; tail: Float64Array }) {
  const saturated = rows.filter((i) => tail[i] >= 1).length;
  return (
    <p className="muted small" data-testid="sis-tail-note">
      {SIS_TAIL_NOTE} Here {saturated} of these {rows.length} have tail 1.000
      {saturated > 0 ? `, e.g. ${snapshot.names[rows.find((i) => tail[i] >= 1)!]}` : ''}. The other two rankings run the
      stress test instead.
    </p>
  );
}

function NameCell({ snapshot, id, name }: { snapshot: Snapshot; id: string; name: string }) {
  const i = snapshot.ids.indexOf(id);
  return (
    <span className="name-cell">
      <span className="dot" style={{ background: sectorColor(snapshot.sectors[i] ?? '') }} aria-hidden="true" />
      <button type="button" className="link-button" onClick={() => useExplorer.getState().inspect(id)}>
        {name}
      </button>
    </span>
  );
}

export function RankingTable({
  kind,
  snapshot,
  results,
  rows,
}: {
  kind: 'impact' | 'vulnerability';
  snapshot: Snapshot;
  results: EngineResult;
  rows: number;
}) {
  const scenario = useExplorer((s) => s.scenario);
  const r = results.rankings;
  const denominator = results.analysis.risk.total_tvl;
  const how =
    `${r.failures} protocols of the ${PERIMETER_DESCRIPTIONS[scenario.perimeter].label} perimeter each fail alone at ` +
    `δ = ${Math.round(r.fraction * 100)}% (${RULE_DESCRIPTIONS[scenario.rule].label}, τ = ${+(scenario.threshold * 100).toFixed(1)}%, ` +
    `≤ ${scenario.maxRounds} rounds).`;
  if (kind === 'impact') {
    return (
      <>
        <p className="muted small">
          {how} Ranked by the system loss each failure causes (the failure itself included), as % of{' '}
          {formatUsd(denominator)} ({PERIMETER_DESCRIPTIONS[scenario.perimeter].denominator}); “contagion” is what it
          passes on to others. The Impact tab lists the same runs, with a button to add a failure to the scenario.
        </p>
        <table className="data-table compact" data-testid="impact-table">
          <thead>
            <tr>
              <th scope="col">If this fails</th>
              <th scope="col" className="num">
                System loss
              </th>
              <th scope="col" className="num">
                Contagion
              </th>
            </tr>
          </thead>
          <tbody>
            {r.impact.slice(0, rows).map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <NameCell snapshot={snapshot} id={e.id} name={e.name} />
                </th>
                <td className="num">
                  {formatPct(e.totalLossPct, 2)} <span className="muted">{formatUsd(e.totalLoss)}</span>
                </td>
                <td className="num">{e.indirectLoss > 0 ? formatUsd(e.indirectLoss) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  return (
    <>
      <p className="muted small">
        {how} Ranked by the loss each protocol suffers summed over the {r.failures - 1} failures of the others (all of
        it contagion); “distressed by” counts the failures that push its loss above τ of its TVL.
      </p>
      <table className="data-table compact" data-testid="vulnerability-table">
        <thead>
          <tr>
            <th scope="col">Protocol</th>
            <th scope="col" className="num" title="Σ over the other protocols' single failures of its loss">
              Suffered
            </th>
            <th scope="col" className="num" title="Failures of others that reach it / that distress it (loss > τ·TVL)">
              Reached / distr.
            </th>
            <th scope="col">Worst failure</th>
          </tr>
        </thead>
        <tbody>
          {r.vulnerability.slice(0, rows).map((v) => (
            <tr key={v.id}>
              <th scope="row">
                <NameCell snapshot={snapshot} id={v.id} name={v.name} />
              </th>
              <td className="num">{formatUsd(v.sufferedUsd)}</td>
              <td className="num">
                {v.failuresReaching} / {v.failuresDistressing}
              </td>
              <td>
                {v.worstFailure >= 0 ? (
                  <span className="two-line">
                    {snapshot.names[v.worstFailure]}
                    <span className="muted">
                      {formatUsd(v.worstUsd)}
                      {v.tvl > 0 ? `, ${formatPct((100 * v.worstUsd) / v.tvl, 1)} of its TVL` : ''}
                    </span>
                  </span>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
