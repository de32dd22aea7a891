// Which node labels the canvas shows: chosen by a collision-free placer (graphStyle.chooseLabels)
// once the camera rests, not by sigma's per-cell grid.
import { useRef, type RefObject } from 'react';
import type Sigma from 'sigma';
import { chooseLabels, type EdgeAttrs, type ExposureGraph, type NodeAttrs } from '../graphStyle';

export interface LabelPlacement {
  /** Re-picks the visible labels for the current camera (debounced). */
  schedule: () => void;
  /** Forget the current set (after the graph was rebuilt). */
  reset: () => void;
  /** Cancel a pending pick (unmount). */
  cancel: () => void;
}

export function useLabelPlacement(
  rendererRef: RefObject<Sigma<NodeAttrs, EdgeAttrs> | null>,
  graphRef: RefObject<ExposureGraph>,
): LabelPlacement {
  const timer = useRef<number | null>(null);
  const shown = useRef<Set<string>>(new Set());
  // Debounced, not throttled: while the camera moves (a pan, a zoom, a layout run) the label set
  // waits until it rests. Changing it rewrites an attribute on every node, which makes sigma
  // reprocess the graph, too slow to do every few frames on a paper-scale week.
  const placement = useRef<LabelPlacement>({
    schedule() {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        timer.current = null;
        const renderer = rendererRef.current;
        const graph = graphRef.current;
        if (!renderer || graph.order === 0) return;
        const { width, height } = renderer.getDimensions();
        const candidates: Parameters<typeof chooseLabels>[0] = [];
        graph.forEachNode((id, a) => {
          if (a.opacity < 0.1) return; // faded out (outside a neighbourhood): no label
          const p = renderer.graphToViewport({ x: a.x, y: a.y });
          candidates.push({
            id,
            x: p.x,
            y: p.y,
            radius: renderer.scaleSize(a.size),
            text: a.label,
            priority: a.priority,
          });
        });
        const chosen = chooseLabels(candidates, width, height, Math.max(8, Math.round((width * height) / 13000)));
        const before = shown.current;
        if (chosen.size === before.size && [...chosen].every((id) => before.has(id))) return;
        shown.current = chosen;
        graph.updateEachNodeAttributes((id, a) => ({ ...a, labelVisibility: chosen.has(id) ? 'visible' : 'hidden' }), {
          attributes: ['labelVisibility'],
        });
      }, 90);
    },
    reset() {
      shown.current = new Set();
    },
    cancel() {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    },
  });
  return placement.current;
}
