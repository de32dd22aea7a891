// Positions for the canvas. A shipped snapshot may carry a precomputed layout; when it does not
// (the synthetic history), one layout is computed once for the whole dataset (every week's nodes
// together), so switching weeks never moves a node. Deterministic: sector discs as a start, then
// a fixed number of ForceAtlas2 iterations. Pure, so it runs in the engine worker.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { SECTORS, type Dataset, type Snapshot } from '../core/types';

export interface UnionGraph {
  ids: string[];
  sectors: string[];
  /** Largest TVL the node has in any week. */
  tvl: number[];
  /** [source index, target index, summed USD]. */
  edges: [number, number, number][];
}

/** Position by node id: a Map, since ids are data ("__proto__" included) and it survives the worker. */
export type Positions = Map<string, [number, number]>;

/** Every node and edge of every week, once. */
export function unionGraph(dataset: Dataset): UnionGraph {
  const union = unionBuilder();
  for (const week of dataset.weeks) union.add(week);
  return union.graph;
}

/** The union graph grown one week at a time (oldest first), for a reader that sees the weeks one
 * by one: the same graph as unionGraph of all of them. */
export function unionBuilder(): { graph: UnionGraph; add(week: Snapshot): void } {
  const at = new Map<string, number>();
  const g: UnionGraph = { ids: [], sectors: [], tvl: [], edges: [] };
  const edgeAt = new Map<string, number>();
  const add = (week: Snapshot) => {
    for (let i = 0; i < week.n; i++) {
      const id = week.ids[i];
      let k = at.get(id);
      if (k === undefined) {
        k = g.ids.length;
        at.set(id, k);
        g.ids.push(id);
        g.sectors.push(week.sectors[i]);
        g.tvl.push(0);
      }
      g.tvl[k] = Math.max(g.tvl[k], week.tvl[i] > 0 ? week.tvl[i] : 0);
    }
    const { m, source, target, weight } = week.edges;
    for (let e = 0; e < m; e++) {
      const s = at.get(week.ids[source[e]])!;
      const t = at.get(week.ids[target[e]])!;
      if (s === t) continue;
      const key = `${s}>${t}`;
      const found = edgeAt.get(key);
      if (found === undefined) {
        edgeAt.set(key, g.edges.length);
        g.edges.push([s, t, weight[e]]);
      } else g.edges[found][2] = Math.max(g.edges[found][2], weight[e]);
    }
  };
  return { graph: g, add };
}

/** Layout shipped with the dataset (the same for every week), or null. */
export function shippedPositions(dataset: Dataset): Positions | null {
  const week = dataset.weeks[dataset.weeks.length - 1];
  if (!week?.layout) return null;
  const out: Positions = new Map();
  for (let i = 0; i < week.n; i++) out.set(week.ids[i], [week.layout.x[i], week.layout.y[i]]);
  // Nodes of other weeks that the shipped layout misses would sit at the origin: not shipped then.
  for (const w of dataset.weeks) for (const id of w.ids) if (!out.has(id)) return null;
  return out;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Start: one sunflower disc per sector, largest TVL at its centre, discs on a ring. */
function sectorDiscs(g: UnionGraph): Float64Array {
  const xy = new Float64Array(g.ids.length * 2);
  const bySector = new Map<string, number[]>();
  g.ids.forEach((_, i) => {
    const list = bySector.get(g.sectors[i]);
    if (list) list.push(i);
    else bySector.set(g.sectors[i], [i]);
  });
  const order = [...bySector.keys()].sort((a, b) => SECTORS.indexOf(a as never) - SECTORS.indexOf(b as never));
  const ringRadius = Math.sqrt(g.ids.length) * 1.2;
  order.forEach((sector, s) => {
    const members = bySector.get(sector)!.sort((a, b) => g.tvl[b] - g.tvl[a] || (g.ids[a] < g.ids[b] ? -1 : 1));
    const angle = (2 * Math.PI * s) / order.length;
    const cx = ringRadius * Math.cos(angle);
    const cy = ringRadius * Math.sin(angle);
    members.forEach((node, k) => {
      const r = 0.6 * Math.sqrt(k);
      xy[2 * node] = cx + r * Math.cos(k * GOLDEN_ANGLE);
      xy[2 * node + 1] = cy + r * Math.sin(k * GOLDEN_ANGLE);
    });
  });
  return xy;
}

/**
 * Deterministic layout of a union graph, roughly in [-1, 1]. Connected nodes: ForceAtlas2 from
 * the sector discs. Isolated nodes (no edge in any week) would drift off and squash the picture,
 * so they sit on an outer ring, grouped by sector, largest first.
 */
export function computeLayout(g: UnionGraph, iterations = 300): Positions {
  const start = sectorDiscs(g);
  const degree = new Int32Array(g.ids.length);
  for (const [s, t] of g.edges) {
    degree[s]++;
    degree[t]++;
  }
  // Keyed by index: graphology mishandles keys such as "__proto__" (see canvas/nodeKeys.ts).
  const graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  g.ids.forEach((_, i) => {
    if (degree[i] > 0) graph.addNode(String(i), { x: start[2 * i], y: start[2 * i + 1], size: 1 });
  });
  for (const [s, t, w] of g.edges) {
    if (!graph.hasEdge(String(s), String(t))) graph.addEdge(String(s), String(t), { weight: Math.log10(1 + w) });
  }
  if (graph.size > 0) {
    forceAtlas2.assign(graph, {
      iterations,
      getEdgeWeight: null,
      settings: { ...forceAtlas2.inferSettings(graph), gravity: 1, barnesHutOptimize: graph.order > 400 },
    });
  }
  const out: Positions = new Map();
  for (const [key, p] of normalise(graph)) out.set(g.ids[Number(key)], p);
  const isolated = g.ids
    .map((_, i) => i)
    .filter((i) => degree[i] === 0)
    .sort(
      (a, b) => SECTORS.indexOf(g.sectors[a] as never) - SECTORS.indexOf(g.sectors[b] as never) || g.tvl[b] - g.tvl[a],
    );
  isolated.forEach((i, k) => {
    const angle = (2 * Math.PI * k) / isolated.length - Math.PI / 2;
    out.set(g.ids[i], [+(1.16 * Math.cos(angle)).toFixed(4), +(1.16 * Math.sin(angle)).toFixed(4)]);
  });
  return out;
}

/** Centre on the median and scale by the 1st–99th percentile box; the few beyond are pulled to the rim. */
function normalise(graph: Graph): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  if (graph.order === 0) return out;
  const xs: number[] = [];
  const ys: number[] = [];
  graph.forEachNode((_, a) => {
    xs.push(a.x);
    ys.push(a.y);
  });
  const q = (arr: number[], p: number) => [...arr].sort((a, b) => a - b)[Math.floor(p * (arr.length - 1))];
  const cx = q(xs, 0.5);
  const cy = q(ys, 0.5);
  const half = Math.max(q(xs, 0.99) - q(xs, 0.01), q(ys, 0.99) - q(ys, 0.01), 1e-9) / 2;
  graph.forEachNode((id, a) => {
    let x = (a.x - cx) / half;
    let y = (a.y - cy) / half;
    const r = Math.hypot(x, y);
    if (r > 1) {
      // Squash the tail into a thin rim (radius < 1.08), keeping the order of distances.
      const squashed = 1 + (0.08 * (r - 1)) / r;
      x *= squashed / r;
      y *= squashed / r;
    }
    out.set(id, [+x.toFixed(4), +y.toFixed(4)]);
  });
  return out;
}
