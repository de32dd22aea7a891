// Our hand-written token table for the 2026 pool file, consulted before the automatic steps
// (see tokens.ts). Every entry says why. Issuers are DefiLlama ids (as DeXposure's) or, for
// pool projects with no id in our sources, their DefiLlama slug.
//
// Kinds of entry:
//   issuer      the protocol that issues the token;
//   primary     no issuing protocol in the graph: a token node of its own (fiat-backed stablecoins
//               of off-chain companies, custodial wrapped coins, wrapped native gas tokens);
//   underlying  a wrapper listed under the venue that holds its assets: the holding counts as
//               that asset (the venue's TVL is the asset, not a claim on the vault's curator);
//   receipt     a vault share of a venue: the venue's own listing counts as the asset, any other
//               holder is exposed to the venue (the vault-share rule does this by itself for
//               symbols DeXposure does not know; these entries are for those it mislabels).
import type { HandToken } from './tokens';

const SKY = '118'; // Sky Lending (formerly MakerDAO): DeXposure's issuer id for DAI
const VAULT = 'MetaMorpho vault share: Morpho Blue holds the vault asset; another holder is exposed to Morpho';
const MORPHO = 'morpho-blue';

export const HAND_TOKENS: Record<string, HandToken> = {
  // --- Tickers reused by a different token since DeXposure's data (DeXposure's id names the old one).
  PRIME: { issuer: '7266', why: "Hastra's PRIME (hastra's own pools), not Echelon Prime (4925) as in DeXposure" },
  SKY: {
    issuer: SKY,
    why: "Sky's governance token (sky-lending's SKY Staking Engine), not Skydrome (3619) as in DeXposure",
  },
  STRX: { issuer: '494', why: "JustLend's staked TRX (sTRX), not StrikeX (1534) as in DeXposure" },
  AUSD: {
    primary: true,
    why: "Agora's fiat-backed AUSD (DeXposure's rev_map names Acala's aUSD, 1848); no Agora protocol node",
  },
  USDS: { issuer: SKY, why: 'Sky issues USDS (DeXposure lists USDS as primary; its rev_map names Sperax USD)' },

  // --- Dashes that are not LP pairs: keep the whole symbol.
  'AA-FALCONXUSDC': { issuer: 'pareto-credit', why: "Pareto's senior (AA) tranche of its FalconX USDC credit vault" },
  'THUSD-THBILL-STABLE': {
    underlying: 'THBILL',
    why: 'Concrete "thUSD Genesis Vault - thBILL" on the Stable chain: a vault holding thBILL',
  },
  'CTWLFICX-PRIME': { underlying: 'WLFICX', why: 'Concrete "WLFIcx Prime Vault": a vault holding WLFIcx' },

  // --- Issued tokens that the automatic steps leave unmapped or call primary.
  SUSDS: { issuer: SKY, why: "Sky's savings USDS (sky-lending is a CDP, so the own-pool rule skips it)" },
  STUSDS: { issuer: SKY, why: "Sky's staked USDS (sky-lending, Expert Mode)" },
  SDAI: {
    issuer: SKY,
    why: "Maker/Sky's savings DAI wrapper; sky-lending and the sdai project both list it, so the own-pool rule cannot decide",
  },
  USDE: { issuer: '4133', why: "Ethena's USDe (Ethena's own pool lists sUSDe, not USDe)" },
  GHO: { issuer: '1599', why: "Aave's stablecoin, minted by Aave V3 facilitators" },
  SGHO: { issuer: '1599', why: "Aave's savings GHO" },
  CRVUSD: { issuer: '2994', why: "Curve's crvUSD CDP (DefiLlama 'crvUSD', a pool project here)" },
  USDD: { issuer: '5898', why: 'USDD protocol (its issuer, a DefiLlama protocol)' },
  TBTC: { issuer: '2535', why: 'Threshold tBTC (its issuer, a DefiLlama protocol)' },
  XAUT: { issuer: '4863', why: 'Tether Gold (its issuer, a DefiLlama protocol; DeXposure rev_map agrees)' },
  'USD₮0': {
    issuer: '5901',
    why: 'USDT0, the LayerZero OFT issuer of bridged USDT (its issuer, a DefiLlama protocol)',
  },
  SOLVBTC: { issuer: '4620', why: 'SolvBTC (its issuer, a DefiLlama protocol)' },
  XSOLVBTC: { issuer: '4620', why: "Solv's yield-bearing wrapper of SolvBTC" },
  ENZOBTC: {
    issuer: '5292',
    why: 'Lorenzo enzoBTC (its issuer, a DefiLlama protocol); townsquare-lending only lends it',
  },
  JLP: { issuer: '4077', why: 'liquidity token of Jupiter Perpetual Exchange (its issuer, a DefiLlama protocol)' },
  SYRUPUSDC: { issuer: '587', why: "Maple's syrupUSDC" },
  SYRUPUSDT: { issuer: '587', why: "Maple's syrupUSDT" },
  SYRUPUSDG: { issuer: '587', why: "Maple's syrupUSDG" },
  CVXCRV: { issuer: '319', why: "Convex's cvxCRV (Convex's own pool)" },
  INF: {
    issuer: '4368',
    why: "Sanctum Infinity's LST-pool token (its category is Dexes, so the own-pool rule skips it)",
  },
  FWDSOL: { issuer: '4371', why: "Forward Industries' Sanctum validator LST, counted under Sanctum Validator LSTs" },
  USDAI: { issuer: 'usd-ai', why: "USD.AI's stablecoin (its savings token sUSDai is usd-ai's own pool)" },
  USD3: {
    issuer: '3jane-lending',
    why: "3Jane's USD3 (3jane-lending's own pool; DeXposure calls an older USD3 primary)",
  },
  MSUSD: { issuer: 'mainstreet', why: "Mainstreet's msUSD (its own pool; DeXposure calls it primary)" },
  PSOL: { issuer: 'phantom-sol', why: "Phantom's LST (its own pool; DeXposure calls it primary)" },
  DOLA: { issuer: '2433', why: "Inverse Finance's stablecoin, minted by FiRM" },
  LIQUIDETH: { issuer: '4429', why: "ether.fi Liquid's own vault share (its assets are not listed)" },
  'FXUSDSTABILITYPOOLV2.0': { issuer: '3344', why: "f(x) Protocol's fxUSD stability pool (its own)" },
  FXSAVE: { issuer: '3344', why: "f(x) Protocol's savings fxUSD, held by Concentrator" },
  WSRUSD: {
    issuer: '5343',
    why: "Reservoir's wrapped savings rUSD (its category is CDP, so the own-pool rule skips it)",
  },
  STCUSD: { issuer: '6579', why: "cap's staked cUSD (its category is Lending)" },
  SDCRV: { issuer: 'stake-dao', why: "Stake DAO's sdCRV (its own pool; DeXposure calls it primary)" },
  HOHM: { issuer: '4592', why: "Origami's hOHM (its category is Leveraged Farming)" },

  USDT0: { issuer: '5901', why: 'USDT0, the LayerZero OFT issuer of bridged USDT (as USD₮0)' },
  WSTHYPE: { issuer: '6457', why: 'wrapped stHYPE, issued by stHYPE (liquid staking)' },
  SRUSDE: { issuer: 'strata-markets', why: "Strata's senior tranche of sUSDe (Strata's own pools)" },
  APYUSD: { issuer: 'apyx-protocol', why: "Apyx's yield-bearing apyUSD (savings apxUSD)" },
  SYZUSD: { issuer: 'yuzu-money', why: "Yuzu Money's staked yzUSD (its own pool; its category is Yield)" },
  FRXUSD: { issuer: '6598', why: "Frax USD's frxUSD (DefiLlama 'Frax USD')" },
  USDTB: { issuer: '5506', why: "Ethena's USDtb (DefiLlama 'Ethena USDtb')" },
  SIUSD: { issuer: 'infinifi', why: "infiniFi's staked iUSD (its category is Yield)" },
  SUSDAT: { issuer: 'saturn', why: "Saturn's staked USDat" },
  SREUSD: { issuer: 'resupply', why: "Resupply's savings reUSD (Resupply's own pool)" },
  SCRVUSD: { issuer: '2994', why: "Curve's savings crvUSD, part of the crvUSD system" },
  SAVETH: { issuer: 'avant-aveth', why: "Avant's staked avETH" },
  SAVBTC: { issuer: 'avant-avbtc', why: "Avant's staked avBTC" },
  YNETHX: { issuer: 'yieldnest', why: "YieldNest's ynETHx vault token" },
  FEUSD: { issuer: 'felix-cdp', why: "Felix's feUSD CDP stablecoin" },
  'BTC.B': { primary: true, why: 'Avalanche bridged BTC (custodial bridge), like WBTC: no issuing protocol node' },

  // --- Primary: no issuing protocol node.
  WLFI: { primary: true, why: 'World Liberty Financial governance token; no WLF protocol node' },
  USAT: { primary: true, why: "Tether's US-regulated stablecoin; Centrifuge's pool only takes deposits of it" },
  USD1: { primary: true, why: "World Liberty Financial's fiat-backed stablecoin (BitGo custody)" },
  RLUSD: { primary: true, why: "Ripple's fiat-backed stablecoin" },
  EURCV: { primary: true, why: "Société Générale-FORGE's euro stablecoin" },
  CBBTC: { primary: true, why: 'Coinbase-custodied wrapped BTC, like WBTC and BTCB, which DeXposure keeps primary' },
  CBXRP: { primary: true, why: 'Coinbase-custodied wrapped XRP, as cbBTC' },

  // --- Vault shares listed under the venue that holds the asset.
  STEAKUSDC: { receipt: { venue: MORPHO, underlying: 'USDC' }, why: VAULT },
  STEAKUSDT: { receipt: { venue: MORPHO, underlying: 'USDT' }, why: VAULT },
  STEAKUSDG: { receipt: { venue: MORPHO, underlying: 'USDG' }, why: VAULT },
  STEAKEURCV: { receipt: { venue: MORPHO, underlying: 'EURCV' }, why: VAULT },
  GTUSDCP: { receipt: { venue: MORPHO, underlying: 'USDC' }, why: VAULT },
  SPARKUSDC: { receipt: { venue: MORPHO, underlying: 'USDC' }, why: VAULT },
  SIRLOINUSDC: { receipt: { venue: MORPHO, underlying: 'USDC' }, why: VAULT },
  PENDLEUSDC: {
    receipt: { venue: MORPHO, underlying: 'USDC' },
    why: 'by its name a USDC MetaMorpho vault (curator + asset), listed under morpho-blue',
  },
  MWETH: {
    receipt: { venue: MORPHO, underlying: 'WETH' },
    why: "Moonwell's MetaMorpho vault mwETH listed under morpho-blue (not Moonwell's mWETH market token)",
  },
  MWUSDC: {
    receipt: { venue: MORPHO, underlying: 'USDC' },
    why: "Moonwell's MetaMorpho vault mwUSDC listed under morpho-blue (not Moonwell's mUSDC market token)",
  },
  SENPYUSDMAIN: { receipt: { venue: MORPHO, underlying: 'PYUSD' }, why: VAULT },
  SENPYUSDPRIMEV2: { receipt: { venue: MORPHO, underlying: 'PYUSD' }, why: VAULT },
  SENRLUSDV2: { receipt: { venue: MORPHO, underlying: 'RLUSD' }, why: VAULT },
  SKYMONEYUSDTSAVINGS: { receipt: { venue: MORPHO, underlying: 'USDT' }, why: VAULT },
  GTUSDA: {
    receipt: { venue: 'gauntlet', underlying: 'USDC' },
    why: 'Gauntlet USD Alpha vault, listed under gauntlet: a USDC vault',
  },
  CTDELTAWEETH: { underlying: 'WEETH', why: 'Concrete Delta weETH vault: holds weETH' },
  'CTWSTETH+': { underlying: 'WSTETH', why: 'Concrete wrapped staked ETH+ vault: holds wstETH' },
  LBTCV: { underlying: 'LBTC', why: "Veda's LBTC vault: holds Lombard's LBTC" },
};
