// The Forecast tab: model status and backend, the observed/forecast toggle and the
// horizon, what changes on the forecast graph, an observed-vs-forecast comparison for the
// current scenario, and the model card with its honest test metrics against persistence.
import { lazy, Suspense, useMemo } from 'react';
import { useExplorer } from '../store';
import { HORIZONS, type GraphKind, type Horizon } from '../url';
import { analyseSnapshot } from '../engine';
import { contagionOptions, resolveSeeds } from '../../core/scenarioSpec';
import { runContagion } from '../../core/contagion';
import { applyPerimeter } from '../../core/perimeter';
import type { Snapshot } from '../../core/types';
import type { ForecastResult } from '../../model/forecast';
import { DEFAULT_SAMPLES, stressBand } from '../../model/forecastGraph';
import { selectPairs } from '../../model/selection';
import { bandCalibrationFor } from './bandCalibration';
import { formatUsd } from '../format';
import { observedWeeks, useForecast } from './forecastStore';
import { ModelCard } from './ModelCard';
import './forecast.css';

// The ranked exposure lists load on first use (main-chunk budget).
const TopExposures = lazy(() => import('./TopExposures'));

export function ForecastPanel() {
  const status = useForecast((s) => s.status);
  const backend = useForecast((s) => s.backend);
  const backendReason = useForecast((s) => s.backendReason);
  const ms = useForecast((s) => s.ms);
  const error = useForecast((s) => s.error);
  const running = useForecast((s) => s.running);
  const results = useForecast((s) => s.results);
  const forecastWeeks = useForecast((s) => s.forecastFor);
  const evaluation = useForecast((s) => s.evaluation);
  const graphKind: GraphKind = useExplorer((s) => s.graphKind) ?? 'observed';
  const horizon: Horizon = useExplorer((s) => s.horizon) ?? 4;
  const dataset = useExplorer((s) => s.dataset);
  const weekDate = useExplorer((s) => s.weekDate);
  const current = results?.find((r) => r.horizon === horizon) ?? null;
  const observed = dataset ? observedWeeks(dataset, weekDate) : null;
  const fresh =
    current && observed && forecastWeeks && forecastWeeks[forecastWeeks.length - 1] === observed[observed.length - 1];

  const setGraph = (g: GraphKind) =>
    useExplorer.setState({ graphKind: g, horizon: useExplorer.getState().horizon ?? horizon });
  const setHorizon = (h: Horizon) => useExplorer.setState({ horizon: h });

  return (
    <section className="panel-section forecast" aria-label="Forecast" data-testid="forecast-panel">
      <h2>Forecast</h2>
      <div className="model-line" aria-live="polite">
        <span className={`model-pill ${status}`} title={error ?? undefined}>
          model <strong data-testid="model-status">{status}</strong>
        </span>
        <span className="model-pill" title={backendReason ?? 'tfjs backend that ran the model'}>
          backend <strong data-testid="model-backend">{backend ?? '—'}</strong>
        </span>
        <span className="model-pill" title="Wall time of the last forecast (all four horizons in one pass)">
          {running ? (
            <>
              <span className="spinner small" aria-hidden="true" /> forecasting…
            </>
          ) : (
            <>
              <strong data-testid="forecast-ms">{ms === null ? '—' : ms.toFixed(0)}</strong> ms
            </>
          )}
        </span>
      </div>
      {backendReason && (
        <p className="forecast-note muted" data-testid="model-backend-reason">
          Backend {backend}: {backendReason}.
        </p>
      )}
      {status === 'error' && (
        <p className="forecast-error" role="alert">
          The model could not run: {error}
        </p>
      )}
      <div className="forecast-controls">
        <div className="segmented" role="radiogroup" aria-label="Graph shown">
          {(['observed', 'forecast'] as GraphKind[]).map((g) => (
            <label key={g}>
              <input
                type="radio"
                name="graph-kind"
                checked={graphKind === g}
                onChange={() => setGraph(g)}
                data-testid={`graph-${g}`}
              />
              <span>{g === 'observed' ? 'Observed' : 'Forecast'}</span>
            </label>
          ))}
        </div>
        <div className="segmented horizon" role="radiogroup" aria-label="Forecast horizon in weeks">
          {HORIZONS.map((h) => (
            <label key={h} title={`${h} week${h === 1 ? '' : 's'} ahead`}>
              <input
                type="radio"
                name="horizon"
                checked={horizon === h}
                onChange={() => setHorizon(h)}
                data-testid={`horizon-${h}`}
              />
              <span>h={h}</span>
            </label>
          ))}
        </div>
      </div>
      {fresh && current && (
        <p
          className={`forecast-note domain ${current.domain.inDomain ? 'in' : 'out'}`}
          data-testid="forecast-domain"
          data-in-domain={current.domain.inDomain ? 'true' : 'false'}
        >
          {current.domain.reason}
        </p>
      )}
      {fresh && current && observed && (
        <>
          <p className="forecast-summary" data-testid="forecast-summary">
            +{horizon}w from {observed[observed.length - 1].date}:{' '}
            <strong className="new-edge-text">{current.newEdges.length} new</strong>,{' '}
            <strong className="vanish-edge-text">{current.vanishedEdges.length} vanishing</strong> of{' '}
            {observed[observed.length - 1].edges.m} edges; {current.snapshot.edges.m} edges kept by the rule{' '}
            {current.selection} chosen on the validation weeks (expected count Σp {current.expectedEdges.toFixed(0)};
            lowest kept p = {current.threshold.toFixed(2)})
          </p>
          <Comparison observed={observed[observed.length - 1]} result={current} />
          <Suspense fallback={<p className="forecast-note muted">Loading the ranked exposures…</p>}>
            <TopExposures result={current} last={observed[observed.length - 1]} evaluation={evaluation} />
          </Suspense>
        </>
      )}
      <ModelCard />
    </section>
  );
}

const WATCH = 10;

/** The calibrated band's coverage on the test weeks for this horizon and scenario (models/evaluation.json). */
function testCoverage(
  evaluation: unknown,
  horizon: number,
  scenario: string,
): { calibrated: number; cases: number } | null {
  const h = (
    evaluation as {
      horizons?: Record<
        string,
        { stress?: { band_by_scenario?: Record<string, { calibrated: number; cases: number }> } }
      >;
    } | null
  )?.horizons?.[String(horizon)];
  return h?.stress?.band_by_scenario?.[scenario] ?? null;
}

function watchList(s: Snapshot, sis: Float64Array): number[] {
  const idx: number[] = [];
  for (let i = 0; i < s.n; i++) if (s.kinds[i] !== 'token') idx.push(i);
  return idx.sort((a, b) => sis[b] - sis[a]).slice(0, WATCH);
}

function Comparison({ observed, result }: { observed: Snapshot; result: ForecastResult }) {
  const scenario = useExplorer((s) => s.scenario);
  const evaluation = useForecast((s) => s.evaluation);
  const calibration = bandCalibrationFor(scenario, result);
  const widen = 'widen' in calibration ? calibration.widen : undefined;
  const coverage = 'widen' in calibration ? testCoverage(evaluation, result.horizon, calibration.scenario) : null;
  const forecast = result.snapshot;
  const data = useMemo(() => {
    // Same view and options as the KPI strip: the scenario's perimeter, rule, τ and rounds.
    const loss = (s: Snapshot) => {
      const view = applyPerimeter(s, scenario.perimeter);
      const { seeds } = resolveSeeds(view, scenario);
      if (seeds.length === 0) return null;
      try {
        return runContagion(view, seeds, contagionOptions(scenario));
      } catch {
        return null;
      }
    };
    const lossObserved = loss(observed);
    const lossForecast = loss(forecast);
    // Uncertainty: the scenario on K graphs drawn from the calibrated edge probabilities.
    const band = lossForecast
      ? stressBand(
          observed,
          result.candidates,
          forecast.tvl,
          { horizon: result.horizon, date: forecast.date, notes: '' },
          (g) => loss(g)?.totalLossPct ?? null,
          {
            samples: 'widen' in calibration ? calibration.samples : DEFAULT_SAMPLES,
            seed: 1,
            tvlSd: result.tvlSd,
            select: (p) => selectPairs(p, result.selection),
            widen,
          },
        )
      : null;
    // SIS on the perimeter views: their node indexing is the view's, so names come from the views too.
    const ov = applyPerimeter(observed, scenario.perimeter);
    const fv = applyPerimeter(forecast, scenario.perimeter);
    const a = analyseSnapshot(ov);
    const b = analyseSnapshot(fv);
    const beforeIds = watchList(ov, a.sis).map((i) => ov.ids[i]);
    const before = new Set(beforeIds);
    const after = watchList(fv, b.sis).map((i) => ({ id: fv.ids[i], name: fv.names[i] }));
    const afterIds = new Set(after.map((x) => x.id));
    const nameOf = new Map(ov.ids.map((id, i) => [id, ov.names[i]]));
    return {
      lossObserved,
      lossForecast,
      band,
      hhiObserved: a.spillover.index,
      hhiForecast: b.spillover.index,
      watch: after.map((x) => ({ ...x, entrant: !before.has(x.id) })),
      leaving: beforeIds.filter((id) => !afterIds.has(id)).map((id) => nameOf.get(id) ?? id),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `calibration` follows from scenario and result
  }, [observed, forecast, result, scenario, widen]);
  return (
    <div className="forecast-compare" data-testid="forecast-compare">
      <table>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Observed</th>
            <th scope="col">
              Forecast
              {!result.domain.inDomain && (
                <span className="muted" title={result.domain.reason}>
                  {' '}
                  (structure only: out of domain)
                </span>
              )}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" title="Total loss of the current scenario on each graph">
              System loss
            </th>
            <td data-testid="compare-loss-observed">
              {data.lossObserved
                ? `${formatUsd(data.lossObserved.totalLoss)} (${data.lossObserved.totalLossPct.toFixed(2)}%)`
                : '—'}
            </td>
            <td data-testid="compare-loss-forecast">
              {data.lossForecast
                ? `${formatUsd(data.lossForecast.totalLoss)} (${data.lossForecast.totalLossPct.toFixed(2)}%)`
                : '—'}
            </td>
          </tr>
          <tr>
            <th
              scope="row"
              title={`System loss of the scenario on ${DEFAULT_SAMPLES} forecast graphs drawn edge by edge from the calibrated probabilities (seeded)`}
            >
              Loss band ({observed.provenance.synthetic ? 'synthetic' : 'real'} week)
            </th>
            <td className="muted">—</td>
            <td data-testid="compare-loss-band">
              {data.band && data.band.samples > 0
                ? data.band.calibrated
                  ? `median ${data.band.median.toFixed(2)}% (calibrated 10–90%: ${data.band.calibrated.low.toFixed(2)}–${data.band.calibrated.high.toFixed(2)}%, ${data.band.samples} graphs)`
                  : `median ${data.band.median.toFixed(2)}% of ${data.band.samples} sampled graphs; no band (uncalibrated here)`
                : '—'}
              <div className="muted" data-testid="compare-band-coverage">
                {!data.band
                  ? null
                  : 'reason' in calibration
                    ? calibration.reason
                    : coverage
                      ? `held the realized loss in ${(100 * coverage.calibrated).toFixed(0)}% of ${coverage.cases} synthetic test cases (${calibration.scenario}, h=${result.horizon})${result.domain.inDomain ? '' : '; not measured for out-of-domain input like this one'}`
                      : 'coverage not measured'}
              </div>
            </td>
          </tr>
          <tr>
            <th scope="row" title="Herfindahl index of cross-sector spillover shares">
              Spillover HHI
            </th>
            <td data-testid="compare-hhi-observed">{data.hhiObserved.toFixed(3)}</td>
            <td data-testid="compare-hhi-forecast">{data.hhiForecast.toFixed(3)}</td>
          </tr>
        </tbody>
      </table>
      {!data.lossObserved && (
        <p className="forecast-note">Shock a protocol or pick a preset to compare system losses.</p>
      )}
      <h3>SIS watch-list on the forecast</h3>
      <ol className="watch-list" data-testid="forecast-watchlist">
        {data.watch.map(({ id, name, entrant }) => (
          <li key={id} className={entrant ? 'entrant' : undefined}>
            {name}
            {entrant && <span className="entrant-tag">new</span>}
          </li>
        ))}
      </ol>
      {data.leaving.length > 0 && (
        <p className="forecast-note">
          Leaving the top {WATCH}: {data.leaving.join(', ')}
        </p>
      )}
    </div>
  );
}
