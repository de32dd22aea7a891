// Pure token -> issuer resolution for pool symbols (no file access; unit-tested on inline inputs).
//
// Order, first answer wins:
//   1. our hand table (handTokens.ts): reviewed decisions, each with its reason; most fill gaps the
//      automatic steps leave, a few correct them (a ticker reused by a different token since
//      DeXposure's data, a depositor the own-supply rule would take for the issuer);
//   2. a Pendle principal token (PT-…) is issued by Pendle;
//   3. DeXposure's token_to_protocol.json, any group, when its id is a number: that protocol issues it;
//   4. the issuer's own supply in the same pool file: a protocol of an issuing kind (liquid staking,
//      RWA, basis trading…) whose own single-asset pool lists the token, when exactly one does;
//      a pool project of unknown category may claim a token too, but not one DeXposure calls
//      primary (solv-basis-trading's WBTC pool is a deposit, not WBTC's supply);
//   5. DeXposure's token_to_protocol.json when its id is the token itself: a primary token with no
//      issuing protocol (USDC, WETH…), which stays a token node of its own, as in DeXposure;
//   6. otherwise unmapped.
// Step 4 comes before step 5 on purpose: DeXposure lists many issued tokens (weETH, rsETH, sUSDe…)
// as primary; where the 2026 file shows who issues them, the exposure edge goes to that issuer.
import type { DexposureTokenMap } from './types';

/** DefiLlama id of Pendle: the issuer of every PT- principal token (see resolveToken). */
export const PENDLE_ID = '382';

export type HandToken =
  /** issuer: a DefiLlama id (digits) or a pool-project slug of the 2026 file. */
  | { issuer: string; why: string }
  | { primary: true; why: string }
  /** A vault share listed under the venue that holds its assets: the holding is the underlying. */
  | { underlying: string; why: string };

export type Via = 'hand' | 'pendle-pt' | 'dexposure' | 'own-supply' | 'dexposure-primary';

export type TokenResolution =
  | { kind: 'issuer'; symbol: string; issuer: string; via: Via; rewrittenFrom?: string }
  | { kind: 'primary'; symbol: string; via: Via; rewrittenFrom?: string }
  | { kind: 'unmapped'; symbol: string; rewrittenFrom?: string };

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
  const hand = ctx.hand[sym];
  if (hand) {
    if ('underlying' in hand) {
      if (depth > 3) throw new Error(`hand table: underlying chain too long at ${sym}`);
      const inner = resolveToken(hand.underlying, ctx, depth + 1);
      return { ...inner, rewrittenFrom: inner.rewrittenFrom ?? sym };
    }
    if ('primary' in hand) return { kind: 'primary', symbol: sym, via: 'hand' };
    const issuer = ctx.nodeOf(hand.issuer);
    if (issuer === undefined)
      throw new Error(
        `hand table: ${sym} names issuer "${hand.issuer}", which is neither a known id nor a pool project`,
      );
    return { kind: 'issuer', symbol: sym, issuer, via: 'hand' };
  }
  if (isPendlePt(sym)) {
    const issuer = ctx.nodeOf(PENDLE_ID);
    if (issuer !== undefined) return { kind: 'issuer', symbol: sym, issuer, via: 'pendle-pt' };
  }
  const verdict = dexposureVerdict(sym, ctx.dexposure.get(sym));
  if (verdict && verdict !== 'primary') {
    const issuer = ctx.nodeOf(verdict.issuer);
    if (issuer !== undefined) return { kind: 'issuer', symbol: sym, issuer, via: 'dexposure' };
  }
  const own = ctx.ownSupply.get(sym);
  if (own && own.length === 1 && (own[0].known || verdict !== 'primary'))
    return { kind: 'issuer', symbol: sym, issuer: own[0].id, via: 'own-supply' };
  if (verdict === 'primary') return { kind: 'primary', symbol: sym, via: 'dexposure-primary' };
  return { kind: 'unmapped', symbol: sym };
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
