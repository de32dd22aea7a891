// `npm run --silent cli -- evaluate --real [--data FILE] [--write]`: the shipped model out of
// domain on a REAL multi-date dataset (default: the six DefiLlama dates of August 2026),
// walk-forward: every date an anchor (with the dates before it as history), the next date as the
// target of the model's h=1 head and the date four steps on as the target of its h=4 head (the
// dates are 2–7 days apart, so the gaps are stated in days). Against persistence and the heuristic,
// with the shipped forecast's domain check applied (too short a history: TVLs and current weights
// held). The real dates are never used to fit anything.
import { readFile, writeFile } from 'node:fs/promises';
import type { Snapshot } from '../core/types';
import type { LoadedModel } from '../model/forecast';
import { evaluateForecaster, EVAL_STRESS_SAMPLES, type EvaluationReport } from '../model/evaluate';

export const DEFAULT_REAL_HISTORY = 'public/data/defillama-history-2026-08.json';

export interface RealEvaluation extends EvaluationReport {
  file: string;
  synthetic: boolean;
  source: string;
  dates: string[];
  /** Per model head: the gaps in days between anchor and target dates. */
  gaps_days: Record<string, number[]>;
  /** Edge retention and Jaccard between consecutive dates (holder→issuer pairs of the built graphs). */
  churn: { from: string; to: string; days: number; retention: number; jaccard: number }[];
  note: string;
}

const DAY = 86_400_000;
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

export async function realEvaluation(model: LoadedModel, weeks: Snapshot[], file: string): Promise<RealEvaluation> {
  const steps = [1, 4] as const;
  const anchors = weeks.slice(0, -1).map((_, i) => i);
  // New-edge weight of the heuristic's graph: mean log(1+w) of the first date's edges (no look-ahead).
  const first = weeks[0];
  let sum = 0;
  let count = 0;
  for (let e = 0; e < first.edges.m; e++)
    if (first.edges.weight[e] > 0) {
      sum += Math.log1p(first.edges.weight[e]);
      count++;
    }
  const report = await evaluateForecaster(model, weeks, {
    anchors,
    lastTarget: weeks.length - 1,
    horizons: [...steps],
    stress: true,
    seed: model.manifest.training.seed,
    detailed: true,
    heuristic: model.manifest.heuristic,
    heuristicRules: model.manifest.forecast_graph?.heuristic_rules,
    bandWiden: model.manifest.stress_band?.widen,
    stressSamples: EVAL_STRESS_SAMPLES,
    newEdgeMeanLogWeight: count ? sum / count : 0,
    applyDomain: true,
  });
  const gaps: Record<string, number[]> = {};
  for (const h of steps)
    gaps[String(h)] = anchors.filter((t) => t + h < weeks.length).map((t) => days(weeks[t].date, weeks[t + h].date));
  // Holder→issuer pairs by id (nodes entering or leaving count as churn).
  const pairs = (s: Snapshot) => {
    const out = new Set<string>();
    for (let e = 0; e < s.edges.m; e++)
      if (s.edges.weight[e] > 0) out.add(`${s.ids[s.edges.source[e]]}>${s.ids[s.edges.target[e]]}`);
    return out;
  };
  const churn = weeks.slice(1).map((w, i) => {
    const a = pairs(weeks[i]);
    const b = pairs(w);
    let kept = 0;
    for (const k of a) if (b.has(k)) kept++;
    return {
      from: weeks[i].date,
      to: w.date,
      days: days(weeks[i].date, w.date),
      retention: a.size ? kept / a.size : NaN,
      jaccard: a.size + b.size - kept ? kept / (a.size + b.size - kept) : NaN,
    };
  });
  const last = weeks[weeks.length - 1];
  return {
    file,
    synthetic: last.provenance.synthetic,
    source: last.provenance.source,
    dates: weeks.map((w) => w.date),
    gaps_days: gaps,
    churn,
    note: `Out-of-domain check on ${last.provenance.synthetic ? 'SYNTHETIC' : 'REAL'} data: the model was trained on synthetic weekly graphs; here the head "h=1" forecasts the next date and "h=4" the date four steps on (gaps in days above). Every anchor has fewer dates than the model's ${model.config.window}-week window, so the shipped forecast holds TVLs and current weights there (the model's TVL errors equal persistence's) and only the edge structure is the model's.`,
    ...report,
  };
}

/** Merge the real-data check into DIR/evaluation.json (key real_data), for the card and the app. */
export async function writeRealEvaluation(path: string, real: RealEvaluation): Promise<void> {
  const ev = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  ev.real_data = real;
  await writeFile(path, `${JSON.stringify(ev, null, 2)}\n`);
}
