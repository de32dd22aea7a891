// Rule-based token -> issuer decisions (pure), applied by resolveToken (tokens.ts) and
// attributePools (week.ts). Each rule states its reason; the hand table (handTokens.ts) is only
// for what no rule fits. `npm run --silent cli -- audit-tokens` prints which rule mapped each token.

/**
 * Native gas assets of chains and their wrapped forms: a holder of ETH or WSOL owes nothing to
 * anyone and has no credit exposure to a protocol, so these are primary token nodes with no
 * issuer (DeXposure maps some of them to "Ethereum Foundation", "Bitcoin", "Solana", "Avalanche").
 * Custodial wrapped coins (WBTC, cbBTC, BTCB) are primary too, by the hand table: their issuer is
 * a company outside the graph.
 */
export const NATIVE_ASSETS: ReadonlySet<string> = new Set([
  'ETH',
  'WETH',
  'WETH.E',
  'BTC',
  'SOL',
  'WSOL',
  'AVAX',
  'WAVAX',
  'BNB',
  'WBNB',
  'POL',
  'WPOL',
  'MATIC',
  'WMATIC',
  'TRX',
  'WTRX',
  'SUI',
  'HYPE',
  'WHYPE',
  'S',
  'WS',
  'MNT',
  'WMNT',
  'APT',
  'SEI',
  'WSEI',
  'TON',
  'NEAR',
  'WNEAR',
  'FTM',
  'WFTM',
  'CELO',
  'GLMR',
  'MOVR',
  'KAVA',
  'WKAVA',
  'XDAI',
  'WXDAI',
  'CRO',
  'WCRO',
  'ADA',
  'DOT',
  'ATOM',
  'OSMO',
  'INJ',
  'TIA',
  'XRP',
  'XLM',
  'ALGO',
  'EGLD',
  'BERA',
  'WBERA',
  'MON',
  'WMON',
  'FLR',
  'WFLR',
  'CORE',
  'WCORE',
  'XTZ',
  'STX',
  'ROSE',
  'ONE',
  'METIS',
  'IOTA',
  'KAS',
  'DOGE',
  'LTC',
  'BCH',
  'OKB',
  'WOKB',
  'HT',
  'BTT',
  'FIL',
  'ICP',
  'HBAR',
  'VET',
  'XDC',
  'ZETA',
  'KAIA',
  'KLAY',
  'RON',
  'WRON',
  'PLS',
  'WPLS',
  'FUEL',
  'ETC',
  'DFI',
  'XPL',
  'WXPL',
  'IP',
  'WIP',
  'ZIL',
  'IOTX',
  'BOBA',
  'CANTO',
  'EVMOS',
  'SCRT',
  'JUNO',
  'LUNA',
  'ETHW',
  'GNO',
  'KCS',
  'NEON',
  'OAS',
  'QTUM',
  'STRK',
  'TAO',
  'APE',
  'ASTR',
  'SDN',
  'CFX',
  'FRA',
  'HBAR',
]);

/** Why a native asset has no issuer (one line, for the mapping table). */
export const NATIVE_REASON = 'native or wrapped-native asset of a chain: no issuing protocol, no credit exposure';

/**
 * The underlying assets a receipt, market or vault token is recognised by, longest first so that
 * "USDT0" wins over "USDT" and "WSTETH" over "ETH".
 */
export const RECEIPT_ASSETS: readonly string[] = [
  'FRXUSD',
  'CRVUSD',
  'PYUSD',
  'RLUSD',
  'EURCV',
  'WSTETH',
  'WEETH',
  'CBBTC',
  'WHYPE',
  'USDT0',
  'SUSDE',
  'SUSDS',
  'USDC',
  'USDT',
  'USDS',
  'USDE',
  'USDG',
  'USD1',
  'EURC',
  'AUSD',
  'WETH',
  'WBTC',
  'LBTC',
  'HYPE',
  'GHO',
  'DAI',
  'ETH',
  'BTC',
  'SOL',
  'BNB',
].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/** The first asset (longest first) whose symbol occurs in `symbol`, or undefined. */
export function assetInside(symbol: string): string | undefined {
  return RECEIPT_ASSETS.find((a) => symbol.includes(a));
}

/**
 * Market and receipt tokens of lending protocols, recognised by their naming scheme: the issuer
 * is the protocol whose contracts hold the underlying. `issuer` is a DefiLlama slug of the 2026
 * protocol list; the pattern's last group is the underlying.
 */
export const MARKET_TOKEN_RULES: readonly { name: string; pattern: RegExp; issuer: string; why: string }[] = [
  {
    name: 'aave-atoken',
    // aEthUSDC, aArbWETH, aBasUSDC…, static/wrapped aTokens (stataEthUSDC, waEthUSDC), Aave V3 chains.
    pattern:
      /^(?:STATA|WA|A)(?:ETH|ARB|OPT|POL|BAS|AVA|LIN|SCR|GNO|BNB|ZKS|MET|SON|PLA|CEL|INK|MNT|HOR|SOL)(USDC|USDT|USDT0|WETH|WSTETH|WEETH|CBBTC|WBTC|GHO|DAI|USDS|USDE|SUSDE|RLUSD|PYUSD|EURC|LINK|AAVE|RETH|CBETH|LBTC)$/,
    issuer: 'aave-v3',
    why: 'Aave V3 aToken (a + chain + asset, or its static/wrapped form): a claim on the asset Aave V3 holds',
  },
  {
    name: 'aave-v2-atoken',
    // aUSDC, aWETH on Ethereum v2; amUSDC/amWETH on Polygon v2.
    pattern: /^AM?(USDC|USDT|WETH|WBTC|DAI|WMATIC|STETH)$/,
    issuer: 'aave-v2',
    why: 'Aave V2 aToken (a/am + asset): a claim on the asset Aave V2 holds',
  },
  {
    name: 'compound-ctoken',
    pattern: /^C(USDC|USDT|WETH|ETH|WBTC|DAI|USDS|WSTETH)V3$/,
    issuer: 'compound-v3',
    why: 'Compound V3 (Comet) market token cXXXv3: a claim on the asset Compound V3 holds',
  },
  {
    name: 'compound-v2-ctoken',
    pattern: /^C(USDC|USDT|ETH|WBTC2?|DAI|UNI|COMP|LINK)$/,
    issuer: 'compound-v2',
    why: 'Compound V2 cToken: a claim on the asset Compound V2 holds',
  },
  {
    name: 'venus-vtoken',
    pattern: /^V(USDT|USDC|BNB|WBNB|BTCB|FDUSD|USD1|SOLVBTC|XVS)$/,
    issuer: 'venus-core-pool',
    why: 'Venus vToken: a claim on the asset the Venus Core Pool holds',
  },
  {
    name: 'moonwell-mtoken',
    pattern: /^M(USDC|WETH|CBBTC|WSTETH|CBETH|RETH|EURC|AERO|WELL|DAI|USDBC)$/,
    issuer: 'moonwell-lending',
    why: 'Moonwell mToken: a claim on the asset Moonwell Lending holds',
  },
  {
    name: 'pendle-yt',
    pattern: /^(?:YT|SY)-(.+)$/,
    issuer: 'pendle',
    why: "Pendle yield/standardised-yield token: the underlying sits in Pendle's contracts",
  },
];

/** The first market-token rule whose pattern matches. */
export function marketTokenRule(symbol: string): (typeof MARKET_TOKEN_RULES)[number] | undefined {
  return MARKET_TOKEN_RULES.find((r) => r.pattern.test(symbol));
}

/**
 * Categories of projects that list their own vaults as pools (MetaMorpho vaults under Morpho Blue,
 * Concrete, Lagoon, Veda, Upshift, curators…): a share symbol listed under exactly one of them
 * is that project's vault share. The project holds the asset; anyone else holding the share is
 * exposed to the project.
 */
export const VAULT_VENUE_CATEGORIES: ReadonlySet<string> = new Set([
  'Lending',
  'Onchain Capital Allocator',
  'Risk Curators',
  'Yield Aggregator',
  'Yield',
  'Liquidity Manager',
  'Leveraged Farming',
  'Farm',
]);

export const VAULT_SHARE_REASON =
  'vault share listed under exactly one vault venue: the venue holds the asset named in the symbol; another holder of the share is exposed to the venue';

/**
 * Holder-specific positions, decided by the pool rather than by the token alone. Convex and
 * Stake DAO stake Curve LP tokens, so an LP pool under them is a Curve LP token (issued by Curve
 * DEX), not a direct holding of its coins; a Curve Lend market listed under them or under Resupply
 * is a LlamaLend vault share; a Beefy vault marked "Convex" holds Convex's deposit token.
 */
export function positionIssuer(pool: {
  project: string;
  symbol: string;
  poolMeta: string;
}): { issuer: string; token: string; rule: string; why: string } | undefined {
  const meta = pool.poolMeta.toLowerCase();
  if (/^curve ?lend/.test(meta))
    return {
      issuer: 'curve-llamalend',
      token: `LLAMALEND-${pool.symbol}`,
      rule: 'curve-lend-share',
      why: RULE_REASONS['curve-lend-share'],
    };
  const isLp = pool.symbol.includes('-') && !/^PT-/.test(pool.symbol);
  if (!isLp) return undefined;
  if (pool.project === 'convex-finance' || pool.project === 'stake-dao' || meta === 'curve')
    return {
      issuer: 'curve-dex',
      token: `CRVLP-${pool.symbol}`,
      rule: 'curve-lp',
      why: RULE_REASONS['curve-lp'],
    };
  if (meta === 'convex')
    return {
      issuer: 'convex-finance',
      token: `CVXLP-${pool.symbol}`,
      rule: 'convex-deposit',
      why: RULE_REASONS['convex-deposit'],
    };
  return undefined;
}

/** The one-line reason of every automatic rule, by the rule id a token carries in the file (`rule`). */
export const RULE_REASONS: Record<string, string> = {
  native: NATIVE_REASON,
  'pendle-pt': "Pendle principal token: the underlying sits in Pendle's contracts",
  'market-token':
    'market/receipt token recognised by its naming scheme: issued by the protocol that holds the underlying',
  governance: "governance token (the protocol list's symbol): its protocol family's largest live protocol",
  dexposure: "DeXposure's token_to_protocol.json names the issuing protocol",
  'chain-asset': "DeXposure names a chain (category Chain) as its issuer: a chain's asset, primary with no issuer",
  'own-supply': "the issuer's own single-asset pool lists it (its supply), and no other issuing project does",
  'vault-share': VAULT_SHARE_REASON,
  'dexposure-primary': "DeXposure's primary list: a token with no issuing protocol in the graph",
  'curve-lp': 'an LP pool staked through Convex / Stake DAO is a Curve LP token, issued by Curve DEX',
  'curve-lend-share':
    'a Curve Lend (LlamaLend) market deposit listed under a depositor: its vault share, issued by Curve LlamaLend',
  'convex-deposit': "a vault marked Convex holds Convex's deposit token for a Curve LP",
  unmapped: 'no rule, hand entry or source names an issuer',
  hand: 'reviewed hand entry (src/cli/dataBuild/handTokens.ts)',
};
