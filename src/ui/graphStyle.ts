// How the exposure graph is drawn: the graphology graph built from a snapshot (base attributes),
// sigma v4's primitives and style rules, and the per-frame attributes for a scenario and round.
import Graph from 'graphology';
import { extremityArrow, layerFill, pathCurved, pathLine, sdfCircle, sdfSquare } from 'sigma/rendering';
import type { ContagionResult } from '../core/contagion';
import { MAIN_CARRIER_MAX, MAIN_CARRIER_SHARE, mainCarriers } from '../core/attribution';
import type { Snapshot } from '../core/types';
import type { Positions } from './layout';
import { idOfKey, nodeKey } from './canvas/nodeKeys';
import {
  EDGE_CARRIED_COLOR,
  EDGE_MAIN_CARRIER_COLOR,
  EDGE_COLOR,
  EDGE_PAST_COLOR,
  EDGE_SELECTED_COLOR,
  lossColor,
  SEED_RING_COLOR,
  sectorColor,
} from './palette';
import {
  forecastEdgeMarks,
  NEW_EDGE_COLOR,
  VANISHING_EDGE_COLOR,
  vanishedEdgeKey,
  type ForecastEdgeMarks,
} from './forecast/edgeMarks';

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  baseSize: number;
  color: string;
  opacity: number;
  label: string;
  shape: 'circle' | 'square';
  seed: boolean;
  focus: boolean;
  zIndex: number;
  /** Label placement rank (higher first): selected, seeds, hit nodes by loss, then by TVL. */
  priority: number;
  /** Set by the collision-free label placer (placeLabels). */
  labelVisibility: 'visible' | 'hidden';
}

export interface EdgeAttrs {
  size: number;
  baseSize: number;
  color: string;
  opacity: number;
  head: string;
  tail: string;
  depth: 'edges' | 'topEdges';
  zIndex: number;
  path: EdgePathName;
}

/** How a styled edge looks. `forward`: the arrow at the issuer (holder → issuer, the exposure);
 * `backward`: at the holder (the way loss travels). `top`: drawn above the other edges. */
export interface EdgeLook {
  color: string;
  opacity: number;
  size: number;
  arrow: 'forward' | 'backward';
  top: boolean;
  zIndex: number;
}

export function edgeLook(a: EdgeAttrs, look: EdgeLook): EdgeAttrs {
  const forward = look.arrow === 'forward';
  return {
    ...a,
    color: look.color,
    opacity: look.opacity,
    size: look.size,
    head: forward ? 'arrow' : 'none',
    tail: forward ? 'none' : 'arrow',
    depth: look.top ? 'topEdges' : 'edges',
    zIndex: look.zIndex,
  };
}

/** Curved edges read better (a→b and b→a stay apart), straight ones are a single quad each. */
export type EdgePathName = 'curved' | 'straight';
/** Above this many edges a graph is drawn for speed: straight edges (16-segment curves cost too
 * much to redraw), hidden while the camera moves (see NetworkCanvas). */
export const BIG_GRAPH_EDGES = 5_000;

export type ExposureGraph = Graph<NodeAttrs, EdgeAttrs>;

export function edgeKey(e: number): string {
  return `e${e}`;
}

function logScale(value: number, lo: number, hi: number, min: number, max: number): number {
  if (!(value > 0) || !(hi > lo)) return min;
  const t = (Math.log10(value) - lo) / (hi - lo);
  return min + Math.max(0, Math.min(1, t)) * (max - min);
}

const viewMarks = new WeakMap<Snapshot, ForecastEdgeMarks | null>();

/**
 * The forecast marks (new and vanishing edges) of the graph drawn, which may be a perimeter view of
 * the forecast graph `base` (fewer nodes, other indices): the marks are carried over by node id.
 */
export function marksForView(view: Snapshot, base: Snapshot | null): ForecastEdgeMarks | undefined {
  const marks = base ? forecastEdgeMarks(base) : undefined;
  if (!marks || !base || view === base) return marks;
  let cached = viewMarks.get(view);
  if (cached === undefined) {
    const pair = (s: string, t: string) => `${s}\u0000${t}`;
    const fresh = new Set<string>();
    for (let e = 0; e < base.edges.m; e++)
      if (marks.isNew[e]) fresh.add(pair(base.ids[base.edges.source[e]], base.ids[base.edges.target[e]]));
    const isNew = new Uint8Array(view.edges.m);
    for (let e = 0; e < view.edges.m; e++)
      if (fresh.has(pair(view.ids[view.edges.source[e]], view.ids[view.edges.target[e]]))) isNew[e] = 1;
    const index = new Map(view.ids.map((id, i) => [id, i]));
    const vanished: ForecastEdgeMarks['vanished'] = [];
    for (const v of marks.vanished) {
      const source = index.get(base.ids[v.source]);
      const target = index.get(base.ids[v.target]);
      if (source !== undefined && target !== undefined) vanished.push({ source, target, weight: v.weight });
    }
    cached = { isNew, vanished };
    viewMarks.set(view, cached);
  }
  return cached ?? undefined;
}

/** Builds the graph of a snapshot: positions, log-TVL sizes, sector colours, USD edge widths. */
export function buildGraph(
  graph: ExposureGraph,
  snapshot: Snapshot,
  positions: Positions,
  marks: ForecastEdgeMarks | undefined,
  /** Only these nodes and edges are built (the exploration filters); sizes still scale on the whole graph. */
  mask?: { node: Uint8Array; edge: Uint8Array },
): void {
  graph.clear();
  const n = snapshot.n;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = snapshot.tvl[i];
    if (v > 0) {
      lo = Math.min(lo, Math.log10(v));
      hi = Math.max(hi, Math.log10(v));
    }
  }
  // Fewer, larger discs for a small graph; a 3,000-node list needs small ones.
  const maxSize = n > 1500 ? 8 : n > 600 ? 11 : 15;
  const minSize = n > 1500 ? 1 : 2;
  for (let i = 0; i < n; i++) {
    if (mask && !mask.node[i]) continue;
    const id = snapshot.ids[i];
    const [x, y] = positions.get(id) ?? [0, 0];
    // A token node's "TVL" is USD already counted in its holders' TVL: drawn smaller, so the
    // primary tokens frame the picture instead of dominating it.
    const size = logScale(snapshot.tvl[i], lo, hi, minSize, maxSize) * (snapshot.kinds[i] === 'token' ? 0.65 : 1);
    graph.addNode(nodeKey(id), {
      x,
      y,
      size,
      baseSize: size,
      color: sectorColor(snapshot.sectors[i]),
      opacity: 1,
      label: snapshot.names[i] || id,
      shape: snapshot.kinds[i] === 'token' ? 'square' : 'circle',
      seed: false,
      focus: false,
      zIndex: 0,
      priority: snapshot.tvl[i] > 0 ? snapshot.tvl[i] : 0,
      labelVisibility: 'hidden',
    });
  }
  const { m, source, target, weight } = snapshot.edges;
  let wlo = Infinity;
  let whi = -Infinity;
  for (let e = 0; e < m; e++) {
    if (weight[e] > 0) {
      wlo = Math.min(wlo, Math.log10(weight[e]));
      whi = Math.max(whi, Math.log10(weight[e]));
    }
  }
  const path: EdgePathName = m > BIG_GRAPH_EDGES ? 'straight' : 'curved';
  for (let e = 0; e < m; e++) {
    if (source[e] === target[e] || !(weight[e] > 0) || (mask && !mask.edge[e])) continue;
    const size = logScale(weight[e], wlo, whi, 0.6, 5);
    graph.addDirectedEdgeWithKey(edgeKey(e), nodeKey(snapshot.ids[source[e]]), nodeKey(snapshot.ids[target[e]]), {
      size,
      baseSize: size,
      color: EDGE_COLOR,
      opacity: 0.35,
      head: 'arrow',
      tail: 'none',
      depth: 'edges',
      zIndex: 0,
      path,
    });
  }
  // Forecast graphs also draw the observed edges they drop (coloured in applyFrame).
  marks?.vanished.forEach((v, k) => {
    if (v.source === v.target || (mask && !(mask.node[v.source] && mask.node[v.target]))) return;
    const size = logScale(v.weight, wlo, whi, 0.6, 5);
    graph.addDirectedEdgeWithKey(vanishedEdgeKey(k), nodeKey(snapshot.ids[v.source]), nodeKey(snapshot.ids[v.target]), {
      size,
      baseSize: size,
      color: VANISHING_EDGE_COLOR,
      opacity: 0.3,
      head: 'arrow',
      tail: 'none',
      depth: 'edges',
      zIndex: 0,
      path,
    });
  });
}

export interface FrameInput {
  snapshot: Snapshot;
  result: ContagionResult | null;
  /** Loss of every node after the shown round (null without a result). */
  losses: Float64Array | null;
  round: number;
  selected: string | null;
  /** Forecast marks of the graph drawn (marksForView), if it is a forecast. */
  marks: ForecastEdgeMarks | undefined;
}

/**
 * Scenario colouring for one animation frame. Without a result, sector colours. With one, nodes
 * with a loss take the loss ramp (share of their own TVL), the rest fade; edges that carried loss
 * in the shown round turn orange with the arrow on the creditor's end (the way the loss went),
 * earlier rounds' carriers stay dimly marked.
 */
export function applyFrame(graph: ExposureGraph, input: FrameInput): void {
  const { snapshot, result, losses, round, selected, marks } = input;
  const seeds = new Set<string>();
  if (result) for (const s of result.seedIndices) seeds.add(snapshot.ids[s]);
  const index = new Map<string, number>();
  snapshot.ids.forEach((id, i) => index.set(id, i));

  graph.updateEachNodeAttributes((key, a) => {
    const id = idOfKey(key);
    const i = index.get(id)!;
    const loss = losses ? losses[i] : 0;
    const tvl = snapshot.tvl[i];
    const hit = loss > 0;
    const share = tvl > 0 ? loss / tvl : hit ? 1 : 0;
    const isSeed = seeds.has(id);
    return {
      ...a,
      color: result && hit ? lossColor(share) : sectorColor(snapshot.sectors[i]),
      opacity: !result || hit || id === selected ? 1 : snapshot.kinds[i] === 'token' ? 0.16 : 0.28,
      size: a.baseSize,
      seed: isSeed,
      focus: id === selected,
      zIndex: id === selected ? 3 : isSeed ? 2 : hit ? 1 : 0,
      // Tiers are far apart so a tier always wins over any USD amount of a lower one.
      priority: (id === selected ? 4e15 : isSeed ? 3e15 : hit ? 2e15 : 0) + (hit ? loss : tvl > 0 ? tvl : 0) / 1e3,
    };
  });

  const selectedKey = selected === null ? null : nodeKey(selected);
  const current = new Set<string>();
  const past = new Set<string>();
  // The edges that together carried 80% of the contagion loss credited by the round shown.
  const main = new Set<string>();
  if (result && result.rounds.length === result.lossRounds && round > 0)
    for (const e of mainCarriers(snapshot, result, MAIN_CARRIER_SHARE, MAIN_CARRIER_MAX, round))
      main.add(edgeKey(e.edge));
  if (result) {
    result.rounds.forEach((r) => {
      if (r.round > round) return;
      for (const e of r.edges) (r.round === round ? current : past).add(edgeKey(e));
    });
  }
  graph.updateEachEdgeAttributes(
    (key, a, s, t) => {
      if (main.has(key)) {
        return edgeLook(a, {
          color: EDGE_MAIN_CARRIER_COLOR,
          opacity: 1,
          size: Math.max(3, a.baseSize * 1.6),
          arrow: 'backward',
          top: true,
          zIndex: 3,
        });
      }
      if (current.has(key)) {
        return edgeLook(a, {
          color: EDGE_CARRIED_COLOR,
          opacity: 1,
          size: Math.max(2.2, a.baseSize * 1.3),
          arrow: 'backward',
          top: true,
          zIndex: 2,
        });
      }
      if (past.has(key)) {
        return edgeLook(a, {
          color: EDGE_PAST_COLOR,
          opacity: 0.8,
          size: Math.max(1.2, a.baseSize),
          arrow: 'backward',
          top: false,
          zIndex: 1,
        });
      }
      if (selected && (s === selectedKey || t === selectedKey)) {
        return edgeLook(a, {
          color: EDGE_SELECTED_COLOR,
          opacity: 0.85,
          size: a.baseSize,
          arrow: 'forward',
          top: true,
          zIndex: 1,
        });
      }
      if (marks && key.startsWith('v')) {
        return edgeLook(a, {
          color: VANISHING_EDGE_COLOR,
          opacity: result ? 0.18 : 0.3,
          size: a.baseSize,
          arrow: 'forward',
          top: false,
          zIndex: 0,
        });
      }
      if (marks?.isNew[Number(key.slice(1))]) {
        return edgeLook(a, {
          color: NEW_EDGE_COLOR,
          opacity: result ? 0.5 : 0.9,
          size: Math.max(1.2, a.baseSize),
          arrow: 'forward',
          top: false,
          zIndex: 1,
        });
      }
      return edgeLook(a, {
        color: EDGE_COLOR,
        opacity: result ? 0.16 : 0.35,
        size: a.baseSize,
        arrow: 'forward',
        top: false,
        zIndex: 0,
      });
      // The zIndex/depth hint makes sigma re-index the edges (they change depth layer), which also
      // covers edges added moments ago and not yet processed.
    },
    { attributes: ['zIndex', 'depth', 'color', 'opacity', 'size', 'head', 'tail'] },
  );
}

const LABEL_FONT = {
  family: 'Inter, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  weight: '500',
  size: 12,
};

/** Sigma v4 primitives: circles (protocols) and squares (primary tokens); curved edges with arrows. */
export const PRIMITIVES = {
  nodes: {
    shapes: [sdfCircle(), sdfSquare()],
    layers: [layerFill()],
    label: { font: LABEL_FONT, color: '#dbe4f0', margin: 4 },
  },
  edges: {
    paths: [pathCurved({ curvature: 0.18 }), pathLine()],
    extremities: [extremityArrow({ lengthRatio: 3.5, widthRatio: 2.2 })],
    defaultHead: 'arrow',
    defaultTail: 'none',
  },
};

export const STYLES = {
  nodes: [
    {
      x: { attribute: 'x' },
      y: { attribute: 'y' },
      size: { attribute: 'size', defaultValue: 4 },
      color: { attribute: 'color', defaultValue: '#64748b' },
      opacity: { attribute: 'opacity', defaultValue: 1 },
      label: { attribute: 'label' },
      shape: { attribute: 'shape', defaultValue: 'circle' },
      zIndex: { attribute: 'zIndex', defaultValue: 0 },
      labelColor: '#e6ecf5',
      labelSize: 12,
      labelBackgroundColor: 'rgba(11, 16, 32, 0.72)',
      labelBackgroundPadding: 2,
      depth: 'nodes',
      // Chosen by placeLabels (no two labels overlap), not by sigma's per-cell grid.
      labelVisibility: { attribute: 'labelVisibility', defaultValue: 'hidden' },
    },
    {
      when: (a: Record<string, unknown>) => a.seed === true,
      then: {
        backdropVisibility: 'visible',
        backdropArea: 'node',
        backdropColor: 'rgba(255,255,255,0.12)',
        backdropBorderColor: SEED_RING_COLOR,
        backdropBorderWidth: 2,
        backdropPadding: 3,
        backdropShadowBlur: 10,
        backdropShadowColor: 'rgba(251,146,60,0.8)',
        depth: 'topNodes',
      },
    },
    {
      when: (a: Record<string, unknown>) => a.focus === true,
      then: {
        backdropVisibility: 'visible',
        backdropArea: 'both',
        backdropColor: '#1e293b',
        backdropBorderColor: '#93c5fd',
        backdropBorderWidth: 1.5,
        backdropPadding: 4,
        backdropCornerRadius: 6,
        labelVisibility: 'visible',
        depth: 'topNodes',
      },
    },
    {
      whenState: 'isHovered',
      then: {
        backdropVisibility: 'visible',
        backdropArea: 'both',
        backdropColor: '#1e293b',
        backdropBorderColor: '#475569',
        backdropBorderWidth: 1,
        backdropPadding: 4,
        backdropCornerRadius: 6,
        labelVisibility: 'visible',
        depth: 'topNodes',
      },
    },
  ],
  edges: [
    {
      size: { attribute: 'size', defaultValue: 1 },
      color: { attribute: 'color', defaultValue: EDGE_COLOR },
      opacity: { attribute: 'opacity', defaultValue: 0.35 },
      head: { attribute: 'head', defaultValue: 'arrow' },
      tail: { attribute: 'tail', defaultValue: 'none' },
      depth: { attribute: 'depth', defaultValue: 'edges' },
      zIndex: { attribute: 'zIndex', defaultValue: 0 },
      path: { attribute: 'path', defaultValue: 'curved' },
    },
  ],
};

export interface LabelBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Collision-free labels: nodes in priority order get a label if its box (to the right of the
 * disc, as sigma draws it) fits on screen without touching a label already placed. Sigma's own
 * grid only caps labels per cell, so neighbours in adjacent cells could still overlap.
 */
export function chooseLabels(
  candidates: { id: string; x: number; y: number; radius: number; text: string; priority: number }[],
  width: number,
  height: number,
  max: number,
): Set<string> {
  const placed: LabelBox[] = [];
  const chosen = new Set<string>();
  const sorted = [...candidates].sort((a, b) => b.priority - a.priority);
  for (const c of sorted) {
    if (chosen.size >= max) break;
    if (!c.text || c.x < 0 || c.y < 0 || c.x > width || c.y > height) continue;
    const w = c.text.length * 6.9 + 8;
    const box = { x1: c.x + c.radius + 1, y1: c.y - 9, x2: c.x + c.radius + 5 + w, y2: c.y + 9 };
    if (box.x2 > width + 4) continue;
    if (placed.some((b) => box.x1 < b.x2 && box.x2 > b.x1 && box.y1 < b.y2 && box.y2 > b.y1)) continue;
    placed.push(box);
    chosen.add(c.id);
  }
  return chosen;
}
