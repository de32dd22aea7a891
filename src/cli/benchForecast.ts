// Forecast timings in Node (tfjs cpu backend plus our fast kernels): all four horizons from the
// last 8 weeks. The browser backends (webgpu, webgl, cpu) are timed by benchBrowser.ts.
import { readFile } from 'node:fs/promises';
import { readBinary } from './io';
import * as tf from '@tensorflow/tfjs-core';
import { parseDatasetText } from '../core/snapshot';
import { checkCalibration } from '../core/synthetic/calibration';
import { generatePaperScaleWeek, LARGE_SCALE, PAPER_SCALE } from '../core/synthetic/history';
import { forecast, loadModel } from '../model/forecast';
import { rankExposures } from '../model/topExposures';
import { initNodeBackend } from '../model/node';
import type { Snapshot } from '../core/types';
import { timeIt, type BenchRow } from './benchUtil';

export async function benchForecast(quick: boolean): Promise<BenchRow[]> {
  await initNodeBackend();
  const model = await loadModel(readBinary, 'models/');
  const cases: { label: string; weeks: Snapshot[]; paperScale: boolean }[] = [];
  const history = parseDatasetText(await readFile('public/data/synthetic-history.json', 'utf8'));
  cases.push({
    label: `synthetic-history (${history.weeks.at(-1)!.n} nodes, 8 weeks)`,
    weeks: history.weeks.slice(-8),
    paperScale: false,
  });
  const defaultData = parseDatasetText(await readFile('public/data/defillama-2026-09-02.json', 'utf8'));
  cases.push({ label: 'default (DefiLlama 2026-09-02, 1 week)', weeks: defaultData.weeks, paperScale: false });
  const calibration = checkCalibration(JSON.parse(await readFile('src/core/synthetic/calibration.json', 'utf8')));
  const paper = parseDatasetText(
    JSON.stringify(generatePaperScaleWeek(calibration, { ...PAPER_SCALE, weeks: 8, seed: 7 }).file),
  );
  const last = paper.weeks.at(-1)!;
  cases.push({
    label: `paper-scale synthetic (${last.n} nodes / ${last.edges.m} edges, 8 weeks)`,
    weeks: paper.weeks,
    paperScale: true,
  });
  if (!quick) {
    const large = parseDatasetText(
      JSON.stringify(generatePaperScaleWeek(calibration, { ...LARGE_SCALE, weeks: 8, seed: 7 }).file),
    );
    const l = large.weeks.at(-1)!;
    cases.push({
      label: `large synthetic (${l.n} nodes / ${l.edges.m} edges, 8 weeks)`,
      weeks: large.weeks,
      paperScale: false,
    });
  }

  const rows: BenchRow[] = [];
  const runs = quick ? 2 : 5;
  for (const c of cases) {
    const before = tf.memory().numTensors;
    const ms = await timeIt(() => forecast(model, c.weeks), runs);
    const leaked = tf.memory().numTensors - before;
    rows.push({
      dataset: c.label,
      task: 'forecast h=1,4,8,12 (Node, tfjs cpu)',
      median_ms: ms,
      runs,
      target: c.paperScale ? '≤ 3000 ms' : undefined,
      note: leaked ? `${leaked} tensors leaked` : undefined,
    });
    // The Forecast tab's ranked lists: scoring every candidate and ranking both lists (pure, after the forecast).
    const [h4] = await forecast(model, c.weeks, [4]);
    rows.push({
      dataset: c.label,
      task: 'ranked new / vanishing exposures h=4, top 10 of the whole graph',
      median_ms: await timeIt(() => rankExposures(h4, c.weeks.at(-1)!, 10), runs),
      runs,
      note: `${h4.candidates.src.length} candidate pairs`,
    });
  }
  const weightBytes = (await readFile(`models/${model.manifest.weightsFile}`)).byteLength;
  rows.push({
    dataset: 'models/',
    task: 'model weights size',
    median_ms: null,
    value: `${(weightBytes / 1e6).toFixed(2)} MB`,
    runs: 0,
    target: '≤ 5 MB',
  });
  return rows;
}
