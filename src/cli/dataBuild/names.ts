// Display names for pool projects that have no row in any of our protocol lists: derived from the
// DefiLlama slug, with a reviewed table where title-casing gets the name wrong. The file's notes
// list every derived name, so nobody mistakes one for DefiLlama's own spelling.

/** Reviewed names where plain title-casing of the slug would be wrong (case, punctuation, brand). */
export const REVIEWED_NAMES: Record<string, string> = {
  'multipli.fi': 'Multipli.fi',
  'tr-energy': 'TR.ENERGY',
  'nostra-pools': 'Nostra Pools',
  tonco: 'TONCO',
  iq: 'IQ',
  'trevee-earn': 'Trevee Earn',
  'mosaic-amm': 'Mosaic AMM',
  thalaswap: 'ThalaSwap',
  berapaw: 'BeraPaw',
  'clearpool-lending': 'Clearpool Lending',
  'fuel-staking': 'Fuel Staking',
  'apyx-protocol': 'Apyx Protocol',
  'usd-ai': 'USD.AI',
  'liquity-v2': 'Liquity V2',
  'fluid-lite': 'Fluid Lite',
  'solv-basis-trading': 'Solv Basis Trading',
  'stake-dao': 'Stake DAO',
};

const UPPER_WORDS = new Set([
  'amm',
  'dex',
  'cdp',
  'rwa',
  'usd',
  'btc',
  'eth',
  'sol',
  'lst',
  'lrt',
  'dao',
  'v1',
  'v2',
  'v3',
  'v4',
]);

/** "segment-finance" -> "Segment Finance"; "joe-v2.2" -> "Joe V2.2"; reviewed table first. */
export function nameOfSlug(slug: string): string {
  const reviewed = REVIEWED_NAMES[slug];
  if (reviewed) return reviewed;
  return slug
    .split('-')
    .filter((w) => w.length > 0)
    .map((w) => (UPPER_WORDS.has(w) || /^v\d/.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
}
