// `npm run cli -- train [options]`: train the forecaster on a weekly history and write
// models/manifest.json, models/weights.bin, models/evaluation.json and models/MODEL_CARD.md.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDatasetFile, readBinary } from './io';
import { initNodeBackend } from '../model/node';
import { DEFAULT_TRAIN_OPTIONS, trainForecaster, type TrainOptions } from '../model/train';
import { encodeWeights, sha256Hex, validateManifest, type ModelManifest } from '../model/weights';
import { fitDomain } from '../model/domain';
import { fitHeuristic } from '../model/heuristic';
import {
  evaluateForecaster,
  newEdgeMeanLogWeight,
  EVAL_STRESS_SAMPLES,
  STRESS_PERIMETER,
  STRESS_RULE,
  STRESS_THRESHOLD,
} from '../model/evaluate';
import { bestRule, type SelectionRule } from '../model/selection';
import { bandCoverage, conformalWidening } from '../model/bands';
import { SCENARIO_NAMES } from '../core/scenarios';
import { forecast, loadModel, HORIZONS, type LoadedModel } from '../model/forecast';
import { modelCard, type CardExtras } from '../model/modelCard';
import type { Snapshot } from '../core/types';
import { parseCompact } from '../core/snapshot';
import { committedCalibration } from '../core/synthetic/committed';
import { generatePaperScaleWeek, PAPER_SCALE } from '../core/synthetic/history';
import { testEvaluation, type TestEvaluation } from './evaluate';

export const DEFAULT_HISTORY = 'data/history/synthetic-history.json';

const HELP = `Usage: npm run cli -- train [--data FILE] [--meta CSV] [--out DIR] [--seed N]
                             [--epochs N] [--max-minutes M] [--window T] [--skip-eval] [--card-only] [--fit-only] [--keep-band] [--card-from-eval]

Trains the temporal-graph forecaster (tfjs cpu backend) on a weekly history
(default ${DEFAULT_HISTORY}, made by \`npm run data -- history\`) and writes
DIR/manifest.json, DIR/weights.bin, DIR/evaluation.json and DIR/MODEL_CARD.md (DIR = models).
The run is deterministic for a given seed. --card-only re-evaluates the weights already in DIR
and rewrites DIR/evaluation.json and DIR/MODEL_CARD.md without training; it and --fit-only first
refit what does not change the weights; --card-from-eval rewrites DIR/MODEL_CARD.md from
DIR/evaluation.json as it is. Both (the input domain and the heuristic baseline, on the training weeks) into DIR/manifest.json.`;

function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isInteger(x) || x < min || x > max)
    throw new Error(`--${name}: expected a whole number between ${min} and ${max}, got "${value}"`);
  return x;
}

export async function runTrain(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      meta: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      epochs: { type: 'string' },
      'max-minutes': { type: 'string' },
      window: { type: 'string' },
      'skip-eval': { type: 'boolean' },
      'card-only': { type: 'boolean' },
      'fit-only': { type: 'boolean' },
      'card-from-eval': { type: 'boolean' },
      'keep-band': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const log = (m: string) => process.stderr.write(`[train] ${m}\n`);
  const dataPath = values.data ?? DEFAULT_HISTORY;
  const outDir = values.out ?? 'models';
  await initNodeBackend();
  log(`loading ${dataPath}`);
  const dataset = await loadDatasetFile(dataPath, { meta: values.meta });
  for (const w of dataset.warnings) log(`warning: ${w}`);
  if (values['card-from-eval']) {
    // Rewrite MODEL_CARD.md from DIR/evaluation.json as it is (no refit, no evaluation).
    const model = await loadModel(readBinary, `${outDir}/`);
    const evaluation = JSON.parse(await readFile(join(outDir, 'evaluation.json'), 'utf8')) as TestEvaluation;
    await writeCard(
      model,
      evaluation,
      outDir,
      (model.manifest.training.history ?? []) as CardExtras['history'],
      String(model.manifest.training.command ?? 'npm run cli -- train'),
      log,
    );
    model.dispose();
    return;
  }
  if (values['card-only'] || values['fit-only']) {
    // Fits that do not touch the weights (input domain, on the training weeks) are redone here,
    // so that the manifest follows the code without retraining.
    const manifest = await refitManifest(outDir, dataset.weeks, log, values['keep-band'] ?? false);
    if (values['fit-only']) return;
    const model = await loadModel(readBinary, `${outDir}/`);
    if (model.manifest.sha256 !== manifest.sha256) throw new Error('manifest changed under us');
    const history = (model.manifest.training.history ?? []) as CardExtras['history'];
    await evaluateAndDocument(
      model,
      dataset.weeks,
      dataPath,
      outDir,
      history,
      String(model.manifest.training.command ?? 'npm run cli -- train'),
      log,
    );
    model.dispose();
    return;
  }
  if (dataset.weeks.length < 20)
    throw new Error(`${dataPath}: ${dataset.weeks.length} weeks is too short to train and test (need ≥ 20)`);
  const seed = intOption(values.seed, 'seed', 0, 2 ** 31 - 1) ?? DEFAULT_TRAIN_OPTIONS.seed;
  const window = intOption(values.window, 'window', 1, 52) ?? DEFAULT_TRAIN_OPTIONS.config.window;
  const opts: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    config: { ...DEFAULT_TRAIN_OPTIONS.config, window },
    seed,
    maxEpochs: intOption(values.epochs, 'epochs', 1, 1000) ?? DEFAULT_TRAIN_OPTIONS.maxEpochs,
    // Only an explicit --max-minutes stops on time (and then the weights depend on the machine).
    maxMinutes: intOption(values['max-minutes'], 'max-minutes', 1, 1000) ?? DEFAULT_TRAIN_OPTIONS.maxMinutes,
    log,
  };
  const last = dataset.weeks[dataset.weeks.length - 1];
  const protocols = last.kinds.filter((k) => k === 'protocol').length;
  const result = await trainForecaster(dataset.weeks, opts, {
    file: dataPath,
    name: dataset.name,
    title: dataset.title,
    provenance: dataset.provenance,
    protocols,
    nodesLastWeek: last.n,
    edgesLastWeek: last.edges.m,
  });
  const bytes = encodeWeights(result.manifest.weightSpecs, result.values);
  const sha256 = await sha256Hex(bytes);
  const command = `npm run cli -- train --data ${dataPath} --seed ${seed}${values.epochs ? ` --epochs ${values.epochs}` : ''}${values.window ? ` --window ${window}` : ''}`;
  const manifest: ModelManifest = {
    ...result.manifest,
    training: { ...result.manifest.training, command },
    byteLength: bytes.byteLength,
    sha256,
  };
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'weights.bin'), bytes);
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `wrote ${outDir}/weights.bin (${bytes.byteLength} bytes, sha256 ${sha256}) and ${outDir}/manifest.json after ${result.seconds.toFixed(0)} s`,
  );
  // The validation pass that completes the model (graph selection rule, stress band widening).
  await refitManifest(outDir, dataset.weeks, log, false);
  if (values['skip-eval']) return;

  // Evaluate the files as written (exercises the loader and its checksum).
  const model = await loadModel(readBinary, `${outDir}/`);
  await evaluateAndDocument(model, dataset.weeks, dataPath, outDir, result.history, command, log);
  model.dispose();
}

/**
 * Refit the weight-free parts of DIR/manifest.json on the manifest's own split and rewrite it:
 * the input domain and the heuristic baseline on the training weeks; then, in one pass over the
 * validation weeks, the forecast graph's selection rule (fewest edge errors, model and heuristic
 * each) and the stress band's conformal widening per horizon and scenario. The test weeks are not
 * read here.
 */
async function refitManifest(
  outDir: string,
  weeks: Snapshot[],
  log: (m: string) => void,
  keepBand: boolean,
): Promise<ModelManifest> {
  const manifest = validateManifest(JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')));
  const split = manifest.data.split;
  if (!split) throw new Error(`${outDir}/manifest.json has no data.split: retrain`);
  const domain = fitDomain(
    weeks,
    split.trainEnd,
    manifest.norm,
    `protocol nodes of the training weeks (≤ ${split.trainEndDate})`,
  );
  log(`input domain: max out-of-range share in a training week ${(100 * domain.maxOutShare).toFixed(1)}%`);
  let started = performance.now();
  const heuristic = fitHeuristic(
    { config: manifest.config, norm: manifest.norm, candidates: manifest.candidates },
    weeks,
    split.trainEnd,
    `forecast candidates of every 8th training anchor (targets ≤ ${split.trainEndDate})`,
  );
  log(`heuristic baseline fitted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const model = await loadModel(readBinary, `${outDir}/`);
  const anchors: number[] = [];
  for (let t = split.trainEnd; t < split.valEnd; t++) anchors.push(t);
  // --keep-band: the band's widening depends on neither the heuristic nor the rules, so a refit of
  // those alone may keep it and skip the validation stress runs (most of this pass's time).
  const keptBand = keepBand ? manifest.stress_band : undefined;
  const report = await evaluateForecaster({ ...model, selection: undefined }, weeks, {
    anchors,
    lastTarget: split.valEnd,
    horizons: [...HORIZONS],
    stress: !keptBand,
    seed: manifest.training.seed,
    detailed: true,
    heuristic,
    newEdgeMeanLogWeight: newEdgeMeanLogWeight(weeks, split.trainEnd),
    stressSamples: EVAL_STRESS_SAMPLES,
    keepStressCases: true,
    onProgress: (m) => log(`validation: ${m}`),
  });
  model.dispose();
  const fitted_on = `the validation anchors ${weeks[anchors[0]].date} … ${weeks[anchors[anchors.length - 1]].date} (targets ≤ ${split.valEndDate})`;
  const rules: Record<string, SelectionRule> = {};
  const heuristicRules: Record<string, SelectionRule> = {};
  const errors: Record<string, Record<string, { model: number; heuristic: number }>> = {};
  const widen: Record<string, Record<string, number>> = {};
  const validation: Record<string, Record<string, { cases: number; raw: number; calibrated: number }>> = {};
  for (const [h, r] of Object.entries(report.horizons)) {
    const byRule = r.graph_errors?.by_rule ?? {};
    errors[h] = byRule;
    rules[h] = bestRule(Object.fromEntries(Object.entries(byRule).map(([k, v]) => [k, v.model])));
    heuristicRules[h] = bestRule(Object.fromEntries(Object.entries(byRule).map(([k, v]) => [k, v.heuristic])));
    widen[h] = {};
    validation[h] = {};
    for (const scenario of SCENARIO_NAMES) {
      const cases = (r.stress_cases ?? [])
        .filter((c) => c.scenario === scenario && c.band)
        .map((c) => ({ realized: c.realized, p10: c.band!.p10, p90: c.band!.p90 }));
      if (cases.length === 0) continue;
      const w = conformalWidening(cases, 0.8);
      widen[h][scenario] = w;
      validation[h][scenario] = {
        cases: cases.length,
        raw: bandCoverage(cases, 0).coverage,
        calibrated: bandCoverage(cases, w).coverage,
      };
    }
    if (keptBand) {
      log(`h=${h}: graph rule ${rules[h]} (heuristic ${heuristicRules[h]}); band widening kept`);
      continue;
    }
    log(
      `h=${h}: graph rule ${rules[h]} (heuristic ${heuristicRules[h]}); band widening ${Object.entries(widen[h])
        .map(([k, v]) => `${k} ${v.toFixed(2)} pp`)
        .join(', ')}`,
    );
  }
  log(`validation pass in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const next: ModelManifest = {
    ...manifest,
    domain,
    heuristic,
    forecast_graph: { rules, heuristic_rules: heuristicRules, errors, fitted_on },
    stress_band: keptBand ?? {
      widen,
      rule: STRESS_RULE,
      perimeter: STRESS_PERIMETER,
      threshold: STRESS_THRESHOLD,
      samples: EVAL_STRESS_SAMPLES,
      validation,
      fitted_on,
    },
  };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

/** Test evaluation → DIR/evaluation.json, paper-scale timing, DIR/MODEL_CARD.md. */
async function evaluateAndDocument(
  model: LoadedModel,
  weeks: Snapshot[],
  dataPath: string,
  outDir: string,
  history: CardExtras['history'],
  command: string,
  log: (m: string) => void,
): Promise<void> {
  const evaluation = await testEvaluation(model, weeks, dataPath, log);
  await writeFile(join(outDir, 'evaluation.json'), `${JSON.stringify(evaluation, null, 2)}\n`);
  await writeCard(model, evaluation, outDir, history, command, log);
}

async function writeCard(
  model: LoadedModel,
  evaluation: TestEvaluation,
  outDir: string,
  history: CardExtras['history'],
  command: string,
  log: (m: string) => void,
): Promise<void> {
  // Paper-scale timing for the card (best of three; the first run warms up the JIT), on the
  // generator's paper-scale weeks as the benchmarks time them (8 weeks, seed 7).
  const big = parseCompact(
    generatePaperScaleWeek(committedCalibration, { ...PAPER_SCALE, weeks: 8, seed: 7 }).file,
  ).weeks;
  let best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, (await forecast(model, big))[0].ms);
  await writeFile(
    join(outDir, 'MODEL_CARD.md'),
    modelCard(model.manifest, evaluation, { history, forecastMs: best, trainCommand: command }),
  );
  log(`wrote ${outDir}/evaluation.json and ${outDir}/MODEL_CARD.md; paper-scale forecast ${best.toFixed(0)} ms`);
  for (const [h, r] of Object.entries(evaluation.horizons)) {
    log(
      `h=${h}: AUPRC model ${r.model.auprc.toFixed(4)} vs persistence ${r.persistence.auprc.toFixed(4)}; AUROC ${r.model.auroc.toFixed(4)} vs ${r.persistence.auroc.toFixed(4)}`,
    );
  }
}
