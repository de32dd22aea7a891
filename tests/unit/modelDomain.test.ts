import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/model/node';
import { makeHistory } from './modelHistory';
import { testManifest } from './modelManifest';
import { computeNorm } from '../../src/model/features';
import { DEFAULT_CONFIG, initialValues, type ModelConfig } from '../../src/model/network';
import { forecast, modelFromValues } from '../../src/model/forecast';
import { checkDomain, fitDomain } from '../../src/model/domain';
import type { ModelManifest } from '../../src/model/weights';
import type { Snapshot } from '../../src/core/types';

const config: ModelConfig = { ...DEFAULT_CONFIG, window: 4, hidden: 16, headHidden: 16 };
const history = makeHistory({ protocols: 24, weeks: 18 });
const norm = computeNorm(history.weeks, 10);
const domain = fitDomain(history.weeks, 10, norm, 'test weeks ≤ 10');

function manifest(): ModelManifest {
  return testManifest(config, norm, { domain });
}

/** The week with every protocol's TVL multiplied by `factor` (a market no training week saw). */
function scaledTvl(s: Snapshot, factor: number): Snapshot {
  return { ...s, tvl: Float64Array.from(s.tvl, (v, i) => (s.kinds[i] === 'token' ? v : v * factor)) };
}

describe('input domain', () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  it('fits a range that no training week exceeds by more than its own share', () => {
    expect(domain.zLow.length).toBe(domain.zHigh.length);
    for (let c = 0; c < domain.zLow.length; c++) expect(domain.zLow[c]).toBeLessThanOrEqual(domain.zHigh[c]);
    for (let w = 4; w <= 10; w++) {
      const check = checkDomain(history.weeks.slice(0, w + 1), config.window, norm, domain);
      expect(check.outOfRange / check.protocols).toBeLessThanOrEqual(domain.maxOutShare);
      expect(check.inDomain).toBe(true);
    }
  });

  it('flags a short history and features far outside the training range, with the reason', () => {
    const last = history.weeks[history.weeks.length - 1];
    const single = checkDomain([last], config.window, norm, domain);
    expect(single.inDomain).toBe(false);
    expect(single.historyWeeks).toBe(1);
    expect(single.reason).toMatch(/1 week of history, the model reads 4/);
    const weeks = history.weeks.slice(0, -1).concat(scaledTvl(last, 1e4));
    const far = checkDomain(weeks, config.window, norm, domain);
    expect(far.historyWeeks).toBe(4);
    expect(far.inDomain).toBe(false);
    expect(far.outOfRange).toBe(far.protocols);
    expect(far.worstFeatures.map((f) => f.feature)).toContain('log_tvl');
  });

  it('a single-week dataset yields no TVL trend and keeps current edge weights; in domain the TVL moves', async () => {
    const model = modelFromValues(manifest(), initialValues(config, 5));
    const last = history.weeks[history.weeks.length - 1];
    const single = await forecast(model, [last]);
    for (const r of single) {
      expect(r.domain.inDomain).toBe(false);
      expect(Array.from(r.snapshot.tvl)).toEqual(Array.from(last.tvl, (v) => Math.max(0, v)));
      const now = new Map<string, number>();
      for (let e = 0; e < last.edges.m; e++)
        now.set(`${last.edges.source[e]}>${last.edges.target[e]}`, last.edges.weight[e]);
      for (let e = 0; e < r.snapshot.edges.m; e++) {
        const w = now.get(`${r.snapshot.edges.source[e]}>${r.snapshot.edges.target[e]}`);
        // Float32 log-weights: equal to ≈1e-6 relative.
        if (w !== undefined) expect(Math.abs(r.snapshot.edges.weight[e] - w)).toBeLessThanOrEqual(1e-5 * (1 + w));
      }
      expect(r.snapshot.provenance.notes).toMatch(/Out of the model's input domain/);
    }
    // Anchored on a training week (in range by construction), the TVL head runs.
    const inRange = history.weeks.slice(0, 11);
    const full = await forecast(model, inRange);
    expect(full[0].domain.inDomain).toBe(true);
    expect(Array.from(full[0].snapshot.tvl)).not.toEqual(Array.from(inRange[10].tvl));
    model.dispose();
  });
});
