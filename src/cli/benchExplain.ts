// Bench rows of issue 17: one protocol's loss attribution (target ≤ 50 ms on the default week), the
// systemic rankings (one sweep with the vulnerability sums), the sector timeline's series and signals,
// and in the browser the Timeline tab (target: renders in ≤ 200 ms).
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { attributeLoss } from '../core/attribution';
import { runContagion, type ContagionResult } from '../core/contagion';
import { systemicRankings } from '../core/metrics/rankings';
import { scenarioSeeds } from '../core/scenarios';
import { earlyWarnings, timelineSeries, type SectorTimelineFile } from '../core/timeline';
import type { Snapshot } from '../core/types';
import { median, timeIt, type BenchRow } from './benchUtil';

/** The protocol contagion hit hardest (largest indirect loss) in a run. */
function mostHit(result: ContagionResult): number {
  let best = -1;
  let bestLoss = 0;
  for (let i = 0; i < result.losses.length; i++) {
    const indirect = result.losses[i] - result.initialLosses[i];
    if (indirect > bestLoss) [best, bestLoss] = [i, indirect];
  }
  return best;
}

export async function benchExplain(
  datasets: { label: string; snapshot: Snapshot; isDefault: boolean }[],
  quick: boolean,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const R = quick ? 5 : 15;
  for (const d of datasets) {
    const result = runContagion(d.snapshot, scenarioSeeds(d.snapshot, 'top5'));
    const target = mostHit(result);
    if (target >= 0) {
      // A shallow copy of the result misses the per-result flow cache, so building it is counted.
      rows.push({
        dataset: d.label,
        task: `loss attribution of one protocol (${d.snapshot.names[target]}, top-5 at 30%): flows, origins, paths`,
        median_ms: await timeIt(() => attributeLoss(d.snapshot, { ...result }, target), R),
        runs: R,
        target: d.isDefault ? '≤ 50 ms' : undefined,
      });
    }
    const sweepRuns = quick ? 1 : 3;
    rows.push({
      dataset: d.label,
      task: 'systemic impact + vulnerability rankings (one sweep at 50%, loss sums per node)',
      median_ms: await timeIt(() => systemicRankings(d.snapshot, { fraction: 0.5 }), sweepRuns),
      runs: sweepRuns,
    });
  }
  const file = JSON.parse(
    await readFile('public/data/sectors/dexposure-sector-timeline.json', 'utf8'),
  ) as SectorTimelineFile;
  rows.push({
    dataset: 'DeXposure sector timeline (real, 283 weeks)',
    task: 'timeline series + early-warning signals (Node)',
    median_ms: await timeIt(() => {
      timelineSeries(file);
      earlyWarnings(file);
    }, R),
    runs: R,
  });
  return rows;
}

/** The Timeline tab on a page already showing the app: click to drawn, and the render alone. */
export async function benchTimelineTab(page: Page, base: string, runs: number): Promise<BenchRow[]> {
  const total: number[] = [];
  const render: number[] = [];
  for (let r = 0; r < runs; r++) {
    await page.goto(base);
    await page.locator('[data-testid="network-canvas"][data-ready="true"]').waitFor({ timeout: 120_000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('tab-timeline').click();
    const chart = page.locator('[data-testid="timeline-chart"][data-ready="true"]');
    await chart.waitFor({ timeout: 60_000 });
    total.push(Number(await chart.getAttribute('data-ready-at')) - t0);
    render.push(Number(await chart.getAttribute('data-render-ms')));
  }
  return [
    {
      dataset: 'DeXposure sector timeline (in the browser)',
      task: 'Timeline tab renders: file in hand → series, signals and both uPlot charts drawn',
      median_ms: median(render),
      runs,
      target: '≤ 200 ms',
    },
    {
      dataset: 'DeXposure sector timeline (in the browser)',
      task: 'Timeline tab, click → charts drawn (lazy chunk, file fetch and parse included)',
      median_ms: median(total),
      runs,
      note: `runs ${total.map((t) => t.toFixed(0)).join(', ')} ms`,
    },
  ];
}
