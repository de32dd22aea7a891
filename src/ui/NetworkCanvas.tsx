// The WebGL network (sigma v4 on a graphology graph). Built once per snapshot from stable
// positions; a scenario or animation frame only changes attributes, so nothing jumps. Sigma's
// WebGL contexts are released with kill() on unmount.
import { useEffect, useMemo, useRef, useState } from 'react';
import Graph from 'graphology';
import Sigma from 'sigma';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { useExplorer } from './store';
import {
  applyFrame,
  BIG_GRAPH_EDGES,
  buildGraph,
  chooseLabels,
  PRIMITIVES,
  STYLES,
  type EdgeAttrs,
  type ExposureGraph,
  type NodeAttrs,
} from './graphStyle';
import { lossesByRound } from './derive';
import { formatPct, formatUsd } from './format';
import { installTestHooks } from './testHooks';
import { registerRenderer } from './canvasExport';

interface Hover {
  id: string;
  x: number;
  y: number;
}

type RelaxState = 'idle' | 'running' | 'converged' | 'stopped';

export function NetworkCanvas({ compact = false }: { compact?: boolean }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<Sigma<NodeAttrs, EdgeAttrs> | null>(null);
  const graphRef = useRef<ExposureGraph>(
    new Graph<NodeAttrs, EdgeAttrs>({ type: 'directed', multi: true, allowSelfLoops: false }),
  );
  const relaxRef = useRef<{ layout: FA2Layout; timer: number; frame: () => void } | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [ready, setReady] = useState(false);
  const [relax, setRelax] = useState<RelaxState>('idle');
  const [webglError, setWebglError] = useState<string | null>(null);
  const labelTimer = useRef<number | null>(null);
  const shownLabels = useRef<Set<string>>(new Set());

  /** Re-picks the visible labels for the current camera (throttled: camera moves fire per frame). */
  // Debounced, not throttled: while the camera moves (a pan, a zoom, a layout run) the label set
  // waits until it rests. Changing it rewrites an attribute on every node, which makes sigma
  // reprocess the graph, too slow to do every few frames on a paper-scale week.
  const scheduleLabels = useRef(() => {
    if (labelTimer.current !== null) window.clearTimeout(labelTimer.current);
    labelTimer.current = window.setTimeout(() => {
      labelTimer.current = null;
      const renderer = rendererRef.current;
      const graph = graphRef.current;
      if (!renderer || graph.order === 0) return;
      const { width, height } = renderer.getDimensions();
      const candidates: Parameters<typeof chooseLabels>[0] = [];
      graph.forEachNode((id, a) => {
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
      const before = shownLabels.current;
      if (chosen.size === before.size && [...chosen].every((id) => before.has(id))) return;
      shownLabels.current = chosen;
      graph.updateEachNodeAttributes((id, a) => ({ ...a, labelVisibility: chosen.has(id) ? 'visible' : 'hidden' }), {
        attributes: ['labelVisibility'],
      });
    }, 90);
  }).current;

  const snapshot = useExplorer((s) => s.snapshot);
  const positions = useExplorer((s) => s.positions);
  const results = useExplorer((s) => s.results);
  const resultsFor = useExplorer((s) => s.resultsFor);
  const round = useExplorer((s) => s.round);
  const selected = useExplorer((s) => s.selected);
  const flyRequest = useExplorer((s) => s.flyRequest);
  const clickMode = useExplorer((s) => s.clickMode);

  const result = results && resultsFor === snapshot ? results.contagion : null;
  const byRound = useMemo(() => (result ? lossesByRound(result) : null), [result]);

  // Mount: one sigma instance for the component's life.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let renderer: Sigma<NodeAttrs, EdgeAttrs>;
    try {
      renderer = new Sigma(graphRef.current, container, {
        primitives: PRIMITIVES,
        styles: STYLES as never,
        settings: {
          // v4 defaults to sizes in graph units; ours are pixels (log-TVL radius), like v3.
          itemSizesReference: 'screen',
          labelDensity: 0.45,
          labelGridCellSize: 130,
          labelRenderedSizeThreshold: 7,
          minCameraRatio: 0.05,
          maxCameraRatio: 4,
          stagePadding: 24,
          hideEdgesOnMove: false,
          gestureTarget: 'graph',
        },
      });
    } catch (err) {
      setWebglError((err as Error).message);
      return;
    }
    rendererRef.current = renderer;
    registerRenderer(renderer);
    renderer.getCamera().on('updated', scheduleLabels);
    renderer.on('resize', scheduleLabels);
    renderer.on('enterNode', ({ node, event }) => setHover({ id: node, x: event.x, y: event.y }));
    renderer.on('leaveNode', () => setHover(null));
    renderer.on('clickNode', ({ node }) => useExplorer.getState().clickNode(node));
    renderer.on('clickStage', () => useExplorer.getState().select(null));
    const uninstall = installTestHooks({
      nodeScreenPosition(id: string) {
        const graph = graphRef.current;
        if (!graph.hasNode(id)) return null;
        const a = graph.getNodeAttributes(id);
        const p = renderer.graphToViewport({ x: a.x, y: a.y });
        const rect = container.getBoundingClientRect();
        return { x: rect.left + p.x, y: rect.top + p.y };
      },
      nodeLayoutPosition(id: string) {
        const graph = graphRef.current;
        if (!graph.hasNode(id)) return null;
        const a = graph.getNodeAttributes(id);
        return { x: a.x, y: a.y };
      },
      visibleNodeIds() {
        const rect = container.getBoundingClientRect();
        return graphRef.current.filterNodes((_, a) => {
          const p = renderer.graphToViewport({ x: a.x, y: a.y });
          return p.x > 20 && p.y > 20 && p.x < rect.width - 20 && p.y < rect.height - 20;
        });
      },
    });
    return () => {
      uninstall();
      if (labelTimer.current !== null) window.clearTimeout(labelTimer.current);
      if (relaxRef.current) {
        window.clearInterval(relaxRef.current.timer);
        relaxRef.current.frame();
        relaxRef.current.layout.kill();
        relaxRef.current = null;
      }
      registerRenderer(null);
      renderer.kill();
      rendererRef.current = null;
    };
  }, []);

  // Rebuild the graph when the snapshot or its positions change.
  useEffect(() => {
    const renderer = rendererRef.current;
    stopRelax();
    setReady(false);
    if (!snapshot || !positions) return;
    buildGraph(graphRef.current, snapshot, positions);
    const s = useExplorer.getState();
    const r = s.results && s.resultsFor === snapshot ? s.results.contagion : null;
    applyFrame(graphRef.current, {
      snapshot,
      result: r,
      losses: r ? lossesByRound(r)[Math.min(s.round, r.rounds.length)] : null,
      round: s.round,
      selected: s.selected,
    });
    shownLabels.current = new Set();
    if (!renderer) return;
    // Tens of thousands of wide, translucent edges cannot be redrawn every frame by a weak GPU or
    // software GL (seconds per frame at paper scale under SwiftShader): on big graphs sigma leaves
    // them out while the camera moves, and panning and zooming stay fluid.
    renderer.setSetting('hideEdgesOnMove', snapshot.edges.m > BIG_GRAPH_EDGES);
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    renderer.refresh();
    const done = () => {
      scheduleLabels();
      setReady(true);
    };
    renderer.once('afterRender', done);
    renderer.scheduleRender();
    return () => {
      renderer.off('afterRender', done);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snapshot, positions]);

  // Scenario colouring for the current round.
  useEffect(() => {
    if (!snapshot || !positions || graphRef.current.order === 0) return;
    applyFrame(graphRef.current, {
      snapshot,
      result,
      losses: result && byRound ? byRound[Math.min(round, byRound.length - 1)] : null,
      round,
      selected,
    });
    scheduleLabels();
  }, [snapshot, positions, result, byRound, round, selected, scheduleLabels]);

  // Fly to the selected node (search, table rows).
  useEffect(() => {
    const renderer = rendererRef.current;
    const id = useExplorer.getState().selected;
    if (!renderer || !id || flyRequest === 0 || !graphRef.current.hasNode(id)) return;
    const d = renderer.getNodeDisplayData(id);
    if (d) void renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.35 }, { duration: 700 });
  }, [flyRequest]);

  // Keep the WebGL canvas sized to its box (panels and narrow screens resize it).
  useEffect(() => {
    const container = containerRef.current;
    if (!container || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => rendererRef.current?.resize());
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  function stopRelax(state: RelaxState = 'idle') {
    const running = relaxRef.current;
    if (!running) return;
    window.clearInterval(running.timer);
    running.frame();
    running.layout.kill();
    relaxRef.current = null;
    setRelax(state);
  }

  /**
   * Optional ForceAtlas2 run in a web worker (graphology-layout-forceatlas2/worker) on the nodes
   * that have edges; nodes without any stay where they are (FA2 would fling them out and squash
   * the core). Each frame the worker's positions are rescaled to the core's original centre and
   * spread, so the drawing relaxes in place. FA2 has no stopping rule of its own: we sample the
   * positions and stop once the mean step is below 0.1% of the spread twice in a row (or after 20 s).
   */
  function startRelax() {
    const display = graphRef.current;
    if (relaxRef.current || display.size === 0) return;
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
      scheduleLabels();
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
      if (calm >= 2) stopRelax('converged');
      else if (performance.now() - started > 20_000) stopRelax('stopped');
    }, 400);
    relaxRef.current = { layout, timer, frame: () => cancelAnimationFrame(frame) };
    layout.start();
    setRelax('running');
  }

  function resetLayout() {
    stopRelax();
    const s = useExplorer.getState();
    if (!s.snapshot || !s.positions) return;
    graphRef.current.updateEachNodeAttributes((id, a) => {
      const p = s.positions![id] ?? [0, 0];
      return { ...a, x: p[0], y: p[1] };
    });
    scheduleLabels();
  }

  const hovered = hover && snapshot ? snapshot.ids.indexOf(hover.id) : -1;
  const hoverLoss = hovered >= 0 && result && byRound ? byRound[Math.min(round, byRound.length - 1)][hovered] : 0;
  const edgeless = snapshot && snapshot.edges.m === 0;

  return (
    <div className="canvas-wrap">
      <div
        ref={containerRef}
        className={`sigma-container mode-${clickMode}`}
        data-testid="network-canvas"
        data-ready={ready ? 'true' : 'false'}
        role="img"
        aria-label={
          snapshot
            ? `Exposure network of ${snapshot.n} nodes and ${snapshot.edges.m} edges. Use the protocol search, the token list and the results tables to work with it by keyboard.`
            : 'Exposure network (loading)'
        }
      />
      {webglError && (
        <div className="canvas-message" role="alert">
          The network view needs WebGL2, which this browser refused ({webglError}). The scenario controls and tables
          still work.
        </div>
      )}
      {!webglError && (!snapshot || !positions) && (
        <div className="canvas-message" role="status">
          <span className="spinner" aria-hidden="true" />{' '}
          {snapshot ? 'Laying out the network…' : 'Loading the network…'}
        </div>
      )}
      {edgeless && (
        <div className="canvas-banner" role="note">
          This snapshot has <strong>no exposure edges</strong>: a shock stays where it lands and cannot spread.
        </div>
      )}
      {hover && hovered >= 0 && snapshot && (
        <div
          className="tooltip"
          role="tooltip"
          style={{ left: Math.min(hover.x + 14, (containerRef.current?.clientWidth ?? 9999) - 240), top: hover.y + 14 }}
        >
          <div className="tooltip-title">{snapshot.names[hovered]}</div>
          <div className="tooltip-sub">
            {snapshot.kinds[hovered] === 'token' ? 'Primary token' : snapshot.categories[hovered]} ·{' '}
            {snapshot.sectors[hovered]}
          </div>
          <dl>
            <dt>{snapshot.kinds[hovered] === 'token' ? 'Held in graph' : 'TVL'}</dt>
            <dd>{formatUsd(snapshot.tvl[hovered])}</dd>
            <dt>Loss</dt>
            <dd className={hoverLoss > 0 ? 'loss' : ''}>
              {result
                ? `${formatUsd(hoverLoss)} (${formatPct(snapshot.tvl[hovered] > 0 ? (100 * hoverLoss) / snapshot.tvl[hovered] : 0, 1)} of TVL)`
                : '—'}
            </dd>
          </dl>
          <div className="tooltip-hint">
            {clickMode === 'inspect'
              ? 'Click to inspect'
              : result && result.seedIndices.includes(hovered)
                ? 'Seed of this scenario'
                : snapshot.kinds[hovered] === 'token'
                  ? 'Click to de-peg'
                  : 'Click to shock'}
          </div>
        </div>
      )}
      {!compact && snapshot && positions && (
        <div className="canvas-tools" role="group" aria-label="Canvas tools">
          <button
            type="button"
            title="Zoom in"
            aria-label="Zoom in"
            onClick={() => void rendererRef.current?.getCamera().zoomIn({ duration: 250 })}
          >
            +
          </button>
          <button
            type="button"
            title="Zoom out"
            aria-label="Zoom out"
            onClick={() => void rendererRef.current?.getCamera().zoomOut({ duration: 250 })}
          >
            −
          </button>
          <button
            type="button"
            title="Fit the whole network"
            aria-label="Fit the whole network"
            onClick={() => void rendererRef.current?.getCamera().reset({ duration: 300 })}
          >
            ⤢
          </button>
          {relax === 'running' ? (
            <button type="button" className="wide" onClick={() => stopRelax('stopped')} aria-live="polite">
              <span className="spinner small" aria-hidden="true" /> Relaxing… stop
            </button>
          ) : (
            <button
              type="button"
              className="wide"
              title="Run ForceAtlas2 in a web worker; it stops by itself when the layout is stable"
              onClick={startRelax}
              disabled={snapshot.edges.m === 0}
            >
              Relax layout
            </button>
          )}
          {relax !== 'idle' && relax !== 'running' && (
            <button type="button" className="wide" onClick={resetLayout} title="Back to the shipped positions">
              Reset layout
            </button>
          )}
        </div>
      )}
    </div>
  );
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
