// precision@k of the ranked new / vanishing exposure lists (topExposures.ts) on evaluation anchors,
// for the model, the network-free heuristic and a smoothed-persistence baseline, all ranking the
// same pool: the model's forecast candidates at the anchor (what the analyst's list is drawn from).
//   new:       pairs absent at the anchor; hit = the edge exists at t+h.
//   vanishing: edges present at the anchor; hit = the edge is gone at t+h.
// Overall: the top k of the whole graph per anchor (k = 5, 10, 50). Per holder: the top 5 of each
// holder protocol with at least 5 pairs in the pool, one list per holder and anchor. Pooled over
// anchors: precision = hits / rows listed; USD precision = Σ ranked USD of the hits / Σ ranked USD listed.
import type { EdgeMap } from './features';
import { usdLogWeight } from './forecast';
import { topIndices } from './topExposures';
import type { PrecisionAtK, RankedListReport, TopExposureMetrics } from './evaluateTypes';

// 5: the Forecast tab shows five rows; 10 and 50: the k.
export const TOP_KS = [5, 10, 50] as const;
export const HOLDER_K = 5;
const METHODS = ['model', 'heuristic', 'baseline'] as const;
type Method = (typeof METHODS)[number];

export const BASELINE_DESCRIPTION =
  'smoothed persistence: P(edge at t+h) = (weeks of the 8-week window holding it + share of protocols holding the issuer now) / (window + 1)';
export const HEURISTIC_USD_NOTE =
  'The heuristic and the baseline forecast no per-link USD for a new link (a constant), so their new lists rank by p and their USD precision is p-weighted; vanishing lists of all three rank by (1 − p) × current USD.';

interface Counts {
  lists: number;
  listed: number;
  hits: number;
  usd: number;
  usdHits: number;
}
const zero = (): Counts => ({ lists: 0, listed: 0, hits: 0, usd: 0, usdHits: 0 });

function finish(c: Counts): PrecisionAtK {
  return {
    lists: c.lists,
    listed: c.listed,
    hits: c.hits,
    precision: c.listed ? c.hits / c.listed : NaN,
    usd_precision: c.usd > 0 ? c.usdHits / c.usd : NaN,
  };
}

/** One anchor's pool for one list kind: holder, hit (0/1) and each method's ranking USD per pair. */
export interface ListPool {
  holder: ArrayLike<number>;
  hit: ArrayLike<number>;
  values: Partial<Record<Method, ArrayLike<number>>>;
}

export class RankedListAccumulator {
  private pool = 0;
  private realized = 0;
  private overall = new Map<number, Map<Method, Counts>>();
  private holders = { lists: 0, pool: 0, realized: 0 };
  private perHolder = new Map<Method, Counts>();

  constructor(
    private ks: readonly number[] = TOP_KS,
    private holderK = HOLDER_K,
  ) {
    for (const k of ks) this.overall.set(k, new Map());
  }

  private count(into: Map<Method, Counts>, m: Method, list: number[], pool: ListPool): void {
    const c = into.get(m) ?? zero();
    into.set(m, c);
    const v = pool.values[m]!;
    c.lists++;
    for (const i of list) {
      c.listed++;
      c.usd += v[i];
      if (pool.hit[i] > 0) {
        c.hits++;
        c.usdHits += v[i];
      }
    }
  }

  add(pool: ListPool): void {
    const n = pool.hit.length;
    const all = [...Array(n).keys()];
    this.pool += n;
    for (let i = 0; i < n; i++) this.realized += pool.hit[i] > 0 ? 1 : 0;
    const methods = METHODS.filter((m) => pool.values[m]);
    for (const k of this.ks) {
      if (n === 0) continue;
      for (const m of methods) this.count(this.overall.get(k)!, m, topIndices(pool.values[m]!, all, k), pool);
    }
    const byHolder = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const list = byHolder.get(pool.holder[i]);
      if (list) list.push(i);
      else byHolder.set(pool.holder[i], [i]);
    }
    for (const pairs of byHolder.values()) {
      if (pairs.length < this.holderK) continue;
      this.holders.lists++;
      this.holders.pool += pairs.length;
      for (const i of pairs) this.holders.realized += pool.hit[i] > 0 ? 1 : 0;
      for (const m of methods) this.count(this.perHolder, m, topIndices(pool.values[m]!, pairs, this.holderK), pool);
    }
  }

  report(): RankedListReport {
    const methods = (into: Map<Method, Counts>) => ({
      model: finish(into.get('model') ?? zero()),
      ...(into.has('heuristic') ? { heuristic: finish(into.get('heuristic')!) } : {}),
      baseline: finish(into.get('baseline') ?? zero()),
    });
    return {
      pool: this.pool,
      realized: this.realized,
      base_rate: this.pool ? this.realized / this.pool : NaN,
      overall: Object.fromEntries([...this.overall].map(([k, into]) => [String(k), methods(into)])),
      per_holder: {
        k: this.holderK,
        min_candidates: this.holderK,
        lists: this.holders.lists,
        base_rate: this.holders.pool ? this.holders.realized / this.holders.pool : NaN,
        ...methods(this.perHolder),
      },
    };
  }
}

/** What one anchor and horizon contribute: the model's forecast candidates and their scores. */
export interface AnchorExposureInput {
  n: number;
  src: Int32Array;
  dst: Int32Array;
  /** Calibrated p and predicted log(1+w) of each pair, P × stride row-major; this horizon is `column`. */
  probability: ArrayLike<number>;
  logWeight: ArrayLike<number>;
  /** The heuristic's p of each pair, same layout (absent: no heuristic). */
  heuristic?: ArrayLike<number>;
  stride: number;
  column: number;
  /** The USD scale of predicted weights at this horizon (ModelCore.weightScale). */
  scale: number;
  /** The window's edge maps (oldest first, null where masked; the last is the anchor week) and the target week's. */
  maps: (EdgeMap | null)[];
  future: EdgeMap;
  /** Node kinds at the anchor (protocols are the denominator of an issuer's popularity). */
  kinds: ArrayLike<string>;
}

export class TopExposureAccumulator {
  readonly new = new RankedListAccumulator();
  readonly vanishing = new RankedListAccumulator();

  add(a: AnchorExposureInput): void {
    const pools = exposurePools(a);
    this.new.add(pools.new);
    this.vanishing.add(pools.vanishing);
  }

  report(): TopExposureMetrics {
    return {
      new: this.new.report(),
      vanishing: this.vanishing.report(),
      baseline: BASELINE_DESCRIPTION,
      note: HEURISTIC_USD_NOTE,
    };
  }
}

function emptyLists(heuristic: boolean) {
  return {
    holder: [] as number[],
    hit: [] as number[],
    model: [] as number[],
    baseline: [] as number[],
    heuristic: heuristic ? ([] as number[]) : undefined,
  };
}

/** The anchor's new and vanishing pools with each method's ranking USD (see the file's head). */
export function exposurePools(a: AnchorExposureInput): { new: ListPool; vanishing: ListPool } {
  const now = a.maps[a.maps.length - 1]!;
  let protocols = 0;
  for (let i = 0; i < a.n; i++) if (a.kinds[i] !== 'token') protocols++;
  const held = a.maps.filter((m): m is EdgeMap => m !== null);
  const holders = new Map<number, number>();
  for (const key of now.keys()) {
    const q = key % a.n;
    holders.set(q, (holders.get(q) ?? 0) + 1);
  }
  const lists = { new: emptyLists(a.heuristic !== undefined), vanishing: emptyLists(a.heuristic !== undefined) };
  for (let i = 0; i < a.src.length; i++) {
    const key = a.src[i] * a.n + a.dst[i];
    const current = now.get(key);
    let weeks = 0;
    for (const m of held) if (m.has(key)) weeks++;
    const stay = (weeks + (holders.get(a.dst[i]) ?? 0) / Math.max(1, protocols)) / (held.length + 1);
    const at = i * a.stride + a.column;
    const p = a.probability[at];
    const l = current === undefined ? lists.new : lists.vanishing;
    l.holder.push(a.src[i]);
    if (current === undefined) {
      l.hit.push(a.future.has(key) ? 1 : 0);
      l.model.push(p * Math.max(0, Math.expm1(usdLogWeight(a.logWeight[at], a.scale))));
      l.baseline.push(stay);
      if (a.heuristic) l.heuristic!.push(a.heuristic[at]);
    } else {
      l.hit.push(a.future.has(key) ? 0 : 1);
      l.model.push((1 - p) * current);
      l.baseline.push((1 - stay) * current);
      if (a.heuristic) l.heuristic!.push((1 - a.heuristic[at]) * current);
    }
  }
  const pool = (l: ReturnType<typeof emptyLists>): ListPool => ({
    holder: l.holder,
    hit: l.hit,
    values: { model: l.model, baseline: l.baseline, ...(l.heuristic ? { heuristic: l.heuristic } : {}) },
  });
  return { new: pool(lists.new), vanishing: pool(lists.vanishing) };
}
