// Optional ForceAtlas2 run in a web worker (graphology-layout-forceatlas2/worker) on the nodes that
// have edges; nodes without any stay where they are (FA2 would fling them out and squash the core).
// Each frame the worker's positions are rescaled to the core's original centre and spread, so the
// drawing relaxes in place. FA2 has no stopping rule of its own: we sample the positions and stop
// once the mean step is below 0.1% of the spread twice in a row (or after 20 s).
import { useEffect, useRef, useState, type RefObject } from 'react';
import Graph from 'graphology';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { ExposureGraph } from '../graphStyle';
import type { Positions } from '../layout';
import { idOfKey } from './nodeKeys';

export type RelaxState = 'idle' | 'running' | 'converged' | 'stopped';

export interface RelaxLayout {
  state: RelaxState;
  start(): void;
  stop(state?: RelaxState): void;
  /** Back to the given (shipped) positions. */
  reset(positions: Positions | null): void;
}

export function useRelaxLayout(graphRef: RefObject<ExposureGraph>, onMove: () => void): RelaxLayout {
  const running = useRef<{ layout: FA2Layout; timer: number; frame: () => void } | null>(null);
  const [state, setState] = useState<RelaxState>('idle');

  const stop = (next: RelaxState = 'idle') => {
    const r = running.current;
    if (!r) return;
    window.clearInterval(r.timer);
    r.frame();
    r.layout.kill();
    running.current = null;
    setState(next);
  };

  // The worker dies with the canvas.
  useEffect(() => () => stop(), []);

  const start = () => {
    const display = graphRef.current;
    if (running.current || display.size === 0) return;
    const sub = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
    display.forEachNode((id, a) => {
      if (display.degree(id) > 0) sub.addNode(id, { x: a.x, y: a.y, size: a.baseSize });
    });
    display.forEachEdge((_, __, source, target) => {
      if (source !== target && !sub.hasEdge(source, target)) sub.addEdge(source, target);
    });
    const home = spread(sub);
    const layout = new FA2Layout(sub, {
      settings: { ...forceAtlas2.inferSettings(sub), barnesHutOptimize: sub.order > 500, slowDown: 5, gravity: 1 },
    });
    let frame = 0;
    const copy = () => {
      const now = spread(sub);
      const k = home.radius / Math.max(now.radius, 1e-12);
      display.updateEachNodeAttributes(
        (id, a) => {
          if (!sub.hasNode(id)) return a;
          const p = sub.getNodeAttributes(id);
          return { ...a, x: home.cx + (p.x - now.cx) * k, y: home.cy + (p.y - now.cy) * k };
        },
        { attributes: ['x', 'y'] },
      );
      onMove();
      frame = requestAnimationFrame(copy);
    };
    frame = requestAnimationFrame(copy);
    let previous = normalisedPositions(sub);
    let calm = 0;
    const started = performance.now();
    const timer = window.setInterval(() => {
      const now = normalisedPositions(sub);
      const step = meanStep(previous, now);
      previous = now;
      calm = step < 1e-3 ? calm + 1 : 0;
      if (calm >= 2) stop('converged');
      else if (performance.now() - started > 20_000) stop('stopped');
    }, 400);
    running.current = { layout, timer, frame: () => cancelAnimationFrame(frame) };
    layout.start();
    setState('running');
  };

  const reset = (positions: Positions | null) => {
    stop();
    if (!positions) return;
    graphRef.current.updateEachNodeAttributes((key, a) => {
      const p = positions.get(idOfKey(key)) ?? [0, 0];
      return { ...a, x: p[0], y: p[1] };
    });
    onMove();
  };

  return { state, start, stop, reset };
}

/** Centre and root-mean-square radius of a graph's positions. */
function spread(graph: Graph): { cx: number; cy: number; radius: number } {
  let cx = 0;
  let cy = 0;
  graph.forEachNode((_, a) => {
    cx += a.x;
    cy += a.y;
  });
  cx /= Math.max(graph.order, 1);
  cy /= Math.max(graph.order, 1);
  let sum = 0;
  graph.forEachNode((_, a) => {
    sum += (a.x - cx) ** 2 + (a.y - cy) ** 2;
  });
  return { cx, cy, radius: Math.sqrt(sum / Math.max(graph.order, 1)) };
}

/** Positions centred and scaled to unit spread, so steps compare across scales. */
function normalisedPositions(graph: Graph): Float64Array {
  const { cx, cy, radius } = spread(graph);
  const out = new Float64Array(graph.order * 2);
  let k = 0;
  graph.forEachNode((_, a) => {
    out[k++] = (a.x - cx) / Math.max(radius, 1e-12);
    out[k++] = (a.y - cy) / Math.max(radius, 1e-12);
  });
  return out;
}

function meanStep(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length || a.length === 0) return Infinity;
  let sum = 0;
  for (let k = 0; k < a.length; k += 2) sum += Math.hypot(b[k] - a[k], b[k + 1] - a[k + 1]);
  return sum / (a.length / 2);
}
