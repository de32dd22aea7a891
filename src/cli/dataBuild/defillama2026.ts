// The default dataset: DefiLlama's 2026-09-02 scrape as one exposure graph (pure; see data.ts
// for the file reading). Nodes: every protocol with TVL ≥ 1 M USD, every pool project, every
// issuer needed and the primary tokens held. Holdings: every yield pool ≥ 1 M USD (holder = pool
// project), after the sanity rules and the holdings-within-TVL scaling of week.ts.
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
import { nameOfSlug } from './names';
import { tokenMapping } from './mapping';
import { type ProjectJoin } from './projects';
import { CREDIT, LICENCE_2026 } from './provenance';
import { poolTokens, type HandToken, type TokenResolution } from './tokens';
import type { DexposureTokenMap, MetaEntry, PoolRow, Protocol2023, ProtocolRow } from './types';
import {
  attributePools,
  capHoldingsAtTvl,
  dropImpossiblePools,
  type CoverageUsd,
  type DroppedPool,
  type HeldToken,
  type HolderPool,
  type ScaledHolder,
} from './week';

export const DATASET_2026 = {
  name: 'defillama-2026-09-02',
  title: 'DefiLlama, 2026-09-02',
  date: '2026-09-02',
} as const;

export interface Build2026Input {
  /** Every DefiLlama protocol ≥ 1 M USD (protocols_5m.csv + protocols_1m_5m.csv). */
  protocols: ProtocolRow[];
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

/** defillama: DefiLlama's TVL; pools: a pool project with no protocol row, sized by its own pools; held: an issuer sized by its tokens held. */
export type TvlBasis = 'defillama' | 'pools' | 'held';

export interface NodeRow {
  id: string;
  name: string;
  /** The name was derived from a DefiLlama slug (no protocol row names it). */
  nameDerived: boolean;
  category: string;
  sector: Sector;
  chains: string[];
  tvl: number;
  tvlBasis: TvlBasis;
}

/** One row of the token mapping table (audit-tokens, README review). */
export interface TokenAuditRow {
  symbol: string;
  kind: HeldToken['kind'];
  issuer: string | null;
  via: string;
  why: string;
  /** USD held of it in the file (after scaling). */
  heldUsd: number;
}

export interface Build2026Result {
  file: CompactSnapshotFile;
  coverage: Coverage2026;
  totalPoolUsd: number;
  protocolNodes: number;
  tokenNodes: number;
  edges: number;
  holdings: number;
  /** Per distinct pool token part: how it resolved (holder-independent) and the pool USD behind it. */
  resolutions: { resolution: TokenResolution; usd: number }[];
  tokenAudit: TokenAuditRow[];
  projects: Map<string, ProjectJoin>;
  /** Pool USD of projects missing from the protocol list, and of those with no DefiLlama id at all. */
  notInListUsd: number;
  noIdUsd: number;
  /** Repeated listings dropped before everything else (dedupePools). */
  duplicates: PoolRow[];
  /** Pools larger than their project's TVL (reporting errors), dropped. */
  dropped: DroppedPool[];
  /** Holders whose holdings were scaled down to their TVL. */
  scaled: ScaledHolder[];
  tvlBasisCounts: Record<TvlBasis, number>;
  derivedNames: { slug: string; name: string }[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Holdings round down to the cent, so rounding never lifts Σ holdings above a TVL. */
const floor2 = (x: number) => Math.floor(x * 100) / 100;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** DeXposure's sector where id_to_info has a real one, else our category table. */
export function sectorOfNode(id: string, category: string, idToInfo: Map<string, { sector: string }>): Sector {
  const info = idToInfo.get(id);
  const s = info ? sectorOfDexposureLabel(info.sector) : undefined;
  if (s && s !== 'Other / Unknown') return s;
  return sectorOfCategory(category);
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
  const { meta, idToInfo } = input;
  const { pools, duplicates } = dedupePools(input.pools);
  const pj = new Map(input.protocols2023.map((p) => [p.id, p]));
  const listed = new Map(input.protocols.map((p) => [p.id, p]));

  // 1-2. Holders (pool projects -> node ids) and the token resolution of mapping.ts.
  const m = tokenMapping(input, pools);
  const { projects, categoryOf, nodeOf, resolve, cache } = m;
  const holderPools: HolderPool[] = pools.map(m.holderPool);

  // 3. Sanity: a pool larger than its project's whole TVL is a reporting error (not own supply).
  const tvlOf = (holder: string) => listed.get(holder)?.tvlUsd;
  const { kept, dropped } = dropImpossiblePools(holderPools, tvlOf, m.isOwnSupply);

  // 4. Holdings, edges, coverage; then holdings within TVL.
  const attribution = attributePools(kept, resolve, hand, nodeOf);
  const { holdings, edges, coverageUsd } = attribution;
  const scaled = capHoldingsAtTvl(attribution, tvlOf);
  const totalPoolUsd = kept.reduce((s, p) => s + p.usd, 0);
  const coverage = shares(coverageUsd, totalPoolUsd);
  const resolutionUsd = new Map<string, number>();
  for (const p of kept)
    for (const part of poolTokens(p.symbol, hand))
      resolutionUsd.set(part.symbol, (resolutionUsd.get(part.symbol) ?? 0) + p.usd * part.share);
  const resolutions = [...resolutionUsd]
    .sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))
    .map(([symbol, usd]) => ({ resolution: resolve(symbol), usd }));

  // 5. Nodes: every listed protocol, pool projects outside the list, issuers.
  const nodes = new Map<string, NodeRow>();
  const derivedNames: { slug: string; name: string }[] = [];
  const describe = (id: string, tvl: number, tvlBasis: TvlBasis): NodeRow => {
    const known = listed.get(id)?.name ?? meta.get(id)?.name ?? idToInfo.get(id)?.name ?? pj.get(id)?.name;
    const name = known ?? nameOfSlug(id);
    if (known === undefined) derivedNames.push({ slug: id, name });
    const category = categoryOf(id) ?? 'Unknown';
    return {
      id,
      name,
      nameDerived: known === undefined,
      category,
      sector: sectorOfNode(id, category, idToInfo),
      chains: [],
      tvl,
      tvlBasis,
    };
  };
  for (const p of input.protocols) nodes.set(p.id, describe(p.id, p.tvlUsd, 'defillama'));
  const poolUsdOf = new Map<string, number>();
  const chainsOf = new Map<string, Set<string>>();
  for (const p of kept) {
    poolUsdOf.set(p.holder, (poolUsdOf.get(p.holder) ?? 0) + p.usd);
    if (!chainsOf.has(p.holder)) chainsOf.set(p.holder, new Set());
    chainsOf.get(p.holder)!.add(p.chain);
  }
  for (const [id, usd] of [...poolUsdOf].sort((a, b) => byString(a[0], b[0])))
    if (!nodes.has(id)) nodes.set(id, describe(id, usd, 'pools'));
  const heldOf = new Map<string, number>(); // symbol -> USD held
  for (const [key, usd] of holdings) {
    const sym = key.slice(key.indexOf('\0') + 1);
    heldOf.set(sym, (heldOf.get(sym) ?? 0) + usd);
  }
  const heldOfIssuer = new Map<string, number>();
  for (const t of attribution.held.values())
    if (t.kind === 'issuer')
      heldOfIssuer.set(t.issuer!, (heldOfIssuer.get(t.issuer!) ?? 0) + (heldOf.get(t.symbol) ?? 0));
  for (const r of cache.values()) if (r.kind === 'issuer' && !heldOfIssuer.has(r.issuer)) heldOfIssuer.set(r.issuer, 0);
  for (const [id, held] of [...heldOfIssuer].sort((a, b) => byString(a[0], b[0])))
    if (!nodes.has(id) && held > 0) nodes.set(id, describe(id, held, 'held'));
  for (const [id, chains] of chainsOf) nodes.get(id)!.chains = [...chains].sort(byString);
  for (const n of nodes.values()) n.tvl = round2(n.tvl);

  const rankOf = new Map(input.protocols.map((p, i) => [p.id, i]));
  const protocols = [...nodes.values()].sort((a, b) => {
    const ra = rankOf.get(a.id) ?? Infinity;
    const rb = rankOf.get(b.id) ?? Infinity;
    return ra - rb || b.tvl - a.tvl || byString(a.id, b.id);
  });

  // 6. Token table: every symbol held (with the rule that mapped it), and own-supply-only issuers.
  const tokenRows = new Map<string, { symbol: string; issuer: string | null; primary: boolean; rule: string }>();
  for (const t of attribution.held.values())
    tokenRows.set(t.symbol, {
      symbol: t.symbol,
      issuer: t.kind === 'issuer' && nodes.has(t.issuer!) ? t.issuer! : null,
      primary: t.kind === 'primary',
      rule: t.via,
    });
  for (const r of cache.values())
    if (r.kind === 'issuer' && !tokenRows.has(r.symbol) && nodes.has(r.issuer))
      tokenRows.set(r.symbol, { symbol: r.symbol, issuer: r.issuer, primary: false, rule: r.via });
  const tokens = [...tokenRows.values()].sort((a, b) => byString(a.symbol, b.symbol));
  const tokenAudit: TokenAuditRow[] = [...attribution.held.values()]
    .map((t) => ({
      symbol: t.symbol,
      kind: t.kind,
      issuer: t.issuer ?? null,
      via: t.via,
      why: t.why,
      heldUsd: round2(heldOf.get(t.symbol) ?? 0),
    }))
    .sort((a, b) => b.heldUsd - a.heldUsd || byString(a.symbol, b.symbol));
  const primaryHeld = new Set(tokens.filter((t) => t.primary && (heldOf.get(t.symbol) ?? 0) > 0).map((t) => t.symbol));

  const split = (key: string) => key.split('\0') as [string, string];
  const holdingRows = [...holdings]
    .filter(([, usd]) => usd > 0)
    .map(([k, usd]) => [...split(k), floor2(usd)] as [string, string, number])
    .sort((a, b) => b[2] - a[2] || byString(a[0], b[0]) || byString(a[1], b[1]));
  const edgeRows = [...edges]
    .filter(([k, usd]) => usd > 0 && (nodes.has(split(k)[1]) || primaryHeld.has(split(k)[1])))
    .map(([k, usd]) => [...split(k), floor2(usd)] as [string, string, number])
    .sort((a, b) => b[2] - a[2] || byString(a[0], b[0]) || byString(a[1], b[1]));

  // 7. Layout over protocols and the primary-token nodes.
  const layoutNodes = [
    ...protocols.map((p) => ({ id: p.id, sector: p.sector, tvl: p.tvl })),
    ...[...primaryHeld].sort(byString).map((s) => ({ id: s, sector: 'Primary Market Tokens' as Sector, tvl: 0 })),
  ];
  const layout = forceLayout(layoutNodes, edgeRows);

  const notInListUsd = kept.filter((p) => projects.get(p.project)!.via !== 'defillama').reduce((s, p) => s + p.usd, 0);
  const noIdUsd = kept.filter((p) => projects.get(p.project)!.via === 'slug').reduce((s, p) => s + p.usd, 0);
  const tvlBasisCounts: Record<TvlBasis, number> = { defillama: 0, pools: 0, held: 0 };
  for (const n of protocols) tvlBasisCounts[n.tvlBasis]++;

  const file: CompactSnapshotFile = {
    format: COMPACT_FORMAT,
    version: COMPACT_VERSION,
    name: DATASET_2026.name,
    title: DATASET_2026.title,
    provenance: {
      source:
        'DefiLlama API scrape (open-defi-data): every protocol and every yield pool with TVL ≥ 1 M USD, with a reviewed token→issuer mapping after DeXposure',
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
    tokenAudit,
    projects,
    notInListUsd,
    noIdUsd,
    duplicates,
    dropped,
    scaled,
    tvlBasisCounts,
    derivedNames: derivedNames.sort((a, b) => byString(a.slug, b.slug)),
  };
  file.provenance.notes = notes2026(result, hand, (id) => nodes.get(id)?.name ?? id);
  compactSnapshotSchema.parse(file);
  return result;
}

/** Coverage shares of the pool USD, 6 decimals (they keep the file tidy). */
export function shares(usd: CoverageUsd, total: number): Coverage2026 {
  const share = (x: number) => (total > 0 ? Math.round((1e6 * x) / total) / 1e6 : 0);
  return {
    toIssuer: share(usd.toIssuer),
    toPrimaryToken: share(usd.toPrimaryToken),
    issuerOwnSupply: share(usd.issuerOwnSupply),
    unmapped: share(usd.unmapped),
  };
}

/** Distinct unmapped token symbols, largest pool USD first. */
export function unmappedSymbols(r: Pick<Build2026Result, 'resolutions'>): string[] {
  return [...new Set(r.resolutions.filter((x) => x.resolution.kind === 'unmapped').map((x) => x.resolution.symbol))];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const bn = (usd: number) => `${(usd / 1e9).toFixed(2)} bn USD`;

function notes2026(r: Build2026Result, hand: Record<string, HandToken>, nameOf: (id: string) => string): string {
  const c = r.coverage;
  const byName = [...r.projects].filter(([, j]) => j.via === 'meta-name' || j.via === 'protocols-2023-name').length;
  const byAlias = [...r.projects].filter(([, j]) => j.via === 'alias').length;
  const dupUsd = r.duplicates.reduce((sum, p) => sum + p.tvlUsd, 0);
  const unmapped = unmappedSymbols(r);
  const m = (usd: number) => `${(usd / 1e6).toFixed(1)} M`;
  return [
    `One real snapshot, not a history. A pool is a holding of its token by the pool's project; an edge holder→issuer sums the holder's pools of that issuer's tokens; a primary token (USDC, WETH…) is a token node of its own, as in DeXposure.`,
    `Pool USD (${bn(r.totalPoolUsd)} in ${r.resolutions.length} distinct token symbols${r.duplicates.length ? `, after dropping ${r.duplicates.length} repeated listing(s) of one pool, ${m(dupUsd)} USD` : ''}): ${pct(c.toIssuer)} mapped to an issuing protocol, ${pct(c.toPrimaryToken)} to a primary token, ${pct(c.issuerOwnSupply)} is an issuer's own supply (its own pool: not an edge), ${pct(c.unmapped)} unmapped.`,
    `Reporting errors dropped (a pool larger than its project's whole TVL, not the project's own supply): ${r.dropped.map((d) => `${d.project} ${d.chain} ${d.symbol} ${m(d.usd)} on ${m(d.projectTvl)} TVL`).join('; ') || 'none'}.`,
    `Holdings never exceed TVL: a lending market's DefiLlama TVL is supplied minus borrowed, and so is each of its pools, but vaults and the markets they lend into are both listed, so a holder's pools can sum above its TVL; then every holding of that holder is scaled by TVL / Σ holdings. Scaled (${r.scaled.length}): ${r.scaled.map((x) => `${nameOf(x.holder)} ×${x.factor.toFixed(3)} (${m(x.heldUsd)} → ${m(x.tvl)})`).join('; ') || 'none'}.`,
    `Token→issuer (each token in the table carries its rule; \`npm run --silent cli -- audit-tokens\` prints them): our hand table (${Object.keys(hand).length} reviewed entries, src/cli/dataBuild/handTokens.ts), native and wrapped-native chain assets primary with no issuer, Pendle PT-…, market tokens by naming scheme (aTokens → Aave, cTokens → Compound, vTokens → Venus, mTokens → Moonwell), governance tokens → the family's largest live protocol, DeXposure token_to_protocol.json (numeric id = issuer), the issuer's own single-asset pool, vault shares listed under exactly one vault venue (the venue holds the asset; other holders are exposed to the venue), LP positions staked through Convex / Stake DAO → Curve LP tokens, then DeXposure's primary list. Other LP symbols split evenly across their tokens.`,
    `Unmapped tokens (kept as holdings, no edge): ${unmapped.slice(0, 40).join(', ') || 'none'}${unmapped.length > 40 ? ` and ${unmapped.length - 40} more` : ''}.`,
    `${r.protocolNodes} protocol nodes: ${r.tvlBasisCounts.defillama} with DefiLlama TVL (every protocol ≥ 1 M USD); ${r.tvlBasisCounts.pools} pool projects outside that list, sized by the USD of their pools here (a lower bound); ${r.tvlBasisCounts.held} issuers with no pool here, sized by the USD of their tokens held here (a lower bound, not their TVL).`,
    `${pct(r.notInListUsd / r.totalPoolUsd)} of pool USD is held by projects outside the protocol list: ${byName + byAlias} joined to a DefiLlama id (${byName} by exact name in DeXposure's metadata, ${byAlias} renamed ones by our alias table); the rest have no id in our sources and keep their DefiLlama slug as id, category Unknown.`,
    `Names derived from the DefiLlama slug (no protocol row names them): ${r.derivedNames.map((d) => `${d.slug} → ${d.name}`).join(', ') || 'none'}.`,
    `Chains: those of the node's pools in this file only. Sectors: DeXposure's id_to_info.json where it has one, else our category→sector table.`,
  ].join(' ');
}
