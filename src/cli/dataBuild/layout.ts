// Precomputed node positions, so the picture is the same on every load. Deterministic: seeded
// start, fixed iteration count, no clock and no unseeded randomness.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { mulberry32 } from '../../core/rng';
import { SECTORS, type Sector } from '../../core/types';

export type Layout = Record<string, [number, number]>;

export interface LayoutNode {
  id: string;
  sector: Sector;
  tvl: number;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0; // + 0 turns -0 into 0

/** Centre on the bounding box and scale uniformly so the larger side spans [-1, 1]; 4 decimals. */
export function normaliseLayout(points: Map<string, [number, number]>): Layout {
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (const [x, y] of points.values()) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const half = Math.max(maxX - minX, maxY - minY) / 2 || 1;
  const out: Layout = {};
  for (const [id, [x, y]] of points) out[id] = [round4((x - cx) / half), round4((y - cy) / half)];
  return out;
}

/**
 * ForceAtlas2 on the nodes that have an edge; nodes without any (exchanges, bridges with no pool in
 * the file) go on an outer ring, grouped by sector and by TVL within it, instead of drifting into
 * the picture. Start: a seeded scatter, each sector nudged towards its own direction so sectors
 * tend to stay together; then a fixed number of synchronous iterations (Barnes-Hut off: exact
 * forces on a small graph). Edge weights enter as log10(1 + USD / 1 M), so one 3 bn USD edge does
 * not pull everything into a point.
 */
export function forceLayout(
  nodes: LayoutNode[],
  edges: [string, string, number][],
  seed = 20260902,
  iterations = 800,
): Layout {
  const graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  const random = mulberry32(seed);
  const linked = new Set<string>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const [s, t] of edges)
    if (s !== t && ids.has(s) && ids.has(t)) {
      linked.add(s);
      linked.add(t);
    }
  for (const n of nodes) {
    if (!linked.has(n.id)) continue;
    const angle = (2 * Math.PI * SECTORS.indexOf(n.sector)) / SECTORS.length;
    graph.addNode(n.id, {
      x: 40 * Math.cos(angle) + 60 * (random() - 0.5),
      y: 40 * Math.sin(angle) + 60 * (random() - 0.5),
    });
  }
  for (const [s, t, usd] of edges) {
    if (s === t || !graph.hasNode(s) || !graph.hasNode(t)) continue;
    const w = Math.log10(1 + usd / 1e6);
    if (graph.hasEdge(s, t)) graph.updateEdgeAttribute(s, t, 'weight', (x) => (x ?? 0) + w);
    else graph.addEdge(s, t, { weight: w });
  }
  if (graph.order > 0)
    forceAtlas2.assign(graph, {
      iterations,
      getEdgeWeight: 'weight',
      settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: false, ...FA2_SETTINGS },
    });
  const points = new Map<string, [number, number]>();
  graph.forEachNode((id, a) => points.set(id, [a.x as number, a.y as number]));

  // The ring: just outside the linked part, in SECTORS order, largest TVL first within a sector.
  const alone = nodes
    .filter((n) => !linked.has(n.id))
    .sort(
      (a, b) =>
        SECTORS.indexOf(a.sector) - SECTORS.indexOf(b.sector) ||
        b.tvl - a.tvl ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  if (alone.length) {
    let cx = 0,
      cy = 0;
    for (const [x, y] of points.values()) {
      cx += x;
      cy += y;
    }
    if (points.size) {
      cx /= points.size;
      cy /= points.size;
    }
    let radius = 1;
    for (const [x, y] of points.values()) radius = Math.max(radius, Math.hypot(x - cx, y - cy));
    radius *= 1.15;
    alone.forEach((n, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / alone.length;
      points.set(n.id, [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
    });
  }
  return normaliseLayout(points);
}

export const FA2_SETTINGS = {
  linLogMode: false,
  outboundAttractionDistribution: true,
  gravity: 0.5,
  strongGravityMode: true,
  scalingRatio: 10,
} as const;

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * For an edgeless node set: one sunflower (phyllotaxis) disc per sector, largest TVL at the
 * centre, then by TVL rank outwards; the discs sit on a ring in SECTORS order, spaced so that
 * none overlap.
 */
export function sectorSpiralLayout(nodes: LayoutNode[]): Layout {
  const bySector = new Map<Sector, LayoutNode[]>();
  for (const n of nodes) {
    if (!bySector.has(n.sector)) bySector.set(n.sector, []);
    bySector.get(n.sector)!.push(n);
  }
  const groups = SECTORS.filter((s) => bySector.has(s)).map((s) => {
    const members = bySector
      .get(s)!
      .slice()
      .sort((a, b) => b.tvl - a.tvl || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { members, radius: Math.sqrt(members.length) + 1 };
  });
  // Angles in proportion to each disc's diameter; then the smallest ring on which no two discs
  // come closer than `gap` (distances between centres scale with the ring's radius).
  const gap = 3;
  const total = groups.reduce((sum, g) => sum + 2 * g.radius, 0);
  let arc = 0;
  const angles = groups.map((g) => {
    const a = ((arc + g.radius) / total) * 2 * Math.PI;
    arc += 2 * g.radius;
    return a;
  });
  let ring = 0;
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++) {
      const unit = Math.hypot(Math.cos(angles[i]) - Math.cos(angles[j]), Math.sin(angles[i]) - Math.sin(angles[j]));
      ring = Math.max(ring, (groups[i].radius + groups[j].radius + gap) / unit);
    }
  const points = new Map<string, [number, number]>();
  groups.forEach((g, i) => {
    const cx = ring * Math.cos(angles[i]);
    const cy = ring * Math.sin(angles[i]);
    g.members.forEach((n, k) => {
      const r = Math.sqrt(k + 0.5);
      points.set(n.id, [cx + r * Math.cos(k * GOLDEN_ANGLE), cy + r * Math.sin(k * GOLDEN_ANGLE)]);
    });
  });
  return normaliseLayout(points);
}
