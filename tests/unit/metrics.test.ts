import { describe, expect, it } from 'vitest';
import {
  gini,
  hhi,
  metricsToJson,
  networkRiskMetrics,
  pagerank,
  sectorSpillover,
  systemicImportance,
  tailExposure,
  topK,
} from '../../src/core/metrics';
import { SECTORS, type Sector } from '../../src/core/types';
import { tinySnapshot, type TinyNode } from './fixtures';

const LENDING: Sector = 'Lending, Borrowing & Real World Assets';
const TRADING: Sector = 'Trading & Exchanges';
const ASSET: Sector = 'Asset Management';

/** Nodes with TVL 1 (the value does not matter for graph-only metrics). */
function plainNodes(ids: string[]): TinyNode[] {
  return ids.map((id) => ({ id, tvl: 1 }));
}

function byId(ids: string[], values: Float64Array): Record<string, number> {
  return Object.fromEntries(ids.map((id, i) => [id, values[i]]));
}

describe('pagerank', () => {
  // Reference values: the networkx fixed point, generated with networkx 3.6.1 by
  //   import networkx as nx
  //   G = nx.DiGraph(); G.add_nodes_from(nodes); G.add_weighted_edges_from(edges)
  //   pr = nx.pagerank(G, alpha=0.85, tol=1e-13, max_iter=10000)
  //   print({k: f"{pr[k]:.12f}" for k in nodes})
  // The tight tol gives the fixed point itself: networkx's default stop (L1 change < N·1e-6)
  // leaves its own output up to ~2e-6 away from it on these graphs, so we compare with the
  // fixed point, and to 1e-9 (stricter than the required 1e-6).
  const cases: {
    name: string;
    nodes: string[];
    edges: [string, string, number][];
    expected: Record<string, number>;
  }[] = [
    {
      // f dangling, e isolated (dangling too), d has no in-edges, unequal weights.
      name: 'dangling nodes and weighted edges',
      nodes: ['a', 'b', 'c', 'd', 'e', 'f'],
      edges: [
        ['a', 'b', 3],
        ['a', 'c', 1],
        ['b', 'c', 2],
        ['c', 'a', 1],
        ['d', 'c', 5],
        ['b', 'f', 1],
      ],
      expected: {
        a: 0.284434538172,
        b: 0.229038680623,
        c: 0.278497500745,
        d: 0.047711662539,
        e: 0.047711662539,
        f: 0.112605955382,
      },
    },
    {
      // A 3-cycle with a chord, a separate star p→q←r, and an isolated s.
      name: 'disconnected components',
      nodes: ['x', 'y', 'z', 'p', 'q', 'r', 's'],
      edges: [
        ['x', 'y', 1],
        ['y', 'z', 2],
        ['z', 'x', 3],
        ['z', 'y', 1],
        ['p', 'q', 10],
        ['r', 'q', 0.5],
      ],
      expected: {
        x: 0.216768221697,
        y: 0.282449399566,
        z: 0.278992495468,
        p: 0.038910505837,
        q: 0.105058365759,
        r: 0.038910505837,
        s: 0.038910505837,
      },
    },
    {
      // b⇄c is a closed cycle (rank trap): nothing leaves it except by teleport.
      name: 'self-contained cycle',
      nodes: ['a', 'b', 'c', 'd', 'e'],
      edges: [
        ['d', 'a', 2],
        ['a', 'b', 1],
        ['b', 'c', 1],
        ['c', 'b', 4],
        ['a', 'e', 1],
      ],
      expected: { a: 0.079702730357, b: 0.409284291023, c: 0.390974204319, d: 0.04308255695, e: 0.076956217352 },
    },
    {
      // Weighted hub with a heavy side edge l6→l5 and a dangling token node t.
      name: 'weighted hub',
      nodes: ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'hub', 't'],
      edges: [
        ['l1', 'hub', 1],
        ['l2', 'hub', 2],
        ['l3', 'hub', 4],
        ['l4', 'hub', 8],
        ['l5', 'hub', 16],
        ['l6', 'hub', 32],
        ['hub', 'l1', 1],
        ['l6', 'l5', 100],
        ['l2', 't', 3],
      ],
      expected: {
        l1: 0.398123840021,
        l2: 0.022333060374,
        l3: 0.022333060374,
        l4: 0.022333060374,
        l5: 0.036714197736,
        l6: 0.022333060374,
        hub: 0.442106799584,
        t: 0.033722921164,
      },
    },
  ];

  for (const c of cases) {
    it(`matches networkx.pagerank: ${c.name}`, () => {
      const pr = pagerank(tinySnapshot(plainNodes(c.nodes), c.edges));
      let sum = 0;
      c.nodes.forEach((id, i) => {
        expect(Math.abs(pr[i] - c.expected[id]), id).toBeLessThan(1e-9);
        sum += pr[i];
      });
      expect(sum).toBeCloseTo(1, 12);
    });
  }

  it('merges duplicate edges and ignores zero weights and self-loops, like the parser', () => {
    // Same as "dangling nodes and weighted edges" but a→b split into 2 + 1, plus a
    // zero-weight edge and a self-loop, which the parser would have summed/dropped.
    const c = cases[0];
    const edges: [string, string, number][] = [
      ['a', 'b', 2],
      ['a', 'b', 1],
      ['a', 'c', 1],
      ['b', 'c', 2],
      ['c', 'a', 1],
      ['d', 'c', 5],
      ['b', 'f', 1],
      ['e', 'a', 0],
      ['c', 'c', 7],
    ];
    const pr = pagerank(tinySnapshot(plainNodes(c.nodes), edges));
    c.nodes.forEach((id, i) => expect(Math.abs(pr[i] - c.expected[id]), id).toBeLessThan(1e-9));
  });

  it('handles the empty graph, a single node and a graph without edges', () => {
    expect(pagerank(tinySnapshot([], [])).length).toBe(0);
    expect(Array.from(pagerank(tinySnapshot(plainNodes(['a']), [])))).toEqual([1]);
    // No edges: every node dangling, so the rank stays uniform.
    const pr = pagerank(tinySnapshot(plainNodes(['a', 'b', 'c', 'd']), []));
    for (const v of pr) expect(v).toBeCloseTo(0.25, 12);
  });

  it('rejects an alpha outside [0, 1]', () => {
    expect(() => pagerank(tinySnapshot(plainNodes(['a']), []), { alpha: 1.5 })).toThrow(/alpha/);
  });
});

describe('tailExposure', () => {
  it('is 1 with at most 5 targets, the top-5 share with more, 0 with none', () => {
    const nodes = plainNodes(['few', 'many', 'none', 't1', 't2', 't3', 't4', 't5', 't6', 't7']);
    const edges: [string, string, number][] = [
      // few: 3 targets (1 + 2 + 3) → all of it is in the top 5 → 1.
      ['few', 't1', 1],
      ['few', 't2', 2],
      ['few', 't3', 3],
      // many: 7 targets with weights 1..7, total 28; top 5 = 7+6+5+4+3 = 25 → 25/28.
      ['many', 't1', 4],
      ['many', 't2', 1],
      ['many', 't3', 7],
      ['many', 't4', 2],
      ['many', 't5', 6],
      ['many', 't6', 3],
      ['many', 't7', 5],
    ];
    const tail = byId(
      nodes.map((n) => n.id),
      tailExposure(tinySnapshot(nodes, edges)),
    );
    expect(tail.few).toBe(1);
    expect(tail.many).toBeCloseTo(25 / 28, 12);
    expect(tail.none).toBe(0);
    expect(tail.t1).toBe(0);
  });

  it('counts each target once (duplicates summed) and honours k', () => {
    // s → a: 5 + 5 = 10 (one target), s → b..g: 1 each (6 targets); 7 targets, total 16.
    // k = 5: 10 + 1·4 = 14 → 14/16. k = 1: 10/16.
    const nodes = plainNodes(['s', 'a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const edges: [string, string, number][] = [
      ['s', 'a', 5],
      ['s', 'a', 5],
      ['s', 'b', 1],
      ['s', 'c', 1],
      ['s', 'd', 1],
      ['s', 'e', 1],
      ['s', 'f', 1],
      ['s', 'g', 1],
    ];
    const snapshot = tinySnapshot(nodes, edges);
    expect(tailExposure(snapshot)[0]).toBeCloseTo(14 / 16, 12);
    expect(tailExposure(snapshot, 1)[0]).toBeCloseTo(10 / 16, 12);
    expect(tailExposure(snapshot, 0)[0]).toBe(0);
  });
});

describe('systemicImportance', () => {
  it('averages PageRank/max, tail exposure and log-TVL/max on a 3-node graph', () => {
    // a → b (weight 1), c isolated. b and c are dangling. With u = PR_a = PR_c:
    //   u    = 0.15/3 + 0.85·(PR_b + PR_c)/3,  PR_b = u + 0.85·u = 1.85u,  3.85u = 1
    //   PR   = (1/3.85, 1.85/3.85, 1/3.85);  PR/max = (1/1.85, 1, 1/1.85)
    // Tail: a has one target → 1; b, c have none → 0.
    // TVL = e^2 − 1, e^4 − 1, 0 → log(1+TVL) = 2, 4, 0 → size = 0.5, 1, 0.
    // SIS_a = (1/1.85 + 1 + 0.5)/3 = 0.680180…, SIS_b = (1 + 0 + 1)/3 = 2/3, SIS_c = (1/1.85)/3 = 0.180180…
    const snapshot = tinySnapshot(
      [
        { id: 'a', tvl: Math.expm1(2) },
        { id: 'b', tvl: Math.expm1(4) },
        { id: 'c', tvl: 0 },
      ],
      [['a', 'b', 1]],
    );
    const r = systemicImportance(snapshot);
    expect(r.pagerank[0]).toBeCloseTo(1 / 3.85, 10);
    expect(r.pagerank[1]).toBeCloseTo(1.85 / 3.85, 10);
    expect(Array.from(r.tail)).toEqual([1, 0, 0]);
    expect(r.size[0]).toBeCloseTo(0.5, 12);
    expect(r.size[1]).toBeCloseTo(1, 12);
    expect(r.size[2]).toBe(0);
    expect(r.sis[0]).toBeCloseTo((1 / 1.85 + 1 + 0.5) / 3, 10);
    expect(r.sis[1]).toBeCloseTo(2 / 3, 10);
    expect(r.sis[2]).toBeCloseTo(1 / 1.85 / 3, 10);
  });

  it('handles the empty graph, a single node and all-zero TVL', () => {
    expect(systemicImportance(tinySnapshot([], [])).sis.length).toBe(0);
    // Single node: PR/max = 1, tail 0, size 1 → 2/3.
    expect(systemicImportance(tinySnapshot([{ id: 'a', tvl: 5 }], [])).sis[0]).toBeCloseTo(2 / 3, 12);
    // No TVL anywhere: the size term is 0 (not NaN); 2 nodes, no edges: PR/max = 1 → 1/3.
    const r = systemicImportance(
      tinySnapshot(
        [
          { id: 'a', tvl: 0 },
          { id: 'b', tvl: 0 },
        ],
        [],
      ),
    );
    expect(Array.from(r.size)).toEqual([0, 0]);
    for (const v of r.sis) expect(v).toBeCloseTo(1 / 3, 12);
  });
});

// Shared 4-node graph for spillover and structure.
//   L1, L2: Lending; D: Trading; A: Asset Management.
//   L1→D 10, L2→D 30, D→A 20, L1→L2 100 (intra-sector), A→L1 40.
const structureNodes: TinyNode[] = [
  { id: 'L1', tvl: 50, sector: LENDING },
  { id: 'L2', tvl: 30, sector: LENDING },
  { id: 'D', tvl: 10, sector: TRADING },
  { id: 'A', tvl: 10, sector: ASSET },
];
const structureEdges: [string, string, number][] = [
  ['L1', 'D', 10],
  ['L2', 'D', 30],
  ['D', 'A', 20],
  ['L1', 'L2', 100],
  ['A', 'L1', 40],
];

describe('sectorSpillover', () => {
  it('sums cross-sector exposure per sector pair and takes the HHI of the off-diagonal shares', () => {
    // S[Lending][Trading] = 10 + 30 = 40, S[Trading][Asset] = 20, S[Asset][Lending] = 40;
    // L1→L2 is within Lending (diagonal, not spillover). total = 100.
    // Shares 0.4, 0.2, 0.4 (39 other cells 0) → index = 0.16 + 0.04 + 0.16 = 0.36.
    const r = sectorSpillover(tinySnapshot(structureNodes, structureEdges));
    expect(r.groups).toEqual([...SECTORS]);
    const at = (from: Sector, to: Sector) => r.matrix[SECTORS.indexOf(from)][SECTORS.indexOf(to)];
    expect(at(LENDING, TRADING)).toBe(40);
    expect(at(TRADING, ASSET)).toBe(20);
    expect(at(ASSET, LENDING)).toBe(40);
    expect(at(LENDING, LENDING)).toBe(0);
    const cellSum = r.matrix.flat().reduce((s, v) => s + v, 0);
    expect(cellSum).toBe(100);
    expect(r.total).toBe(100);
    expect(r.index).toBeCloseTo(0.36, 12);
  });

  it('is all zeros with index 0 when there is no cross-sector exposure', () => {
    const r = sectorSpillover(tinySnapshot(plainNodes(['a', 'b']), [['a', 'b', 5]]));
    expect(r.total).toBe(0);
    expect(r.index).toBe(0);
    expect(r.matrix.length).toBe(SECTORS.length);
    expect(r.matrix.every((row) => row.length === SECTORS.length && row.every((v) => v === 0))).toBe(true);
  });
});

describe('hhi and gini', () => {
  it('follow the textbook formulas', () => {
    expect(hhi([])).toBe(0);
    expect(hhi([0, 0])).toBe(0);
    expect(hhi([5])).toBe(1);
    expect(hhi([1, 1, 1, 1])).toBeCloseTo(0.25, 12);
    expect(gini([])).toBe(0);
    expect(gini([3, 3, 3])).toBe(0);
    // One holder of everything among 4: (n − 1)/n = 0.75.
    expect(gini([0, 0, 5, 0])).toBeCloseTo(0.75, 12);
    // Sorted 1, 2, 3: 2·(1 + 4 + 9)/(3·6) − 4/3 = 28/18 − 24/18 = 2/9.
    expect(gini([3, 1, 2])).toBeCloseTo(2 / 9, 12);
  });
});

describe('networkRiskMetrics', () => {
  it('computes TVL concentration over protocol nodes only', () => {
    // Protocols 50, 30, 10, 10 (total 100); the token node's 1000 is left out.
    // HHI = .5² + .3² + .1² + .1² = .25 + .09 + .01 + .01 = 0.36.
    // Gini: sorted 10, 10, 30, 50; Σ i·x = 10 + 20 + 90 + 200 = 320; 2·320/(4·100) − 5/4 = 0.35.
    // Top-10 share: only 4 protocols → 1.
    const snapshot = tinySnapshot(
      [...structureNodes, { id: 'USDC', tvl: 1000, kind: 'token', sector: 'Primary Market Tokens' }],
      structureEdges,
    );
    const m = networkRiskMetrics(snapshot);
    expect(m.total_tvl).toBe(100);
    expect(m.tvl_hhi).toBeCloseTo(0.36, 12);
    expect(m.tvl_gini).toBeCloseTo(0.35, 12);
    expect(m.top10_tvl_share).toBe(1);
    // The token node still counts as a node.
    expect(m.node_count).toBe(5);
  });

  it('takes the 10 largest protocols for the top-10 share', () => {
    // TVL 1..12, total 78; top 10 = 78 − 1 − 2 = 75 → 75/78.
    const nodes = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, tvl: i + 1 }));
    expect(networkRiskMetrics(tinySnapshot(nodes, [])).top10_tvl_share).toBeCloseTo(75 / 78, 12);
  });

  it('computes density, degrees and edge concentration', () => {
    // 4 nodes, 5 edges: density = 5/(4·3) = 5/12.
    // In-degree: L1 1 (A), L2 1 (L1), D 2 (L1, L2), A 1 (D) → mean 5/4, max 2.
    // Out-degree: L1 2, L2 1, D 1, A 1 → degree (in + out): 3, 2, 3, 2.
    //   Gini: sorted 2, 2, 3, 3; Σ i·x = 2 + 4 + 9 + 12 = 27; 2·27/(4·10) − 5/4 = 0.1.
    // Edge weights 10, 30, 20, 100, 40 (total 200): shares .05, .15, .1, .5, .2 →
    //   HHI = .0025 + .0225 + .01 + .25 + .04 = 0.325.
    const snapshot = tinySnapshot(structureNodes, structureEdges);
    const m = networkRiskMetrics(snapshot);
    expect(m.edge_count).toBe(5);
    expect(m.total_exposure).toBe(200);
    expect(m.density).toBeCloseTo(5 / 12, 12);
    expect(m.mean_in_degree).toBeCloseTo(1.25, 12);
    expect(m.max_in_degree).toBe(2);
    expect(m.degree_gini).toBeCloseTo(0.1, 12);
    expect(m.edge_weight_hhi).toBeCloseTo(0.325, 12);
    const sis = systemicImportance(snapshot).sis;
    expect(m.max_sis).toBe(Math.max(...sis));
    expect(m.mean_sis).toBeCloseTo(sis.reduce((s, v) => s + v, 0) / 4, 12);
  });

  it('is all zeros for the empty graph and for a single node', () => {
    const empty = networkRiskMetrics(tinySnapshot([], []));
    for (const [key, value] of Object.entries(empty)) expect(value, key).toBe(0);
    const single = networkRiskMetrics(tinySnapshot([{ id: 'a', tvl: 7 }], []));
    expect(single).toMatchObject({
      node_count: 1,
      edge_count: 0,
      density: 0,
      mean_in_degree: 0,
      max_in_degree: 0,
      degree_gini: 0,
      tvl_hhi: 1,
      tvl_gini: 0,
      top10_tvl_share: 1,
      edge_weight_hhi: 0,
      total_tvl: 7,
      total_exposure: 0,
    });
    // Single node SIS: (1 + 0 + 1)/3.
    expect(single.max_sis).toBeCloseTo(2 / 3, 12);
  });

  it('gives zero structure metrics for nodes without edges', () => {
    const m = networkRiskMetrics(tinySnapshot(plainNodes(['a', 'b', 'c']), []));
    expect(m).toMatchObject({
      edge_count: 0,
      density: 0,
      mean_in_degree: 0,
      max_in_degree: 0,
      degree_gini: 0,
      edge_weight_hhi: 0,
    });
    // Equal TVLs: HHI 1/3, Gini 0.
    expect(m.tvl_hhi).toBeCloseTo(1 / 3, 12);
    expect(m.tvl_gini).toBe(0);
  });
});

describe('metricsToJson', () => {
  it('bundles SIS by id, spillover and the network metrics as plain JSON', () => {
    const snapshot = tinySnapshot(structureNodes, structureEdges);
    const json = metricsToJson(snapshot);
    const sis = systemicImportance(snapshot).sis;
    expect(Object.keys(json.sis)).toEqual(['L1', 'L2', 'D', 'A']);
    expect(json.sis.D).toBe(sis[2]);
    expect(json.spillover_total).toBe(100);
    expect(json.spillover_index).toBeCloseTo(0.36, 12);
    expect(json.spillover_matrix.groups).toEqual([...SECTORS]);
    expect(json).toMatchObject(networkRiskMetrics(snapshot));
    // Survives a JSON round trip unchanged (no typed arrays, no NaN).
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('works on the empty graph', () => {
    const json = metricsToJson(tinySnapshot([], []));
    expect(json.sis).toEqual({});
    expect(json.spillover_total).toBe(0);
    expect(json.node_count).toBe(0);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('topK', () => {
  it('orders by value descending, ties by index, NaN last', () => {
    const values = Float64Array.from([0.2, 0.9, NaN, 0.9, 0.5]);
    expect(topK(values, 3)).toEqual([1, 3, 4]);
    expect(topK(values, 10)).toEqual([1, 3, 4, 0, 2]);
    expect(topK(values, 0)).toEqual([]);
  });

  it('restricts the ranking to the given candidate indices', () => {
    const values = Float64Array.from([0.2, 0.9, 0.1, 0.9, 0.5]);
    expect(topK(values, 2, [0, 2, 4])).toEqual([4, 0]);
  });
});
