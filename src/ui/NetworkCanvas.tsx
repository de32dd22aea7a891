// The WebGL network (sigma v4 on a graphology graph). Built once per graph from stable positions;
// a scenario or playback frame only changes attributes, so nothing jumps. The parts live in hooks:
// the sigma instance (canvas/useSigmaRenderer), label placement (canvas/useLabelPlacement) and the
// optional ForceAtlas2 relaxation (canvas/useRelaxLayout).
import { useEffect, useRef, useState } from 'react';
import Graph from 'graphology';
import type Sigma from 'sigma';
import { useExplorer } from './store';
import { currentContagion, roundLosses, useGraphInfo, useRoundView } from './store/selectors';
import {
  applyFrame,
  BIG_GRAPH_EDGES,
  buildGraph,
  marksForView,
  type EdgeAttrs,
  type ExposureGraph,
  type NodeAttrs,
} from './graphStyle';
import { formatPct, formatUsd } from './format';
import { useLabelPlacement } from './canvas/useLabelPlacement';
import { useRelaxLayout } from './canvas/useRelaxLayout';
import { useSigmaRenderer } from './canvas/useSigmaRenderer';
import { nodeKey } from './canvas/nodeKeys';
import { usePlan } from './explore/usePlan';
import { applyEmphasis, applySummaryFrame, buildSummaryGraph } from './explore/summaryGraph';
import type { DrawPlan } from './explore/drawPlan';

export function NetworkCanvas({ compact = false }: { compact?: boolean }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const graphRef = useRef<ExposureGraph>(
    new Graph<NodeAttrs, EdgeAttrs>({ type: 'directed', multi: true, allowSelfLoops: false }),
  );
  const rendererRef = useRef<Sigma<NodeAttrs, EdgeAttrs> | null>(null);
  const [ready, setReady] = useState(false);
  const labels = useLabelPlacement(rendererRef, graphRef);
  const { hover, webglError } = useSigmaRenderer(containerRef, graphRef, rendererRef, labels.schedule, labels.cancel);
  const relax = useRelaxLayout(graphRef, labels.schedule);

  const snapshot = useExplorer((s) => s.snapshot);
  const baseSnapshot = useExplorer((s) => s.baseSnapshot);
  const positions = useExplorer((s) => s.positions);
  const selected = useExplorer((s) => s.selected);
  const flyRequest = useExplorer((s) => s.flyRequest);
  const clickMode = useExplorer((s) => s.clickMode);
  const view = useRoundView();
  const info = useGraphInfo();
  const result = view?.result ?? null;
  const round = view?.state.round ?? 0;
  const losses = view?.state.losses ?? null;
  const plan = usePlan();
  const shownSnapshot = useRef<unknown>(null);

  // Rebuild the graph when the graph shown, its positions or what the filters draw change.
  useEffect(() => {
    const renderer = rendererRef.current;
    relax.stop();
    setReady(false);
    if (!snapshot || !positions || !plan) return;
    const marks = marksForView(snapshot, baseSnapshot);
    const s = useExplorer.getState();
    const r = currentContagion(s);
    const k = r ? Math.min(s.round, r.rounds.length) : 0;
    if (plan.kind === 'full')
      buildGraph(graphRef.current, snapshot, positions, marks, { node: plan.nodeMask, edge: plan.edgeMask });
    else buildSummaryGraph(graphRef.current, snapshot, plan.summary, plan.edgeMask, positions, plan.kind === 'sectors');
    paintFrame(graphRef.current, plan, {
      snapshot,
      result: r,
      losses: r ? roundLosses(r)[k] : null,
      round: k,
      selected: s.selected,
      marks,
    });
    labels.reset();
    if (!renderer) return;
    // Tens of thousands of wide, translucent edges cannot be redrawn every frame by a weak GPU or
    // software GL (seconds per frame at paper scale under SwiftShader): on big graphs sigma leaves
    // them out while the camera moves, and panning and zooming stay fluid.
    renderer.setSetting('hideEdgesOnMove', graphRef.current.size > BIG_GRAPH_EDGES);
    // A new graph starts on the whole picture; a filter change keeps the camera where it is.
    if (shownSnapshot.current !== snapshot || plan.kind === 'sectors') {
      renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      shownSnapshot.current = snapshot;
    }
    renderer.refresh();
    const done = () => {
      labels.schedule();
      setReady(true);
    };
    renderer.once('afterRender', done);
    renderer.scheduleRender();
    return () => {
      renderer.off('afterRender', done);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snapshot, positions, plan]);

  // Scenario colouring for the round the playback shows.
  useEffect(() => {
    if (!snapshot || !positions || !plan || graphRef.current.order === 0) return;
    paintFrame(graphRef.current, plan, {
      snapshot,
      result,
      losses,
      round,
      selected,
      marks: marksForView(snapshot, baseSnapshot),
    });
    labels.schedule();
  }, [snapshot, baseSnapshot, positions, plan, result, losses, round, selected, labels]);

  // Fly to the selected node (search, table rows).
  useEffect(() => {
    const renderer = rendererRef.current;
    const id = useExplorer.getState().selected;
    if (!renderer || !id || flyRequest === 0 || !graphRef.current.hasNode(nodeKey(id))) return;
    const d = renderer.getNodeDisplayData(nodeKey(id));
    if (d) void renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.35 }, { duration: 700 });
  }, [flyRequest]);

  const hovered = hover && snapshot ? snapshot.ids.indexOf(hover.id) : -1;
  const hoveredAggregate =
    hover && plan && plan.kind !== 'full'
      ? plan.summary.nodes.find((n) => n.index < 0 && n.key === hover.id)
      : undefined;
  const hoverLoss = hovered >= 0 && losses ? losses[hovered] : 0;
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
      {info?.forecast && (
        <div className="canvas-forecast-flag" role="note" data-testid="canvas-forecast-flag">
          FORECAST h={info.horizon ?? '?'} · week of {info.date}
        </div>
      )}
      {view && !view.final && (
        <div className="canvas-round-flag" role="status" data-testid="canvas-round-flag">
          Showing {view.label}
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
      {hoveredAggregate && snapshot && (
        <div
          className="tooltip"
          role="tooltip"
          style={{
            left: Math.min(hover!.x + 14, (containerRef.current?.clientWidth ?? 9999) - 240),
            top: hover!.y + 14,
          }}
        >
          <div className="tooltip-title">{hoveredAggregate.sector}</div>
          <div className="tooltip-sub">{hoveredAggregate.members.toLocaleString('en-US')} nodes drawn as one</div>
          <dl>
            <dt>TVL (sum)</dt>
            <dd>{formatUsd(hoveredAggregate.tvl)}</dd>
            <dt>Loss (sum)</dt>
            <dd>
              {result && plan && plan.kind !== 'full'
                ? formatUsd(aggregateLoss(plan, hoveredAggregate.key, losses))
                : '—'}
            </dd>
          </dl>
          <div className="tooltip-hint">{plan?.kind === 'summary' ? 'Click to expand' : 'Sector view'}</div>
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
          {relax.state === 'running' ? (
            <button type="button" className="wide" onClick={() => relax.stop('stopped')} aria-live="polite">
              <span className="spinner small" aria-hidden="true" /> Relaxing… stop
            </button>
          ) : (
            <button
              type="button"
              className="wide"
              title="Run ForceAtlas2 in a web worker; it stops by itself when the layout is stable"
              onClick={relax.start}
              disabled={snapshot.edges.m === 0}
            >
              Relax layout
            </button>
          )}
          {relax.state !== 'idle' && relax.state !== 'running' && (
            <button
              type="button"
              className="wide"
              onClick={() => relax.reset(useExplorer.getState().positions)}
              title="Back to the shipped positions"
            >
              Reset layout
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Scenario colours for the plan's graph, then the neighbourhood fade. */
function paintFrame(graph: ExposureGraph, plan: DrawPlan, frame: Parameters<typeof applyFrame>[1]): void {
  if (plan.kind === 'full') applyFrame(graph, frame);
  else applySummaryFrame(graph, frame.snapshot, plan.summary, frame.result, frame.losses, frame.round, frame.selected);
  if (plan.emphasis && plan.stats.hoodFocus !== null && plan.stats.hoodFocus >= 0)
    applyEmphasis(graph, frame.snapshot, plan.emphasis, plan.stats.hoodFocus);
}

/** An aggregate's loss at the round shown (the summary itself holds the final losses). */
function aggregateLoss(
  plan: Extract<DrawPlan, { kind: 'summary' | 'sectors' }>,
  key: string,
  losses: Float64Array | null,
) {
  const g = plan.summary.nodes.findIndex((n) => n.key === key);
  let sum = 0;
  if (losses) for (let i = 0; i < losses.length; i++) if (plan.summary.groupOf[i] === g) sum += losses[i];
  return sum;
}
