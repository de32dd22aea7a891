// The token -> issuer mapping context of one DefiLlama scrape (pure): pool projects joined to
// DefiLlama ids, and a cached resolver that applies the rules of tokens.ts in order. The default
// week and the real multi-date history (realHistory.ts) share it, so a token maps the same way on
// every date.
import { HAND_TOKENS } from './handTokens';
import { joinProjects, type ProjectJoin } from './projects';
import { VAULT_VENUE_CATEGORIES } from './tokenRules';
import {
  flattenDexposure,
  governanceIssuers,
  holderKind,
  ownSupplyCandidates,
  poolTokens,
  resolveToken,
  vaultVenues,
  type HandToken,
  type ResolveContext,
  type TokenResolution,
} from './tokens';
import type { DexposureTokenMap, MetaEntry, PoolRow, Protocol2023, ProtocolRow } from './types';
import type { HolderPool } from './week';

export interface MappingInput {
  protocols: ProtocolRow[];
  meta: Map<string, MetaEntry>;
  idToInfo: Map<string, { name: string; sector: string }>;
  tokenToProtocol: DexposureTokenMap;
  protocols2023: Protocol2023[];
  hand?: Record<string, HandToken>;
}

export interface TokenMapping {
  hand: Record<string, HandToken>;
  projects: Map<string, ProjectJoin>;
  holderOf: (slug: string) => string;
  categoryOf: (id: string) => string | undefined;
  nodeOf: (ref: string) => string | undefined;
  resolve: (symbol: string) => TokenResolution;
  /** Every symbol resolved so far. */
  cache: Map<string, TokenResolution>;
  /** A pool row as a holding of its project's node. */
  holderPool: (p: PoolRow) => HolderPool;
  /** The pool is its holder's own supply: every token in it is issued by the holder. */
  isOwnSupply: (p: HolderPool) => boolean;
}

/**
 * `pools`: the pool rows whose single-asset listings decide own supply and vault venues (the
 * 2026-09-02 file, every pool ≥ 1 M USD); `moreSlugs`: other pool projects to join (older dates).
 */
export function tokenMapping(input: MappingInput, pools: PoolRow[], moreSlugs: string[] = []): TokenMapping {
  const hand = input.hand ?? HAND_TOKENS;
  const { meta, idToInfo } = input;
  const pj = new Map(input.protocols2023.map((p) => [p.id, p]));
  const listed = new Map(input.protocols.map((p) => [p.id, p]));
  // 1. Holders: pool projects -> node ids.
  const projects = joinProjects(
    [...pools.map((p) => p.project), ...moreSlugs],
    input.protocols,
    meta,
    input.protocols2023.map((p) => ({ id: p.id, name: p.name })),
  );
  const holderOf = (slug: string) => projects.get(slug)!.id;
  const known = (id: string) => listed.has(id) || meta.has(id) || idToInfo.has(id) || pj.has(id);
  const categoryOf = (id: string): string | undefined =>
    listed.get(id)?.category ?? meta.get(id)?.category ?? pj.get(id)?.category;

  // 2. Token resolution context.
  const slugToNode = new Map([...projects].map(([slug, j]) => [slug, j.id]));
  for (const p of input.protocols) if (!slugToNode.has(p.slug)) slugToNode.set(p.slug, p.id);
  const nodeOf = (ref: string) => slugToNode.get(ref) ?? (/^\d+$/.test(ref) && known(ref) ? ref : undefined);
  const holderPools = pools.map((p) => ({ holder: holderOf(p.project), symbol: p.symbol }));
  const ownSupply = ownSupplyCandidates(
    holderPools.map((p) => ({ holder: p.holder, symbol: p.symbol, kind: holderKind(categoryOf(p.holder)) })),
    hand,
  );
  const dexposure = flattenDexposure(input.tokenToProtocol);
  const liveTvl = new Map(input.protocols.map((p) => [p.id, p.tvlUsd]));
  const governance = governanceIssuers(input.protocols2023, liveTvl);
  // A token DeXposure calls primary (USDC…) is nobody's governance token, whatever a protocol row says.
  for (const sym of [...governance.keys()]) if (dexposure.get(sym)?.id === sym) governance.delete(sym);
  const vaultVenue = vaultVenues(
    holderPools.map((p) => ({
      holder: p.holder,
      symbol: p.symbol,
      vaultVenue: VAULT_VENUE_CATEGORIES.has(categoryOf(p.holder) ?? ''),
    })),
    hand,
  );
  const isChain = (id: string) => categoryOf(id) === 'Chain';
  const ctx: ResolveContext = { hand, dexposure, ownSupply, nodeOf, governance, vaultVenue, isChain };
  const cache = new Map<string, TokenResolution>();
  const resolve = (symbol: string) => {
    let r = cache.get(symbol);
    if (!r) cache.set(symbol, (r = resolveToken(symbol, ctx)));
    return r;
  };

  const holderPool = (p: PoolRow): HolderPool => ({
    holder: holderOf(p.project),
    project: p.project,
    chain: p.chain,
    symbol: p.symbol,
    usd: p.tvlUsd,
    poolMeta: p.poolMeta,
  });
  const isOwnSupply = (p: HolderPool) =>
    poolTokens(p.symbol, hand).every((part) => {
      const r = resolve(part.symbol);
      return r.kind === 'issuer' && r.issuer === p.holder;
    });
  return { hand, projects, holderOf, categoryOf, nodeOf, resolve, cache, holderPool, isOwnSupply };
}
