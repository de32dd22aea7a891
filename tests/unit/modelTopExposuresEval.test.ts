// precision@k inside evaluateForecaster on a tiny history and untrained model: the evaluation's
// ranked lists are the ones the product shows (rankExposures on forecast()), and its pools and
// counts follow from the weeks.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/model/node';
import { makeHistory } from './modelHistory';
import { testManifest, TEST_CANDIDATES } from './modelManifest';
import { computeNorm, edgeMapIn } from '../../src/model/features';
import { DEFAULT_CONFIG, initialValues, type ModelConfig } from '../../src/model/network';
import { forecast, modelFromValues } from '../../src/model/forecast';
import { fitHeuristic } from '../../src/model/heuristic';
import type { ModelManifest } from '../../src/model/weights';
import { evaluateForecaster } from '../../src/model/evaluate';
import { rankExposures, type ExposureRow } from '../../src/model/topExposures';

const config: ModelConfig = { ...DEFAULT_CONFIG, window: 8, hidden: 16, headHidden: 16 };
const history = makeHistory({ protocols: 24, weeks: 30, seed: 5 });
const norm = computeNorm(history.weeks, 20);
const candidates = TEST_CANDIDATES;

function manifest(): ModelManifest {
  return testManifest(config, norm, {
    heuristic: fitHeuristic({ config, norm, candidates }, history.weeks, 20, 'weeks ≤ 20', 4),
  });
}

describe('precision@k in the evaluation', () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  it('ranks the lists the product shows and counts them over anchors', async () => {
    const model = modelFromValues(manifest(), initialValues(config, 3));
    const weeks = history.weeks;
    const anchors = [17, 21, 25];
    const report = await evaluateForecaster(model, weeks, {
      anchors,
      lastTarget: weeks.length - 1,
      horizons: [4],
      stress: false,
      seed: 1,
      detailed: true,
      heuristic: model.manifest.heuristic,
    });
    const top = report.horizons['4'].top_exposures!;
    expect(top.new.overall['50'].heuristic).toBeDefined();
    // Vanishing pool: every edge present at an anchor; realised: those gone four weeks later.
    let present = 0;
    let gone = 0;
    // Per list kind and k: rows listed, hits, listed USD and the USD of the hits, from the product's lists.
    const tally = new Map<string, { listed: number; hits: number; usd: number; usdHits: number }>();
    for (const t of anchors) {
      const now = edgeMapIn(weeks[t], weeks[t]);
      const future = edgeMapIn(weeks[t], weeks[t + 4]);
      present += now.size;
      for (const key of now.keys()) if (!future.has(key)) gone++;
      const [result] = await forecast(model, weeks.slice(0, t + 1), [4]);
      const index = new Map(weeks[t].ids.map((id, i) => [id, i]));
      const key = (r: ExposureRow) => index.get(r.holder)! * weeks[t].n + index.get(r.issuer)!;
      for (const k of [10, 50]) {
        const lists = rankExposures(result, weeks[t], k);
        for (const kind of ['new', 'vanishing'] as const) {
          const c = tally.get(`${kind}@${k}`) ?? { listed: 0, hits: 0, usd: 0, usdHits: 0 };
          tally.set(`${kind}@${k}`, c);
          for (const r of lists[kind]) {
            const hit = kind === 'new' ? future.has(key(r)) : !future.has(key(r));
            c.listed++;
            c.usd += r.usd;
            if (hit) {
              c.hits++;
              c.usdHits += r.usd;
            }
          }
        }
      }
    }
    model.dispose();
    expect(top.vanishing.pool).toBe(present);
    expect(top.vanishing.realized).toBe(gone);
    expect(top.vanishing.base_rate).toBeCloseTo(gone / present, 12);
    for (const [name, c] of tally) {
      const [kind, k] = name.split('@') as ['new' | 'vanishing', string];
      const m = top[kind].overall[k].model;
      expect(m.lists).toBe(anchors.length);
      expect({ listed: m.listed, hits: m.hits }).toEqual({ listed: c.listed, hits: c.hits });
      expect(m.usd_precision).toBeCloseTo(c.usdHits / c.usd, 6);
    }
    // Some lists have both hits and misses (the comparison above is not between empty lists).
    expect([...tally.values()].some((c) => c.hits > 0 && c.hits < c.listed)).toBe(true);
  }, 60_000);
});
