// Level of detail: a readable summary of a big graph. Chosen nodes stay themselves, every other
// node is folded into one aggregate per sector, and edges between groups are summed. Nothing is
// lost: each aggregate carries its members' TVL, loss and internal exposure, so the summary's
// totals equal the full graph's (tests/unit/explore.test.ts holds it to that). With no node kept
// it is the sector view, whose cross-group edges are the spillover matrix S_ij.
import { SECTORS, type Sector, type Snapshot } from '../types';

export interface SummaryNode {
  /** A node's own id, or `sector:<Sector>` for an aggregate. */
  key: string;
  /** Index in the snapshot for a kept node; -1 for an aggregate. */
  index: number;
  sector: Sector;
  label: string;
  /** Σ TVL of the members (token nodes: USD held of them, as in the snapshot). */
  tvl: number;
  /** Σ TVL of the protocol members only (the denominator the key numbers use). */
  protocolTvl: number;
  /** Σ loss of the members (0 without a scenario). */
  loss: number;
  members: number;
  /** Σ weight of the edges between two members of this aggregate (not drawn, still counted). */
  internalWeight: number;
}

export interface SummaryEdge {
  source: number;
  target: number;
  weight: number;
  /** How many graph edges it stands for. */
  count: number;
}

export interface GraphSummary {
  nodes: SummaryNode[];
  edges: SummaryEdge[];
  /** Snapshot node index → summary node index. */
  groupOf: Int32Array;
}

const OTHER: Sector = 'Other / Unknown';
const KNOWN = new Set<string>(SECTORS);

export function aggregateKey(sector: Sector): string {
  return `sector:${sector}`;
}

export function sectorOf(snapshot: Snapshot, i: number): Sector {
  return KNOWN.has(snapshot.sectors[i]) ? snapshot.sectors[i] : OTHER;
}

/**
 * Folds every node not in `keep` into its sector's aggregate. `include` (a filter mask) leaves
 * nodes out of the summary altogether; losses are per node (null = no scenario).
 */
export function summarise(
  snapshot: Snapshot,
  keep: ArrayLike<number>,
  losses: ArrayLike<number> | null,
  include: ArrayLike<number> | null = null,
): GraphSummary {
  const nodes: SummaryNode[] = [];
  const groupOf = new Int32Array(snapshot.n).fill(-1);
  const aggregates = new Map<Sector, number>();
  for (let i = 0; i < snapshot.n; i++) {
    if (include && !include[i]) continue;
    const sector = sectorOf(snapshot, i);
    const protocolTvl = snapshot.kinds[i] === 'protocol' ? snapshot.tvl[i] : 0;
    const loss = losses ? losses[i] : 0;
    if (keep[i]) {
      groupOf[i] = nodes.length;
      nodes.push({
        key: snapshot.ids[i],
        index: i,
        sector,
        label: snapshot.names[i] || snapshot.ids[i],
        tvl: snapshot.tvl[i],
        protocolTvl,
        loss,
        members: 1,
        internalWeight: 0,
      });
      continue;
    }
    let g = aggregates.get(sector);
    if (g === undefined) {
      g = nodes.length;
      aggregates.set(sector, g);
      nodes.push({
        key: aggregateKey(sector),
        index: -1,
        sector,
        label: sector,
        tvl: 0,
        protocolTvl: 0,
        loss: 0,
        members: 0,
        internalWeight: 0,
      });
    }
    const a = nodes[g];
    a.tvl += snapshot.tvl[i];
    a.protocolTvl += protocolTvl;
    a.loss += loss;
    a.members++;
    groupOf[i] = g;
  }
  for (const a of nodes) if (a.index < 0) a.label = `${a.label} (${a.members} more)`;
  const { m, source, target, weight } = snapshot.edges;
  const byPair = new Map<number, SummaryEdge>();
  const k = nodes.length;
  for (let e = 0; e < m; e++) {
    const s = groupOf[source[e]];
    const t = groupOf[target[e]];
    if (s < 0 || t < 0) continue;
    if (s === t) {
      nodes[s].internalWeight += weight[e];
      continue;
    }
    const pair = s * k + t;
    const edge = byPair.get(pair);
    if (edge) {
      edge.weight += weight[e];
      edge.count++;
    } else byPair.set(pair, { source: s, target: t, weight: weight[e], count: 1 });
  }
  return { nodes, edges: [...byPair.values()], groupOf };
}

/** The sector view: all 7 sectors as aggregates (the spillover matrix's picture). */
export function sectorView(snapshot: Snapshot, losses: ArrayLike<number> | null): GraphSummary {
  return summarise(snapshot, new Uint8Array(snapshot.n), losses);
}

/**
 * Which nodes a summary keeps: the `top` highest by score (TVL, or the scenario's loss when there
 * is one), plus every member of an expanded sector and the always-kept ones (the selection, the
 * seeds).
 */
export function pickKept(
  snapshot: Snapshot,
  score: ArrayLike<number>,
  top: number,
  expanded: readonly Sector[] = [],
  always: readonly number[] = [],
): Uint8Array {
  const keep = new Uint8Array(snapshot.n);
  const order = Array.from({ length: snapshot.n }, (_, i) => i).filter((i) => score[i] > 0);
  order.sort((a, b) => score[b] - score[a] || a - b);
  for (let k = 0; k < Math.min(top, order.length); k++) keep[order[k]] = 1;
  // An expanded sector shows its largest members (a sector of thousands would be a hairball again);
  // the rest stay in its aggregate.
  for (const sector of expanded) {
    let shown = 0;
    for (const i of order) {
      if (shown >= EXPAND_TOP) break;
      if (sectorOf(snapshot, i) !== sector) continue;
      keep[i] = 1;
      shown++;
    }
  }
  for (const i of always) if (i >= 0 && i < snapshot.n) keep[i] = 1;
  return keep;
}

/** Above this many edges the canvas starts on the summary (the full graph is one click away). */
export const SUMMARY_EDGE_LIMIT = 3_000;
/** Nodes a summary keeps by default. */
export const SUMMARY_TOP = 150;
/** Members an expanded sector shows, largest first. */
export const EXPAND_TOP = 300;
