// Types of the evaluation report (see evaluate.ts).
import type { ScenarioName } from '../core/scenarios';
import type { Horizon } from './forecast';
import type { ReliabilityBin } from './calibration';
import type { HeuristicSpec } from './heuristic';
import type { SelectionRule } from './selection';
import type { CountBin } from './bands';

export interface ErrorStats {
  mae: number;
  rmse: number;
  count: number;
}

export interface MethodMetrics {
  auroc: number;
  auprc: number;
  weight_mae: number;
  weight_rmse: number;
  node_mae: number;
  node_rmse: number;
  /** Node errors over protocol nodes only (token nodes' "TVL" is the USD of them held, a much noisier series). */
  node_mae_protocols: number;
  node_rmse_protocols: number;
}

export interface StressCase {
  anchor: string;
  scenario: ScenarioName;
  realized: number;
  model: number;
  persistence: number;
  /** Loss on the heuristic baseline's graph (its own TVL trend). */
  heuristic?: number;
  band?: { median: number; p10: number; p90: number };
}

export interface StressMetrics {
  rule: string;
  perimeter: string;
  threshold: number;
  cases: number;
  model_mae: number;
  persistence_mae: number;
  /** MAE(persistence) − MAE(model): positive when the model's graph gives the closer system loss. */
  delta_mae: number;
  worst20: { cases: number; model_mae: number; persistence_mae: number; delta_mae: number };
  mean_loss_pct: { realized: number; model: number; persistence: number };
  heuristic_mae?: number;
  /** K sampled forecast graphs per case: MAE of their median, and how often the realized loss lies in the 10–90% band. */
  band?: { samples: number; median_mae: number; coverage_10_90: number; width_mean: number };
  /**
   * Per scenario: coverage of the raw 10–90% band and of the band widened by the validation-fitted
   * conformal margin (goal 80% ± 7 points), with the widening and the mean widened width.
   */
  band_by_scenario?: Record<
    string,
    { cases: number; raw: number; calibrated: number; hits: number; widen: number; width_mean: number }
  >;
}

/** Ranking and operating-point metrics of one method on a subset of pairs. */
export interface SubsetMethod {
  auprc: number;
  /** At the method's operating point (model: in the forecast graph; smoothed persistence: presence ≥ 0.5). */
  precision: number;
  recall: number;
}

export interface SubsetMetrics {
  /** Pairs in the subset and how many are positive (new: appears; vanished: disappears). */
  count: number;
  positives: number;
  base_rate: number;
  model: SubsetMethod;
  persistence: SubsetMethod;
  smoothed_persistence: SubsetMethod;
  heuristic?: SubsetMethod;
}

export interface GraphErrorCounts {
  missed: number;
  spurious: number;
  total: number;
}

export interface GraphErrors {
  anchors: number;
  /** Summed over anchors: realized edges missing from each graph, and its edges not realized. */
  model: GraphErrorCounts;
  /** The same model's graph with calibrated p ≥ 0.5 instead of the expected count (fewest expected errors). */
  model_p50: GraphErrorCounts;
  persistence: GraphErrorCounts;
  smoothed_persistence: GraphErrorCounts;
  /** The selection rule of `model` (chosen on the validation weeks) and the heuristic's graph with its own rule. */
  rule?: SelectionRule;
  heuristic?: GraphErrorCounts;
  heuristic_rule?: SelectionRule;
  /** Errors of every candidate rule (the validation run picks from these). */
  by_rule?: Record<string, { model: number; heuristic: number }>;
  model_edges_mean: number;
  realized_edges_mean: number;
}

export interface CalibrationMetrics {
  /** Over the forecast candidates of the test anchors, 15 equal-width bins. */
  pairs: number;
  ece_before: number;
  ece_after: number;
  expected_edges_mean: number;
  realized_candidate_edges_mean: number;
  reliability: ReliabilityBin[];
  /** ECE and 10 equal-count bins on pairs absent now and present now, and the worst predicted/observed ratio (bins with ≥ 5 expected positives). */
  absent?: { pairs: number; ece: number; bins: CountBin[]; worst_ratio: number };
  present?: { pairs: number; ece: number; bins: CountBin[]; worst_ratio: number };
}

export interface CandidateRecallMetrics {
  /** Realized new edges (absent at the anchor, present h weeks later) that were forecast candidates. */
  recall: number;
  covered: number;
  realized: number;
  candidates_per_anchor: number;
  /** Building the anchor's candidates and pair inputs (prepareAnchor), mean ms. */
  prepare_ms_per_anchor: number;
}

/** One method's ranked lists pooled over the evaluated anchors. */
export interface PrecisionAtK {
  /** Lists (overall: one per anchor; per holder: one per holder and anchor), rows listed, rows that realised. */
  lists: number;
  listed: number;
  hits: number;
  /** hits / listed. */
  precision: number;
  /** Σ ranked USD of the hits / Σ ranked USD listed (new: expected USD; vanishing: USD at risk). */
  usd_precision: number;
}

export interface RankedListMethods {
  model: PrecisionAtK;
  heuristic?: PrecisionAtK;
  baseline: PrecisionAtK;
}

/** precision@k of one list kind (new or vanishing exposures), see precisionAtK.ts. */
export interface RankedListReport {
  /** Pairs ranked, summed over anchors (the model's forecast candidates absent / present at the anchor), and how many realised. */
  pool: number;
  realized: number;
  /** realized / pool: the precision of a list drawn at random from the pool. */
  base_rate: number;
  /** Keyed by k: the top k of the whole graph per anchor. */
  overall: Record<string, RankedListMethods>;
  /** The top k of each holder protocol with at least min_candidates pairs in the pool (lists: holder × anchor). */
  per_holder: RankedListMethods & { k: number; min_candidates: number; lists: number; base_rate: number };
}

export interface TopExposureMetrics {
  new: RankedListReport;
  vanishing: RankedListReport;
  /** How the simple baseline scores a pair, and how the heuristic's and baseline's USD are defined. */
  baseline: string;
  note: string;
}

export interface HorizonReport {
  model: MethodMetrics;
  persistence: MethodMetrics;
  /** The network-free heuristic: node errors (its TVL trend) and edge ranking on the full pair set. */
  heuristic?: Pick<
    MethodMetrics,
    'auprc' | 'auroc' | 'node_mae' | 'node_rmse' | 'node_mae_protocols' | 'node_rmse_protocols'
  >;
  /** Stress cases with their sampled bands (kept for the validation run's conformal fit). */
  stress_cases?: StressCase[];
  stress?: StressMetrics;
  new_edges?: SubsetMetrics & {
    /** log(1+w) MAE over realized new edges: model, persistence (predicts 0), training-mean constant. */
    weight_mae: { count: number; model: number; persistence: number; training_mean: number };
  };
  vanished_edges?: SubsetMetrics;
  graph_errors?: GraphErrors;
  calibration?: CalibrationMetrics;
  candidate_recall?: CandidateRecallMetrics;
  /** Model AUPRC on the evaluated pairs absent now (appear?) and present now (vanish?): the early-stopping signal. */
  subset_auprc?: { new: number; vanish: number };
  /** precision@k of the ranked new / vanishing exposure lists (detailed runs; absent in older evaluation.json). */
  top_exposures?: TopExposureMetrics;
  pairs: number;
  positives: number;
  anchors: number;
  edges_predicted_mean: number;
  edges_realized_mean: number;
}

export interface EvaluationReport {
  horizons: Record<string, HorizonReport>;
  /** With applyDomain: anchors the domain check put out of domain (TVLs and current weights held). */
  anchors_out_of_domain?: number;
}

export interface EvaluateOptions {
  /** Anchor weeks (indices into weeks) to evaluate, e.g. the test anchors. */
  anchors: number[];
  /** Target weeks must satisfy t + h ≤ lastTarget (no look-ahead past the evaluated period). */
  lastTarget: number;
  horizons: Horizon[];
  /** Forecast-then-measure stress (three scenarios per anchor and horizon). */
  stress: boolean;
  seed: number;
  /** Random negative pairs per realized edge added to the evaluated pair set. */
  randomNegativesPerPositive?: number;
  /** Report the subsets, graph errors, calibration and candidate recall (the test evaluation). */
  detailed?: boolean;
  /** Mean log(1+w) of edges new in the training weeks (the constant baseline for new-edge weights). */
  newEdgeMeanLogWeight?: number;
  /** Sampled forecast graphs per stress case (0: none). */
  stressSamples?: number;
  /** The network-free baseline to report beside the model (detailed runs). */
  heuristic?: HeuristicSpec;
  /** The heuristic graph's selection rule per horizon (default: expected count). */
  heuristicRules?: Record<string, SelectionRule>;
  /** Conformal widening of the stress band per horizon and scenario (fitted on the validation weeks). */
  bandWiden?: Record<string, Record<string, number>>;
  /** Keep the stress cases in the report. */
  keepStressCases?: boolean;
  /** Apply the input-domain check as the shipped forecast does (out of domain: TVLs and current weights held). */
  applyDomain?: boolean;
  onProgress?: (message: string) => void;
}
