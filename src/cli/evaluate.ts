// `npm run --silent cli -- evaluate --json`: evaluate the shipped model (models/) against the
// persistence baseline on the held-out test weeks of the history it was trained on.

import { parseArgs } from 'node:util';
import type { Snapshot } from '../core/types';
import { loadDatasetFile, readBinary } from './io';
import { DEFAULT_REAL_HISTORY, realEvaluation, writeRealEvaluation } from './evaluateReal';
import { initNodeBackend } from '../model/node';
import { loadModel, HORIZONS, type LoadedModel } from '../model/forecast';
import {
  evaluateForecaster,
  evaluationGoals,
  newEdgeMeanLogWeight,
  EVAL_STRESS_SAMPLES,
  type EvaluationReport,
  type Goal,
  type RankedListMethods,
} from '../model/evaluate';

const DEFAULT_HISTORY = 'data/history/synthetic-history.json';

export interface TestEvaluation extends EvaluationReport {
  model_version: string;
  data: { file: string; weeks: number; first_week: string; last_week: string };
  split: { train_targets_to: string; validation_targets_to: string; test_anchors: string[]; test_targets_to: string };
  notes: string[];
  /** The goals, each with its measured number per horizon and met / not met. */
  goals: Goal[];
}

/** Evaluate on the test part of the manifest's walk-forward split (anchors from the validation end on). */
export async function testEvaluation(
  model: LoadedModel,
  weeks: Snapshot[],
  file: string,
  log?: (m: string) => void,
): Promise<TestEvaluation> {
  const split = model.manifest.data.split;
  if (!split) throw new Error('model manifest: no data.split recorded; retrain the model');
  // By date, so a regenerated history with the same calendar lines up; no anchor before the split.
  const anchors: number[] = [];
  weeks.forEach((w, i) => {
    if (w.date >= split.valEndDate && i < weeks.length - 1) anchors.push(i);
  });
  if (anchors.length === 0)
    throw new Error(
      `${file}: no week on or after ${split.valEndDate} (the model's validation end); is this the history the model was trained on?`,
    );
  const report = await evaluateForecaster(model, weeks, {
    anchors,
    lastTarget: weeks.length - 1,
    horizons: [...HORIZONS],
    stress: true,
    seed: model.manifest.training.seed,
    onProgress: log,
    detailed: true,
    newEdgeMeanLogWeight: newEdgeMeanLogWeight(weeks, split.trainEnd),
    stressSamples: EVAL_STRESS_SAMPLES,
    heuristic: model.manifest.heuristic,
    heuristicRules: model.manifest.forecast_graph?.heuristic_rules,
    bandWiden: model.manifest.stress_band?.widen,
  });
  const notes: string[] = [];
  if (weeks.length !== Number(model.manifest.data.weeks) || weeks[weeks.length - 1].date !== split.lastWeekDate) {
    notes.push(
      `the evaluated history (${weeks.length} weeks to ${weeks[weeks.length - 1].date}) differs from the training history (${String(model.manifest.data.weeks)} weeks to ${split.lastWeekDate})`,
    );
  }
  for (const [h, r] of Object.entries(report.horizons)) {
    if (!(r.model.auprc > r.persistence.auprc)) notes.push(`h=${h}: model AUPRC does not beat persistence`);
  }
  return {
    model_version: model.version,
    data: { file, weeks: weeks.length, first_week: weeks[0].date, last_week: weeks[weeks.length - 1].date },
    split: {
      train_targets_to: split.trainEndDate,
      validation_targets_to: split.valEndDate,
      test_anchors: anchors.map((i) => weeks[i].date),
      test_targets_to: weeks[weeks.length - 1].date,
    },
    notes,
    ...report,
    goals: evaluationGoals(report.horizons),
  };
}

function table(ev: TestEvaluation): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '—');
  const rows = [
    `model ${ev.model_version.slice(0, 12)} on ${ev.data.file}, test anchors ${ev.split.test_anchors[0]} … ${ev.split.test_anchors.at(-1)}`,
  ];
  rows.push('h   AUROC m/p        AUPRC m/p        wMAE m/p         nodeMAE m/p        stress ΔMAE');
  for (const [h, r] of Object.entries(ev.horizons)) {
    rows.push(
      `${h.padEnd(3)} ${f(r.model.auroc)}/${f(r.persistence.auroc)}  ${f(r.model.auprc)}/${f(r.persistence.auprc)}  ${f(r.model.weight_mae)}/${f(r.persistence.weight_mae)}  ${f(r.model.node_mae)}/${f(r.persistence.node_mae)}  ${r.stress ? r.stress.delta_mae.toFixed(3) : '—'}`,
    );
  }
  rows.push('');
  rows.push(
    'h   new AUPRC m/smoothed (base)     vanish AUPRC m/smoothed   graph errors m/pers   ECE before→after  cand. recall',
  );
  for (const [h, r] of Object.entries(ev.horizons)) {
    if (!r.new_edges || !r.vanished_edges || !r.graph_errors || !r.calibration || !r.candidate_recall) continue;
    rows.push(
      `${h.padEnd(3)} ${f(r.new_edges.model.auprc)}/${f(r.new_edges.smoothed_persistence.auprc)} (${f(r.new_edges.base_rate)})  ${f(r.vanished_edges.model.auprc)}/${f(r.vanished_edges.smoothed_persistence.auprc)}     ${r.graph_errors.model.total}/${r.graph_errors.persistence.total}     ${f(r.calibration.ece_before)}→${f(r.calibration.ece_after)}   ${f(r.candidate_recall.recall)}`,
    );
  }
  rows.push(...precisionRows(ev));
  for (const g of ev.goals) rows.push(`${g.met ? 'met    ' : 'NOT met'}  ${g.goal}`);
  return rows.join('\n');
}

/** precision@k of the ranked exposure lists: model / heuristic / smoothed persistence, model's USD-weighted, base rate. */
export function precisionRows(ev: TestEvaluation): string[] {
  const f = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : '—');
  const cell = (m: RankedListMethods) =>
    `${f(m.model.precision)}/${f(m.heuristic?.precision)}/${f(m.baseline.precision)} (${f(m.model.usd_precision)})`;
  const out = ['', 'ranked lists, precision m/heur/smoothed (model USD-weighted); base rate in [ ]'];
  out.push('h   list       top 10                     top 50                     per holder top 5');
  for (const [h, r] of Object.entries(ev.horizons)) {
    const t = r.top_exposures;
    if (!t) continue;
    for (const kind of ['new', 'vanishing'] as const) {
      const l = t[kind];
      const at = (k: string) => (l.overall[k] ? cell(l.overall[k]) : '—').padEnd(26);
      out.push(`${h.padEnd(3)} ${kind.padEnd(10)} ${at('10')} ${at('50')} ${cell(l.per_holder)} [${f(l.base_rate)}]`);
    }
  }
  return out.length > 2 ? out : [];
}

export async function runEvaluate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      model: { type: 'string' },
      data: { type: 'string' },
      meta: { type: 'string' },
      real: { type: 'boolean' },
      write: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run --silent cli -- evaluate [--json] [--model DIR] [--data FILE] [--meta CSV] [--real [--write]]\n' +
        `Evaluates DIR (default models/) against persistence on the test weeks of FILE (default ${DEFAULT_HISTORY}).\n` +
        `--real: walk-forward out-of-domain check on a real multi-date FILE (default ${DEFAULT_REAL_HISTORY}) against\n` +
        'persistence and the heuristic (JSON); --write also stores it as real_data in DIR/evaluation.json.\n',
    );
    return;
  }
  await initNodeBackend();
  const dir = values.model ?? 'models';
  const model = await loadModel(readBinary, `${dir}/`);
  try {
    if (values.real) {
      const file = values.data ?? DEFAULT_REAL_HISTORY;
      const dataset = await loadDatasetFile(file, { meta: values.meta });
      const real = await realEvaluation(model, dataset.weeks, file);
      if (values.write) await writeRealEvaluation(`${dir}/evaluation.json`, real);
      process.stdout.write(`${JSON.stringify(real, null, 2)}\n`);
      return;
    }
    const file = values.data ?? DEFAULT_HISTORY;
    const dataset = await loadDatasetFile(file, { meta: values.meta });
    const ev = await testEvaluation(model, dataset.weeks, file);
    process.stdout.write(values.json ? `${JSON.stringify(ev, null, 2)}\n` : `${table(ev)}\n`);
  } finally {
    model.dispose();
  }
}
