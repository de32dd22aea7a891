// What the canvas draws, from the graph on screen and the exploration state: the full graph (with
// filter and neighbourhood masks) or a summary (top nodes plus sector aggregates; the sector view).
// Only the drawing depends on it: every number on screen comes from the full snapshot.
import { applyFilters, resolveEdgeRule, type ExploreFilters } from '../../core/view/filters';
import { hopDistances, resolveFocus, type Neighbourhood } from '../../core/view/neighbourhood';
import { pickKept, summarise, SUMMARY_EDGE_LIMIT, SUMMARY_TOP, type GraphSummary } from '../../core/view/summary';
import type { Sector, Snapshot } from '../../core/types';
import type { ViewMode } from '../url';

export interface DrawInput {
  snapshot: Snapshot;
  filters: ExploreFilters;
  hood: Neighbourhood | null;
  viewMode: ViewMode;
  expandedSectors: readonly Sector[];
  /** Final losses of the scenario (null without one): the touched filter and the summary's ranking. */
  losses: Float64Array | null;
  seeds: readonly number[];
  /** Edges that carried loss in any round: always drawn when both ends are (the scenario's paths). */
  carried: readonly number[];
  selected: string | null;
}

export type DrawPlan =
  | {
      kind: 'full';
      /** Nodes and edges built into the canvas graph. */
      nodeMask: Uint8Array;
      edgeMask: Uint8Array;
      /** Neighbourhood emphasis: nodes outside it are faded (null = no neighbourhood, or hidden). */
      emphasis: Int8Array | null;
      stats: DrawStats;
    }
  | {
      kind: 'summary' | 'sectors';
      summary: GraphSummary;
      /** Summary edges drawn (the edge rule applied to them). */
      edgeMask: Uint8Array;
      emphasis: Int8Array | null;
      stats: DrawStats;
    };

export interface DrawStats {
  /** Nodes and edges drawn (aggregates count as one node). */
  nodes: number;
  edges: number;
  /** Nodes of the graph that pass the filters, and edges between them before the edge rule. */
  passingNodes: number;
  candidateEdges: number;
  /** Neighbourhood: its focus index (-1 when not in this graph) and size, counting the focus. */
  hoodFocus: number | null;
  hoodSize: number;
}

/** The view mode in effect: `auto` is the summary above SUMMARY_EDGE_LIMIT edges. */
export function effectiveMode(snapshot: Snapshot, mode: ViewMode): 'full' | 'summary' | 'sectors' {
  if (mode !== 'auto') return mode;
  return snapshot.edges.m > SUMMARY_EDGE_LIMIT ? 'summary' : 'full';
}

export function planDrawing(input: DrawInput): DrawPlan {
  const { snapshot, filters, hood, losses } = input;
  const filtered = applyFilters(snapshot, filters, losses);
  // Seeds count as touched even when they lost nothing (a seed below τ).
  if (filters.touched) for (const s of input.seeds) filtered.node[s] = 1;
  let dist: Int8Array | null = null;
  let hoodFocus: number | null = null;
  let hoodSize = 0;
  if (hood) {
    hoodFocus = resolveFocus(snapshot, hood.focus);
    if (hoodFocus >= 0) {
      dist = hopDistances(snapshot, hoodFocus, hood.hops, hood.direction);
      for (let i = 0; i < snapshot.n; i++) if (dist[i] >= 0) hoodSize++;
    }
  }
  const include = filtered.node.slice();
  if (dist && hood?.hideRest) for (let i = 0; i < snapshot.n; i++) if (dist[i] < 0) include[i] = 0;
  const emphasis = dist && !hood?.hideRest ? dist : null;
  const mode = effectiveMode(snapshot, input.viewMode);
  let passingNodes = 0;
  for (let i = 0; i < snapshot.n; i++) passingNodes += include[i];

  if (mode === 'full') {
    const edgeMask = filtered.edge;
    for (const e of input.carried) edgeMask[e] = 1;
    const { source, target } = snapshot.edges;
    let edges = 0;
    for (let e = 0; e < snapshot.edges.m; e++) {
      if (edgeMask[e] && !(include[source[e]] && include[target[e]])) edgeMask[e] = 0;
      edges += edgeMask[e];
    }
    return {
      kind: 'full',
      nodeMask: include,
      edgeMask,
      emphasis,
      stats: { nodes: passingNodes, edges, passingNodes, candidateEdges: filtered.edgeCandidates, hoodFocus, hoodSize },
    };
  }

  let summary: GraphSummary;
  if (mode === 'sectors') summary = summarise(snapshot, new Uint8Array(snapshot.n), losses, include);
  else {
    // Hit nodes first (by loss), then the largest by TVL; the selection, the seeds and a
    // neighbourhood always stay themselves.
    const score = new Float64Array(snapshot.n);
    for (let i = 0; i < snapshot.n; i++) score[i] = losses && losses[i] > 0 ? 1e18 + losses[i] : snapshot.tvl[i];
    const always = [...input.seeds];
    const sel = input.selected ? snapshot.ids.indexOf(input.selected) : -1;
    if (sel >= 0) always.push(sel);
    if (dist) for (let i = 0; i < snapshot.n; i++) if (dist[i] >= 0) always.push(i);
    const keep = pickKept(snapshot, score, SUMMARY_TOP, input.expandedSectors, always);
    summary = summarise(snapshot, keep, losses, include);
  }
  const edgeMask = new Uint8Array(summary.edges.length);
  const rule = resolveEdgeRule(filters.edges, snapshot.edges.m);
  if (rule.kind === 'all' || mode === 'sectors') edgeMask.fill(1);
  else if (rule.kind === 'min') summary.edges.forEach((e, k) => (edgeMask[k] = e.weight >= rule.usd ? 1 : 0));
  else {
    const order = summary.edges
      .map((_, k) => k)
      .sort((a, b) => summary.edges[b].weight - summary.edges[a].weight || a - b);
    for (let k = 0; k < Math.min(rule.n, order.length); k++) edgeMask[order[k]] = 1;
  }
  let edges = 0;
  for (const x of edgeMask) edges += x;
  return {
    kind: mode,
    summary,
    edgeMask,
    emphasis,
    stats: {
      nodes: summary.nodes.length,
      edges,
      passingNodes,
      candidateEdges: summary.edges.length,
      hoodFocus,
      hoodSize,
    },
  };
}
