// Scenario-design figures for `npm run bench` (issue 16): the answers of the Design tab on the
// default week, in Node; benchBrowser.ts measures the same code in the page (window.__design).
import { emptyScenario } from '../core/scenarioSpec';
import { measureDesign } from '../core/scenario/designTimings';
import type { Snapshot } from '../core/types';
import type { BenchRow } from './benchUtil';

/** The scenario the design timings run on: the top-1 preset (the largest DeFi protocol at 50%). */
export const DESIGN_BENCH_SCENARIO = { ...emptyScenario(), preset: 'top1' as const, presetFraction: 0.5 };

export function benchDesign(label: string, week: Snapshot, quick: boolean): BenchRow[] {
  return measureDesign(week, DESIGN_BENCH_SCENARIO, quick ? 3 : 7).map((t) => ({
    dataset: `${label}, Node`,
    task: `design: ${t.task}`,
    median_ms: t.median_ms,
    runs: t.runs,
    target: t.target,
  }));
}
