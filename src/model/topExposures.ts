// The forecast as analyst-facing ranked lists (pure: no tfjs; Node, worker and page): likely NEW
// exposures (pairs absent at the anchor) by expected USD = p × predicted USD if the link appears,
// and likely VANISHING exposures (edges present at the anchor) by USD at risk = (1 − p) × current
// USD, over the whole graph or for one protocol as holder and as issuer.
import type { Snapshot } from '../core/types';
import { edgeMapIn } from './features';
import type { ForecastResult } from './forecast';
import type { HorizonReport, PrecisionAtK, RankedListMethods } from './evaluateTypes';

export type ExposureListKind = 'new' | 'vanishing';

export interface ExposureRow {
  /** 1-based rank within its list. */
  rank: number;
  holder: string;
  holderName: string;
  issuer: string;
  issuerName: string;
  /** Probability of the list's event at the horizon: new, the link exists; vanishing, it is gone (1 − p). */
  probability: number;
  /** New: predicted USD if the link appears; vanishing: USD held at the anchor week. */
  baseUsd: number;
  /** The ranking value: new, expected USD = p × predicted USD; vanishing, USD at risk = (1 − p) × current USD. */
  usd: number;
}

export interface ExposureLists {
  horizon: number;
  anchorDate: string;
  forecastDate: string;
  /** Provenance of the observed week: "SYNTHETIC data (source)" or "REAL data (source)". */
  data: string;
  /** Out of the input domain the forecast holds TVLs and current weights; p is still forecast. */
  inDomain: boolean;
  /** One line saying what p and USD mean for these rows (domain included). */
  note: string;
  /** Pairs each list was ranked from (the forecast's candidates absent now / the edges present now). */
  pool: { new: number; vanishing: number };
  new: ExposureRow[];
  vanishing: ExposureRow[];
}

/** Indices of the `k` largest values among `eligible` (ties: lower index first). */
export function topIndices(values: ArrayLike<number>, eligible: ArrayLike<number>, k: number): number[] {
  const before = (a: number, b: number) => values[a] > values[b] || (values[a] === values[b] && a < b);
  if (k <= 0) return [];
  if (k * 8 >= eligible.length) {
    const idx = Array.from(eligible);
    idx.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return idx.slice(0, k);
  }
  // Short lists of long pools: one pass keeping the best k in order (most pairs fail the last place).
  const best: number[] = [];
  for (let j = 0; j < eligible.length; j++) {
    const i = eligible[j];
    if (best.length === k && !before(i, best[k - 1])) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && before(i, best[at - 1])) at--;
    if (best.length === k) best.pop();
    best.splice(at, 0, i);
  }
  return best;
}

/** Per scored pair: event probability, base USD and ranking USD for both lists (anchor indexing). */
export interface ScoredExposures {
  src: Int32Array;
  dst: Int32Array;
  /** 1 where the pair is an edge at the anchor week. */
  present: Uint8Array;
  probability: Float64Array;
  baseUsd: Float64Array;
  usd: Float64Array;
}

/**
 * Score every forecast candidate. The candidates' log-weights are already on the USD scale the
 * forecast graph uses (forecast.ts usdLogWeight), so predicted USD = expm1(log-weight).
 */
export function scoreExposures(result: ForecastResult, last: Snapshot): ScoredExposures {
  const { src, dst, probability: p, logWeight } = result.candidates;
  const now = edgeMapIn(last, last);
  const P = src.length;
  const out: ScoredExposures = {
    src,
    dst,
    present: new Uint8Array(P),
    probability: new Float64Array(P),
    baseUsd: new Float64Array(P),
    usd: new Float64Array(P),
  };
  for (let i = 0; i < P; i++) {
    const current = now.get(src[i] * last.n + dst[i]);
    if (current !== undefined) {
      out.present[i] = 1;
      out.probability[i] = 1 - p[i];
      out.baseUsd[i] = current;
    } else {
      out.probability[i] = p[i];
      out.baseUsd[i] = Math.max(0, Math.expm1(logWeight[i]));
    }
    out.usd[i] = out.probability[i] * out.baseUsd[i];
  }
  return out;
}

function rows(scored: ScoredExposures, last: Snapshot, eligible: number[], k: number): ExposureRow[] {
  return topIndices(scored.usd, eligible, k).map((i, r) => ({
    rank: r + 1,
    holder: last.ids[scored.src[i]],
    holderName: last.names[scored.src[i]],
    issuer: last.ids[scored.dst[i]],
    issuerName: last.names[scored.dst[i]],
    probability: scored.probability[i],
    baseUsd: scored.baseUsd[i],
    usd: scored.usd[i],
  }));
}

/** Which pairs a list may hold: the whole graph, or those of one node as holder or as issuer. */
export type ExposureScope = { kind: 'graph' } | { kind: 'holder' | 'issuer'; id: string };

export function describeScope(scope: ExposureScope, last: Snapshot): string {
  if (scope.kind === 'graph') return 'the whole graph';
  const i = last.ids.indexOf(scope.id);
  const name = i >= 0 ? last.names[i] : scope.id;
  return scope.kind === 'holder' ? `${name} as holder` : `${name} as issuer (who holds its tokens)`;
}

/**
 * The top `k` likely new and likely vanishing exposures of a forecast horizon, for the whole graph
 * or one node as holder / issuer. `last` is the observed week the forecast was made from.
 */
export function rankExposures(
  result: ForecastResult,
  last: Snapshot,
  k: number,
  scope: ExposureScope = { kind: 'graph' },
  scored: ScoredExposures = scoreExposures(result, last),
): ExposureLists {
  const node = scope.kind === 'graph' ? -1 : last.ids.indexOf(scope.id);
  if (scope.kind !== 'graph' && node < 0) throw new Error(`rankExposures: no node ${scope.id} in ${last.date}`);
  const newPool: number[] = [];
  const vanishPool: number[] = [];
  for (let i = 0; i < scored.src.length; i++) {
    if (scope.kind === 'holder' && scored.src[i] !== node) continue;
    if (scope.kind === 'issuer' && scored.dst[i] !== node) continue;
    (scored.present[i] ? vanishPool : newPool).push(i);
  }
  return {
    horizon: result.horizon,
    anchorDate: last.date,
    forecastDate: result.snapshot.date,
    data: `${last.provenance.synthetic ? 'SYNTHETIC' : 'REAL'} data (${last.provenance.source})`,
    inDomain: result.domain.inDomain,
    note: exposureNote(result),
    pool: { new: newPool.length, vanishing: vanishPool.length },
    new: rows(scored, last, newPool, k),
    vanishing: rows(scored, last, vanishPool, k),
  };
}

export function exposureNote(result: ForecastResult): string {
  const base =
    'p: calibrated probability that the link exists (new) or is gone (vanishing) ' +
    `${result.horizon} week${result.horizon === 1 ? '' : 's'} ahead; new USD: p × the predicted USD if it appears; ` +
    'vanishing USD: (1 − p) × the USD held now. Ranked among the forecast candidates only.';
  if (result.domain.inDomain) return base;
  return (
    `${base} OUT OF DOMAIN: ${result.domain.reason} Even so, p and the new links' USD are the model's forecast, ` +
    'on input unlike its training weeks; the precision measured on the synthetic test weeks does not apply.'
  );
}

const CSV_FIELDS = [
  'list',
  'rank',
  'holder_id',
  'holder_name',
  'issuer_id',
  'issuer_name',
  'probability',
  'base_usd',
  'ranked_usd',
  'horizon_weeks',
  'anchor_week',
  'in_domain',
  'data',
] as const;

/** Both lists as CSV rows (fields above); names made spreadsheet-safe by the caller's csvSafe. */
export function exposureCsvRows(lists: ExposureLists, csvSafe: (s: string) => string): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const kind of ['new', 'vanishing'] as const) {
    for (const r of lists[kind]) {
      out.push([
        kind,
        r.rank,
        csvSafe(r.holder),
        csvSafe(r.holderName),
        csvSafe(r.issuer),
        csvSafe(r.issuerName),
        Math.round(r.probability * 1e6) / 1e6,
        Math.round(r.baseUsd * 100) / 100,
        Math.round(r.usd * 100) / 100,
        lists.horizon,
        lists.anchorDate,
        lists.inDomain ? 'yes' : 'no',
        csvSafe(lists.data),
      ]);
    }
  }
  return out;
}

export const EXPOSURE_CSV_FIELDS: readonly string[] = CSV_FIELDS;

/** The measured precision of one list kind and scope, from a test evaluation (models/evaluation.json). */
export interface MeasuredPrecision {
  /** e.g. "top 10 of the whole graph" or "top 5 per holder protocol (holders with ≥ 5 candidates)". */
  list: string;
  k: number;
  model: PrecisionAtK;
  heuristic?: PrecisionAtK;
  baseline: PrecisionAtK;
  base_rate: number;
  anchors: number;
}

/**
 * precision@k measured on the test weeks for a horizon: the whole graph's top 10 (or top 50 when
 * k > 10), or the per-holder top 5 for a holder's list. Null when not measured (no evaluation, an
 * evaluation without ranked lists, or an issuer's list, which is not evaluated).
 */
export function measuredPrecision(
  evaluation: unknown,
  horizon: number,
  kind: ExposureListKind,
  scope: ExposureScope['kind'],
  k: number,
): MeasuredPrecision | null {
  const h = (evaluation as { horizons?: Record<string, HorizonReport> } | null)?.horizons?.[String(horizon)];
  const r = h?.top_exposures?.[kind];
  if (!r || scope === 'issuer') return null;
  if (scope === 'holder') {
    const m = r.per_holder;
    if (!m?.model) return null;
    const list = `top ${m.k} per holder protocol (holders with ≥ ${m.min_candidates} candidates)`;
    return { list, k: m.k, ...pick(m), base_rate: m.base_rate, anchors: h.anchors };
  }
  const ks = Object.keys(r.overall ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  if (ks.length === 0) return null;
  const at = ks.find((x) => x >= k) ?? ks[ks.length - 1];
  const m = r.overall[String(at)];
  return { list: `top ${at} of the whole graph`, k: at, ...pick(m), base_rate: r.base_rate, anchors: h.anchors };
}

function pick(m: RankedListMethods): Pick<MeasuredPrecision, 'model' | 'heuristic' | 'baseline'> {
  return { model: m.model, ...(m.heuristic ? { heuristic: m.heuristic } : {}), baseline: m.baseline };
}

const share = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');

/** One line for the analyst: what share of such lists realised on the synthetic test weeks. */
export function describePrecision(m: MeasuredPrecision | null, kind: ExposureListKind, inDomain = true): string {
  if (!m) return 'precision@k: not measured';
  const caveat = inDomain ? '' : '; not measured for out-of-domain input like this one';
  const event = kind === 'new' ? 'appeared' : 'were gone';
  return (
    `precision@${m.k} (${m.list}, measured on ${m.anchors} SYNTHETIC test weeks): ${share(m.model.precision)} of the model's listed pairs ${event} ` +
    `(USD-weighted ${share(m.model.usd_precision)}); heuristic ${m.heuristic ? share(m.heuristic.precision) : '—'}, ` +
    `smoothed persistence ${share(m.baseline.precision)}, base rate ${share(m.base_rate)}${caveat}`
  );
}
