import { describe, expect, it } from 'vitest';
import { makeHistory } from './modelHistory';
import { computeNorm } from '../../src/model/features';
import { DEFAULT_CANDIDATES } from '../../src/model/candidates';
import { DEFAULT_CONFIG, type ModelConfig } from '../../src/model/network';
import { prepareAnchor } from '../../src/model/forecast';
import {
  fitHeuristic,
  heuristicDesign,
  heuristicProbabilities,
  HEURISTIC_FEATURES,
  tvlTrend,
} from '../../src/model/heuristic';
import { fitLogistic } from '../../src/model/logistic';
import { auprc } from '../../src/model/evaluate';
import { mulberry32 } from '../../src/model/rng';
import { edgeMapIn } from '../../src/model/features';

const config: ModelConfig = { ...DEFAULT_CONFIG, window: 4, hidden: 16, headHidden: 16 };
const history = makeHistory({ protocols: 40, weeks: 30, seed: 3 });
const norm = computeNorm(history.weeks, 20);
const core = { config, norm, candidates: { ...DEFAULT_CANDIDATES, nearestPerNode: 2, shortlistSize: 16 } };

describe('logistic regression', () => {
  it('recovers the coefficients of a known logistic model', () => {
    const random = mulberry32(11);
    const n = 20_000;
    const X = new Float64Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const a = random() * 4 - 2;
      const b = random() * 4 - 2;
      X.set([1, a, b], i * 3);
      const p = 1 / (1 + Math.exp(-(-0.5 + 1.5 * a - 1 * b)));
      y[i] = random() < p ? 1 : 0;
    }
    const w = fitLogistic(X, y, 3, 1e-6);
    expect(w[0]).toBeCloseTo(-0.5, 1);
    expect(w[1]).toBeCloseTo(1.5, 1);
    expect(w[2]).toBeCloseTo(-1, 1);
  });
});

describe('heuristic baseline', () => {
  const spec = fitHeuristic(core, history.weeks, 20, 'weeks ≤ 20', 2);

  it('is fitted on training anchors only, one new and one vanish model per horizon', () => {
    expect(spec.features).toEqual([...HEURISTIC_FEATURES]);
    for (const h of config.horizons) {
      const c = spec.horizons[String(h)];
      expect(c.new).toHaveLength(HEURISTIC_FEATURES.length);
      expect(c.vanish).toHaveLength(HEURISTIC_FEATURES.length);
      expect(c.new.every(Number.isFinite) && c.vanish.every(Number.isFinite)).toBe(true);
    }
    // The training weeks fix it: later weeks do not change it.
    const again = fitHeuristic(core, history.weeks.slice(0, 21), 20, 'weeks ≤ 20', 2);
    expect(again.horizons).toEqual(spec.horizons);
  });

  it('ranks vanishing edges of held-out weeks, and new edges of its training weeks, better than chance', () => {
    // This toy history draws new links from a peer rule the features see only weakly, so new
    // edges are checked where the fit was made (the fit works), vanishing edges out of sample.
    const labelsNew: number[] = [];
    const scoreNew: number[] = [];
    const labelsVan: number[] = [];
    const scoreVan: number[] = [];
    for (const t of [4, 6, 8, 10, 12, 14, 16, 18, 22, 23, 24, 25, 26, 27, 28]) {
      const heldOut = t >= 21;
      const data = prepareAnchor(core, history.weeks, t);
      const { src, dst } = data.pairs;
      const X = heuristicDesign(data.win, data.maps, src, dst, norm);
      const p = heuristicProbabilities(spec, config.horizons, X, src.length);
      const future = edgeMapIn(history.weeks[t], history.weeks[t + 1]);
      const now = data.maps[data.win.window - 1]!;
      for (let i = 0; i < src.length; i++) {
        const key = src[i] * data.win.n + dst[i];
        const h1 = p[i * config.horizons.length];
        expect(h1).toBeGreaterThanOrEqual(0);
        expect(h1).toBeLessThanOrEqual(1);
        if (now.has(key)) {
          if (!heldOut) continue;
          labelsVan.push(future.has(key) ? 0 : 1);
          scoreVan.push(1 - h1);
        } else if (!heldOut) {
          labelsNew.push(future.has(key) ? 1 : 0);
          scoreNew.push(h1);
        }
      }
    }
    const base = (ys: number[]) => ys.reduce((a, b) => a + b, 0) / ys.length;
    expect(labelsNew.some((y) => y === 1) && labelsVan.some((y) => y === 1)).toBe(true);
    expect(auprc(labelsNew, scoreNew)).toBeGreaterThan(base(labelsNew));
    expect(auprc(labelsVan, scoreVan)).toBeGreaterThan(base(labelsVan));
  });

  it('measures the weekly TVL trend over the window', () => {
    const t = 10;
    const data = prepareAnchor(core, history.weeks, t);
    const trend = tvlTrend(data.win);
    const i = 0;
    const now = history.weeks[t];
    const first = history.weeks[t - 3];
    const j = first.ids.indexOf(now.ids[i]);
    const expected = (Math.log1p(now.tvl[i]) - Math.log1p(first.tvl[j])) / 3;
    expect(trend[i]).toBeCloseTo(expected, 4);
  });
});
