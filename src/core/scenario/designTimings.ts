// Timings of the scenario-design answers on one week and scenario, the same code in Node and in the
// page (`npm run bench` runs both): every event preset, an intervention before/after, the candidate
// ranking, a comparison of two saved scenarios, and the reverse searches.
import { contagionOptions, resolveSeeds, type ScenarioSpec } from '../scenarioSpec';
import { applyPerimeter } from '../perimeter';
import type { Snapshot } from '../types';
import { compareSaved } from './compare';
import { evaluateInterventions, rankInterventions } from './interventions';
import { EVENT_PRESETS, resolveEvent } from './presets';
import { reverseStress } from './reverseStress';
import { runContagion } from '../contagion';

export interface DesignTiming {
  task: string;
  median_ms: number;
  runs: number;
  target: string;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(fn: () => unknown, runs: number): number {
  fn(); // warm-up
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return medianOf(out);
}

/** `scenario` must have seeds on `week` (e.g. the top-1 preset). */
export function measureDesign(week: Snapshot, scenario: ScenarioSpec, runs = 5): DesignTiming[] {
  const snapshot = applyPerimeter(week, scenario.perimeter);
  const { seeds } = resolveSeeds(snapshot, scenario);
  const options = contagionOptions(scenario);
  const rows: DesignTiming[] = [];
  const fast = '≤ 100 ms';
  for (const preset of EVENT_PRESETS) {
    rows.push({
      task: `event preset ${preset.id}`,
      median_ms: time(() => {
        const view = applyPerimeter(week, preset.perimeter);
        const ev = resolveEvent(view, preset);
        if (ev.applicable) runContagion(view, ev.seeds, options);
      }, runs),
      runs,
      target: fast,
    });
  }
  const largest = seeds.find((s) => s.kind === 'protocol');
  const fenced = largest && largest.kind === 'protocol' ? largest.id : snapshot.ids[0];
  rows.push({
    task: 'intervention before/after (ring-fence + recapitalise)',
    median_ms: time(
      () =>
        evaluateInterventions(snapshot, seeds, options, [
          { kind: 'ringfence', id: fenced },
          { kind: 'recap', id: fenced, usd: 1e9 },
        ]),
      runs,
    ),
    runs,
    target: fast,
  });
  rows.push({
    task: 'ranking of candidate interventions (18 what-ifs)',
    median_ms: time(() => rankInterventions(snapshot, seeds, options), runs),
    runs,
    target: fast,
  });
  rows.push({
    task: 'comparison of two saved scenarios',
    median_ms: time(
      () =>
        compareSaved(
          week,
          { name: 'a', scenario, event: null, interventions: [] },
          { name: 'b', scenario, event: null, interventions: [{ kind: 'ringfence', id: fenced }] },
        ),
      runs,
    ),
    runs,
    target: fast,
  });
  const slowRuns = Math.max(1, Math.ceil(runs / 2));
  rows.push({
    task: `reverse stress: δ of the largest seed for loss ≥ 10% (grid + bisection)`,
    median_ms: time(
      () => reverseStress(snapshot, { kind: 'protocol', id: fenced }, { kind: 'lossPct', value: 10 }, options),
      slowRuns,
    ),
    runs: slowRuns,
    target: '≤ 2000 ms',
  });
  rows.push({
    task: 'reverse stress: greedy set at δ = 50% for loss ≥ 20%',
    median_ms: time(
      () => reverseStress(snapshot, { kind: 'set', fraction: 0.5 }, { kind: 'lossPct', value: 20 }, options),
      slowRuns,
    ),
    runs: slowRuns,
    target: '≤ 2000 ms',
  });
  return rows;
}
