// The model's input domain: when is a forecast one the model can make? Two checks, both against
// what the model saw in training:
// - history: the network reads the last `window` weeks; with fewer, the TVL head sees no trend
//   (older weeks are masked), so a TVL "trend" it outputs is an artefact, not a forecast;
// - feature range: each continuous node feature of the anchor week, as a z-score on the training
//   normalisation, against the range protocols took in the training weeks (0.1–99.9% quantiles),
//   and the share of protocols outside it against the largest share of any training week.
// Out of domain, the forecast holds every TVL at today's value and every current edge at today's
// weight, and forecasts the edge structure only; the reason is carried with every result.
import type { Snapshot } from '../core/types';
import { buildNodeWindow, CONTINUOUS_COUNT, CONTINUOUS_FEATURES, FEATURE_COUNT, type FeatureNorm } from './features';

/** Fitted on the training weeks (stored in the manifest as `domain`). */
export interface DomainSpec {
  /** Per continuous feature: lowest and highest z-score allowed (training 0.1% and 99.9% quantiles). */
  zLow: number[];
  zHigh: number[];
  /** Largest share of protocols outside the range in any training week: above it, out of domain. */
  maxOutShare: number;
  fitted_on: string;
}

export interface DomainCheck {
  /** True when the forecast is made as trained (TVL and weights forecast). */
  inDomain: boolean;
  /** Weeks of history the window sees (anchor included) and the window the model was trained with. */
  historyWeeks: number;
  window: number;
  /** Protocols of the anchor week outside the training range on at least one feature. */
  outOfRange: number;
  protocols: number;
  /** The features most often out of range, with counts (at most 3). */
  worstFeatures: { feature: string; count: number }[];
  /** One line for the analyst: why the forecast is held, or that it is in domain. */
  reason: string;
}

const Q_LOW = 0.001;
const Q_HIGH = 0.999;

function quantile(sorted: Float32Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[pos];
}

/** Anchor-week z-scores (n × CONTINUOUS_COUNT, clipped like the network's input) and protocol mask. */
function anchorZ(weeks: Snapshot[], anchor: number, norm: FeatureNorm): { z: Float32Array[]; protocol: boolean[] } {
  const win = buildNodeWindow(weeks, anchor, 1, norm);
  const s = weeks[anchor];
  const z: Float32Array[] = [];
  const protocol: boolean[] = [];
  for (let i = 0; i < win.n; i++) {
    protocol.push(s.kinds[i] !== 'token');
    z.push(win.x.slice(i * FEATURE_COUNT, i * FEATURE_COUNT + CONTINUOUS_COUNT));
  }
  return { z, protocol };
}

function outOfRangeCounts(
  z: Float32Array[],
  protocol: boolean[],
  spec: Pick<DomainSpec, 'zLow' | 'zHigh'>,
): { out: number; protocols: number; perFeature: number[] } {
  const perFeature = new Array<number>(CONTINUOUS_COUNT).fill(0);
  let out = 0;
  let protocols = 0;
  for (let i = 0; i < z.length; i++) {
    if (!protocol[i]) continue;
    protocols++;
    let any = false;
    for (let c = 0; c < CONTINUOUS_COUNT; c++) {
      const v = z[i][c];
      if (v < spec.zLow[c] || v > spec.zHigh[c]) {
        perFeature[c]++;
        any = true;
      }
    }
    if (any) out++;
  }
  return { out, protocols, perFeature };
}

/** Fit the range on the protocol nodes of weeks[1..lastWeek] (week 0 has no TVL change). */
export function fitDomain(weeks: Snapshot[], lastWeek: number, norm: FeatureNorm, label: string): DomainSpec {
  const values: number[][] = Array.from({ length: CONTINUOUS_COUNT }, () => []);
  const perWeek: { z: Float32Array[]; protocol: boolean[] }[] = [];
  for (let w = 1; w <= lastWeek && w < weeks.length; w++) {
    const a = anchorZ(weeks, w, norm);
    perWeek.push(a);
    a.z.forEach((row, i) => {
      if (a.protocol[i]) for (let c = 0; c < CONTINUOUS_COUNT; c++) values[c].push(row[c]);
    });
  }
  const zLow: number[] = [];
  const zHigh: number[] = [];
  for (let c = 0; c < CONTINUOUS_COUNT; c++) {
    const sorted = Float32Array.from(values[c]).sort();
    zLow.push(quantile(sorted, Q_LOW));
    zHigh.push(quantile(sorted, Q_HIGH));
  }
  let maxOutShare = 0;
  for (const a of perWeek) {
    const { out, protocols } = outOfRangeCounts(a.z, a.protocol, { zLow, zHigh });
    if (protocols > 0) maxOutShare = Math.max(maxOutShare, out / protocols);
  }
  return { zLow, zHigh, maxOutShare, fitted_on: label };
}

/** The domain check of a forecast anchored at the last of `weeks`. */
export function checkDomain(
  weeks: Snapshot[],
  window: number,
  norm: FeatureNorm,
  spec: DomainSpec | undefined,
): DomainCheck {
  const anchor = weeks.length - 1;
  const historyWeeks = Math.min(window, weeks.length);
  let outOfRange = 0;
  let protocols: number;
  let worstFeatures: DomainCheck['worstFeatures'] = [];
  let rangeOk = true;
  if (spec) {
    const a = anchorZ(weeks, anchor, norm);
    const c = outOfRangeCounts(a.z, a.protocol, spec);
    outOfRange = c.out;
    protocols = c.protocols;
    worstFeatures = c.perFeature
      .map((count, f) => ({ feature: CONTINUOUS_FEATURES[f] as string, count }))
      .filter((x) => x.count > 0)
      .sort((x, y) => y.count - x.count)
      .slice(0, 3);
    rangeOk = protocols === 0 || outOfRange / protocols <= spec.maxOutShare;
  } else {
    protocols = weeks[anchor].kinds.filter((k) => k !== 'token').length;
  }
  const shortHistory = historyWeeks < window;
  const reasons: string[] = [];
  if (shortHistory)
    reasons.push(
      `${historyWeeks} week${historyWeeks === 1 ? '' : 's'} of history, the model reads ${window}: it cannot see a TVL trend`,
    );
  if (!rangeOk && spec)
    reasons.push(
      `${outOfRange} of ${protocols} protocols (${((100 * outOfRange) / protocols).toFixed(0)}%) have features outside the training range (at most ${(100 * spec.maxOutShare).toFixed(0)}% in any training week; most often ${worstFeatures.map((f) => f.feature).join(', ')})`,
    );
  const inDomain = reasons.length === 0;
  const reason = inDomain
    ? `In domain: ${historyWeeks} weeks of history and ${outOfRange} of ${protocols} protocols outside the training feature range.`
    : `Out of domain (${reasons.join('; ')}): TVLs and current edge weights are held at today's values; only the edge structure is forecast.`;
  return { inDomain, historyWeeks, window, outOfRange, protocols, worstFeatures, reason };
}
