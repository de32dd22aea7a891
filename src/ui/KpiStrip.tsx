// The key numbers of the scenario at the round the playback shows (stable test hooks live here).
// Every percentage names its denominator; a forecast graph is marked as such.
import { useExplorer } from './store';
import { useGraphInfo, useRoundView } from './store/selectors';
import { formatUsd, formatUsdExact } from './format';
import { hasSeeds } from '../core/scenarioSpec';
import { PERIMETER_DESCRIPTIONS } from '../core/perimeter';
import { COUNT_MEANINGS } from '../core/vocabulary';

export function KpiStrip() {
  const status = useExplorer((s) => s.status);
  const snapshot = useExplorer((s) => s.snapshot);
  const scenario = useExplorer((s) => s.scenario);
  const view = useRoundView();
  const info = useGraphInfo();
  const result = view?.result ?? null;
  const state = view?.state ?? null;
  const protocols = snapshot ? snapshot.kinds.filter((k) => k === 'protocol').length : 0;
  const dash = '—';
  const pct = result && state && result.totalTvl > 0 ? (100 * state.totalLoss) / result.totalTvl : 0;
  const perimeter = PERIMETER_DESCRIPTIONS[scenario.perimeter];
  const denominatorChanged =
    info?.forecast && result && info.observedTotalTvl !== null
      ? Math.abs(result.totalTvl - info.observedTotalTvl) > 1e-6 * Math.max(1, info.observedTotalTvl)
      : false;

  return (
    <section className={`kpis ${info?.forecast ? 'kpis-forecast' : ''}`} aria-label="Key results">
      {info?.forecast && (
        <div className="forecast-flag" data-testid="kpi-forecast-flag" role="note">
          FORECAST h={info.horizon ?? '?'} · week of {info.date}
          <span className="muted"> (from {info.observedDate}; synthetic model)</span>
        </div>
      )}
      <div className="kpi kpi-main">
        <span className="kpi-label">
          System loss{' '}
          {view && (
            <span className="kpi-round" data-testid="kpi-round">
              {view.label}
            </span>
          )}
        </span>
        <span className="kpi-value">
          <span data-testid="system-loss-pct" data-value={state ? pct : ''}>
            {state ? pct.toFixed(2) : dash}
          </span>
          <span className="kpi-unit">% of {scenario.perimeter === 'defi' ? 'DeFi ' : ''}TVL</span>
        </span>
        <span className="kpi-sub" data-testid="kpi-denominator" title={perimeter.denominator}>
          {result ? `of ${formatUsd(result.totalTvl)} (${perimeter.label})` : '\u00a0'}
          {denominatorChanged && info?.observedTotalTvl != null && (
            <span className="denominator-note" data-testid="denominator-changed">
              {' '}
              · forecast TVL; observed week: {formatUsd(info.observedTotalTvl)}
            </span>
          )}
        </span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Loss (USD)</span>
        <span className="kpi-value" title={state ? formatUsdExact(state.totalLoss) : undefined}>
          <span data-testid="system-loss-usd" data-value={state?.totalLoss ?? ''}>
            {state ? formatUsd(state.totalLoss) : dash}
          </span>
        </span>
        <span className="kpi-sub" data-testid="kpi-split">
          {state ? `shock ${formatUsd(state.directLoss)} + contagion ${formatUsd(state.indirectLoss)}` : '\u00a0'}
        </span>
      </div>
      <div className="kpi">
        <span className="kpi-label" title={COUNT_MEANINGS.distressed}>
          Distressed
        </span>
        <span className="kpi-value">
          <span data-testid="distressed-count" data-value={state?.distressedCount ?? ''}>
            {state ? state.distressedCount : dash}
          </span>
        </span>
        <span className="kpi-sub">
          {snapshot ? `of ${protocols} protocols` : '\u00a0'}
          {state && (
            <>
              {' · '}
              <span data-testid="shocked-count" data-value={state.shockedCount}>
                {state.shockedCount} shocked
              </span>
            </>
          )}
          {/* The reference's affected_count (seeds + nodes distressed by contagion), for comparisons. */}
          <span className="sr-only">
            {' '}
            (
            <span data-testid="affected-count" data-value={state?.affectedCount ?? ''}>
              {state ? state.affectedCount : ''}
            </span>{' '}
            affected, seeds included)
          </span>
        </span>
      </div>
      <div className="kpi">
        <span className="kpi-label" title={COUNT_MEANINGS.rounds}>
          Rounds
        </span>
        <span className="kpi-value">
          <span data-testid="loss-rounds" data-value={state?.lossRounds ?? ''}>
            {state ? state.lossRounds : dash}
          </span>
        </span>
        <span className="kpi-sub">
          {`of max ${scenario.maxRounds}`}
          {/* The reference's propagation_rounds (rounds that distressed someone new), for comparisons. */}
          <span className="sr-only">
            {' '}
            (
            <span data-testid="propagation-rounds" data-value={state?.propagationRounds ?? ''}>
              {state ? state.propagationRounds : ''}
            </span>{' '}
            propagation rounds as the reference counts them)
          </span>
        </span>
      </div>
      <div className="kpi kpi-status">
        <span className="kpi-label">Status</span>
        <span className={`status-pill status-${status}`} data-testid="scenario-status" data-status={status}>
          {status}
        </span>
        <span className="kpi-sub">{status === 'idle' && !hasSeeds(scenario) ? 'no shock yet' : '\u00a0'}</span>
      </div>
      <p className="sr-only" aria-live="polite">
        {status === 'done' && state && view
          ? `${view.label}: system loss ${pct.toFixed(2)} percent of ${perimeter.denominator}, ${formatUsd(state.totalLoss)}; ${state.shockedCount} shocked, ${state.distressedCount} distressed; ${state.lossRounds} rounds.`
          : ''}
      </p>
    </section>
  );
}
