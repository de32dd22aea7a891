// The real-data build's pure steps on small inline inputs. Never reads ../shared/data: the app's
// CI may not have it. The last block checks the committed output files in public/data/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../../src/core/catalogue';
import { parseCompact } from '../../src/core/snapshot';
import { compactSnapshotSchema } from '../../src/core/snapshot/compactSchema';
import { attributePools, buildDefillama2026, dedupePools } from '../../src/cli/dataBuild/defillama2026';
import { buildProtocols2023 } from '../../src/cli/dataBuild/protocols2023';
import { joinProjects } from '../../src/cli/dataBuild/projects';
import { sectorSpiralLayout } from '../../src/cli/dataBuild/layout';
import {
  dexposureVerdict,
  flattenDexposure,
  ownSupplyCandidates,
  poolTokens,
  resolveToken,
  type HandToken,
  type ResolveContext,
} from '../../src/cli/dataBuild/tokens';
import type { PoolRow, TopProtocol } from '../../src/cli/dataBuild/types';

const DEXPOSURE = {
  MAP: { STETH: { id: '182' }, OLDTICKER: { id: '999' } },
  PRIMARY: { USDC: { id: 'USDC' }, DAI: { id: '118' }, RSETH: { id: 'RSETH' }, WBTC: { id: 'WBTC' } },
  LP: { 'A-B-LP': { id: 'LP' } },
  UNKNOWN: { UNKNOWN: { id: 'UNKNOWN' } },
};

function context(over: Partial<ResolveContext> = {}): ResolveContext {
  const known = new Set(['182', '118', '999', '382', '3946', '7', 'solv']);
  return {
    hand: {},
    dexposure: flattenDexposure(DEXPOSURE),
    ownSupply: new Map(),
    nodeOf: (ref) => (known.has(ref) ? ref : undefined),
    ...over,
  };
}

describe('DeXposure token_to_protocol verdicts', () => {
  const flat = flattenDexposure(DEXPOSURE);
  it('a numeric id in any group is the issuer', () => {
    expect(dexposureVerdict('STETH', flat.get('STETH'))).toEqual({ issuer: '182' });
    expect(dexposureVerdict('DAI', flat.get('DAI'))).toEqual({ issuer: '118' }); // PRIMARY group, numeric id
  });
  it('an id equal to the token under PRIMARY means a primary token', () => {
    expect(dexposureVerdict('USDC', flat.get('USDC'))).toBe('primary');
  });
  it("LP / UNKNOWN / OTHER ids resolve nothing (not even the self-named 'UNKNOWN' key)", () => {
    expect(dexposureVerdict('A-B-LP', flat.get('A-B-LP'))).toBeUndefined();
    expect(dexposureVerdict('UNKNOWN', flat.get('UNKNOWN'))).toBeUndefined();
    expect(dexposureVerdict('NOPE', flat.get('NOPE'))).toBeUndefined();
  });
});

describe('token -> issuer resolution order', () => {
  it('the hand table comes first (a reused ticker overrides DeXposure)', () => {
    const ctx = context({ hand: { OLDTICKER: { issuer: '7', why: 'test' } } });
    expect(resolveToken('oldticker', ctx)).toEqual({ kind: 'issuer', symbol: 'OLDTICKER', issuer: '7', via: 'hand' });
  });

  it('DeXposure numeric ids come before own supply', () => {
    const ctx = context({ ownSupply: new Map([['STETH', [{ id: '7', known: true }]]]) });
    expect(resolveToken('STETH', ctx)).toMatchObject({ kind: 'issuer', issuer: '182', via: 'dexposure' });
  });

  it("own supply beats DeXposure's primary verdict when the candidate is of an issuing kind", () => {
    const ctx = context({ ownSupply: new Map([['RSETH', [{ id: '3946', known: true }]]]) });
    expect(resolveToken('RSETH', ctx)).toMatchObject({ kind: 'issuer', issuer: '3946', via: 'own-supply' });
  });

  it('a candidate of unknown category cannot overrule a DeXposure primary, but may claim an unknown token', () => {
    const ctx = context({
      ownSupply: new Map([
        ['WBTC', [{ id: 'solv', known: false }]],
        ['NEWTOKEN', [{ id: 'solv', known: false }]],
      ]),
    });
    expect(resolveToken('WBTC', ctx)).toMatchObject({ kind: 'primary', via: 'dexposure-primary' });
    expect(resolveToken('NEWTOKEN', ctx)).toMatchObject({ kind: 'issuer', issuer: 'solv', via: 'own-supply' });
  });

  it('two own-supply candidates decide nothing', () => {
    const ctx = context({
      ownSupply: new Map([
        [
          'XYZ',
          [
            { id: '7', known: true },
            { id: '182', known: true },
          ],
        ],
      ]),
    });
    expect(resolveToken('XYZ', ctx)).toEqual({ kind: 'unmapped', symbol: 'XYZ' });
  });

  it('Pendle principal tokens are issued by Pendle', () => {
    expect(resolveToken('PT-SUSDE-22OCT2026', context())).toMatchObject({
      kind: 'issuer',
      issuer: '382',
      via: 'pendle-pt',
    });
  });

  it('an underlying entry rewrites the holding to the underlying token', () => {
    const ctx = context({ hand: { STEAKUSDC: { underlying: 'USDC', why: 'vault' } } });
    expect(resolveToken('STEAKUSDC', ctx)).toEqual({
      kind: 'primary',
      symbol: 'USDC',
      via: 'dexposure-primary',
      rewrittenFrom: 'STEAKUSDC',
    });
  });

  it('a hand entry naming an unknown issuer is an error, not a silent drop', () => {
    expect(() => resolveToken('X', context({ hand: { X: { issuer: 'nobody', why: 'test' } } }))).toThrow(/nobody/);
  });
});

describe('pool symbols', () => {
  it('splits an LP symbol evenly across its tokens', () => {
    expect(poolTokens('DAI-USDC-USDT', {})).toEqual([
      { symbol: 'DAI', share: 1 / 3 },
      { symbol: 'USDC', share: 1 / 3 },
      { symbol: 'USDT', share: 1 / 3 },
    ]);
    expect(poolTokens('wsteth-eth', {})).toEqual([
      { symbol: 'WSTETH', share: 0.5 },
      { symbol: 'ETH', share: 0.5 },
    ]);
  });
  it('keeps a hand-listed dashed symbol and a PT- symbol whole', () => {
    const hand: Record<string, HandToken> = { 'AA-FALCONXUSDC': { issuer: '7', why: 'tranche' } };
    expect(poolTokens('AA-FalconXUSDC', hand)).toEqual([{ symbol: 'AA-FALCONXUSDC', share: 1 }]);
    expect(poolTokens('PT-SUSDE-22OCT2026', {})).toEqual([{ symbol: 'PT-SUSDE-22OCT2026', share: 1 }]);
  });
});

describe('own-supply candidates', () => {
  it('counts a project once across chains and leaves out venues and LP pools', () => {
    const out = ownSupplyCandidates(
      [
        { holder: 'lido', symbol: 'STETH', kind: 'issuing' },
        { holder: 'lido', symbol: 'STETH', kind: 'issuing' }, // a second chain
        { holder: 'aave', symbol: 'STETH', kind: 'venue' },
        { holder: 'curve', symbol: 'ETH-STETH', kind: 'issuing' },
        { holder: 'newco', symbol: 'NEW', kind: 'unknown' },
      ],
      {},
    );
    expect(out.get('STETH')).toEqual([{ id: 'lido', known: true }]);
    expect(out.get('NEW')).toEqual([{ id: 'newco', known: false }]);
    expect(out.has('ETH')).toBe(false);
  });
});

describe('attributing pools', () => {
  it("keeps an issuer's own pool out of holdings and edges, splits LPs and counts coverage", () => {
    const issuerOf: Record<string, string> = { STETH: 'lido' };
    const resolve = (s: string) =>
      issuerOf[s]
        ? { kind: 'issuer' as const, symbol: s, issuer: issuerOf[s], via: 'dexposure' as const }
        : s === 'USDC'
          ? { kind: 'primary' as const, symbol: s, via: 'dexposure-primary' as const }
          : { kind: 'unmapped' as const, symbol: s };
    const { holdings, edges, coverageUsd } = attributePools(
      [
        { holder: 'lido', symbol: 'STETH', usd: 100 }, // own supply
        { holder: 'aave', symbol: 'STETH', usd: 50 },
        { holder: 'curve', symbol: 'USDC-STETH', usd: 30 }, // 15 + 15
        { holder: 'aave', symbol: 'MYSTERY', usd: 5 },
      ],
      resolve,
      {},
    );
    expect(coverageUsd).toEqual({ toIssuer: 65, toPrimaryToken: 15, issuerOwnSupply: 100, unmapped: 5 }); // 50 + 15; 15; 100; 5
    expect(holdings.has('lido\0STETH')).toBe(false);
    expect(holdings.get('aave\0MYSTERY')).toBe(5);
    expect(edges.get('aave\0lido')).toBe(50);
    expect(edges.get('curve\0lido')).toBe(15);
    expect(edges.get('curve\0USDC')).toBe(15);
    expect(edges.size).toBe(3); // nothing for the unmapped token, nothing for lido's own pool
  });

  it('drops a repeated listing of one pool', () => {
    const p = (poolMeta: string): PoolRow => ({
      project: 'pendle',
      chain: 'Arbitrum',
      symbol: 'USDAI',
      tvlUsd: 50,
      poolMeta,
    });
    const { pools, duplicates } = dedupePools([p('For LP'), p('For buying PT'), { ...p('x'), tvlUsd: 51 }]);
    expect(pools.map((x) => x.tvlUsd)).toEqual([50, 51]);
    expect(duplicates).toHaveLength(1);
  });
});

describe('joining pool projects', () => {
  const top: TopProtocol[] = [
    { rank: 1, id: '1599', name: 'Aave V3', slug: 'aave-v3', category: 'Lending', tvlUsd: 10 },
  ];
  it('by top-156 slug, alias, exact meta name, else the slug itself; an ambiguous name does not join', () => {
    const meta = new Map([
      ['484', { name: 'Marinade Liquid Staking', category: 'Liquid Staking' }],
      ['10', { name: 'Twin', category: 'Dexes' }],
      ['11', { name: 'twin', category: 'Dexes' }],
    ]);
    const joined = joinProjects(['aave-v3', 'old-name', 'marinade-liquid-staking', 'twin', 'nowhere'], top, meta, [], {
      'old-name': { id: '42' },
    });
    expect(joined.get('aave-v3')).toEqual({ id: '1599', via: 'top156' });
    expect(joined.get('old-name')).toEqual({ id: '42', via: 'alias' });
    expect(joined.get('marinade-liquid-staking')).toEqual({ id: '484', via: 'meta-name' });
    expect(joined.get('twin')).toEqual({ id: 'twin', via: 'slug' });
    expect(joined.get('nowhere')).toEqual({ id: 'nowhere', via: 'slug' });
  });
});

describe('the 2026 build on a tiny input', () => {
  const input = () => ({
    top156: [
      { rank: 1, id: '182', name: 'Lido', slug: 'lido', category: 'Liquid Staking', tvlUsd: 1000 },
      { rank: 2, id: '1599', name: 'Aave V3', slug: 'aave-v3', category: 'Lending', tvlUsd: 800 },
      { rank: 3, id: '2269', name: 'Binance CEX', slug: 'binance-cex', category: 'CEX', tvlUsd: 5000 },
    ],
    pools: [
      { project: 'lido', chain: 'Ethereum', symbol: 'STETH', tvlUsd: 900, poolMeta: '' },
      { project: 'aave-v3', chain: 'Ethereum', symbol: 'WSTETH', tvlUsd: 300, poolMeta: '' },
      { project: 'aave-v3', chain: 'Ethereum', symbol: 'USDC', tvlUsd: 100, poolMeta: '' },
      { project: 'aave-v3', chain: 'Base', symbol: 'DAI', tvlUsd: 40, poolMeta: '' },
      { project: 'tiny-vault', chain: 'Ethereum', symbol: 'WSTETH-USDC', tvlUsd: 60, poolMeta: '' },
    ],
    meta: new Map([['118', { name: 'MakerDAO', category: 'CDP' }]]),
    idToInfo: new Map([
      ['182', { name: 'Lido', sector: 'Asset Management' }],
      ['118', { name: 'MakerDAO', sector: 'Lending, Borrowing & Real World Assets' }],
    ]),
    tokenToProtocol: {
      MAP: { STETH: { id: '182' }, WSTETH: { id: '182' } },
      PRIMARY: { USDC: { id: 'USDC' }, DAI: { id: '118' } },
    },
    protocols2023: [],
    hand: {},
  });

  it('makes nodes for the top list, the pool projects and the issuers, with edges from the pools', () => {
    const r = buildDefillama2026(input());
    const file = compactSnapshotSchema.parse(r.file);
    // Nodes: 3 top + tiny-vault (slug id, sized by its pools: 60) + MakerDAO (issuer of DAI, sized by DAI held: 40).
    expect(file.protocols.map((p) => [p.id, p.tvl])).toEqual([
      ['182', 1000],
      ['1599', 800],
      ['2269', 5000],
      ['tiny-vault', 60],
      ['118', 40],
    ]);
    expect(file.protocols.find((p) => p.id === '118')).toMatchObject({
      name: 'MakerDAO',
      category: 'CDP',
      sector: 'Lending, Borrowing & Real World Assets',
    });
    expect(file.protocols.find((p) => p.id === 'tiny-vault')).toMatchObject({
      category: 'Unknown',
      sector: 'Other / Unknown',
    });
    expect(file.weeks[0].edges).toEqual([
      ['1599', '182', 300],
      ['1599', 'USDC', 100],
      ['1599', '118', 40],
      ['tiny-vault', '182', 30],
      ['tiny-vault', 'USDC', 30],
    ]);
    // Total 1400: to issuers 300 + 40 + 30 = 370; primary 100 + 30 = 130; Lido's own STETH 900.
    expect(r.coverage.toIssuer).toBeCloseTo(370 / 1400, 6);
    expect(r.coverage.toPrimaryToken).toBeCloseTo(130 / 1400, 6);
    expect(r.coverage.issuerOwnSupply).toBeCloseTo(900 / 1400, 6);
    expect(r.coverage.unmapped).toBe(0);
    expect(file.tokens).toContainEqual({ symbol: 'USDC', issuer: null, primary: true });
    expect(r.tokenNodes).toBe(1);
    // Every node, the USDC token node included, has a position in [-1, 1].
    const ids = [...file.protocols.map((p) => p.id), 'USDC'];
    expect(Object.keys(file.layout ?? {}).sort()).toEqual(ids.sort());
    for (const [x, y] of Object.values(file.layout ?? {}))
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1);
  });

  it('reads back through the app parser with no warnings', () => {
    const dataset = parseCompact(buildDefillama2026(input()).file);
    expect(dataset.warnings).toEqual([]);
    const week = dataset.weeks[0];
    expect(week.n).toBe(6); // 5 protocols + the USDC token node
    expect(week.edges.m).toBe(5);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildDefillama2026(input()).file)).toBe(JSON.stringify(buildDefillama2026(input()).file));
  });
});

describe('the 2023 protocol list build', () => {
  it('ships nodes with sectors and a layout, and no edges', () => {
    const r = buildProtocols2023(
      [
        { id: '1', name: 'Small DEX', category: 'Dexes', chains: ['Ethereum'], tvlUsd: 5 },
        { id: '2', name: 'Big Lender', category: 'Lending', chains: ['Tron', 'Ethereum'], tvlUsd: 50 },
        { id: '3', name: 'Odd', category: 'Liquid Restaking', chains: [], tvlUsd: 1 },
      ],
      new Map([['3', { name: 'Odd', sector: 'Unknown' }]]), // DeXposure's residual bucket: the table decides
    );
    const file = compactSnapshotSchema.parse(r.file);
    expect(file.protocols.map((p) => [p.id, p.sector])).toEqual([
      ['2', 'Lending, Borrowing & Real World Assets'],
      ['1', 'Trading & Exchanges'],
      ['3', 'Asset Management'],
    ]);
    expect(file.protocols[0].chains).toEqual(['Ethereum', 'Tron']);
    expect(file.weeks[0].edges).toEqual([]);
    expect(Object.keys(file.layout ?? {}).sort()).toEqual(['1', '2', '3']);
  });

  it('places one disc per sector, the largest TVL at its centre', () => {
    const nodes = [
      { id: 'a', sector: 'Trading & Exchanges' as const, tvl: 1 },
      { id: 'b', sector: 'Trading & Exchanges' as const, tvl: 9 },
      { id: 'c', sector: 'Privacy & Security' as const, tvl: 3 },
    ];
    const layout = sectorSpiralLayout(nodes);
    const dist = (p: string, q: string) => Math.hypot(layout[p][0] - layout[q][0], layout[p][1] - layout[q][1]);
    expect(dist('a', 'b')).toBeLessThan(dist('a', 'c'));
    expect(sectorSpiralLayout(nodes)).toEqual(layout);
  });
});

describe('committed public/data files', () => {
  const dir = fileURLToPath(new URL('../../public/data', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');

  it('include the two real datasets', () => {
    expect(files).toContain('defillama-2026-09-02.json');
    expect(files).toContain('defillama-protocols-2023-10-19.json');
  });

  it.each(files)('%s parses with the compact schema, and its coverage shares sum to 1', (file) => {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const parsed = compactSnapshotSchema.parse(json);
    const coverage = parsed.provenance.coverage;
    if (coverage) expect(Object.values(coverage).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('the default dataset is real, listed first, with coverage and edges', () => {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as CatalogueEntry[];
    expect(index[0]).toMatchObject({
      name: 'defillama-2026-09-02',
      file: 'defillama-2026-09-02.json',
      synthetic: false,
    });
    expect(index[0].edges).toBeGreaterThan(0);
    expect(index[0].coverage).toBeDefined();
    for (const entry of index) expect(files).toContain(entry.file);
  });
});
