// `npm run --silent cli -- evaluate --json`: evaluate the shipped model (models/) against the
// persistence baseline on the held-out test weeks of the history it was trained on.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Snapshot } from '../core/types';
import { loadDatasetFile } from './io';
import { initNodeBackend } from '../model/node';
import { loadModel, HORIZONS, type LoadedModel } from '../model/forecast';
import { evaluateForecaster, newEdgeMeanLogWeight, type EvaluationReport, type HorizonReport } from '../model/evaluate';

const DEFAULT_HISTORY = 'data/history/synthetic-history.json';

export interface TestEvaluation extends EvaluationReport {
  model_version: string;
  data: { file: string; weeks: number; first_week: string; last_week: string };
  split: { train_targets_to: string; validation_targets_to: string; test_anchors: string[]; test_targets_to: string };
  notes: string[];
  /** The goals, each with its measured number per horizon and met / not met. */
  goals: Goal[];
}

export interface Goal {
  id: string;
  goal: string;
  horizons: Record<string, { value: number; target: number; met: boolean }>;
  met: boolean;
}

/** Stress-band draws per (anchor, scenario) case in the test evaluation. */
export const EVAL_STRESS_SAMPLES = 16;

/** The goals the model card reports as met / not met (computed from the report, never typed in). */
export function evaluationGoals(horizons: Record<string, HorizonReport>): Goal[] {
  const goal = (
    id: string,
    text: string,
    pick: (r: HorizonReport) => { value: number; target: number; met: boolean } | null,
  ): Goal => {
    const out: Goal['horizons'] = {};
    for (const [h, r] of Object.entries(horizons)) {
      const v = pick(r);
      if (v) out[h] = v;
    }
    const vals = Object.values(out);
    return { id, goal: text, horizons: out, met: vals.length > 0 && vals.every((v) => v.met) };
  };
  return [
    goal('graph_errors', 'forecast-graph edge errors below persistence', (r) =>
      r.graph_errors
        ? {
            value: r.graph_errors.model.total,
            target: r.graph_errors.persistence.total,
            met: r.graph_errors.model.total < r.graph_errors.persistence.total,
          }
        : null,
    ),
    goal('ece', 'calibration ECE ≤ 0.02 (test forecast candidates, 15 bins)', (r) =>
      r.calibration
        ? { value: r.calibration.ece_after, target: 0.02, met: r.calibration.ece_after <= 0.02 }
        : null,
    ),
    goal('candidate_recall', '≥ 70% of realized new edges are forecast candidates', (r) =>
      r.candidate_recall
        ? { value: r.candidate_recall.recall, target: 0.7, met: r.candidate_recall.recall >= 0.7 }
        : null,
    ),
    goal('new_edge_auprc', 'new-edge AUPRC ≥ 3 × base rate', (r) =>
      r.new_edges
        ? {
            value: r.new_edges.model.auprc,
            target: 3 * r.new_edges.base_rate,
            met: r.new_edges.model.auprc >= 3 * r.new_edges.base_rate,
          }
        : null,
    ),
    goal('vanished_edge_auprc', 'vanished-edge AUPRC above smoothed persistence', (r) =>
      r.vanished_edges
        ? {
            value: r.vanished_edges.model.auprc,
            target: r.vanished_edges.smoothed_persistence.auprc,
            met: r.vanished_edges.model.auprc > r.vanished_edges.smoothed_persistence.auprc,
          }
        : null,
    ),
    goal('stress_worst20', 'stress ΔMAE (worst 20% of cases) > 0', (r) =>
      r.stress ? { value: r.stress.worst20.delta_mae, target: 0, met: r.stress.worst20.delta_mae > 0 } : null,
    ),
  ];
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
  return rows.join('\n');
}

export async function runEvaluate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      model: { type: 'string' },
      data: { type: 'string' },
      meta: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run --silent cli -- evaluate [--json] [--model DIR] [--data FILE] [--meta CSV]\n' +
        `Evaluates DIR (default models/) against persistence on the test weeks of FILE (default ${DEFAULT_HISTORY}).\n`,
    );
    return;
  }
  await initNodeBackend();
  const dir = values.model ?? 'models';
  const model = await loadModel(async (p) => {
    const buf = await readFile(p);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  }, `${dir}/`);
  try {
    const file = values.data ?? DEFAULT_HISTORY;
    const dataset = await loadDatasetFile(file, { meta: values.meta });
    const ev = await testEvaluation(model, dataset.weeks, file);
    process.stdout.write(values.json ? `${JSON.stringify(ev, null, 2)}\n` : `${table(ev)}\n`);
  } finally {
    model.dispose();
  }
}
