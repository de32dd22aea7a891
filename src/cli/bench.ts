// `npm run bench`: median timings of the engine, the metrics, the parser and the forecaster on
// the default dataset and on generated paper-scale (5,676 / 30,424) and large (11,000 / 65,000)
// weeks; then canvas frame time while panning in headless Chromium. Prints one table and writes
// it as JSON (bench-results/bench.json). Figures, not pass/fail: targets are printed beside them.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { parseDatasetText, pickWeek } from '../core/snapshot';
import { runContagion, sweep } from '../core/contagion';
import { scenarioSeeds } from '../core/scenarios';
import { networkRiskMetrics, sectorSpillover, systemicImportance } from '../core/metrics';
import { checkCalibration } from '../core/synthetic/calibration';
import { generatePaperScaleWeek, LARGE_SCALE, PAPER_SCALE } from '../core/synthetic/history';
import type { Snapshot } from '../core/types';
import { timeIt, type BenchRow } from './benchUtil';

const DEFAULT_LABEL = 'default (DefiLlama 2026-09-02)';

interface BenchDataset {
  label: string;
  text: string;
  snapshot: Snapshot;
  paperScale: boolean;
}

async function loadBenchDatasets(quick: boolean): Promise<BenchDataset[]> {
  const out: BenchDataset[] = [];
  const defaultText = await readFile('public/data/defillama-2026-09-02.json', 'utf8');
  out.push({
    label: DEFAULT_LABEL,
    text: defaultText,
    snapshot: pickWeek(parseDatasetText(defaultText)),
    paperScale: false,
  });
  const calibration = checkCalibration(JSON.parse(await readFile('src/core/synthetic/calibration.json', 'utf8')));
  const scales = quick
    ? ([['paper-scale', PAPER_SCALE]] as const)
    : ([
        ['paper-scale', PAPER_SCALE],
        ['large', LARGE_SCALE],
      ] as const);
  for (const [name, scale] of scales) {
    const { file } = generatePaperScaleWeek(calibration, { nodes: scale.nodes, edges: scale.edges, seed: 7 });
    const text = JSON.stringify(file);
    const snapshot = pickWeek(parseDatasetText(text));
    out.push({
      label: `${name} synthetic (${snapshot.n} nodes / ${snapshot.edges.m} edges)`,
      text,
      snapshot,
      paperScale: name === 'paper-scale',
    });
  }
  return out;
}

export async function benchEngine(datasets: BenchDataset[], quick: boolean): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const R = quick ? 3 : 7;
  for (const d of datasets) {
    const target = (t: string) => (d.paperScale ? t : undefined);
    rows.push({
      dataset: d.label,
      task: 'parse + validate',
      median_ms: await timeIt(() => parseDatasetText(d.text), R),
      runs: R,
      target: target('≤ 60 ms'),
    });
    if (d.label !== DEFAULT_LABEL) {
      rows.push({
        dataset: d.label,
        task: 'of which JSON.parse alone',
        median_ms: await timeIt(() => JSON.parse(d.text), R),
        runs: R,
      });
      if (!quick) {
        const zodRuns = 3;
        rows.push({
          dataset: d.label,
          task: 'parse + validate with zod alone (the path before the hand check)',
          median_ms: await timeIt(() => parseDatasetText(d.text, { validation: 'zod' }), zodRuns),
          runs: zodRuns,
          note: 'for comparison; zod still runs, only on files the hand check rejects',
        });
      }
    }
    const seeds = scenarioSeeds(d.snapshot, 'top5');
    for (const rule of ['bounded', 'paper', 'debtrank'] as const)
      rows.push({
        dataset: d.label,
        task: `contagion, rule ${rule} (top-5 at 30%)`,
        median_ms: await timeIt(() => runContagion(d.snapshot, seeds, { rule }), R * 10),
        runs: R * 10,
        target: target('≤ 5 ms'),
      });
    const sweepRuns = quick ? 1 : 3;
    rows.push({
      dataset: d.label,
      task: 'sweep (every protocol at 50%)',
      median_ms: await timeIt(() => sweep(d.snapshot, { fraction: 0.5 }), sweepRuns),
      runs: sweepRuns,
      target: target('≤ 10000 ms'),
    });
    rows.push({
      dataset: d.label,
      task: 'SIS + all metrics',
      median_ms: await timeIt(() => {
        const sis = systemicImportance(fresh(d.snapshot));
        sectorSpillover(d.snapshot);
        networkRiskMetrics(d.snapshot, sis);
      }, R),
      runs: R,
      target: target('≤ 100 ms'),
    });
  }
  return rows;
}

/** A shallow copy, so per-snapshot caches (WeakMap-keyed) are rebuilt and counted in the timing. */
function fresh(s: Snapshot): Snapshot {
  return { ...s };
}

function printTable(rows: BenchRow[]) {
  const header = ['dataset', 'task', 'median', 'runs', 'target'];
  const shown = (r: BenchRow) =>
    r.median_ms === null ? (r.value ?? '') : `${r.median_ms < 10 ? r.median_ms.toFixed(2) : r.median_ms.toFixed(0)} ms`;
  const body = rows.map((r) => [
    r.dataset,
    r.task,
    shown(r),
    String(r.runs),
    [r.target, r.note].filter(Boolean).join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results/bench.json' },
      'no-browser': { type: 'boolean', default: false },
      // The exploration rows alone (summary, full graph, clicks) on the benchmark weeks.
      explore: { type: 'boolean', default: false },
      // Only the large-file load (a ~100 MB DeXposure file through "Load your data").
      load: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick!;
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(`Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memory_gb} GiB, Node ${machine.node}\n`);
  // The load row is made from the paper-scale week alone (as with --quick).
  const datasets = await loadBenchDatasets(quick || values.load!);
  if (values.explore || values.load) {
    const { benchBrowser } = await import('./benchBrowser');
    const rows = await benchBrowser(
      datasets.map((d) => ({ label: d.label, text: d.text })),
      quick,
      values.load ? 'load' : 'explore',
    );
    printTable(rows);
    await mkdir(values.out!.replace(/[^/]+$/, '') || '.', { recursive: true });
    await writeFile(values.out!, `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
    return;
  }
  const rows = await benchEngine(datasets, quick);
  const { benchExplain } = await import('./benchExplain');
  rows.push(
    ...(await benchExplain(
      datasets.map((d) => ({ label: d.label, snapshot: d.snapshot, isDefault: d.label === DEFAULT_LABEL })),
      quick,
    )),
  );
  const { benchDesign } = await import('./benchDesign');
  rows.push(...benchDesign(datasets[0].label, datasets[0].snapshot, quick));
  const paper = datasets.find((d) => d.paperScale)!;
  const { benchCli } = await import('./benchCli');
  rows.push(...(await benchCli({ label: paper.label, text: paper.text }, quick)));
  const { benchForecast } = await import('./benchForecast');
  rows.push(...(await benchForecast(quick)));
  const { benchBuildSizes } = await import('./benchBuild');
  rows.push(...(await benchBuildSizes(process.env.BENCH_DIST ?? 'dist')));
  if (!values['no-browser']) {
    const { benchBrowser } = await import('./benchBrowser');
    rows.push(
      ...(await benchBrowser(
        datasets.map((d) => ({ label: d.label, text: d.text })),
        quick,
      )),
    );
  }
  printTable(rows);
  await mkdir(values.out!.replace(/[^/]+$/, '') || '.', { recursive: true });
  await writeFile(values.out!, `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
  console.log(`\nWrote ${values.out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
