// The real-data build's pure steps on small inline inputs. Never reads ../shared/data: the app's
// CI may not have it. The last block checks the committed output files in public/data/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../../src/core/catalogue';
import { parseCompact } from '../../src/core/snapshot';
import { compactSnapshotSchema } from '../../src/core/snapshot/compactSchema';
import { buildDefillama2026, dedupePools } from '../../src/cli/dataBuild/defillama2026';
import { attributePools, capHoldingsAtTvl, dropImpossiblePools } from '../../src/cli/dataBuild/week';
import { jumpErrors } from '../../src/cli/dataBuild/realHistory';
import { assetInside, marketTokenRule, positionIssuer } from '../../src/cli/dataBuild/tokenRules';
import { nameOfSlug } from '../../src/cli/dataBuild/names';
import { buildProtocols2023 } from '../../src/cli/dataBuild/protocols2023';
import { joinProjects } from '../../src/cli/dataBuild/projects';
import { sectorSpiralLayout } from '../../src/cli/dataBuild/layout';
import {
  dexposureVerdict,
  flattenDexposure,
  ownSupplyCandidates,
  poolTokens,
  governanceIssuers,
  resolveToken,
  vaultVenues,
  type HandToken,
  type ResolveContext,
} from '../../src/cli/dataBuild/tokens';
import type { PoolRow, ProtocolRow } from '../../src/cli/dataBuild/types';

const DEXPOSURE = {
  MAP: { STETH: { id: '182' }, OLDTICKER: { id: '999' } },
  PRIMARY: { USDC: { id: 'USDC' }, DAI: { id: '118' }, RSETH: { id: 'RSETH' }, WBTC: { id: 'WBTC' } },
  LP: { 'A-B-LP': { id: 'LP' } },
  UNKNOWN: { UNKNOWN: { id: 'UNKNOWN' } },
};

function context(over: Partial<ResolveContext> = {}): ResolveContext {
  const known = new Set([
    '182',
    '118',
    '999',
    '382',
    '3946',
    '7',
    'solv',
    'aave-v3',
    'compound-v3',
    'venus-core-pool',
    'morpho-blue',
    'pendle',
  ]);
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
    expect(resolveToken('oldticker', ctx)).toEqual({
      kind: 'issuer',
      symbol: 'OLDTICKER',
      issuer: '7',
      via: 'hand',
      why: 'test',
    });
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
    expect(resolveToken('XYZ', ctx)).toMatchObject({ kind: 'unmapped', symbol: 'XYZ' });
  });

  it('Pendle principal tokens are issued by Pendle', () => {
    expect(resolveToken('PT-SUSDE-22OCT2026', context())).toMatchObject({
      kind: 'issuer',
      issuer: '382',
      via: 'pendle-pt',
    });
  });

  it('an underlying entry rewrites the holding to the underlying token', () => {
    const ctx = context({ hand: { WRAPPEDUSDC: { underlying: 'USDC', why: 'wrapper' } } });
    expect(resolveToken('WRAPPEDUSDC', ctx)).toMatchObject({
      kind: 'primary',
      symbol: 'USDC',
      via: 'dexposure-primary',
      rewrittenFrom: 'WRAPPEDUSDC',
    });
  });

  it('native and wrapped-native chain assets are primary with no issuer, whatever DeXposure says', () => {
    const ctx = context({
      dexposure: flattenDexposure({ MAP: { ETH: { id: '2521' }, WSOL: { id: '4611' }, WAVAX: { id: '3140' } } }),
      nodeOf: (ref) => ref,
    });
    for (const sym of ['ETH', 'WETH', 'WSOL', 'WAVAX', 'BNB', 'BTC'])
      expect(resolveToken(sym, ctx)).toMatchObject({ kind: 'primary', via: 'native' });
  });

  it("a token DeXposure gives to a chain (BTC.B -> 'Bitcoin') is primary", () => {
    const ctx = context({
      dexposure: flattenDexposure({ MAP: { 'BTC.B': { id: '2786' } } }),
      nodeOf: (ref) => ref,
      isChain: (id) => id === '2786',
    });
    expect(resolveToken('BTC.B', ctx)).toMatchObject({ kind: 'primary', via: 'chain-asset' });
  });

  it.each([
    ['AETHUSDC', 'aave-v3'],
    ['WAETHWETH', 'aave-v3'],
    ['ABASUSDC', 'aave-v3'],
    ['CUSDCV3', 'compound-v3'],
    ['VUSDT', 'venus-core-pool'],
    ['YT-SUSDE-22OCT2026', 'pendle'],
  ])('market token %s is issued by %s (naming-scheme rule)', (sym, issuer) => {
    expect(resolveToken(sym, context())).toMatchObject({ kind: 'issuer', issuer, via: 'market-token' });
  });

  it('market-token rules leave ordinary tokens alone', () => {
    for (const sym of ['AUSD', 'CBBTC', 'CRVUSD', 'VETH', 'METH', 'USDC']) expect(marketTokenRule(sym)).toBeUndefined();
  });

  it('a governance token goes to its family’s largest live protocol, never a defunct sibling', () => {
    const gov = governanceIssuers(
      [
        { id: '1599', symbol: 'AAVE', parentProtocol: 'parent#aave' },
        { id: '1839', symbol: 'AAVE', parentProtocol: 'parent#aave' }, // Aave Arc, not live
        { id: '111', symbol: 'AAVE', parentProtocol: 'parent#aave' },
        { id: '50', symbol: 'SOLO' },
      ],
      new Map([
        ['1599', 16e9],
        ['111', 0.2e9],
        ['50', 1e6],
      ]),
    );
    expect(gov.get('AAVE')).toBe('1599');
    expect(gov.get('SOLO')).toBe('50');
    const ctx = context({
      governance: gov,
      dexposure: flattenDexposure({ MAP: { AAVE: { id: '1839' } } }),
      nodeOf: (r) => r,
    });
    expect(resolveToken('AAVE', ctx)).toMatchObject({ kind: 'issuer', issuer: '1599', via: 'governance' });
  });

  it('a vault share listed under one vault venue is a receipt of that venue, holding the asset in its name', () => {
    const venues = vaultVenues(
      [
        { holder: 'morpho-blue', symbol: 'STEAKUSDC', vaultVenue: true },
        { holder: 'morpho-blue', symbol: 'GTUSDCRWA', vaultVenue: true },
        { holder: 'morpho-blue', symbol: 'SHARED', vaultVenue: true },
        { holder: 'other-lender', symbol: 'SHARED', vaultVenue: true },
        { holder: 'dex', symbol: 'DEXONLY', vaultVenue: false },
      ],
      {},
    );
    expect(venues.get('STEAKUSDC')).toBe('morpho-blue');
    expect(venues.has('SHARED')).toBe(false); // two venues: a shared market, not a vault share
    expect(venues.has('DEXONLY')).toBe(false);
    const ctx = context({ vaultVenue: venues });
    expect(resolveToken('GTUSDCRWA', ctx)).toMatchObject({
      kind: 'receipt',
      venue: 'morpho-blue',
      underlying: 'USDC',
      via: 'vault-share',
    });
    expect(assetInside('STEAKETH')).toBe('ETH');
    expect(assetInside('SKYMONEYUSDT0X')).toBe('USDT0');
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
  const why = 'test';
  const resolveFixture = (s: string) =>
    s === 'STETH'
      ? { kind: 'issuer' as const, symbol: s, issuer: 'lido', via: 'dexposure' as const, why }
      : s === 'USDC'
        ? { kind: 'primary' as const, symbol: s, via: 'dexposure-primary' as const, why }
        : s === 'STEAKUSDC'
          ? {
              kind: 'receipt' as const,
              symbol: s,
              venue: 'morpho',
              underlying: 'USDC',
              via: 'vault-share' as const,
              why,
            }
          : { kind: 'unmapped' as const, symbol: s, why };
  const pool = (holder: string, symbol: string, usd: number, project = holder, poolMeta = '') => ({
    holder,
    project,
    chain: 'Ethereum',
    symbol,
    usd,
    poolMeta,
  });
  const nodeOfSlug = (slug: string) =>
    ['curve-dex', 'curve-llamalend', 'convex-finance'].includes(slug) ? slug : undefined;

  it('a vault share is the asset for its venue and a claim on the venue for anyone else', () => {
    const { holdings, edges } = attributePools(
      [pool('morpho', 'STEAKUSDC', 80), pool('pendle', 'STEAKUSDC', 20)],
      resolveFixture,
      {},
      nodeOfSlug,
    );
    expect(holdings.get('morpho\0USDC')).toBe(80);
    expect(edges.get('morpho\0USDC')).toBe(80);
    expect(holdings.get('pendle\0STEAKUSDC')).toBe(20);
    expect(edges.get('pendle\0morpho')).toBe(20);
  });

  it('an LP staked through Convex is a Curve LP token; a Curve Lend deposit is a LlamaLend share', () => {
    const { edges } = attributePools(
      [
        pool('convex', 'USDC-STETH', 40, 'convex-finance'),
        pool('convex', 'CRVUSD', 10, 'convex-finance', 'Curve Lend – sUSDe collateral'),
        pool('curve', 'USDC-STETH', 30, 'curve-dex'),
      ],
      resolveFixture,
      {},
      nodeOfSlug,
    );
    expect(edges.get('convex\0curve-dex')).toBe(40);
    expect(edges.get('convex\0curve-llamalend')).toBe(10);
    expect(edges.get('curve\0lido')).toBe(15); // Curve itself holds the coins
    expect(positionIssuer({ project: 'beefy', symbol: 'A-B', poolMeta: 'Convex' })?.issuer).toBe('convex-finance');
    expect(positionIssuer({ project: 'yearn-finance', symbol: 'USDC', poolMeta: '' })).toBeUndefined();
  });

  it("keeps an issuer's own pool out of holdings and edges, splits LPs and counts coverage", () => {
    const { holdings, edges, coverageUsd } = attributePools(
      [
        pool('lido', 'STETH', 100), // own supply
        pool('aave', 'STETH', 50),
        pool('curve', 'USDC-STETH', 30), // 15 + 15
        pool('aave', 'MYSTERY', 5),
      ],
      resolveFixture,
      {},
      nodeOfSlug,
    );
    expect(coverageUsd).toEqual({ toIssuer: 65, toPrimaryToken: 15, issuerOwnSupply: 100, unmapped: 5 }); // 50 + 15; 15; 100; 5
    expect(holdings.has('lido\0STETH')).toBe(false);
    expect(holdings.get('aave\0MYSTERY')).toBe(5);
    expect(edges.get('aave\0lido')).toBe(50);
    expect(edges.get('curve\0lido')).toBe(15);
    expect(edges.get('curve\0USDC')).toBe(15);
    expect(edges.size).toBe(3); // nothing for the unmapped token, nothing for lido's own pool
  });

  it('drops a pool larger than its project’s TVL, unless it is the project’s own supply', () => {
    const { kept, dropped } = dropImpossiblePools(
      [pool('aave', 'WBTC', 300), pool('lido', 'STETH', 500), pool('aave', 'USDC', 50)],
      (h) => ({ aave: 200, lido: 400 })[h],
      (p) => p.holder === 'lido',
    );
    expect(kept.map((p) => p.symbol)).toEqual(['STETH', 'USDC']);
    expect(dropped).toMatchObject([{ project: 'aave', symbol: 'WBTC', usd: 300, projectTvl: 200 }]);
  });

  it('scales a holder whose holdings exceed its TVL down to it, and lists it', () => {
    const attribution = {
      holdings: new Map([
        ['morpho\0USDC', 60],
        ['morpho\0WSTETH', 90],
        ['aave\0USDC', 10],
      ]),
      edges: new Map([
        ['morpho\0USDC', 60],
        ['morpho\0lido', 90],
        ['aave\0USDC', 10],
      ]),
    };
    const scaled = capHoldingsAtTvl(attribution, (h) => ({ morpho: 100, aave: 50 })[h]);
    expect(scaled).toEqual([{ holder: 'morpho', heldUsd: 150, tvl: 100, factor: 100 / 150 }]);
    expect(attribution.holdings.get('morpho\0USDC')).toBe(40);
    expect(attribution.holdings.get('morpho\0WSTETH')).toBe(60);
    expect(attribution.edges.get('morpho\0lido')).toBe(60);
    expect(attribution.holdings.get('aave\0USDC')).toBe(10); // within its TVL: untouched
  });

  it('flags a pool that jumps tenfold between dates while its project does not', () => {
    const row = (tvlUsd: number): PoolRow => ({
      project: 'aero',
      chain: 'Base',
      symbol: 'WETH-SAND',
      tvlUsd,
      poolMeta: '',
    });
    const tvl = (x: number) => new Map([['aero', x]]);
    const flags = jumpErrors([
      { pools: [row(1e6)], tvlOfSlug: tvl(1e8) },
      { pools: [row(3e10)], tvlOfSlug: tvl(1.1e8) },
      { pools: [row(1.2e6)], tvlOfSlug: tvl(1e8) },
    ]);
    expect(flags.map((f) => f.size)).toEqual([0, 1, 0]);
  });

  it('derives a readable name from a slug, with a reviewed table for what title-casing gets wrong', () => {
    expect(nameOfSlug('segment-finance')).toBe('Segment Finance');
    expect(nameOfSlug('mosaic-amm')).toBe('Mosaic AMM');
    expect(nameOfSlug('usd-ai')).toBe('USD.AI');
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
  const top: ProtocolRow[] = [
    { rank: 1, id: '1599', name: 'Aave V3', slug: 'aave-v3', category: 'Lending', tvlUsd: 10 },
  ];
  it('by protocol-list slug, alias, exact meta name, else the slug itself; an ambiguous name does not join', () => {
    const meta = new Map([
      ['484', { name: 'Marinade Liquid Staking', category: 'Liquid Staking' }],
      ['10', { name: 'Twin', category: 'Dexes' }],
      ['11', { name: 'twin', category: 'Dexes' }],
    ]);
    const joined = joinProjects(['aave-v3', 'old-name', 'marinade-liquid-staking', 'twin', 'nowhere'], top, meta, [], {
      'old-name': { id: '42' },
    });
    expect(joined.get('aave-v3')).toEqual({ id: '1599', via: 'defillama' });
    expect(joined.get('old-name')).toEqual({ id: '42', via: 'alias' });
    expect(joined.get('marinade-liquid-staking')).toEqual({ id: '484', via: 'meta-name' });
    expect(joined.get('twin')).toEqual({ id: 'twin', via: 'slug' });
    expect(joined.get('nowhere')).toEqual({ id: 'nowhere', via: 'slug' });
  });
});

describe('the 2026 build on a tiny input', () => {
  const input = () => ({
    protocols: [
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

  it('makes nodes for the protocol list, the pool projects and the issuers, with edges from the pools', () => {
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
    expect(file.tokens).toContainEqual({ symbol: 'USDC', issuer: null, primary: true, rule: 'dexposure-primary' });
    expect(r.derivedNames).toEqual([{ slug: 'tiny-vault', name: 'Tiny Vault' }]);
    expect(file.protocols.find((p) => p.id === 'tiny-vault')?.name).toBe('Tiny Vault');
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

  it('include the real datasets', () => {
    expect(files).toContain('defillama-2026-09-02.json');
    expect(files).toContain('defillama-protocols-2023-10-19.json');
    expect(files).toContain('defillama-history-2026-08.json');
  });

  const realWithHoldings = ['defillama-2026-09-02.json', 'defillama-history-2026-08.json'];

  it.each(realWithHoldings)('%s: no holder holds more than its TVL, in any week', (file) => {
    const parsed = compactSnapshotSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const baseTvl = new Map(parsed.protocols.map((p) => [p.id, p.tvl]));
    let holders = 0;
    for (const week of parsed.weeks) {
      const held = new Map<string, number>();
      for (const [holder, , usd] of week.holdings) held.set(holder, (held.get(holder) ?? 0) + usd);
      for (const [holder, usd] of held) {
        const tvl = week.tvl ? week.tvl[holder] : baseTvl.get(holder);
        expect(tvl, `${week.date} ${holder}`).toBeDefined();
        // Sums of cent-rounded (downwards) holdings: allow float noise only.
        expect(usd, `${week.date} ${holder}`).toBeLessThanOrEqual(tvl! + 1e-6);
        holders++;
      }
    }
    expect(holders).toBeGreaterThan(100);
  });

  it.each(realWithHoldings)('%s: no native or wrapped-native chain asset has an issuer', (file) => {
    const parsed = compactSnapshotSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const natives = ['ETH', 'WETH', 'BTC', 'SOL', 'WSOL', 'AVAX', 'WAVAX', 'BNB', 'WBNB', 'TRX', 'HYPE', 'WHYPE'];
    const tokens = new Map(parsed.tokens.map((t) => [t.symbol, t]));
    let seen = 0;
    for (const sym of natives) {
      const t = tokens.get(sym);
      if (!t) continue;
      seen++;
      expect(t.issuer, sym).toBeNull();
      expect(t.primary, sym).toBe(true);
    }
    expect(seen).toBeGreaterThan(5);
    // AAVE goes to Aave V3 (1599), not the defunct Aave Arc (1839).
    const aave = tokens.get('AAVE');
    if (aave) expect(aave.issuer).toBe('1599');
  });

  it('the default week meets the size and coverage goals of its rebuild', () => {
    const parsed = compactSnapshotSchema.parse(
      JSON.parse(readFileSync(join(dir, 'defillama-2026-09-02.json'), 'utf8')),
    );
    const week = parsed.weeks[0];
    expect(week.edges!.length).toBeGreaterThanOrEqual(1000);
    expect(parsed.protocols.length).toBeGreaterThanOrEqual(600);
    expect(parsed.provenance.coverage!.unmapped).toBeLessThanOrEqual(0.05);
    // Every node has a display name, and every token row says which rule mapped it.
    for (const p of parsed.protocols) expect(p.name.trim().length, p.id).toBeGreaterThan(0);
    for (const t of parsed.tokens) expect(t.rule, t.symbol).toBeTruthy();
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
