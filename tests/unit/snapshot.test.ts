import { describe, expect, it } from 'vitest';
import { parseDatasetJson, parseDatasetText, parseMetaCsv, pickWeek, SnapshotError } from '../../src/core/snapshot';
import type { Snapshot } from '../../src/core/types';

const provenance = { source: 'test', date: '2025-01-06', synthetic: true, credit: 'test' };

function compact(overrides: Record<string, unknown> = {}) {
  return {
    format: 'defi-exposure-compact',
    version: 1,
    name: 'tiny',
    title: 'Tiny',
    provenance,
    protocols: [
      {
        id: '1',
        name: 'Lender',
        category: 'Lending',
        sector: 'Lending, Borrowing & Real World Assets',
        chains: ['Ethereum'],
        tvl: 1000,
      },
      { id: '2', name: 'Stake', category: 'Liquid Staking', sector: 'Asset Management', tvl: 500 },
      { id: 3, name: 'Dex', category: 'Dexes', sector: 'Trading & Exchanges', tvl: 300 },
    ],
    tokens: [
      { symbol: 'STK', issuer: '2' },
      { symbol: 'STK2', issuer: 2 },
      { symbol: 'USDC', issuer: null, primary: true },
      { symbol: 'MYSTERY', issuer: null },
    ],
    weeks: [
      {
        date: '2025-01-06',
        holdings: [
          ['1', 'STK', 100],
          ['1', 'STK2', 50],
          ['3', 'STK', 20],
          ['3', 'USDC', 70],
          ['1', 'MYSTERY', 5],
          ['2', 'STK', 400], // the issuer holding its own token: a self-loop once derived
        ],
      },
    ],
    ...overrides,
  };
}

function edgeMap(s: Snapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (let e = 0; e < s.edges.m; e++)
    out[`${s.ids[s.edges.source[e]]}->${s.ids[s.edges.target[e]]}`] = s.edges.weight[e];
  return out;
}

function errorOf(fn: () => unknown): SnapshotError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SnapshotError) return err;
    throw err;
  }
  throw new Error('expected a SnapshotError');
}

describe('compact format', () => {
  it('derives holder -> issuer edges summed over tokens, with primary tokens as their own nodes', () => {
    const ds = parseDatasetJson(compact());
    const s = pickWeek(ds);
    expect(s.ids).toEqual(['1', '2', '3', 'USDC']);
    expect(s.kinds).toEqual(['protocol', 'protocol', 'protocol', 'token']);
    expect(s.sectors[3]).toBe('Primary Market Tokens');
    // 1 holds STK 100 + STK2 50, both issued by 2 -> one edge of 150; 3 holds STK 20 -> 20; 3 holds USDC 70.
    // MYSTERY has no issuer (not primary): a holding, no edge. 2's own STK is a self-loop, dropped.
    expect(edgeMap(s)).toEqual({ '1->2': 150, '3->2': 20, '3->USDC': 70 });
    // USDC's node size is what is held of it.
    expect(s.tvl[3]).toBe(70);
    expect(s.holdings.count).toBe(6);
    expect(ds.warnings).toContain('1 self-loop edge(s) dropped');
  });

  it('uses explicit edges when given: unknown endpoints dropped and counted, duplicates summed, self-loops dropped', () => {
    const ds = parseDatasetJson(
      compact({
        weeks: [
          {
            date: '2025-01-06',
            edges: [
              ['1', '2', 10],
              ['1', '2', 5],
              ['2', '2', 9],
              ['1', '99', 3],
              ['77', '2', 3],
              ['3', '1', 0],
            ],
          },
        ],
      }),
    );
    expect(edgeMap(ds.weeks[0])).toEqual({ '1->2': 15 });
    expect(ds.warnings).toEqual([
      '1 self-loop edge(s) dropped',
      '2 edge(s) to unknown nodes dropped',
      '1 duplicate edge(s) summed',
      '1 zero-weight edge(s) dropped',
    ]);
  });

  it('turns numeric ids into strings', () => {
    const s = pickWeek(parseDatasetJson(compact()));
    expect(s.ids[2]).toBe('3');
    expect(typeof s.ids[2]).toBe('string');
  });

  it('supports several weeks with per-week TVL, protocols entering and leaving', () => {
    const ds = parseDatasetJson(
      compact({
        weeks: [
          { date: '2025-01-06', tvl: { '1': 900, '2': 450 }, holdings: [['1', 'STK', 90]] },
          { date: '2025-01-13', tvl: { '1': 950, '3': 310 }, holdings: [['1', 'STK', 95]] },
        ],
      }),
    );
    expect(ds.weeks.map((w) => w.date)).toEqual(['2025-01-06', '2025-01-13']);
    expect(ds.weeks[0].ids).toEqual(['1', '2']);
    expect(Array.from(ds.weeks[0].tvl)).toEqual([900, 450]);
    expect(ds.weeks[1].ids).toEqual(['1', '3']);
    // In week 2 the issuer "2" is absent, so the holding makes no edge.
    expect(ds.weeks[1].edges.m).toBe(0);
    expect(pickWeek(ds, '2025-01-06').date).toBe('2025-01-06');
    expect(pickWeek(ds).date).toBe('2025-01-13');
    expect(() => pickWeek(ds, '2024-12-30')).toThrow(/no week 2024-12-30/);
  });

  it.each([
    [
      'a non-numeric TVL',
      (f: any) => (f.protocols[1].tvl = 'abc'),
      'protocols[1].tvl',
      'expected a finite number ≥ 0, got "abc"',
    ],
    [
      'a negative TVL',
      (f: any) => (f.protocols[0].tvl = -5),
      'protocols[0].tvl',
      'expected a finite number ≥ 0, got -5',
    ],
    [
      'a negative holding',
      (f: any) => (f.weeks[0].holdings[2][2] = -1),
      'weeks[0].holdings[2][2]',
      'expected a finite number ≥ 0, got -1',
    ],
    ['a missing name', (f: any) => delete f.protocols[2].name, 'protocols[2].name', 'expected string, got nothing'],
    ['an unknown sector', (f: any) => (f.protocols[0].sector = 'Casinos'), 'protocols[0].sector', 'expected one of'],
    ['a bad date', (f: any) => (f.weeks[0].date = '6 Jan 2025'), 'weeks[0].date', 'expected a date YYYY-MM-DD'],
    ['a wrong version', (f: any) => (f.version = 2), 'version', 'expected 1'],
    ['no weeks', (f: any) => (f.weeks = []), 'weeks', 'expected array to have >=1 items'],
    ['a null id', (f: any) => (f.protocols[0].id = null), 'protocols[0].id', 'expected an id'],
    [
      'a duplicate id',
      (f: any) => (f.protocols[2].id = '1'),
      'protocols[2].id',
      'duplicate id "1" (first at protocols[0])',
    ],
    [
      'weeks out of order',
      (f: any) => f.weeks.push({ date: '2024-01-01', holdings: [] }),
      'weeks[1].date',
      'increasing date order',
    ],
    [
      'TVL for an unknown protocol',
      (f: any) => (f.weeks[0].tvl = { '42': 1 }),
      'weeks[0].tvl["42"]',
      'unknown protocol id "42"',
    ],
  ])('rejects %s, naming the field path', (_label, mutate, path, message) => {
    const file = compact();
    mutate(file);
    const err = errorOf(() => parseDatasetJson(file, { fileName: 'mine.json' }));
    const issue = err.issues.find((i) => i.path === path);
    expect(issue, `issues: ${JSON.stringify(err.issues)}`).toBeDefined();
    expect(issue!.message).toContain(message);
    expect(err.message).toContain('mine.json: ');
  });

  it('reports malformed JSON and unknown layouts as errors, never a half-loaded dataset', () => {
    expect(() => parseDatasetText('{"format": "defi-exposure-compact", ')).toThrow(SnapshotError);
    expect(() => parseDatasetText('[1,2,3]')).toThrow(/unrecognised layout/);
  });
});

describe('DeXposure layout', () => {
  const meta = 'id,name,category\n182,Lido,Liquid Staking\n1599,AAVE V3,Lending\n118,MakerDAO,CDP\n';
  const file = {
    data: {
      '2025-01-13': {
        nodes: [
          { id: 182, size: 1000, composition: { WETH: 1000 } },
          { id: '1599', size: 800, composition: { WSTETH: 300, DAI: 100, WETH: 400 } },
          { id: 118, size: 600, composition: {} },
          { id: 'WETH', size: 1400 },
        ],
        links: [
          { source: 1599, target: 182, size: 300 },
          { source: 1599, target: 118, size: 60 },
          { source: '1599', target: 118, size: 40 },
          { source: 1599, target: 'WETH', size: 400 },
          { source: 182, target: 'WETH', size: 1000 },
          { source: 182, target: 9999, size: 1 },
        ],
      },
      '2025-01-06': { nodes: [{ id: 182, size: 900 }], links: [] },
    },
  };

  it('reads every week in date order with meta names, categories and sectors', () => {
    const ds = parseDatasetText(JSON.stringify(file), { fileName: 'historical-network_week_2025.json', metaCsv: meta });
    expect(ds.weeks.map((w) => w.date)).toEqual(['2025-01-06', '2025-01-13']);
    const s = pickWeek(ds);
    expect(s.names).toEqual(['Lido', 'AAVE V3', 'MakerDAO', 'WETH']);
    expect(s.categories.slice(0, 3)).toEqual(['Liquid Staking', 'Lending', 'CDP']);
    expect(s.sectors).toEqual([
      'Asset Management',
      'Lending, Borrowing & Real World Assets',
      'Lending, Borrowing & Real World Assets',
      'Primary Market Tokens',
    ]);
    expect(s.kinds[3]).toBe('token');
    // Duplicate 1599->118 links are summed (60 + 40); the link to unknown node 9999 is dropped.
    expect(edgeMap(s)).toEqual({ '1599->182': 300, '1599->118': 100, '1599->WETH': 400, '182->WETH': 1000 });
    expect(ds.warnings).toEqual(['1 edge(s) to unknown nodes dropped', '1 duplicate edge(s) summed']);
    // Compositions become holdings; WETH is a node, so it is the "issuer" of the WETH token.
    expect(s.holdings.count).toBe(4);
    expect(s.tokens.issuer[s.tokens.symbols.indexOf('WETH')]).toBe(3);
    expect(s.tokens.issuer[s.tokens.symbols.indexOf('DAI')]).toBe(-1);
  });

  it('works without meta: numeric ids are unknown protocols', () => {
    const s = pickWeek(parseDatasetJson(file));
    expect(s.names[0]).toBe('Protocol 182');
    expect(s.sectors[0]).toBe('Other / Unknown');
  });

  it.each([
    [
      'a string size',
      { data: { '2025-01-06': { nodes: [{ id: 1, size: 'abc' }], links: [] } } },
      'data["2025-01-06"].nodes[0].size',
      'expected a finite number ≥ 0, got "abc"',
    ],
    [
      'a negative link',
      { data: { '2025-01-06': { nodes: [{ id: 1, size: 1 }], links: [{ source: 1, target: 2, size: -3 }] } } },
      'data["2025-01-06"].links[0].size',
      'got -3',
    ],
    ['a bad week key', { data: { 'last week': { nodes: [], links: [] } } }, 'data["last week"]', 'expected a week key'],
    ['no weeks', { data: {} }, 'data', 'expected at least one week'],
    [
      'a duplicate node',
      {
        data: {
          '2025-01-06': {
            nodes: [
              { id: 1, size: 1 },
              { id: '1', size: 2 },
            ],
          },
        },
      },
      'data["2025-01-06"].nodes[1].id',
      'duplicate id "1"',
    ],
  ])('rejects %s', (_label, json, path, message) => {
    const err = errorOf(() => parseDatasetJson(json));
    const issue = err.issues.find((i) => i.path.startsWith(path));
    expect(issue, `issues: ${JSON.stringify(err.issues)}`).toBeDefined();
    expect(issue!.message).toContain(message);
  });

  it('rejects a meta_df.csv without the expected columns, and rows without an id', () => {
    expect(() => parseMetaCsv('name,category\nLido,Liquid Staking')).toThrow(/missing column "id"/);
    const err = errorOf(() => parseMetaCsv('id,name,category\n182,Lido,Liquid Staking\n,Nameless,Dexes\n'));
    expect(err.issues).toEqual([{ path: 'meta_df.csv row 3', message: 'missing id' }]);
  });
});
