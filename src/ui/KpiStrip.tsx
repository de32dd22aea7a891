// The key numbers of the scenario (stable test hooks live here).
import { useExplorer } from './store';
import { formatUsd, formatUsdExact } from './format';
import { hasSeeds } from './url';

export function KpiStrip() {
  const status = useExplorer((s) => s.status);
  const results = useExplorer((s) => s.results);
  const resultsFor = useExplorer((s) => s.resultsFor);
  const snapshot = useExplorer((s) => s.snapshot);
  const scenario = useExplorer((s) => s.scenario);
  const result = results && resultsFor === snapshot ? results.contagion : null;
  const protocols = snapshot ? snapshot.kinds.filter((k) => k === 'protocol').length : 0;
  const dash = '—';

  return (
    <section className="kpis" aria-label="Key results">
      <div className="kpi kpi-main">
        <span className="kpi-label">System loss</span>
        <span className="kpi-value">
          <span data-testid="system-loss-pct" data-value={result?.totalLossPct ?? ''}>
            {result ? result.totalLossPct.toFixed(2) : dash}
          </span>
          <span className="kpi-unit">% of TVL</span>
        </span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Loss (USD)</span>
        <span className="kpi-value" title={result ? formatUsdExact(result.totalLoss) : undefined}>
          <span data-testid="system-loss-usd" data-value={result?.totalLoss ?? ''}>
            {result ? formatUsd(result.totalLoss) : dash}
          </span>
        </span>
        <span className="kpi-sub">{result ? `of ${formatUsd(result.totalTvl)} TVL` : '\u00a0'}</span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Distressed</span>
        <span className="kpi-value">
          <span data-testid="affected-count" data-value={result?.affectedCount ?? ''}>
            {result ? result.affectedCount : dash}
          </span>
        </span>
        <span className="kpi-sub">{snapshot ? `of ${protocols} protocols` : '\u00a0'}</span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Rounds</span>
        <span className="kpi-value">
          <span data-testid="propagation-rounds" data-value={result?.propagationRounds ?? ''}>
            {result ? result.propagationRounds : dash}
          </span>
        </span>
        <span className="kpi-sub">of max {scenario.maxRounds}</span>
      </div>
      <div className="kpi kpi-status">
        <span className="kpi-label">Status</span>
        <span className={`status-pill status-${status}`} data-testid="scenario-status" data-status={status}>
          {status}
        </span>
        <span className="kpi-sub">{status === 'idle' && !hasSeeds(scenario) ? 'no shock yet' : '\u00a0'}</span>
      </div>
      <p className="sr-only" aria-live="polite">
        {status === 'done' && result
          ? `System loss ${result.totalLossPct.toFixed(2)} percent of TVL, ${formatUsd(result.totalLoss)}; ${result.affectedCount} distressed; ${result.propagationRounds} rounds.`
          : ''}
      </p>
    </section>
  );
}
