// Pure token -> issuer resolution for pool symbols (no file access; unit-tested on inline inputs).
//
// Order, first answer wins (each answer records its rule, printed by `cli -- audit-tokens`):
//   1. our hand table (handTokens.ts): reviewed decisions, each with its reason, for what no rule fits;
//   2. native: a chain's native or wrapped-native asset (ETH, WETH, WSOL, BNB…) is primary, no issuer;
//   3. Pendle PT-… principal tokens, and market/receipt tokens recognised by their naming scheme
//      (aTokens -> Aave, cTokens -> Compound, vTokens -> Venus, mTokens -> Moonwell, YT-/SY- -> Pendle);
//   4. a governance token (the protocol list's `symbol`) -> its protocol family's largest live protocol
//      (AAVE -> Aave V3, never the defunct Aave Arc);
//   5. DeXposure's token_to_protocol.json, any group, when its id is a number: that protocol issues it,
//      unless that id is a chain (BTC.B -> "Bitcoin"): then the token is primary;
//   6. the issuer's own supply in the same pool file: a protocol of an issuing kind (liquid staking,
//      RWA, basis trading…) whose own single-asset pool lists the token, when exactly one does;
//      a pool project of unknown category may claim a token too, but not one DeXposure calls
//      primary (solv-basis-trading's WBTC pool is a deposit, not WBTC's supply);
//   7. a vault share: a symbol DeXposure does not know, listed as a single-asset pool under exactly one
//      vault venue (Morpho Blue, Concrete, Lagoon, curators…): a receipt of that venue (see week.ts);
//   8. DeXposure's token_to_protocol.json when its id is the token itself: a primary token with no
//      issuing protocol (USDC, USDT…), which stays a token node of its own, as in DeXposure;
//   9. otherwise unmapped.
// Step 6 comes before step 8 on purpose: DeXposure lists many issued tokens (weETH, rsETH, sUSDe…)
// as primary; where the 2026 file shows who issues them, the exposure edge goes to that issuer.
import {
  assetInside,
  marketTokenRule,
  NATIVE_ASSETS,
  NATIVE_REASON,
  RULE_REASONS,
  VAULT_SHARE_REASON,
} from './tokenRules';
import type { DexposureTokenMap } from './types';

/** DefiLlama id of Pendle: the issuer of every PT- principal token (see resolveToken). */
export const PENDLE_ID = '382';

export type HandToken =
  /** issuer: a DefiLlama id (digits) or a pool-project slug of the 2026 file. */
  | { issuer: string; why: string }
  | { primary: true; why: string }
  /** A vault share listed under the venue that holds its assets: the holding is the underlying. */
  | { underlying: string; why: string }
  /**
   * A receipt/vault share of `venue` (an id or slug) holding `underlying`: the venue's own listing
   * of it is a holding of the underlying; anyone else holding it is exposed to the venue.
   */
  | { receipt: { venue: string; underlying?: string }; why: string };

export type Via =
  | 'hand'
  | 'native'
  | 'pendle-pt'
  | 'market-token'
  | 'governance'
  | 'chain-asset'
  | 'dexposure'
  | 'own-supply'
  | 'vault-share'
  | 'dexposure-primary';

/** `why`: the one-line reason of the rule or hand entry that decided (for the mapping table). */
export type TokenResolution =
  | { kind: 'issuer'; symbol: string; issuer: string; via: Via; why: string; rewrittenFrom?: string }
  | { kind: 'primary'; symbol: string; via: Via; why: string; rewrittenFrom?: string }
  | { kind: 'receipt'; symbol: string; venue: string; underlying?: string; via: Via; why: string }
  | { kind: 'unmapped'; symbol: string; why: string; rewrittenFrom?: string };

/** A project whose single-asset pool lists a token; `known`: its category is an issuing one (not merely unknown). */
export interface OwnSupplyCandidate {
  id: string;
  known: boolean;
}

export interface DexposureEntry {
  group: string;
  id: string;
}

export interface ResolveContext {
  /** Hand table keyed by upper-case symbol (a whole pool symbol or one part of an LP symbol). */
  hand: Record<string, HandToken>;
  /** Flattened token_to_protocol.json (flattenDexposure). */
  dexposure: Map<string, DexposureEntry>;
  /** symbol -> the projects that may issue it by their own single-asset pool (ownSupplyCandidates). */
  ownSupply: Map<string, OwnSupplyCandidate[]>;
  /** A hand-table issuer reference (DefiLlama id or pool slug) -> node id; undefined when unknown. */
  nodeOf: (ref: string) => string | undefined;
  /** Governance token symbol -> the live protocol of its family (governanceIssuers); empty when unknown. */
  governance?: Map<string, string>;
  /** symbol -> the one vault venue listing it as a single-asset pool (vaultVenues). */
  vaultVenue?: Map<string, string>;
  /** A DefiLlama id that is a chain (category Chain), not a protocol that can owe anything. */
  isChain?: (id: string) => boolean;
}

export function normaliseSymbol(symbol: string): string {
  return symbol.trim().toUpperCase();
}

const GROUP_ORDER = ['MAP', 'PRIMARY', 'LP', 'OTHER', 'UNKNOWN'];

/** One entry per token; a token listed in two groups keeps the first in MAP, PRIMARY, LP, OTHER, UNKNOWN order. */
export function flattenDexposure(map: DexposureTokenMap): Map<string, DexposureEntry> {
  const groups = Object.keys(map).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out = new Map<string, DexposureEntry>();
  for (const group of groups)
    for (const [token, v] of Object.entries(map[group])) {
      const key = normaliseSymbol(token);
      if (!out.has(key)) out.set(key, { group, id: String(v.id) });
    }
  return out;
}

function rank(group: string): number {
  const i = GROUP_ORDER.indexOf(group);
  return i < 0 ? GROUP_ORDER.length : i;
}

/**
 * The tokens of one pool symbol with their share of the pool's USD. A multi-token LP symbol
 * ("DAI-USDC-USDT") splits evenly; a whole symbol the hand table knows ("AA-FALCONXUSDC", a vault
 * name with a dash) and a Pendle principal token ("PT-SUSDE-22OCT2026") stay whole.
 */
export function poolTokens(symbol: string, hand: Record<string, HandToken>): { symbol: string; share: number }[] {
  const whole = normaliseSymbol(symbol);
  if (hand[whole] || isPendlePt(whole) || !whole.includes('-')) return [{ symbol: whole, share: 1 }];
  const parts = whole.split('-').filter((p) => p.length > 0);
  if (parts.length === 0) return [{ symbol: whole, share: 1 }];
  return parts.map((p) => ({ symbol: p, share: 1 / parts.length }));
}

export function isPendlePt(symbol: string): boolean {
  return /^PT-./.test(symbol);
}

/** DeXposure's verdict on a token: an issuer id, primary (its id is the token itself), or nothing. */
export function dexposureVerdict(
  symbol: string,
  entry: DexposureEntry | undefined,
): { issuer: string } | 'primary' | undefined {
  if (!entry) return undefined;
  if (entry.id === symbol) return entry.group === 'PRIMARY' ? 'primary' : undefined;
  if (/^\d+$/.test(entry.id)) return { issuer: entry.id };
  return undefined; // 'LP', 'UNKNOWN', 'OTHER': DeXposure did not resolve it either
}

/** Resolves one token symbol (already split out of its pool symbol). */
export function resolveToken(symbol: string, ctx: ResolveContext, depth = 0): TokenResolution {
  const sym = normaliseSymbol(symbol);
  const node = (ref: string, what: string) => {
    const id = ctx.nodeOf(ref);
    if (id === undefined)
      throw new Error(`${what}: ${sym} names issuer "${ref}", which is neither a known id nor a pool project`);
    return id;
  };
  const hand = ctx.hand[sym];
  if (hand) {
    if ('underlying' in hand) {
      if (depth > 3) throw new Error(`hand table: underlying chain too long at ${sym}`);
      const inner = resolveToken(hand.underlying, ctx, depth + 1);
      return inner.kind === 'receipt' ? inner : { ...inner, rewrittenFrom: inner.rewrittenFrom ?? sym };
    }
    if ('receipt' in hand)
      return {
        kind: 'receipt',
        symbol: sym,
        venue: node(hand.receipt.venue, 'hand table'),
        ...(hand.receipt.underlying ? { underlying: normaliseSymbol(hand.receipt.underlying) } : {}),
        via: 'hand',
        why: hand.why,
      };
    if ('primary' in hand) return { kind: 'primary', symbol: sym, via: 'hand', why: hand.why };
    return { kind: 'issuer', symbol: sym, issuer: node(hand.issuer, 'hand table'), via: 'hand', why: hand.why };
  }
  if (NATIVE_ASSETS.has(sym)) return { kind: 'primary', symbol: sym, via: 'native', why: NATIVE_REASON };
  if (isPendlePt(sym)) {
    const issuer = ctx.nodeOf(PENDLE_ID);
    if (issuer !== undefined)
      return {
        kind: 'issuer',
        symbol: sym,
        issuer,
        via: 'pendle-pt',
        why: RULE_REASONS['pendle-pt'],
      };
  }
  const market = marketTokenRule(sym);
  if (market) {
    const issuer = ctx.nodeOf(market.issuer);
    if (issuer !== undefined) return { kind: 'issuer', symbol: sym, issuer, via: 'market-token', why: market.why };
  }
  const gov = ctx.governance?.get(sym);
  if (gov !== undefined)
    return {
      kind: 'issuer',
      symbol: sym,
      issuer: gov,
      via: 'governance',
      why: RULE_REASONS['governance'],
    };
  const entry = ctx.dexposure.get(sym);
  const verdict = dexposureVerdict(sym, entry);
  if (verdict && verdict !== 'primary' && ctx.isChain?.(verdict.issuer))
    return { kind: 'primary', symbol: sym, via: 'chain-asset', why: RULE_REASONS['chain-asset'] };
  if (verdict && verdict !== 'primary') {
    const issuer = ctx.nodeOf(verdict.issuer);
    if (issuer !== undefined)
      return {
        kind: 'issuer',
        symbol: sym,
        issuer,
        via: 'dexposure',
        why: RULE_REASONS['dexposure'],
      };
  }
  const own = ctx.ownSupply.get(sym);
  if (own && own.length === 1 && (own[0].known || verdict !== 'primary'))
    return {
      kind: 'issuer',
      symbol: sym,
      issuer: own[0].id,
      via: 'own-supply',
      why: RULE_REASONS['own-supply'],
    };
  const venue = ctx.vaultVenue?.get(sym);
  const underlying = assetInside(sym);
  if (venue !== undefined && entry === undefined && underlying !== undefined && underlying !== sym) {
    return {
      kind: 'receipt',
      symbol: sym,
      venue,
      underlying,
      via: 'vault-share',
      why: VAULT_SHARE_REASON,
    };
  }
  if (verdict === 'primary')
    return {
      kind: 'primary',
      symbol: sym,
      via: 'dexposure-primary',
      why: RULE_REASONS['dexposure-primary'],
    };
  return { kind: 'unmapped', symbol: sym, why: RULE_REASONS['unmapped'] };
}

/**
 * Governance tokens: the protocol list's `symbol` names a protocol's token; it maps to the largest
 * live protocol (by 2026 TVL) of that protocol's family (DefiLlama's parentProtocol), so AAVE goes
 * to Aave V3, not to the defunct Aave Arc. A symbol claimed by two families is left out (ambiguous).
 */
export function governanceIssuers(
  protocols2023: { id: string; symbol?: string; parentProtocol?: string }[],
  liveTvl: Map<string, number>,
): Map<string, string> {
  const familyOf = (p: { id: string; parentProtocol?: string }) => p.parentProtocol ?? `self#${p.id}`;
  const members = new Map<string, string[]>();
  for (const p of protocols2023) {
    const f = familyOf(p);
    if (!members.has(f)) members.set(f, []);
    members.get(f)!.push(p.id);
  }
  const bySymbol = new Map<string, Set<string>>();
  for (const p of protocols2023) {
    const sym = p.symbol ? normaliseSymbol(p.symbol) : '';
    if (!sym || sym === '-' || NATIVE_ASSETS.has(sym)) continue;
    if (!bySymbol.has(sym)) bySymbol.set(sym, new Set());
    bySymbol.get(sym)!.add(familyOf(p));
  }
  const out = new Map<string, string>();
  for (const [sym, families] of [...bySymbol].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (families.size !== 1) continue;
    const [family] = families;
    const live = members
      .get(family)!
      .filter((id) => liveTvl.has(id))
      .sort((a, b) => liveTvl.get(b)! - liveTvl.get(a)! || (a < b ? -1 : 1));
    if (live.length) out.set(sym, live[0]);
  }
  return out;
}

/**
 * Vault venues: for each single-asset pool symbol, the one vault-venue project (VAULT_VENUE_CATEGORIES)
 * that lists it; a symbol listed under two venues is left out (a shared market, not a vault share).
 */
export function vaultVenues(
  pools: { holder: string; symbol: string; vaultVenue: boolean }[],
  hand: Record<string, HandToken>,
): Map<string, string> {
  const byToken = new Map<string, Set<string>>();
  for (const p of pools) {
    if (!p.vaultVenue) continue;
    const tokens = poolTokens(p.symbol, hand);
    if (tokens.length !== 1) continue;
    const sym = tokens[0].symbol;
    if (!byToken.has(sym)) byToken.set(sym, new Set());
    byToken.get(sym)!.add(p.holder);
  }
  const out = new Map<string, string>();
  for (const [sym, holders] of byToken) if (holders.size === 1) out.set(sym, [...holders][0]);
  return out;
}

/**
 * Own-supply candidates: for each single-asset pool symbol, the distinct holders that may be its
 * issuer (`issuing`: an issuing category; `unknown`: no category known; `venue`: never). Sorted,
 * so the build is deterministic; more than one candidate means the rule cannot decide.
 */
export function ownSupplyCandidates(
  pools: { holder: string; symbol: string; kind: HolderKind }[],
  hand: Record<string, HandToken>,
): Map<string, OwnSupplyCandidate[]> {
  const byToken = new Map<string, Map<string, boolean>>();
  for (const p of pools) {
    if (p.kind === 'venue') continue;
    const tokens = poolTokens(p.symbol, hand);
    if (tokens.length !== 1) continue;
    const sym = tokens[0].symbol;
    if (!byToken.has(sym)) byToken.set(sym, new Map());
    byToken.get(sym)!.set(p.holder, p.kind === 'issuing');
  }
  return new Map(
    [...byToken].map(([s, holders]) => [
      s,
      [...holders].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([id, known]) => ({ id, known })),
    ]),
  );
}

export type HolderKind = 'issuing' | 'unknown' | 'venue';

/**
 * Categories whose protocols issue a token for what is deposited with them (so their own
 * single-asset pool is their supply). Lending markets, DEXes, CDPs, vault curators and the like
 * list other people's tokens they hold and are left out.
 */
export const ISSUING_CATEGORIES: ReadonlySet<string> = new Set([
  'Liquid Staking',
  'Liquid Restaking',
  'Restaked BTC',
  'Anchor BTC',
  'Decentralized BTC',
  'Basis Trading',
  'RWA',
  'Staking Pool',
  'Bridge',
  'Canonical Bridge',
  'Cross Chain',
  'Algo-Stables',
  'Synthetics',
  'Decentralized Stablecoin',
  'Reserve Currency',
  'Chain',
  'Stablecoin Wrapper',
  'Stablecoin Issuer',
  'Dual-Token Stablecoin',
  'Partially Algorithmic Stablecoin',
  'RWA Lending',
  'DOR',
  'CeDeFi',
  'Cross Chain Bridge',
]);

/** How the own-supply rule treats a pool project of this category (undefined: not known to us). */
export function holderKind(category: string | undefined): HolderKind {
  if (category === undefined) return 'unknown';
  return ISSUING_CATEGORIES.has(category) ? 'issuing' : 'venue';
}

/** DefiLlama's slug of a protocol name (its `sluggify`: lower case, spaces to '-', no apostrophes). */
export function slugOfName(name: string): string {
  return name.trim().toLowerCase().split(' ').join('-').split("'").join('');
}
