// Colours of the explorer. Sector hues avoid yellow/orange/red, which are reserved for losses,
// so a hit node never reads as "just another sector".
import { SECTORS, type Sector } from '../core/types';

export const SECTOR_COLORS: Record<Sector, string> = {
  'Trading & Exchanges': '#4f8df7',
  'Asset Management': '#a78bfa',
  'Lending, Borrowing & Real World Assets': '#2dd4bf',
  'Infrastructure, Services & Financial Products': '#e879f9',
  'Privacy & Security': '#7dd3fc',
  'Primary Market Tokens': '#cbd5e1',
  'Other / Unknown': '#64748b',
};

/** Short sector names for the legend and the heatmap axes. */
export const SECTOR_SHORT: Record<Sector, string> = {
  'Trading & Exchanges': 'Trading',
  'Asset Management': 'Asset mgmt',
  'Lending, Borrowing & Real World Assets': 'Lending & RWA',
  'Infrastructure, Services & Financial Products': 'Infra & services',
  'Privacy & Security': 'Privacy',
  'Primary Market Tokens': 'Primary tokens',
  'Other / Unknown': 'Other',
};

export function sectorColor(sector: string): string {
  return SECTOR_COLORS[sector as Sector] ?? SECTOR_COLORS['Other / Unknown'];
}

export { SECTORS };

/**
 * Loss ramp, from a scratch to a wipe-out (share of the node's own TVL). It runs from dim to
 * bright on the dark canvas, so the eye goes to the nodes that lost most, not to the many that
 * lost a fraction of a percent.
 */
const LOSS_STOPS: [number, [number, number, number]][] = [
  [0, [128, 100, 58]], // dim khaki: a scratch
  [0.3, [217, 119, 6]], // amber: ~9% of TVL
  [0.55, [249, 115, 22]], // orange: ~30%
  [0.8, [239, 68, 68]], // red: ~64%
  [1, [255, 51, 102]], // crimson: wiped out
];

/**
 * Colour of a loss share in [0, 1]. The square root spreads the many small shares (a few %)
 * over the pale end instead of crushing them all into one colour.
 */
export function lossColor(share: number): string {
  const t = Math.sqrt(Math.min(1, Math.max(0, share)));
  for (let k = 1; k < LOSS_STOPS.length; k++) {
    const [t1, c1] = LOSS_STOPS[k];
    if (t <= t1) {
      const [t0, c0] = LOSS_STOPS[k - 1];
      const f = (t - t0) / (t1 - t0);
      const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
      return rgbHex(mix(c0[0], c1[0]), mix(c0[1], c1[1]), mix(c0[2], c1[2]));
    }
  }
  const [, last] = LOSS_STOPS[LOSS_STOPS.length - 1];
  return rgbHex(last[0], last[1], last[2]);
}

/** CSS gradient of the loss ramp, for the legend. */
export function lossGradientCss(): string {
  const stops = [0, 0.02, 0.1, 0.3, 0.6, 1].map(
    (share) => `${lossColor(share)} ${Math.round(Math.sqrt(share) * 100)}%`,
  );
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}

function rgbHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export const EDGE_COLOR = '#7b8aa3';
export const EDGE_CARRIED_COLOR = '#fb923c';
export const EDGE_PAST_COLOR = '#9a5a2e';
/** The few edges that carried most of the contagion loss so far (attribution). */
export const EDGE_MAIN_CARRIER_COLOR = '#f43f5e';
export const EDGE_SELECTED_COLOR = '#cbd5e1';
export const SEED_RING_COLOR = '#ffffff';
