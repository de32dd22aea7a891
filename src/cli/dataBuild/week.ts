// One dated DefiLlama pool file -> holdings and exposure edges (pure): the sanity rules of
// SOURCES.md, holder-aware token resolution and the "holdings never exceed TVL" scaling. Used by
// the default week (defillama2026.ts) and by the real multi-date history (realHistory.ts).
import { poolTokens, type HandToken, type TokenResolution } from './tokens';
import { positionIssuer } from './tokenRules';

export interface HolderPool {
  holder: string;
  /** DefiLlama slug of the pool's project (positionIssuer's rules are written on slugs). */
  project: string;
  chain: string;
  symbol: string;
  usd: number;
  poolMeta: string;
}

export interface CoverageUsd {
  toIssuer: number;
  toPrimaryToken: number;
  issuerOwnSupply: number;
  unmapped: number;
}

/** How one holding came to be: the token symbol held, what it resolved to, and by which rule. */
export interface HeldToken {
  symbol: string;
  kind: 'issuer' | 'primary' | 'unmapped';
  issuer?: string;
  via: string;
  why: string;
}

export interface Attribution {
  /** holder \0 symbol -> USD */
  holdings: Map<string, number>;
  /** holder \0 target (issuer id or primary symbol) -> USD */
  edges: Map<string, number>;
  coverageUsd: CoverageUsd;
  /** Every symbol held, with how it resolved (for the token table and the audit). */
  held: Map<string, HeldToken>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/**
 * Pool rows -> holdings, edges and coverage. A receipt token (vault share, market token listed by
 * its venue) counts as the underlying when the venue itself lists it and as a claim on the venue
 * when anyone else holds it; an issuer's own pool is its supply, not a holding.
 */
export function attributePools(
  pools: HolderPool[],
  resolve: (symbol: string) => TokenResolution,
  hand: Record<string, HandToken>,
  nodeOfSlug: (slug: string) => string | undefined,
): Attribution {
  const holdings = new Map<string, number>();
  const edges = new Map<string, number>();
  const held = new Map<string, HeldToken>();
  const coverageUsd: CoverageUsd = { toIssuer: 0, toPrimaryToken: 0, issuerOwnSupply: 0, unmapped: 0 };
  const hold = (holder: string, t: HeldToken, usd: number) => {
    if (t.kind === 'issuer' && t.issuer === holder) {
      // The issuer's own pool is its supply, not a holding of someone else's token.
      coverageUsd.issuerOwnSupply += usd;
      return;
    }
    if (!held.has(t.symbol)) held.set(t.symbol, t);
    add(holdings, `${holder}\0${t.symbol}`, usd);
    if (t.kind === 'issuer') {
      coverageUsd.toIssuer += usd;
      add(edges, `${holder}\0${t.issuer}`, usd);
    } else if (t.kind === 'primary') {
      coverageUsd.toPrimaryToken += usd;
      add(edges, `${holder}\0${t.symbol}`, usd);
    } else coverageUsd.unmapped += usd;
  };
  const asHeld = (r: TokenResolution, holder: string, depth = 0): HeldToken => {
    if (r.kind === 'receipt') {
      if (r.venue !== holder) return { symbol: r.symbol, kind: 'issuer', issuer: r.venue, via: r.via, why: r.why };
      // The venue's own listing of its vault: what it holds is the underlying.
      if (r.underlying === undefined || depth > 3)
        return { symbol: r.symbol, kind: 'unmapped', via: r.via, why: `${r.why}; the asset is not named` };
      const inner = asHeld(resolve(r.underlying), holder, depth + 1);
      return inner;
    }
    if (r.kind === 'unmapped') return { symbol: r.symbol, kind: 'unmapped', via: 'unmapped', why: r.why };
    return {
      symbol: r.symbol,
      kind: r.kind,
      ...(r.kind === 'issuer' ? { issuer: r.issuer } : {}),
      via: r.via,
      why: r.why,
    };
  };
  for (const pool of pools) {
    const position = positionIssuer(pool);
    const positionNode = position ? nodeOfSlug(position.issuer) : undefined;
    if (position && positionNode !== undefined && positionNode !== pool.holder) {
      hold(
        pool.holder,
        { symbol: position.token, kind: 'issuer', issuer: positionNode, via: position.rule, why: position.why },
        pool.usd,
      );
      continue;
    }
    for (const part of poolTokens(pool.symbol, hand))
      hold(pool.holder, asHeld(resolve(part.symbol), pool.holder), pool.usd * part.share);
  }
  return { holdings, edges, coverageUsd, held };
}

/** A pool that cannot be real: larger than its project's whole TVL (SOURCES.md's sanity rule). */
export interface DroppedPool {
  project: string;
  chain: string;
  symbol: string;
  usd: number;
  projectTvl: number;
  reason: string;
}

/**
 * Drops reporting errors: a pool whose TVL exceeds its project's DefiLlama TVL, unless the pool is
 * the project's own supply (an issuer's token outstanding can exceed its TVL: weETH's pool lists
 * the token's whole supply, which is not a holding and makes no edge).
 */
export function dropImpossiblePools(
  pools: HolderPool[],
  tvlOf: (holder: string) => number | undefined,
  isOwnSupply: (pool: HolderPool) => boolean,
): { kept: HolderPool[]; dropped: DroppedPool[] } {
  const kept: HolderPool[] = [];
  const dropped: DroppedPool[] = [];
  for (const p of pools) {
    const tvl = tvlOf(p.holder);
    if (tvl !== undefined && p.usd > tvl && !isOwnSupply(p))
      dropped.push({
        project: p.project,
        chain: p.chain,
        symbol: p.symbol,
        usd: p.usd,
        projectTvl: tvl,
        reason: 'pool larger than its project’s whole TVL',
      });
    else kept.push(p);
  }
  return { kept, dropped };
}

export interface ScaledHolder {
  holder: string;
  /** Σ holdings before scaling, and the holder's TVL. */
  heldUsd: number;
  tvl: number;
  factor: number;
}

/**
 * Holdings never exceed TVL. Where a holder's holdings sum above its DefiLlama TVL (pools counted
 * gross of borrows, vaults and the markets they lend into both listed), every holding and edge of
 * that holder is scaled by TVL / Σ holdings. Mutates the maps; returns the holders scaled.
 */
export function capHoldingsAtTvl(
  attribution: Pick<Attribution, 'holdings' | 'edges'>,
  tvlOf: (holder: string) => number | undefined,
): ScaledHolder[] {
  const sum = new Map<string, number>();
  for (const [key, usd] of attribution.holdings) add(sum, key.slice(0, key.indexOf('\0')), usd);
  const scaled: ScaledHolder[] = [];
  for (const [holder, heldUsd] of sum) {
    const tvl = tvlOf(holder);
    // A relative tolerance: cent rounding of the file must not trip the invariant.
    if (tvl === undefined || heldUsd <= tvl) continue;
    // Scaled to the cent below TVL, so the rounded file still satisfies Σ holdings ≤ TVL.
    scaled.push({ holder, heldUsd, tvl, factor: Math.floor(tvl * 100) / 100 / heldUsd });
  }
  const factorOf = new Map(scaled.map((s) => [s.holder, s.factor]));
  for (const m of [attribution.holdings, attribution.edges])
    for (const [key, usd] of m) {
      const f = factorOf.get(key.slice(0, key.indexOf('\0')));
      // Rounded down to the cent so that the rounded file still satisfies Σ holdings ≤ TVL.
      if (f !== undefined) m.set(key, Math.floor(usd * f * 100) / 100);
    }
  return scaled.sort((a, b) => a.factor - b.factor || (a.holder < b.holder ? -1 : 1));
}
