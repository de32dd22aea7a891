// The mix α of the new-link score used by the calibration layer (pairs absent now):
// logUnit(α·sector popularity + (1 − α)·two-hop probability). Learned on training anchors only,
// so no constant of the synthetic generator enters the scorer: α is the grid value whose
// one-score logistic (bias, score, links gained) has the lowest log-loss summed over horizons.
import type { Snapshot } from '../core/types';
import { edgeMapIn } from './features';
import { newLinkSignals } from './candidates';
import { logUnit } from './pairs';
import { fitLogistic, logisticProbability } from './logistic';
import { prepareAnchor, type ModelCore } from './forecast';

export interface NewLinkMix {
  /** Weight of sector popularity (1 − alpha: two-hop probability). */
  alpha: number;
  /** Mean log-loss (summed over horizons) per grid value, for the card. */
  grid: { alpha: number; logLoss: number }[];
  fitted_on: string;
}

export const MIX_GRID = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * Fit α on the absent structural candidates of every `stride`-th anchor whose targets are
 * ≤ lastTarget, labelled by whether the pair is an edge h weeks later.
 */
export function fitNewLinkMix(
  core: Pick<ModelCore, 'config' | 'norm' | 'candidates'>,
  weeks: Snapshot[],
  lastTarget: number,
  label: string,
  stride = 8,
): NewLinkMix {
  const horizons = core.config.horizons;
  const pop: number[] = [];
  const two: number[] = [];
  const gained: number[] = [];
  // Per horizon: the rows (indices into pop/two/gained) with a target in range, and their labels.
  const rows: number[][] = horizons.map(() => []);
  const labels: number[][] = horizons.map(() => []);
  const start = Math.max(1, core.config.window - 1);
  for (let t = start; t + Math.min(...horizons) <= lastTarget; t += stride) {
    const data = prepareAnchor(core, weeks, t);
    const { win, maps } = data;
    const n = win.n;
    const { popularity, twoHop, gained: gain } = newLinkSignals(win, maps);
    const futures = horizons.map((h) => (t + h <= lastTarget ? edgeMapIn(weeks[t], weeks[t + h]) : null));
    const { src, dst, currentCount } = data.pairs;
    for (let i = currentCount; i < src.length; i++) {
      const p = src[i];
      const q = dst[i];
      const row = pop.length;
      pop.push(popularity.score(p, q));
      two.push(twoHop(p).get(q) ?? 0);
      gained.push(Math.log1p(gain[p]));
      futures.forEach((f, hi) => {
        if (!f) return;
        rows[hi].push(row);
        labels[hi].push(f.has(p * n + q) ? 1 : 0);
      });
    }
  }
  const grid = MIX_GRID.map((alpha) => {
    let logLoss = 0;
    horizons.forEach((_, hi) => {
      const r = rows[hi];
      if (r.length === 0) return;
      const X = new Float64Array(r.length * 3);
      for (let k = 0; k < r.length; k++) {
        const i = r[k];
        X[k * 3] = 1;
        X[k * 3 + 1] = logUnit(alpha * pop[i] + (1 - alpha) * two[i]);
        X[k * 3 + 2] = gained[i];
      }
      const w = fitLogistic(X, labels[hi], 3);
      let l = 0;
      for (let k = 0; k < r.length; k++) {
        const p = Math.min(1 - 1e-12, Math.max(1e-12, logisticProbability(X, k * 3, w)));
        l -= labels[hi][k] ? Math.log(p) : Math.log(1 - p);
      }
      logLoss += l / r.length;
    });
    return { alpha, logLoss };
  });
  let best = grid[0];
  for (const g of grid) if (g.logLoss < best.logLoss) best = g;
  return { alpha: best.alpha, grid, fitted_on: label };
}
