// The model against the network-free heuristic (and persistence) on the test weeks, per horizon,
// and the calibrated stress band's coverage per scenario (models/evaluation.json).
import { formatMetric } from '../format';
interface Method {
  auprc: number;
}
interface HorizonEval {
  model: { node_mae_protocols: number };
  persistence: { node_mae_protocols: number };
  heuristic?: { node_mae_protocols: number };
  new_edges?: { base_rate: number; model: Method; heuristic?: Method };
  vanished_edges?: { model: Method; heuristic?: Method };
  graph_errors?: {
    model: { total: number };
    persistence: { total: number };
    heuristic?: { total: number };
    rule?: string;
  };
  stress?: {
    model_mae: number;
    persistence_mae: number;
    heuristic_mae?: number;
    band_by_scenario?: Record<string, { cases: number; calibrated: number; hits: number; raw: number }>;
  };
}

// Counts print as integers, never "3493.000" (the same rule as the rest of the model card).
const fmt = formatMetric;

/** Three numbers, the model's first: green when it is the best of the three. */
function Three({
  model,
  heuristic,
  pers,
  lowerBetter,
  digits = 3,
}: {
  model: number;
  heuristic?: number;
  pers: number;
  lowerBetter: boolean;
  digits?: number;
}) {
  const better = (a: number, b: number | undefined) =>
    b === undefined || !Number.isFinite(b) || (lowerBetter ? a <= b : a >= b);
  const wins = better(model, heuristic) && better(model, pers);
  return (
    <td className={wins ? 'wins' : 'loses'} title={wins ? 'the model is best' : 'a baseline is better'}>
      {fmt(model, digits)}{' '}
      <span className="muted">
        / {fmt(heuristic, digits)} / {fmt(pers, digits)}
      </span>
    </td>
  );
}

/** The cells both tables show: vanish AUPRC (no persistence score), graph errors, stress MAE. */
function VanishCell({ r }: { r: HorizonEval }) {
  return (
    <Three
      model={r.vanished_edges?.model.auprc ?? NaN}
      heuristic={r.vanished_edges?.heuristic?.auprc}
      pers={NaN}
      lowerBetter={false}
    />
  );
}

function GraphErrorsCell({ r }: { r: HorizonEval }) {
  const g = r.graph_errors;
  return g ? (
    <Three model={g.model.total} heuristic={g.heuristic?.total} pers={g.persistence.total} lowerBetter digits={0} />
  ) : (
    <td>—</td>
  );
}

function StressCell({ r }: { r: HorizonEval }) {
  const st = r.stress;
  return st ? (
    <Three model={st.model_mae} heuristic={st.heuristic_mae} pers={st.persistence_mae} lowerBetter />
  ) : (
    <td>—</td>
  );
}

export function BaselineTable({ horizons }: { horizons: Record<string, HorizonEval> }) {
  const rows = Object.entries(horizons).filter(([, r]) => r.new_edges?.heuristic);
  if (rows.length === 0) return null;
  return (
    <table className="model-metrics" data-testid="model-heuristic">
      <caption>
        The baseline it must beat: model / network-free heuristic (logistic on pair features, fitted on the training
        weeks) / persistence or smoothed persistence, test weeks
      </caption>
      <thead>
        <tr>
          <th scope="col">h</th>
          <th
            scope="col"
            title="Pairs absent now: AUPRC model / heuristic / smoothed persistence (goal: model ≥ 1.2 × heuristic)"
          >
            new-edge AUPRC
          </th>
          <th scope="col" title="Edges present now: AUPRC for vanishing, model / heuristic / smoothed persistence">
            vanish AUPRC
          </th>
          <th scope="col" title="Missed + spurious edges vs the realized graph, summed over the test anchors">
            graph errors
          </th>
          <th scope="col" title="MAE of Δlog(1+TVL) over protocols">
            protocol TVL MAE
          </th>
          <th scope="col" title="MAE of the forecast system loss (pp) against the realized loss">
            stress MAE
          </th>
          <th scope="col" title="Share of test cases whose realized loss lies in the calibrated band (goal 80% ± 7)">
            band coverage
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([h, r]) => {
          const ne = r.new_edges!;
          const ratio = ne.model.auprc / ne.heuristic!.auprc;
          return (
            <tr key={h}>
              <th scope="row">{h}</th>
              <td className={ratio >= 1.2 ? 'wins' : 'loses'} data-testid={`heuristic-new-${h}`}>
                {fmt(ne.model.auprc, 4)}{' '}
                <span className="muted">
                  / {fmt(ne.heuristic!.auprc, 4)} ({fmt(ratio, 2)}×)
                </span>
              </td>
              <VanishCell r={r} />
              <GraphErrorsCell r={r} />
              <Three
                model={r.model.node_mae_protocols}
                heuristic={r.heuristic?.node_mae_protocols}
                pers={r.persistence.node_mae_protocols}
                lowerBetter
              />
              <StressCell r={r} />
              <td data-testid={`band-coverage-${h}`}>
                {Object.entries(r.stress?.band_by_scenario ?? {})
                  .map(([sc, b]) => `${sc} ${(100 * b.calibrated).toFixed(0)}% (${b.hits}/${b.cases})`)
                  .join(', ') || '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface RealData {
  file: string;
  dates: string[];
  gaps_days: Record<string, number[]>;
  anchors_out_of_domain?: number;
  horizons: Record<string, HorizonEval>;
}

/** The shipped model on the real dates (out of domain), as measured: good or bad. */
export function RealDataTable({ real }: { real: RealData }) {
  return (
    <table className="model-metrics" data-testid="model-real">
      <caption>
        Real data, out of domain ({real.file}, {real.dates[0]} … {real.dates[real.dates.length - 1]}, walk-forward; all{' '}
        {real.anchors_out_of_domain ?? '?'} anchors out of domain, TVLs held): model / heuristic / persistence
      </caption>
      <thead>
        <tr>
          <th scope="col">head (days ahead)</th>
          <th scope="col">new-edge AUPRC</th>
          <th scope="col">vanish AUPRC</th>
          <th scope="col">graph errors</th>
          <th scope="col">stress MAE</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(real.horizons).map(([h, r]) => (
          <tr key={h}>
            <th scope="row">
              h={h} ({(real.gaps_days[h] ?? []).join('/')})
            </th>
            <Three
              model={r.new_edges?.model.auprc ?? NaN}
              heuristic={r.new_edges?.heuristic?.auprc}
              pers={NaN}
              lowerBetter={false}
            />
            <VanishCell r={r} />
            <GraphErrorsCell r={r} />
            <StressCell r={r} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
