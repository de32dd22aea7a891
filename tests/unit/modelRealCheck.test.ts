import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/model/node';
import { makeHistory } from './modelHistory';
import { testManifest, TEST_CANDIDATES } from './modelManifest';
import { computeNorm } from '../../src/model/features';
import { DEFAULT_CONFIG, initialValues, type ModelConfig } from '../../src/model/network';
import { modelFromValues } from '../../src/model/forecast';
import { fitDomain } from '../../src/model/domain';
import { fitHeuristic } from '../../src/model/heuristic';
import type { ModelManifest } from '../../src/model/weights';
import { realEvaluation } from '../../src/cli/evaluateReal';

const config: ModelConfig = { ...DEFAULT_CONFIG, window: 8, hidden: 16, headHidden: 16 };
const history = makeHistory({ protocols: 24, weeks: 30, seed: 5 });
const norm = computeNorm(history.weeks, 20);
const candidates = TEST_CANDIDATES;

function manifest(): ModelManifest {
  return testManifest(config, norm, {
    domain: fitDomain(history.weeks, 20, norm, 'weeks ≤ 20'),
    heuristic: fitHeuristic({ config, norm, candidates }, history.weeks, 20, 'weeks ≤ 20', 4),
  });
}

describe('real-data check (walk-forward, out of domain)', () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  it('evaluates every date as an anchor, holds TVLs out of domain, and measures churn between dates', async () => {
    const model = modelFromValues(manifest(), initialValues(config, 3));
    // Six "dates" (fewer than the 8-week window: every anchor is out of domain), 3–7 days apart.
    const offsets = [0, 4, 8, 12, 19, 21];
    const weeks = history.weeks.slice(22, 28).map((w, i) => ({
      ...w,
      date: new Date(Date.parse('2026-08-12') + offsets[i] * 86_400_000).toISOString().slice(0, 10),
    }));
    const real = await realEvaluation(model, weeks, 'fixture');
    model.dispose();
    expect(real.dates).toHaveLength(6);
    expect(real.gaps_days['1']).toEqual([4, 4, 4, 7, 2]);
    expect(real.gaps_days['4']).toEqual([19, 17]);
    expect(real.anchors_out_of_domain).toBe(5);
    // Out of domain the shipped forecast holds TVLs: its TVL error is persistence's, exactly.
    for (const h of ['1', '4']) {
      const r = real.horizons[h];
      expect(r.model.node_mae).toBe(r.persistence.node_mae);
      expect(r.new_edges?.heuristic).toBeDefined();
      expect(r.stress?.cases).toBeGreaterThan(0);
    }
    // Churn: retention and Jaccard of consecutive dates, by hand for the first pair.
    const key = (s: (typeof weeks)[number], e: number) => `${s.ids[s.edges.source[e]]}>${s.ids[s.edges.target[e]]}`;
    const edgesOf = (s: (typeof weeks)[number]) =>
      new Set(
        Array.from({ length: s.edges.m }, (_, e) => e)
          .filter((e) => s.edges.weight[e] > 0)
          .map((e) => key(s, e)),
      );
    const a = edgesOf(weeks[0]);
    const b = edgesOf(weeks[1]);
    const kept = [...a].filter((k) => b.has(k)).length;
    expect(real.churn[0].days).toBe(4);
    expect(real.churn[0].retention).toBeCloseTo(kept / a.size, 12);
    expect(real.churn[0].jaccard).toBeCloseTo(kept / (a.size + b.size - kept), 12);
  });
});
