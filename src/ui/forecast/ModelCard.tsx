// The model card: what the model is, what it was trained on and its test metrics against
// persistence (from models/evaluation.json, as written by `npm run cli -- evaluate`). Where
// persistence wins or ties, the table says so.
import { useForecast } from './forecastStore';
import { formatMetric } from '../format';
import { BaselineTable, RealDataTable } from './BaselineTable';
import { goalHorizonLabel } from '../../model/evaluateGoals';

interface Metrics {
  auprc: number;
  weight_mae: number;
  node_mae_protocols: number;
}
interface SubsetMethod {
  auprc: number;
  precision: number | null;
  recall: number | null;
}
interface Subset {
  base_rate: number;
  positives: number;
  model: SubsetMethod;
  persistence: SubsetMethod;
  smoothed_persistence: SubsetMethod;
}
interface Counts {
  missed: number;
  spurious: number;
  total: number;
}
interface HorizonEval {
  model: Metrics;
  persistence: Metrics;
  stress?: {
    delta_mae: number;
    cases: number;
    worst20?: { delta_mae: number };
    band?: { coverage_10_90: number; median_mae: number };
  };
  new_edges?: Subset;
  vanished_edges?: Subset;
  graph_errors?: { anchors: number; model: Counts; persistence: Counts };
  calibration?: { ece_before: number; ece_after: number };
  candidate_recall?: { recall: number; candidates_per_anchor: number };
}
interface Goal {
  id: string;
  goal: string;
  met: boolean;
  horizons: Record<string, { value: number; target: number; met: boolean }>;
}
interface Evaluation {
  data?: { weeks: number; first_week: string; last_week: string };
  horizons: Record<string, HorizonEval>;
  goals?: Goal[];
  /** The out-of-domain check on real dates (`evaluate --real --write`). */
  real_data?: unknown;
}

// Counts (graph errors, positives) print as integers, never "3493.000".
const fmt = formatMetric;

function isEvaluation(x: unknown): x is Evaluation {
  return typeof x === 'object' && x !== null && typeof (x as Evaluation).horizons === 'object';
}

/** Model vs persistence, marking the winner; `lowerBetter` for errors. */
function Versus({ model, pers, lowerBetter }: { model: number; pers: number; lowerBetter: boolean }) {
  const modelWins = lowerBetter ? model < pers : model > pers;
  return (
    <td className={modelWins ? 'wins' : 'loses'} title={modelWins ? 'the model is better' : 'persistence is better'}>
      {fmt(model)} <span className="muted">/ {fmt(pers)}</span>
    </td>
  );
}

export function ModelCard() {
  const evaluation = useForecast((s) => s.evaluation);
  const version = useForecast((s) => s.modelVersion);
  const ev = isEvaluation(evaluation) ? evaluation : null;
  return (
    <details className="model-card" data-testid="model-card">
      <summary>Model card</summary>
      <p>
        A small temporal-graph network after DeXposure-FM (arXiv 2602.03981), in TensorFlow.js: attention over each
        protocol&apos;s last 8 weeks, two message-passing layers over exposure edges, and heads for edge existence, edge
        weight and TVL change at 1, 4, 8 and 12 weeks. 20,624 parameters; the weights are checked by SHA-256 when loaded
        {version ? ` (${version.slice(0, 12)}…)` : ''}.
      </p>
      <p>
        Trained and tested on <strong>synthetic</strong> weekly graphs
        {ev?.data ? ` (${ev.data.weeks} weeks, ${ev.data.first_week} – ${ev.data.last_week})` : ''} generated to follow
        the real DeXposure sector-by-sector exposure series; no protocol-level number in them was observed. The metrics
        say how well it learns those dynamics, not how it would do on real DeFi data.
      </p>
      {ev && (
        <table className="model-metrics">
          <caption>Test set, model / persistence (green: model better)</caption>
          <thead>
            <tr>
              <th scope="col">h</th>
              <th scope="col">edge AUPRC</th>
              <th scope="col">weight MAE</th>
              <th scope="col">protocol TVL MAE</th>
              <th
                scope="col"
                title="MAE of forecast system loss vs the realized loss, persistence minus model (positive: model closer)"
              >
                stress ΔMAE
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(ev.horizons).map(([h, r]) => (
              <tr key={h}>
                <th scope="row">{h}</th>
                <Versus model={r.model.auprc} pers={r.persistence.auprc} lowerBetter={false} />
                <Versus model={r.model.weight_mae} pers={r.persistence.weight_mae} lowerBetter />
                <Versus model={r.model.node_mae_protocols} pers={r.persistence.node_mae_protocols} lowerBetter />
                <td className={r.stress && r.stress.delta_mae > 0 ? 'wins' : 'loses'}>{fmt(r.stress?.delta_mae)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ev && Object.values(ev.horizons).some((r) => r.new_edges) && (
        <table className="model-metrics" data-testid="model-subsets">
          <caption>
            Where persistence cannot help: new and vanishing edges (AUPRC model / smoothed persistence, base rate), and
            the forecast graph&apos;s edge errors (model / persistence)
          </caption>
          <thead>
            <tr>
              <th scope="col">h</th>
              <th
                scope="col"
                title="Pairs absent now: AUPRC of the model / of presence over the last 8 weeks; base rate"
              >
                new-edge AUPRC
              </th>
              <th scope="col" title="Edges present now: AUPRC for vanishing, model / smoothed persistence; base rate">
                vanish AUPRC
              </th>
              <th
                scope="col"
                title="Missed + spurious edges of the forecast graph vs the realized one, summed over the test anchors"
              >
                graph errors
              </th>
              <th
                scope="col"
                title="Expected calibration error on the forecast candidates (15 bins), before → after calibration"
              >
                ECE
              </th>
              <th scope="col" title="Share of realized new edges among the forecast candidates">
                cand. recall
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(ev.horizons).map(([h, r]) => (
              <tr key={h}>
                <th scope="row">{h}</th>
                {r.new_edges ? (
                  <Versus
                    model={r.new_edges.model.auprc}
                    pers={r.new_edges.smoothed_persistence.auprc}
                    lowerBetter={false}
                  />
                ) : (
                  <td>—</td>
                )}
                {r.vanished_edges ? (
                  <Versus
                    model={r.vanished_edges.model.auprc}
                    pers={r.vanished_edges.smoothed_persistence.auprc}
                    lowerBetter={false}
                  />
                ) : (
                  <td>—</td>
                )}
                {r.graph_errors ? (
                  <td
                    className={r.graph_errors.model.total <= r.graph_errors.persistence.total ? 'wins' : 'loses'}
                    data-testid={`graph-errors-${h}`}
                  >
                    {r.graph_errors.model.total} <span className="muted">/ {r.graph_errors.persistence.total}</span>
                  </td>
                ) : (
                  <td>—</td>
                )}
                <td className={r.calibration && r.calibration.ece_after <= 0.02 ? 'wins' : 'loses'}>
                  {fmt(r.calibration?.ece_before)} → {fmt(r.calibration?.ece_after)}
                </td>
                <td className={r.candidate_recall && r.candidate_recall.recall >= 0.7 ? 'wins' : 'loses'}>
                  {fmt(r.candidate_recall?.recall, 2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ev && <BaselineTable horizons={ev.horizons as Parameters<typeof BaselineTable>[0]['horizons']} />}
      {ev?.real_data ? <RealDataTable real={ev.real_data as Parameters<typeof RealDataTable>[0]['real']} /> : null}
      {ev?.goals && (
        <ul className="model-goals" data-testid="model-goals">
          {ev.goals.map((g) => (
            <li key={g.id} className={g.met ? 'wins' : 'loses'}>
              {g.met ? 'Met' : 'Not met'}: {g.goal} (
              {Object.entries(g.horizons)
                .map(([h, v]) => `${goalHorizonLabel(h)}: ${fmt(v.value)} vs ${fmt(v.target)}`)
                .join('; ')}
              )
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        Persistence (next weeks look like this one) is hard to beat on the full pair set because most edges survive; the
        subsets above show what the model adds on edges that appear or vanish. Every number above the real-data table is
        measured on synthetic test weeks.
      </p>
    </details>
  );
}
