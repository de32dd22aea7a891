// Network-level views: SIS top-K (or, beside it, the systemic impact and vulnerability rankings,
// which follow the scenario's rule, τ and rounds), the sector spillover heatmap with its HHI, and the
// risk metrics.
import { useExplorer } from './store';
import { currentResults } from './store/selectors';
import { PERIMETER_DESCRIPTIONS } from '../core/perimeter';
import { topK } from '../core/metrics';
import { formatNumber, formatShare, formatUsd, formatUsdCompact } from './format';
import { sectorColor, SECTOR_SHORT } from './palette';
import type { Sector } from '../core/types';
import { useState } from 'react';
import { RANKING_LABELS, RankingSwitch, RankingTable, SisTailNote, type RankingKind } from './explain/RankingsSection';

const K = 12;

export function NetworkPanel() {
  const results = useExplorer(currentResults);
  const snapshot = useExplorer((s) => s.snapshot);
  const perimeter = useExplorer((s) => s.scenario.perimeter);
  const [ranking, setRanking] = useState<RankingKind>('sis');
  if (!snapshot || !results) return <p className="empty-state">Computing network metrics…</p>;
  const { sis, sisParts, spillover, risk } = results.analysis;
  const top = topK(sis, K);
  const maxCell = Math.max(...spillover.matrix.flat(), 0);
  const cellColor = (v: number) => {
    if (!(v > 0) || maxCell <= 0) return 'transparent';
    const t = Math.sqrt(v / maxCell);
    return `rgba(251, 146, 60, ${0.12 + 0.88 * t})`;
  };
  const metrics: [string, string, string][] = [
    [
      'Total protocol TVL',
      formatUsd(risk.total_tvl),
      `Σ TVL of protocol nodes (token nodes excluded): ${PERIMETER_DESCRIPTIONS[perimeter].denominator}`,
    ],
    ['Total exposure', formatUsd(risk.total_exposure), 'Σ edge weight, USD'],
    [
      'Nodes / edges',
      `${risk.node_count} / ${risk.edge_count}`,
      'all nodes (protocols and primary tokens); distinct positive edges',
    ],
    ['TVL HHI', formatNumber(risk.tvl_hhi), 'Herfindahl index of protocol TVL shares'],
    ['TVL Gini', formatNumber(risk.tvl_gini), 'Gini coefficient of protocol TVL'],
    ['Top-10 TVL share', formatShare(risk.top10_tvl_share), 'share of TVL held by the ten largest protocols'],
    ['Edge-weight HHI', formatNumber(risk.edge_weight_hhi), 'concentration of exposure over edges'],
    ['Density', formatNumber(risk.density), 'E / (N(N−1))'],
    [
      'Mean / max in-degree',
      `${formatNumber(risk.mean_in_degree)} / ${risk.max_in_degree}`,
      'distinct creditors per node',
    ],
    ['Degree Gini', formatNumber(risk.degree_gini), 'inequality of in+out degree'],
    ['Mean / max SIS', `${formatNumber(risk.mean_sis)} / ${formatNumber(risk.max_sis)}`, 'Systemic Importance Score'],
  ];
  return (
    <div className="network-panel">
      <section aria-labelledby="sis-h">
        <h3 id="sis-h">
          Systemic ranking — top {K}, shown: <span data-testid="ranking-shown">{RANKING_LABELS[ranking]}</span>
        </h3>
        <RankingSwitch shown={ranking} onChange={setRanking} />
        {ranking !== 'sis' ? (
          <RankingTable kind={ranking} snapshot={snapshot} results={results} rows={K} />
        ) : (
          <>
            <p className="muted small">
              SIS (DeXposure-FM, as published) = mean of three terms, each in [0, 1]: PageRank / max PageRank (how much
              exposure flows to it), tail exposure (share of its five largest holdings in all it holds) and log(1+TVL) /
              max (size).
            </p>
            <SisTailNote snapshot={snapshot} rows={top} tail={sisParts.tail} />
            <table className="data-table compact" data-testid="sis-table">
              <caption className="sr-only">Nodes with the highest Systemic Importance Score</caption>
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col" className="num">
                    SIS
                  </th>
                  <th scope="col" className="num" title="PageRank / max PageRank">
                    PR
                  </th>
                  <th scope="col" className="num" title="Share of its five largest outgoing exposures in all it holds">
                    Tail
                  </th>
                  <th scope="col" className="num" title="log(1 + TVL) / max log(1 + TVL)">
                    Size
                  </th>
                </tr>
              </thead>
              <tbody>
                {top.map((i) => (
                  <tr key={snapshot.ids[i]}>
                    <th scope="row">
                      <span className="name-cell">
                        <span
                          className="dot"
                          style={{ background: sectorColor(snapshot.sectors[i]) }}
                          aria-hidden="true"
                        />
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => useExplorer.getState().inspect(snapshot.ids[i])}
                        >
                          {snapshot.names[i]}
                        </button>
                      </span>
                    </th>
                    <td className="num">
                      <span className="bar-cell">
                        <span
                          className="bar-fill"
                          style={{ width: `${(100 * sis[i]) / Math.max(risk.max_sis, 1e-12)}%` }}
                          aria-hidden="true"
                        />
                        {sis[i].toFixed(3)}
                      </span>
                    </td>
                    <td className="num" data-testid="sis-pagerank">
                      {sisParts.pagerankTerm[i].toFixed(3)}
                    </td>
                    <td className="num" data-testid="sis-tail">
                      {sisParts.tail[i].toFixed(3)}
                    </td>
                    <td className="num" data-testid="sis-size">
                      {sisParts.size[i].toFixed(3)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-labelledby="spill-h">
        <h3 id="spill-h">
          Sector spillover <span className="muted">HHI {spillover.index.toFixed(3)}</span>
        </h3>
        {spillover.total > 0 ? (
          <div className="heatmap-wrap">
            <table className="heatmap" data-testid="spillover-heatmap">
              <caption className="sr-only">
                Exposure from the row sector (holder) to the column sector (issuer), USD; cross-sector total{' '}
                {formatUsd(spillover.total)}, spillover index (HHI) {spillover.index.toFixed(3)}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="corner">
                    holder ↓ / issuer →
                  </th>
                  {spillover.groups.map((s) => (
                    <th scope="col" key={s} title={s}>
                      <span className="dot" style={{ background: sectorColor(s) }} aria-hidden="true" />
                      {SECTOR_SHORT[s as Sector]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {spillover.groups.map((row, a) => (
                  <tr key={row}>
                    <th scope="row" title={row}>
                      {SECTOR_SHORT[row as Sector]}
                    </th>
                    {spillover.matrix[a].map((v, b) => (
                      <td
                        key={b}
                        style={{
                          background:
                            a === b
                              ? 'repeating-linear-gradient(45deg, #1b2335, #1b2335 3px, #151c2c 3px, #151c2c 6px)'
                              : cellColor(v),
                        }}
                        title={`${row} → ${spillover.groups[b]}: ${formatUsd(v)}`}
                      >
                        {a === b ? '' : v > 0 ? formatUsdCompact(v) : '·'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">
              Cross-sector exposure {formatUsd(spillover.total)}. HHI 1 = all on one sector pair, 1/42 ≈ 0.024 = spread
              evenly.
            </p>
          </div>
        ) : (
          <p className="empty">No cross-sector exposure in this snapshot.</p>
        )}
      </section>

      <section aria-labelledby="risk-h">
        <h3 id="risk-h">Network risk metrics</h3>
        <dl className="metrics" data-testid="risk-metrics">
          {metrics.map(([k, v, title]) => (
            <div key={k} title={title}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
