// Granular DefiLlama categories -> DeXposure's broad sectors. Pure data: used at runtime by the
// snapshot parsers (DeXposure layout, CSV), so it must never read files.
import { SECTORS, type Sector } from './types';

const TRADING: Sector = 'Trading & Exchanges';
const ASSETS: Sector = 'Asset Management';
const LENDING: Sector = 'Lending, Borrowing & Real World Assets';
const INFRA: Sector = 'Infrastructure, Services & Financial Products';
const PRIVACY: Sector = 'Privacy & Security';
const OTHER: Sector = 'Other / Unknown';

/**
 * Every DefiLlama category seen in DeXposure's meta_df.csv, in the 2023-10-19 protocols.json and
 * in the 2026-09-02 top-156 list, with its sector.
 *
 * How it was derived: meta_df.csv (id -> granular category) was joined to id_to_info.json
 * (id -> DeXposure sector) on the DefiLlama id and cross-tabulated; each category takes its
 * majority sector (the vote is in the comment, "agreeing ids / ids with a sector").
 * protocols.json's own `sector` column agrees with that majority for every category it has.
 * Hand-reviewed cases, marked "hand:", are categories with no vote (new since DeXposure's
 * data) or whose majority is DeXposure's 'Unknown' / 'Others' bucket; they follow the
 * closest voted category, and stay 'Other / Unknown' where there is no honest analogue.
 */
export const CATEGORY_TO_SECTOR: Record<string, Sector> = {
  'AI Agents': INFRA, // 2/2
  'Algo-Stables': ASSETS, // 113/113
  'Anchor BTC': INFRA, // hand: 1 vote 'Unknown'; BTC wrappers like uniBTC, as 'Restaked BTC' (1/1 Infrastructure)
  'Basis Trading': ASSETS, // hand: 6/8 'Unknown'; synthetic dollars (Ethena USDe), as 'Synthetics' and 'Algo-Stables'
  Bridge: TRADING, // 77/80
  'Bug Bounty': INFRA, // 2/2
  CDP: LENDING, // 149/150
  'CDP Manager': INFRA, // 2/2
  CEX: TRADING, // 47/47
  'Canonical Bridge': TRADING, // hand: no vote; a bridge, as 'Bridge'
  CeDeFi: ASSETS, // hand: no vote; CeFi-custodied yield products, as 'Yield'
  Chain: INFRA, // 76/76
  'Collateral Markets': LENDING, // hand: no vote; shared-security collateral (Symbiotic), as 'Restaking' (9/9 Lending)
  'Cross Chain': TRADING, // 31/32
  'DCA Tools': INFRA, // 2/2
  'DEX Aggregator': TRADING, // 42/44
  'Decentralized BTC': TRADING, // 3/3
  'Decentralized Stablecoin': ASSETS, // 8/8
  Derivatives: TRADING, // 260/260
  'Developer Tools': INFRA, // hand: no vote; as 'Services'
  Dexes: TRADING, // 1375/1376
  Dexs: TRADING, // hand: DefiLlama's newer spelling of 'Dexes'
  Farm: INFRA, // 163/164
  Gaming: INFRA, // 55/55
  'Governance Incentives': INFRA, // 5/5
  Indexes: INFRA, // 61/61
  Infrastructure: INFRA, // hand: no meta_df vote; protocols.json puts its one protocol here
  Insurance: INFRA, // 27/27
  Launchpad: INFRA, // 51/51
  Lending: LENDING, // 433/434
  'Leveraged Farming': LENDING, // 31/32
  'Liquid Restaking': ASSETS, // hand: 21/22 'Unknown'; the one real vote, and 'Liquid Staking' (176/176), say Asset Management
  'Liquid Staking': ASSETS, // 176/176
  'Liquidity manager': ASSETS, // 41/41
  MEV: INFRA, // hand: 1 vote 'Unknown'; block-building services, as 'Services'
  'Managed Token Pools': INFRA, // 1/1
  'NFT Lending': LENDING, // 30/30
  'NFT Marketplace': TRADING, // 39/39
  NftFi: OTHER, // hand: 2/2 'Unknown', kept: no single analogue
  'OTC Marketplace': INFRA, // 1/1
  'Onchain Capital Allocator': ASSETS, // hand: no vote; vault allocators, as 'Yield Aggregator'
  Options: TRADING, // 55/55
  'Options Vault': TRADING, // 14/14
  Oracle: INFRA, // 9/9
  Payments: INFRA, // 20/20
  Ponzi: OTHER, // hand: 8/8 'Unknown', kept
  'Prediction Market': INFRA, // 49/49
  Privacy: PRIVACY, // 17/17
  RWA: LENDING, // 62/63
  'RWA Lending': LENDING, // 9/9
  'Reserve Currency': ASSETS, // 123/123
  'Restaked BTC': INFRA, // 1/1
  Restaking: LENDING, // 9/9
  'Risk Curators': ASSETS, // hand: no vote; vault curators, as 'Yield Aggregator'
  'Security Extension': PRIVACY, // hand: no vote; security tooling, as 'Privacy'
  Services: INFRA, // 163/163
  SoFi: OTHER, // 53/53 'Others', DeXposure's residual bucket
  Staking: INFRA, // 1/1
  'Staking Pool': INFRA, // 26/26
  Synthetics: ASSETS, // 38/38
  'Telegram Bot': TRADING, // hand: 10/10 'Unknown'; trading front-ends, as 'DEX Aggregator'
  'Token Locker': INFRA, // 6/6
  'Treasury Manager': INFRA, // 1/1
  'Uncollateralized Lending': LENDING, // 8/8
  Wallets: INFRA, // 4/4
  Yield: ASSETS, // 504/509
  'Yield Aggregator': ASSETS, // 139/143
  'Yield Lottery': INFRA, // 4/4
  // Our own token nodes (the compact reader names their category so); lets a CSV export round-trip.
  'Primary token': 'Primary Market Tokens',
};

/** DeXposure's id_to_info.json residual buckets. */
const RESIDUAL_SECTORS: Record<string, Sector> = { Others: OTHER, Unknown: OTHER };

// Maps, not the records: a category is data ("constructor" must not find Object.prototype's).
const BY_EXACT = new Map<string, Sector>([...Object.entries(CATEGORY_TO_SECTOR), ...Object.entries(RESIDUAL_SECTORS)]);
const BY_LOWER_CASE = new Map<string, Sector>(Object.entries(CATEGORY_TO_SECTOR).map(([c, s]) => [c.toLowerCase(), s]));
const SECTOR_NAMES = new Set<string>(SECTORS);

/**
 * The sector of a DefiLlama category. A DeXposure sector name (or its 'Others' / 'Unknown'
 * buckets) is accepted as is; matching ignores case and surrounding spaces; anything else is
 * 'Other / Unknown'.
 */
export function sectorOfCategory(category: string): Sector {
  const c = category.trim();
  if (SECTOR_NAMES.has(c)) return c as Sector;
  return BY_EXACT.get(c) ?? BY_LOWER_CASE.get(c.toLowerCase()) ?? OTHER;
}

/** A DeXposure id_to_info.json sector label as one of our sectors ('Others' / 'Unknown' -> 'Other / Unknown'). */
export function sectorOfDexposureLabel(label: string): Sector | undefined {
  const l = label.trim();
  if (SECTOR_NAMES.has(l)) return l as Sector;
  return Object.prototype.hasOwnProperty.call(RESIDUAL_SECTORS, l) ? RESIDUAL_SECTORS[l] : undefined;
}
