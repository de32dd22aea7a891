// The default dataset: DefiLlama's 2026-09-02 scrape as one exposure graph (pure; see data.ts
// for the file reading). Nodes: the top-156 protocols, every pool project, every issuer needed,
// and the primary tokens held. Holdings: the top-318 yield pools (holder = pool project).
import {
  compactSnapshotSchema,
  COMPACT_FORMAT,
  COMPACT_VERSION,
  type CompactSnapshotFile,
} from '../../core/snapshot/compactSchema';
import { sectorOfCategory, sectorOfDexposureLabel } from '../../core/sectors';
import type { Sector } from '../../core/types';
import { HAND_TOKENS } from './handTokens';
import { forceLayout } from './layout';
import { joinProjects, type ProjectJoin } from './projects';
import { CREDIT, LICENCE_2026 } from './provenance';
import {
  flattenDexposure,
  holderKind,
  ownSupplyCandidates,
  poolTokens,
  resolveToken,
  type HandToken,
  type TokenResolution,
} from './tokens';
import type { DexposureTokenMap, MetaEntry, PoolRow, Protocol2023, TopProtocol } from './types';

export const DATASET_2026 = {
  name: 'defillama-2026-09-02',
  title: 'DefiLlama, 2026-09-02',
  date: '2026-09-02',
} as const;

export interface Build2026Input {
  top156: TopProtocol[];
  pools: PoolRow[];
  meta: Map<string, MetaEntry>;
  idToInfo: Map<string, { name: string; sector: string }>;
  tokenToProtocol: DexposureTokenMap;
  protocols2023: Protocol2023[];
  /** Defaults to our hand table; tests pass their own. */
  hand?: Record<string, HandToken>;
}

/** Shares of the pool file's USD, summing to 1. */
export interface Coverage2026 {
  toIssuer: number;
  toPrimaryToken: number;
  issuerOwnSupply: number;
  unmapped: number;
}

export type TvlBasis = 'top156' | 'pools' | 'held';

export interface NodeRow {
  id: string;
  name: string;
  category: string;
  sector: Sector;
  chains: string[];
  tvl: number;
  tvlBasis: TvlBasis;
}

export interface Build2026Result {
  file: CompactSnapshotFile;
  coverage: Coverage2026;
  totalPoolUsd: number;
  protocolNodes: number;
  tokenNodes: number;
  edges: number;
  holdings: number;
  /** Per distinct pool token: how it was resolved and the pool USD behind it. */
  resolutions: { resolution: TokenResolution; usd: number }[];
  projects: Map<string, ProjectJoin>;
  /** Pool USD of projects missing from the top-156 list, and of those with no DefiLlama id at all. */
  notInTop156Usd: number;
  noIdUsd: number;
  /** Repeated listings dropped before everything else (dedupePools). */
  duplicates: PoolRow[];
  tvlBasisCounts: Record<TvlBasis, number>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** DeXposure's sector where id_to_info has a real one, else our category table. */
export function sectorOfNode(id: string, category: string, idToInfo: Map<string, { sector: string }>): Sector {
  const info = idToInfo.get(id);
  const s = info ? sectorOfDexposureLabel(info.sector) : undefined;
  if (s && s !== 'Other / Unknown') return s;
  return sectorOfCategory(category);
}

/** Pure core of the 2026 build: pool rows -> holdings, edges and coverage, given how tokens resolve. */
export function attributePools(
  pools: { holder: string; symbol: string; usd: number }[],
  resolve: (symbol: string) => TokenResolution,
  hand: Record<string, HandToken>,
): {
  holdings: Map<string, number>;
  edges: Map<string, number>;
  coverageUsd: { toIssuer: number; toPrimaryToken: number; issuerOwnSupply: number; unmapped: number };
} {
  const holdings = new Map<string, number>(); // key holder \0 symbol
  const edges = new Map<string, number>(); // key holder \0 target (issuer id or primary symbol)
  const coverageUsd = { toIssuer: 0, toPrimaryToken: 0, issuerOwnSupply: 0, unmapped: 0 };
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const pool of pools)
    for (const part of poolTokens(pool.symbol, hand)) {
      const usd = pool.usd * part.share;
      const r = resolve(part.symbol);
      if (r.kind === 'issuer' && r.issuer === pool.holder) {
        // The issuer's own pool is its supply, not a holding of someone else's token.
        coverageUsd.issuerOwnSupply += usd;
        continue;
      }
      add(holdings, `${pool.holder}\0${r.symbol}`, usd);
      if (r.kind === 'issuer') {
        coverageUsd.toIssuer += usd;
        add(edges, `${pool.holder}\0${r.issuer}`, usd);
      } else if (r.kind === 'primary') {
        coverageUsd.toPrimaryToken += usd;
        add(edges, `${pool.holder}\0${r.symbol}`, usd);
      } else coverageUsd.unmapped += usd;
    }
  return { holdings, edges, coverageUsd };
}

/**
 * Drops repeated listings of one pool: same project, chain, symbol and USD (Pendle lists one
 * market twice, "For LP" and "For buying PT-…", with the same TVL: the same money).
 */
export function dedupePools(pools: PoolRow[]): { pools: PoolRow[]; duplicates: PoolRow[] } {
  const seen = new Set<string>();
  const kept: PoolRow[] = [];
  const duplicates: PoolRow[] = [];
  for (const p of pools) {
    const key = JSON.stringify([p.project, p.chain, p.symbol, p.tvlUsd]);
    if (seen.has(key)) duplicates.push(p);
    else {
      seen.add(key);
      kept.push(p);
    }
  }
  return { pools: kept, duplicates };
}

export function buildDefillama2026(input: Build2026Input): Build2026Result {
  const hand = input.hand ?? HAND_TOKENS;
  const { top156, meta, idToInfo } = input;
  const { pools, duplicates } = dedupePools(input.pools);
  const pj = new Map(input.protocols2023.map((p) => [p.id, p]));
  const top = new Map(top156.map((p) => [p.id, p]));

  // 1. Holders: pool projects -> node ids.
  const projects = joinProjects(
    pools.map((p) => p.project),
    top156,
    meta,
    input.protocols2023.map((p) => ({ id: p.id, name: p.name })),
  );
  const holderOf = (slug: string) => projects.get(slug)!.id;
  const known = (id: string) => top.has(id) || meta.has(id) || idToInfo.has(id) || pj.has(id);
  const categoryOf = (id: string): string | undefined =>
    top.get(id)?.category ?? meta.get(id)?.category ?? pj.get(id)?.category;

  // 2. Token resolution context.
  const slugToNode = new Map([...projects].map(([slug, j]) => [slug, j.id]));
  const nodeOf = (ref: string) => slugToNode.get(ref) ?? (/^\d+$/.test(ref) && known(ref) ? ref : undefined);
  const holderPools = pools.map((p) => ({ holder: holderOf(p.project), symbol: p.symbol, usd: p.tvlUsd }));
  const ownSupply = ownSupplyCandidates(
    holderPools.map((p) => ({ holder: p.holder, symbol: p.symbol, kind: holderKind(categoryOf(p.holder)) })),
    hand,
  );
  const ctx = { hand, dexposure: flattenDexposure(input.tokenToProtocol), ownSupply, nodeOf };
  const cache = new Map<string, TokenResolution>();
  const resolve = (symbol: string) => {
    let r = cache.get(symbol);
    if (!r) cache.set(symbol, (r = resolveToken(symbol, ctx)));
    return r;
  };

  // 3. Holdings, edges, coverage.
  const { holdings, edges, coverageUsd } = attributePools(holderPools, resolve, hand);
  const totalPoolUsd = pools.reduce((s, p) => s + p.tvlUsd, 0);
  const share = (usd: number) => Math.round((1e6 * usd) / totalPoolUsd) / 1e6; // 6 decimals keep the file tidy
  const coverage: Coverage2026 = {
    toIssuer: share(coverageUsd.toIssuer),
    toPrimaryToken: share(coverageUsd.toPrimaryToken),
    issuerOwnSupply: share(coverageUsd.issuerOwnSupply),
    unmapped: share(coverageUsd.unmapped),
  };
  const resolutionUsd = new Map<string, number>();
  for (const p of holderPools)
    for (const part of poolTokens(p.symbol, hand))
      resolutionUsd.set(part.symbol, (resolutionUsd.get(part.symbol) ?? 0) + p.usd * part.share);
  const resolutions = [...resolutionUsd]
    .sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))
    .map(([symbol, usd]) => ({ resolution: resolve(symbol), usd }));

  // 4. Nodes: top-156, pool projects, issuers.
  const nodes = new Map<string, NodeRow>();
  const describe = (id: string, tvl: number, tvlBasis: TvlBasis): NodeRow => {
    const t = top.get(id);
    const name = t?.name ?? meta.get(id)?.name ?? idToInfo.get(id)?.name ?? pj.get(id)?.name ?? id;
    const category = categoryOf(id) ?? 'Unknown';
    return { id, name, category, sector: sectorOfNode(id, category, idToInfo), chains: [], tvl, tvlBasis };
  };
  for (const p of top156) nodes.set(p.id, describe(p.id, p.tvlUsd, 'top156'));
  const poolUsdOf = new Map<string, number>();
  const chainsOf = new Map<string, Set<string>>();
  for (const p of pools) {
    const id = holderOf(p.project);
    poolUsdOf.set(id, (poolUsdOf.get(id) ?? 0) + p.tvlUsd);
    if (!chainsOf.has(id)) chainsOf.set(id, new Set());
    chainsOf.get(id)!.add(p.chain);
  }
  for (const [id, usd] of poolUsdOf) if (!nodes.has(id)) nodes.set(id, describe(id, usd, 'pools'));
  const heldOfIssuer = new Map<string, number>();
  for (const r of cache.values())
    if (r.kind === 'issuer') {
      let held = 0;
      for (const [key, usd] of holdings) if (key.slice(key.indexOf('\0') + 1) === r.symbol) held += usd;
      heldOfIssuer.set(r.issuer, (heldOfIssuer.get(r.issuer) ?? 0) + held);
    }
  for (const [id, held] of [...heldOfIssuer].sort((a, b) => byString(a[0], b[0])))
    if (!nodes.has(id)) nodes.set(id, describe(id, held, 'held'));
  for (const [id, chains] of chainsOf) nodes.get(id)!.chains = [...chains].sort(byString);
  for (const n of nodes.values()) n.tvl = round2(n.tvl);

  const topOrder = new Map(top156.map((p, i) => [p.id, i]));
  const protocols = [...nodes.values()].sort((a, b) => {
    const ra = topOrder.get(a.id) ?? Infinity;
    const rb = topOrder.get(b.id) ?? Infinity;
    return ra - rb || b.tvl - a.tvl || byString(a.id, b.id);
  });

  // 5. Token table: every resolved symbol (own-supply-only ones too, to document their issuer).
  const tokens = [...cache.values()]
    .map((r) => ({ symbol: r.symbol, issuer: r.kind === 'issuer' ? r.issuer : null, primary: r.kind === 'primary' }))
    .filter((t, i, all) => all.findIndex((u) => u.symbol === t.symbol) === i)
    .sort((a, b) => byString(a.symbol, b.symbol));
  const primaryHeld = new Set<string>();
  for (const key of holdings.keys()) {
    const sym = key.slice(key.indexOf('\0') + 1);
    if (tokens.find((t) => t.symbol === sym)?.primary) primaryHeld.add(sym);
  }

  const split = (key: string) => key.split('\0') as [string, string];
  const holdingRows = [...holdings]
    .map(([k, usd]) => [...split(k), round2(usd)] as [string, string, number])
    .sort((a, b) => b[2] - a[2] || byString(a[0], b[0]) || byString(a[1], b[1]));
  const edgeRows = [...edges]
    .map(([k, usd]) => [...split(k), round2(usd)] as [string, string, number])
    .sort((a, b) => b[2] - a[2] || byString(a[0], b[0]) || byString(a[1], b[1]));

  // 6. Layout over protocols and the primary-token nodes.
  const layoutNodes = [
    ...protocols.map((p) => ({ id: p.id, sector: p.sector, tvl: p.tvl })),
    ...[...primaryHeld].sort(byString).map((s) => ({ id: s, sector: 'Primary Market Tokens' as Sector, tvl: 0 })),
  ];
  const layout = forceLayout(layoutNodes, edgeRows);

  const notInTop156Usd = pools
    .filter((p) => projects.get(p.project)!.via !== 'top156')
    .reduce((s, p) => s + p.tvlUsd, 0);
  const noIdUsd = pools.filter((p) => projects.get(p.project)!.via === 'slug').reduce((s, p) => s + p.tvlUsd, 0);
  const tvlBasisCounts: Record<TvlBasis, number> = { top156: 0, pools: 0, held: 0 };
  for (const n of protocols) tvlBasisCounts[n.tvlBasis]++;

  const file: CompactSnapshotFile = {
    format: COMPACT_FORMAT,
    version: COMPACT_VERSION,
    name: DATASET_2026.name,
    title: DATASET_2026.title,
    provenance: {
      source:
        'DefiLlama API scrape (open-defi-data): top-156 protocols by TVL and top-318 yield pools, with DeXposure token→issuer mapping',
      date: DATASET_2026.date,
      synthetic: false,
      credit: CREDIT,
      licence: LICENCE_2026,
      notes: '', // filled below, once the numbers are known
      coverage: { ...coverage },
    },
    protocols: protocols.map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      sector: p.sector,
      chains: p.chains,
      tvl: p.tvl,
    })),
    tokens,
    weeks: [{ date: DATASET_2026.date, holdings: holdingRows, edges: edgeRows }],
    layout,
  };
  const result: Build2026Result = {
    file,
    coverage,
    totalPoolUsd,
    protocolNodes: protocols.length,
    tokenNodes: primaryHeld.size,
    edges: edgeRows.length,
    holdings: holdingRows.length,
    resolutions,
    projects,
    notInTop156Usd,
    noIdUsd,
    duplicates,
    tvlBasisCounts,
  };
  file.provenance.notes = notes2026(result, hand);
  compactSnapshotSchema.parse(file);
  return result;
}

/** Distinct unmapped token symbols, largest pool USD first. */
export function unmappedSymbols(r: Pick<Build2026Result, 'resolutions'>): string[] {
  return [...new Set(r.resolutions.filter((x) => x.resolution.kind === 'unmapped').map((x) => x.resolution.symbol))];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const bn = (usd: number) => `${(usd / 1e9).toFixed(2)} bn USD`;

function notes2026(r: Build2026Result, hand: Record<string, HandToken>): string {
  const c = r.coverage;
  const slugProjects = [...r.projects].filter(([, j]) => j.via === 'slug').map(([s]) => s);
  const byName = [...r.projects].filter(([, j]) => j.via === 'meta-name' || j.via === 'protocols-2023-name').length;
  const byAlias = [...r.projects].filter(([, j]) => j.via === 'alias').length;
  const dupUsd = r.duplicates.reduce((sum, p) => sum + p.tvlUsd, 0);
  const unmapped = unmappedSymbols(r);
  const rewritten = r.resolutions
    .filter((x) => x.resolution.rewrittenFrom)
    .map((x) => `${x.resolution.rewrittenFrom}→${x.resolution.symbol}`);
  return [
    `One real snapshot, not a history. A pool is a holding of its token by the pool's project; an edge holder→issuer sums the holder's pools of that issuer's tokens; a primary token (USDC, WETH…) is a token node of its own, as in DeXposure.`,
    `Pool USD (${bn(r.totalPoolUsd)} in ${r.resolutions.length} distinct token symbols${r.duplicates.length ? `, after dropping ${r.duplicates.length} repeated listing(s) of one pool, ${(dupUsd / 1e6).toFixed(1)} M USD` : ''}): ${pct(c.toIssuer)} mapped to an issuing protocol, ${pct(c.toPrimaryToken)} to a primary token, ${pct(c.issuerOwnSupply)} is an issuer's own supply (its own pool: not an edge), ${pct(c.unmapped)} unmapped.`,
    `Token→issuer order: our hand table (${Object.keys(hand).length} reviewed entries, in src/cli/dataBuild/handTokens.ts), Pendle PT-… → Pendle, DeXposure token_to_protocol.json (numeric id = issuer), the issuer's own single-asset pool in this file, then DeXposure's primary list. A Pendle principal token's underlying (sUSDe, reUSD, AUSD) sits in Pendle's contracts, so its holder's direct counterparty is Pendle; exposure to the underlying's issuer runs on through Pendle. DeXposure's own choices are kept: native ETH → Ethereum Foundation (2521), WSOL → Solana, WAVAX → Avalanche, BTC/BTC.B → Bitcoin, AAVE → Aave Arc; WBTC, BTCB, WETH stay primary.`,
    `LP symbols split evenly across their tokens. Vault shares listed under the venue holding their assets count as the underlying (${rewritten.join(', ') || 'none'}).`,
    `Unmapped tokens (kept as holdings, no edge): ${unmapped.join(', ') || 'none'}.`,
    `${r.protocolNodes} protocol nodes: ${r.tvlBasisCounts.top156} from the top-156 list with DefiLlama TVL; ${r.tvlBasisCounts.pools} pool projects outside it, sized by the USD of their pools here (a lower bound); ${r.tvlBasisCounts.held} issuers with no pool here, sized by the USD of their tokens held here (a lower bound, not their TVL).`,
    `${pct(r.notInTop156Usd / r.totalPoolUsd)} of pool USD is held by projects outside the top-156 list: ${byName + byAlias} joined to a DefiLlama id (${byName} by exact name in DeXposure's metadata, ${byAlias} renamed ones by our alias table); ${slugProjects.length} (${pct(r.noIdUsd / r.totalPoolUsd)} of pool USD) have no id in our sources and keep their DefiLlama slug as id, category Unknown.`,
    `Chains: those of the node's pools in this file only. Sectors: DeXposure's id_to_info.json where it has one, else our category→sector table. Lending pools count supplied minus borrowed.`,
  ].join(' ');
}
