// The exploration view model: filters, their URL round trip, k-hop neighbourhoods, the level-of-
// detail summary and the sector view, and the node table. Hand-built graph, hand-computed answers.
import { describe, expect, it } from 'vitest';
import { tinySnapshot } from './fixtures';
import {
  applyFilters,
  NO_FILTERS,
  readFilterParams,
  resolveEdgeRule,
  writeFilterParams,
  type ExploreFilters,
} from '../../src/core/view/filters';
import {
  hopDistances,
  readNeighbourhoodParam,
  resolveFocus,
  writeNeighbourhoodParam,
} from '../../src/core/view/neighbourhood';
import { pickKept, sectorView, summarise } from '../../src/core/view/summary';
import { nodeRows, nodeRowsToCsv, searchRows, sortRows } from '../../src/core/view/nodeTable';
import { sectorSpillover } from '../../src/core/metrics';
import { runContagion } from '../../src/core/contagion';
import { SECTORS } from '../../src/core/types';

const LENDING = 'Lending, Borrowing & Real World Assets' as const;
// A holds B and C; B holds D; C holds D and A; D holds the token node T.
function graph() {
  const s = tinySnapshot(
    [
      { id: 'A', name: 'Aave', tvl: 500, sector: LENDING, category: 'Lending' },
      { id: 'B', name: 'Balancer', tvl: 200, sector: 'Trading & Exchanges', category: 'Dexs' },
      { id: 'C', name: 'Compound', tvl: 50, sector: LENDING, category: 'Lending' },
      { id: 'D', name: 'Lido', tvl: 1000, sector: 'Asset Management', category: 'Liquid Staking' },
      { id: 'T', name: 'USDC', tvl: 80, sector: 'Primary Market Tokens', category: 'Token', kind: 'token' },
    ],
    [
      ['A', 'B', 100],
      ['A', 'C', 30],
      ['B', 'D', 60],
      ['C', 'D', 10],
      ['C', 'A', 5],
      ['D', 'T', 80],
    ],
    { tokens: { STETH: 'D' } },
  );
  s.chains = [['Ethereum'], ['Base'], ['Ethereum', 'Base'], ['Ethereum'], []];
  return s;
}
const drawn = (s: ReturnType<typeof graph>, mask: Uint8Array) => s.ids.filter((_, i) => mask[i]);
const f = (over: Partial<ExploreFilters>): ExploreFilters => ({ ...NO_FILTERS, ...over });

describe('filters', () => {
  it('compose: every active filter must pass', () => {
    const s = graph();
    expect(drawn(s, applyFilters(s, f({ sectors: [LENDING] }), null).node)).toEqual(['A', 'C']);
    expect(drawn(s, applyFilters(s, f({ sectors: [LENDING], tvlMin: 100 }), null).node)).toEqual(['A']);
    expect(drawn(s, applyFilters(s, f({ chains: ['base'] }), null).node)).toEqual(['B', 'C']);
    expect(drawn(s, applyFilters(s, f({ chains: ['Base'], categories: ['lending'] }), null).node)).toEqual(['C']);
    expect(drawn(s, applyFilters(s, f({ tvlMin: 60, tvlMax: 500 }), null).node)).toEqual(['A', 'B', 'T']);
    expect(drawn(s, applyFilters(s, f({ search: 'li' }), null).node)).toEqual(['D']);
  });

  it('"and what they hold" adds the out-neighbours of the passing nodes', () => {
    const s = graph();
    const v = applyFilters(s, f({ sectors: [LENDING], tvlMin: 100, withHoldings: true }), null);
    expect(drawn(s, v.node)).toEqual(['A', 'B', 'C']);
    // A→B, A→C, C→A are between drawn nodes; C→D and B→D are not.
    expect(v.edgeCount).toBe(3);
  });

  it('touched keeps only what the scenario reached', () => {
    const s = graph();
    expect(applyFilters(s, f({ touched: true }), null).nodeCount).toBe(0);
    const touched = new Float64Array([0, 5, 0, 100, 0]);
    expect(drawn(s, applyFilters(s, f({ touched: true }), touched).node)).toEqual(['B', 'D']);
  });

  it('edge rules: top N by weight, a USD floor, and the auto default', () => {
    const s = graph();
    const top2 = applyFilters(s, f({ edges: { kind: 'top', n: 2 } }), null);
    expect(Array.from(top2.edge)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(top2.edgeCandidates).toBe(6);
    const min = applyFilters(s, f({ edges: { kind: 'min', usd: 30 } }), null);
    expect(Array.from(min.edge)).toEqual([1, 1, 1, 0, 0, 1]);
    expect(resolveEdgeRule({ kind: 'auto' }, 6)).toEqual({ kind: 'all' });
    expect(resolveEdgeRule({ kind: 'auto' }, 601)).toEqual({ kind: 'top', n: 400 });
  });

  it('round-trips through the URL', () => {
    const filters = f({
      sectors: [LENDING, 'Trading & Exchanges'],
      categories: ['Lending', 'CDP, Stable'],
      chains: ['Ethereum'],
      tvlMin: 1e8,
      tvlMax: null,
      edges: { kind: 'min', usd: 5e6 },
      touched: true,
      search: 'aave v3',
      withHoldings: true,
    });
    const q = new URLSearchParams();
    writeFilterParams(filters, (k, v) => q.set(k, v));
    expect(q.get('sector')).toBe('lending,trading');
    expect(q.get('tvl')).toBe('100000000..');
    const problems: string[] = [];
    const back = readFilterParams((k) => new URLSearchParams(q.toString()).get(k), problems);
    expect(problems).toEqual([]);
    expect(back).toEqual(filters);
    // Nothing set writes nothing; the default reads back.
    const empty = new URLSearchParams();
    writeFilterParams(NO_FILTERS, (k, v) => empty.set(k, v));
    expect(empty.toString()).toBe('');
  });

  it('names bad parameters and ignores them', () => {
    const problems: string[] = [];
    const q = new URLSearchParams('sector=lending,banks&tvl=abc&edges=top:x');
    const back = readFilterParams((k) => q.get(k), problems);
    expect(back.sectors).toEqual([LENDING]);
    expect(back.tvlMin).toBeNull();
    expect(back.edges).toEqual({ kind: 'auto' });
    expect(problems).toHaveLength(3);
  });
});

describe('k-hop neighbourhood', () => {
  it('follows holdings out, holders in, or both', () => {
    const s = graph();
    const a = s.ids.indexOf('A');
    expect(Array.from(hopDistances(s, a, 1, 'out'))).toEqual([0, 1, 1, -1, -1]);
    expect(Array.from(hopDistances(s, a, 2, 'out'))).toEqual([0, 1, 1, 2, -1]);
    expect(Array.from(hopDistances(s, a, 3, 'out'))).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(hopDistances(s, a, 3, 'in'))).toEqual([0, -1, 1, -1, -1]);
    const d = s.ids.indexOf('D');
    expect(Array.from(hopDistances(s, d, 1, 'in'))).toEqual([-1, 1, 1, 0, -1]);
    expect(Array.from(hopDistances(s, d, 2, 'in'))).toEqual([2, 1, 1, 0, -1]);
    expect(Array.from(hopDistances(s, d, 1, 'both'))).toEqual([-1, 1, 1, 0, 1]);
  });

  it('starts from a token through its issuer, and round-trips through the URL', () => {
    const s = graph();
    expect(resolveFocus(s, 'steth')).toBe(s.ids.indexOf('D'));
    expect(resolveFocus(s, 'T')).toBe(4);
    expect(resolveFocus(s, 'nope')).toBe(-1);
    const problems: string[] = [];
    const h = readNeighbourhoodParam('182:2:out:hide', problems)!;
    expect(h).toEqual({ focus: '182', hops: 2, direction: 'out', hideRest: true });
    expect(writeNeighbourhoodParam(h)).toBe('182:2:out:hide');
    expect(readNeighbourhoodParam('182:4:out', problems)).toBeNull();
    expect(problems).toHaveLength(1);
  });
});

describe('level of detail', () => {
  it('keeps the top nodes and folds the rest into sector aggregates, totals unchanged', () => {
    const s = graph();
    const result = runContagion(s, [{ kind: 'protocol', id: 'D', fraction: 0.5 }], {
      rule: 'bounded',
      threshold: 0.1,
      maxRounds: 10,
    });
    const keep = pickKept(s, s.tvl, 2);
    expect(drawn(s, keep)).toEqual(['A', 'D']);
    const sum = summarise(s, keep, result.losses);
    expect(sum.nodes.map((n) => n.key)).toEqual([
      'A',
      'sector:Trading & Exchanges',
      `sector:${LENDING}`,
      'D',
      'sector:Primary Market Tokens',
    ]);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // TVL, protocol TVL, losses and exposure are the full graph's, to the cent.
    expect(total(sum.nodes.map((n) => n.tvl))).toBeCloseTo(total(Array.from(s.tvl)), 6);
    expect(total(sum.nodes.map((n) => n.protocolTvl))).toBeCloseTo(1750, 6);
    expect(total(sum.nodes.map((n) => n.loss))).toBeCloseTo(total(Array.from(result.losses)), 6);
    expect(total(sum.edges.map((e) => e.weight)) + total(sum.nodes.map((n) => n.internalWeight))).toBe(285);
    // A→C and C→A become A ↔ Lending aggregate edges of 30 and 5.
    const lendingAgg = sum.nodes.findIndex((n) => n.key === `sector:${LENDING}`);
    const a = sum.nodes.findIndex((n) => n.key === 'A');
    expect(sum.edges.find((e) => e.source === a && e.target === lendingAgg)?.weight).toBe(30);
    expect(sum.edges.find((e) => e.source === lendingAgg && e.target === a)?.weight).toBe(5);
    expect(sum.nodes[lendingAgg].members).toBe(1);
  });

  it('expands a sector on demand and always keeps the selection', () => {
    const s = graph();
    expect(drawn(s, pickKept(s, s.tvl, 1, [LENDING]))).toEqual(['A', 'C', 'D']);
    expect(drawn(s, pickKept(s, s.tvl, 1, [], [1]))).toEqual(['B', 'D']);
  });

  it('the sector view is the spillover matrix, with losses summed per sector', () => {
    const s = graph();
    const losses = new Float64Array([10, 20, 30, 40, 0]);
    const view = sectorView(s, losses);
    const spill = sectorSpillover(s);
    for (const e of view.edges) {
      const i = SECTORS.indexOf(view.nodes[e.source].sector);
      const j = SECTORS.indexOf(view.nodes[e.target].sector);
      expect(e.weight).toBe(spill.matrix[i][j]);
    }
    expect(view.edges.reduce((t, e) => t + e.weight, 0)).toBe(spill.total);
    const lending = view.nodes.find((n) => n.sector === LENDING)!;
    expect(lending).toMatchObject({ tvl: 550, loss: 40, members: 2, internalWeight: 35 });
  });
});

describe('node table', () => {
  it('has every node with its exposure both ways, sorts and searches', () => {
    const s = graph();
    const rows = nodeRows(s, new Float64Array([50, 0, 10, 0, 0]), new Float64Array([0.5, 0.2, 0.1, 0.9, 0]), [2, 0]);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ holdingsOut: 130, exposureIn: 5, lossPct: 10, impactRank: 2 });
    expect(rows[3]).toMatchObject({ holdingsOut: 80, exposureIn: 70, impactRank: null });
    expect(sortRows(rows, 'loss', 'desc').map((r) => r.id)).toEqual(['A', 'C', 'B', 'D', 'T']);
    expect(
      sortRows(rows, 'lossPct', 'desc')
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['C', 'A']);
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Aave', 'Balancer', 'Compound', 'Lido', 'USDC']);
    expect(
      sortRows(rows, 'impactRank', 'asc')
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['C', 'A']);
    expect(
      sortRows(rows, 'impactRank', 'desc')
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['A', 'C']);
    expect(searchRows(rows, 'lend').map((r) => r.id)).toEqual(['A', 'C']);
    const csv = nodeRowsToCsv(searchRows(rows, 'lend')).split('\r\n');
    expect(csv[0]).toContain('holdings_out_usd');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toBe('A,Aave,protocol,"Lending, Borrowing & Real World Assets",Lending,500,130,5,50,10,0.5,2');
  });
});
