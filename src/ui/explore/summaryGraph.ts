// The canvas graph of a summary (level of detail) or the sector view: kept nodes under their own
// id (so selection, search and the tables still find them), one disc per sector aggregate
// (`sector:<Sector>`, a click expands it), edges summed between groups. And the neighbourhood fade,
// shared with the full view.
import type { ContagionResult } from '../../core/contagion';
import type { Snapshot } from '../../core/types';
import type { GraphSummary } from '../../core/view/summary';
import { edgeLook, type ExposureGraph } from '../graphStyle';
import type { Positions } from '../layout';
import { idOfKey, nodeKey } from '../canvas/nodeKeys';
import { EDGE_CARRIED_COLOR, EDGE_COLOR, EDGE_SELECTED_COLOR, lossColor, SECTOR_SHORT, sectorColor } from '../palette';

function logScale(value: number, lo: number, hi: number, min: number, max: number): number {
  if (!(value > 0) || !(hi > lo)) return min;
  const t = (Math.log10(value) - lo) / (hi - lo);
  return min + Math.max(0, Math.min(1, t)) * (max - min);
}

function logRange(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (v > 0) {
      lo = Math.min(lo, Math.log10(v));
      hi = Math.max(hi, Math.log10(v));
    }
  return [lo, hi];
}

/** Where an aggregate sits: the TVL-weighted centre of its members (the sector view spreads them on a ring). */
function summaryPositions(snapshot: Snapshot, summary: GraphSummary, positions: Positions, ring: boolean) {
  const xy = summary.nodes.map(() => [0, 0, 0]);
  for (let i = 0; i < snapshot.n; i++) {
    const g = summary.groupOf[i];
    if (g < 0) continue;
    const p = positions.get(snapshot.ids[i]) ?? [0, 0];
    const w = Math.max(snapshot.tvl[i], 1);
    xy[g][0] += p[0] * w;
    xy[g][1] += p[1] * w;
    xy[g][2] += w;
  }
  return summary.nodes.map((node, k) => {
    if (ring) {
      const a = (2 * Math.PI * k) / summary.nodes.length;
      return [Math.cos(a), Math.sin(a)];
    }
    if (node.index >= 0) return positions.get(node.key) ?? [0, 0];
    return xy[k][2] > 0 ? [xy[k][0] / xy[k][2], xy[k][1] / xy[k][2]] : [0, 0];
  });
}

export function summaryEdgeKey(k: number): string {
  return `s${k}`;
}

export function buildSummaryGraph(
  graph: ExposureGraph,
  snapshot: Snapshot,
  summary: GraphSummary,
  edgeMask: Uint8Array,
  positions: Positions,
  sectorsOnly: boolean,
): void {
  graph.clear();
  const [lo, hi] = logRange(summary.nodes.map((n) => n.tvl));
  const xy = summaryPositions(snapshot, summary, positions, sectorsOnly);
  summary.nodes.forEach((node, k) => {
    const aggregate = node.index < 0;
    const size = logScale(node.tvl, lo, hi, sectorsOnly ? 10 : 3, sectorsOnly ? 34 : aggregate ? 22 : 14);
    // Graph keys are prefixed ids (canvas/nodeKeys.ts): ids such as "__proto__" are data.
    graph.addNode(nodeKey(node.key), {
      x: xy[k][0],
      y: xy[k][1],
      size,
      baseSize: size,
      color: sectorColor(node.sector),
      opacity: 1,
      // Short sector names, so that a label fits beside a big disc.
      label: aggregate
        ? `${SECTOR_SHORT[node.sector]} · ${node.members.toLocaleString('en-US')}${sectorsOnly ? (node.members === 1 ? ' node' : ' nodes') : ' more'}`
        : node.label,
      shape: node.index >= 0 && snapshot.kinds[node.index] === 'token' ? 'square' : 'circle',
      seed: false,
      focus: false,
      zIndex: aggregate ? 1 : 0,
      priority: (aggregate ? 1e15 : 0) + node.tvl / 1e3,
      labelVisibility: 'hidden',
    });
  });
  const [wlo, whi] = logRange(summary.edges.map((e) => e.weight));
  summary.edges.forEach((e, k) => {
    if (!edgeMask[k]) return;
    const size = logScale(e.weight, wlo, whi, 0.6, sectorsOnly ? 12 : 6);
    graph.addDirectedEdgeWithKey(
      summaryEdgeKey(k),
      nodeKey(summary.nodes[e.source].key),
      nodeKey(summary.nodes[e.target].key),
      {
        size,
        baseSize: size,
        color: EDGE_COLOR,
        opacity: 0.4,
        head: 'arrow',
        tail: 'none',
        depth: 'edges',
        zIndex: 0,
        path: 'curved',
      },
    );
  });
}

/**
 * Scenario colouring of a summary at the round shown: an aggregate's loss is the sum of its
 * members' losses, coloured by its share of their TVL; a summary edge that carried loss in this
 * round stands for at least one graph edge that did.
 */
export function applySummaryFrame(
  graph: ExposureGraph,
  snapshot: Snapshot,
  summary: GraphSummary,
  result: ContagionResult | null,
  losses: Float64Array | null,
  round: number,
  selected: string | null,
): void {
  const loss = new Float64Array(summary.nodes.length);
  if (losses) for (let i = 0; i < snapshot.n; i++) if (summary.groupOf[i] >= 0) loss[summary.groupOf[i]] += losses[i];
  const seeds = new Set(result?.seedIndices ?? []);
  const byKey = new Map(summary.nodes.map((n, k) => [nodeKey(n.key), k]));
  const selectedKey = selected === null ? null : nodeKey(selected);
  graph.updateEachNodeAttributes((key, a) => {
    const k = byKey.get(key)!;
    const node = summary.nodes[k];
    const hit = loss[k] > 0;
    const share = node.tvl > 0 ? loss[k] / node.tvl : hit ? 1 : 0;
    const isSeed = node.index >= 0 && seeds.has(node.index);
    return {
      ...a,
      color: result && hit ? lossColor(share) : sectorColor(node.sector),
      opacity: !result || hit || key === selectedKey || node.index < 0 ? 1 : 0.3,
      size: a.baseSize,
      seed: isSeed,
      focus: key === selectedKey,
      zIndex: key === selectedKey ? 3 : isSeed ? 2 : hit ? 1 : 0,
      priority:
        (key === selectedKey ? 4e15 : isSeed ? 3e15 : hit ? 2e15 : node.index < 0 ? 1e15 : 0) +
        (hit ? loss[k] : node.tvl) / 1e3,
    };
  });
  const carried = new Set<string>();
  if (result) {
    const k = summary.nodes.length;
    const pairToEdge = new Map(summary.edges.map((e, x) => [e.source * k + e.target, x]));
    for (const r of result.rounds) {
      if (r.round !== round) continue;
      for (const e of r.edges) {
        const s = summary.groupOf[snapshot.edges.source[e]];
        const t = summary.groupOf[snapshot.edges.target[e]];
        const x = pairToEdge.get(s * k + t);
        if (x !== undefined) carried.add(summaryEdgeKey(x));
      }
    }
  }
  graph.updateEachEdgeAttributes(
    (key, a, s, t) => {
      if (carried.has(key))
        return edgeLook(a, {
          color: EDGE_CARRIED_COLOR,
          opacity: 1,
          size: Math.max(2.2, a.baseSize),
          arrow: 'backward',
          top: true,
          zIndex: 2,
        });
      if (selectedKey && (s === selectedKey || t === selectedKey))
        return edgeLook(a, {
          color: EDGE_SELECTED_COLOR,
          opacity: 0.85,
          size: a.baseSize,
          arrow: 'forward',
          top: true,
          zIndex: 1,
        });
      return edgeLook(a, {
        color: EDGE_COLOR,
        opacity: result ? 0.2 : 0.4,
        size: a.baseSize,
        arrow: 'forward',
        top: false,
        zIndex: 0,
      });
    },
    { attributes: ['zIndex', 'depth', 'color', 'opacity', 'size', 'head', 'tail'] },
  );
}

/** Fades what lies outside a neighbourhood (hop distance < 0); the focus keeps its label first. */
// Right after a rebuild sigma has not indexed the new items yet: an update it believes leaves the
// layout alone (a node hint without x/y/zIndex, or an edge update without a zIndex hint) throws
// "can't be repaint". So nodes get no hint and edges name zIndex (sigma then re-indexes them).
export function applyEmphasis(graph: ExposureGraph, snapshot: Snapshot, dist: Int8Array, focus: number): void {
  const index = new Map(snapshot.ids.map((id, i) => [id, i]));
  const inside = (key: string) => {
    const i = index.get(idOfKey(key));
    return i !== undefined && dist[i] >= 0;
  };
  const focusId = snapshot.ids[focus];
  graph.updateEachNodeAttributes((key, a) =>
    inside(key)
      ? { ...a, opacity: 1, priority: a.priority + (idOfKey(key) === focusId ? 5e15 : 1.5e15) }
      : { ...a, opacity: 0.07, priority: 0 },
  );
  graph.updateEachEdgeAttributes(
    (_, a, s, t) => (inside(s) && inside(t) ? { ...a, opacity: Math.max(a.opacity, 0.6) } : { ...a, opacity: 0.03 }),
    { attributes: ['zIndex', 'opacity'] },
  );
}
