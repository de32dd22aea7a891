// Which edges of a forecast graph are new, and which edges of the observed week vanish in it, so
// the canvas can draw them apart (new: green; vanishing: faded red, added as extra edges). Kept
// per forecast snapshot in a WeakMap: the canvas looks marks up by the snapshot it draws.
import type { Snapshot } from '../../core/types';
import type { ForecastResult } from '../../model/forecast';

export interface ForecastEdgeMarks {
  /** 1 for each forecast edge (snapshot.edges order) absent from the observed week. */
  isNew: Uint8Array;
  /** Observed edges the forecast drops (node indices are shared by both graphs). */
  vanished: { source: number; target: number; weight: number }[];
}

export const NEW_EDGE_COLOR = '#4ade80';
export const VANISHING_EDGE_COLOR = '#f87171';

const marks = new WeakMap<Snapshot, ForecastEdgeMarks>();

export function markForecastEdges(result: ForecastResult, observed: Snapshot): void {
  const s = result.snapshot;
  const n = s.n;
  const fresh = new Set(result.newEdges.map(([p, q]) => p * n + q));
  const isNew = new Uint8Array(s.edges.m);
  for (let e = 0; e < s.edges.m; e++) if (fresh.has(s.edges.source[e] * n + s.edges.target[e])) isNew[e] = 1;
  const vanished = result.vanishedEdges.map((e) => ({
    source: observed.edges.source[e],
    target: observed.edges.target[e],
    weight: observed.edges.weight[e],
  }));
  marks.set(s, { isNew, vanished });
}

export function forecastEdgeMarks(s: Snapshot): ForecastEdgeMarks | undefined {
  return marks.get(s);
}

export function vanishedEdgeKey(k: number): string {
  return `v${k}`;
}
