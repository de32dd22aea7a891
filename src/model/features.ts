// Feature computation for the forecaster: pure typed-array code (no tfjs), shared by
// training in Node and inference in the browser.
//
// Weeks carry their own node indexing; everything here is expressed in the indexing of
// the *anchor* week t (the last observed week) and older weeks are aligned by node id.
import { SECTORS, type Snapshot } from '../core/types';

/** Per-node, per-week features that get standardised with training-set statistics. */
export const CONTINUOUS_FEATURES = [
  'log_tvl', // log(1+TVL)
  'dlog_tvl', // log(1+TVL_w) − log(1+TVL_{w−1}); 0 when the previous week is missing
  'log_in_degree', // log(1+#holders of this node's tokens)
  'log_out_degree', // log(1+#issuers whose tokens this node holds)
  'log_in_exposure', // log(1+Σ USD of incoming edges)
  'log_out_exposure', // log(1+Σ USD of outgoing edges)
  'log_tokens_held', // log(1+#distinct tokens held)
  'composition_entropy', // Shannon entropy (nats) of the holding shares
  'composition_max_share', // largest holding share (0 when nothing is held)
] as const;
export const FEATURE_NAMES: string[] = [...CONTINUOUS_FEATURES, ...SECTORS.map((s) => `sector=${s}`)];
export const CONTINUOUS_COUNT = CONTINUOUS_FEATURES.length;
/** Standardised node features are clipped to ±FEATURE_CLIP. */
export const FEATURE_CLIP = 10;
export const FEATURE_COUNT = FEATURE_NAMES.length;

export interface FeatureNorm {
  /** Mean and standard deviation of each continuous feature over the training weeks' nodes. */
  mean: number[];
  std: number[];
  /** Mean and standard deviation of log(1+w) over the training weeks' edges. */
  logWeightMean: number;
  logWeightStd: number;
}

/** Raw (unstandardised) features of one snapshot, cached per Snapshot object. */
export interface WeekStats {
  index: Map<string, number>;
  logTvl: Float32Array;
  /** n × CONTINUOUS_COUNT, with dlog_tvl left at 0 (it needs the previous week). */
  raw: Float32Array;
  sectorIndex: Int8Array;
}

const statsCache = new WeakMap<Snapshot, WeekStats>();

function validEdge(s: Snapshot, e: number): boolean {
  return s.edges.weight[e] > 0 && s.edges.source[e] !== s.edges.target[e];
}

/**
 * Token composition of every node: holdings (USD per token) when the snapshot has them,
 * otherwise the outgoing edges (USD per issuer) as the closest proxy.
 */
function compositionStats(s: Snapshot): { count: Float32Array; entropy: Float32Array; maxShare: Float32Array } {
  const n = s.n;
  const count = new Float32Array(n);
  const entropy = new Float32Array(n);
  const maxShare = new Float32Array(n);
  const holder: number[] = [];
  const key: number[] = [];
  const usd: number[] = [];
  if (s.holdings.count > 0) {
    for (let i = 0; i < s.holdings.count; i++) {
      if (!(s.holdings.usd[i] > 0)) continue;
      holder.push(s.holdings.node[i]);
      key.push(s.holdings.token[i]);
      usd.push(s.holdings.usd[i]);
    }
  } else {
    for (let e = 0; e < s.edges.m; e++) {
      if (!validEdge(s, e)) continue;
      holder.push(s.edges.source[e]);
      key.push(s.edges.target[e]);
      usd.push(s.edges.weight[e]);
    }
  }
  // Group by holder, then merge duplicate tokens of a holder.
  const perNode: Map<number, number>[] = new Array(n);
  for (let i = 0; i < holder.length; i++) {
    const m = (perNode[holder[i]] ??= new Map());
    m.set(key[i], (m.get(key[i]) ?? 0) + usd[i]);
  }
  for (let p = 0; p < n; p++) {
    const m = perNode[p];
    if (!m) continue;
    let total = 0;
    for (const v of m.values()) total += v;
    if (!(total > 0)) continue;
    let h = 0;
    let best = 0;
    for (const v of m.values()) {
      const share = v / total;
      if (share > 0) h -= share * Math.log(share);
      if (share > best) best = share;
    }
    count[p] = m.size;
    entropy[p] = h;
    maxShare[p] = best;
  }
  return { count, entropy, maxShare };
}

export function weekStats(s: Snapshot): WeekStats {
  const cached = statsCache.get(s);
  if (cached) return cached;
  const n = s.n;
  const inDeg = new Float64Array(n);
  const outDeg = new Float64Array(n);
  const inExp = new Float64Array(n);
  const outExp = new Float64Array(n);
  for (let e = 0; e < s.edges.m; e++) {
    if (!validEdge(s, e)) continue;
    const p = s.edges.source[e];
    const q = s.edges.target[e];
    outDeg[p]++;
    inDeg[q]++;
    outExp[p] += s.edges.weight[e];
    inExp[q] += s.edges.weight[e];
  }
  const comp = compositionStats(s);
  const raw = new Float32Array(n * CONTINUOUS_COUNT);
  const logTvl = new Float32Array(n);
  const sectorIndex = new Int8Array(n);
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    index.set(s.ids[i], i);
    const lt = Math.log1p(Math.max(0, s.tvl[i]));
    logTvl[i] = lt;
    const o = i * CONTINUOUS_COUNT;
    raw[o] = lt;
    raw[o + 1] = 0;
    raw[o + 2] = Math.log1p(inDeg[i]);
    raw[o + 3] = Math.log1p(outDeg[i]);
    raw[o + 4] = Math.log1p(inExp[i]);
    raw[o + 5] = Math.log1p(outExp[i]);
    raw[o + 6] = Math.log1p(comp.count[i]);
    raw[o + 7] = comp.entropy[i];
    raw[o + 8] = comp.maxShare[i];
    const si = SECTORS.indexOf(s.sectors[i]);
    sectorIndex[i] = si < 0 ? SECTORS.indexOf('Other / Unknown') : si;
  }
  const stats: WeekStats = { index, logTvl, raw, sectorIndex };
  statsCache.set(s, stats);
  return stats;
}

/** Map every node of `from` to its index in `to` (−1 when absent), by node id. */
export function alignIndex(from: Snapshot, to: Snapshot): Int32Array {
  const toIndex = weekStats(to).index;
  const out = new Int32Array(from.n);
  for (let i = 0; i < from.n; i++) out[i] = toIndex.get(from.ids[i]) ?? -1;
  return out;
}

/** The anchor week's nodes over the window of the last T weeks (oldest first). */
export interface NodeWindow {
  n: number;
  window: number;
  /** n × T × FEATURE_COUNT, standardised; zeros where masked. */
  x: Float32Array;
  /** n × T, 1 where the node exists that week. */
  mask: Float32Array;
  /** For each window slot k: the week's snapshot (null before the first week). */
  weeks: (Snapshot | null)[];
  /** For each window slot k: anchor index → index in that week (−1 absent). */
  toWeek: (Int32Array | null)[];
}

/**
 * Build the window of `window` weeks ending at weeks[anchor]. Missing weeks (before the
 * start of the data, or a node absent that week) are masked; the anchor slot is always present.
 */
export function buildNodeWindow(weeks: Snapshot[], anchor: number, window: number, norm: FeatureNorm): NodeWindow {
  const current = weeks[anchor];
  const n = current.n;
  const F = FEATURE_COUNT;
  const x = new Float32Array(n * window * F);
  const mask = new Float32Array(n * window);
  const slotWeeks: (Snapshot | null)[] = [];
  const toWeek: (Int32Array | null)[] = [];
  for (let k = 0; k < window; k++) {
    const w = anchor - (window - 1) + k;
    if (w < 0) {
      slotWeeks.push(null);
      toWeek.push(null);
      continue;
    }
    const week = weeks[w];
    const stats = weekStats(week);
    const map = w === anchor ? identity(n) : alignIndex(current, week);
    slotWeeks.push(week);
    toWeek.push(map);
    const prev = w > 0 ? weeks[w - 1] : null;
    const prevStats = prev ? weekStats(prev) : null;
    for (let i = 0; i < n; i++) {
      const j = map[i];
      if (j < 0) continue;
      mask[i * window + k] = 1;
      const o = (i * window + k) * F;
      const r = j * CONTINUOUS_COUNT;
      for (let c = 0; c < CONTINUOUS_COUNT; c++) {
        let v = stats.raw[r + c];
        if (c === 1 && prev && prevStats) {
          const jp = prevStats.index.get(week.ids[j]);
          v = jp === undefined ? 0 : stats.logTvl[j] - prevStats.logTvl[jp];
        }
        // Clipped so token nodes' large swings stay in range for the network.
        x[o + c] = Math.max(-FEATURE_CLIP, Math.min(FEATURE_CLIP, (v - norm.mean[c]) / norm.std[c]));
      }
      x[o + CONTINUOUS_COUNT + stats.sectorIndex[j]] = 1;
    }
  }
  return { n, window, x, mask, weeks: slotWeeks, toWeek };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Mean/std of the continuous features (protocol nodes) and of edge log-weights over weeks[0..lastWeek]. */
export function computeNorm(weeks: Snapshot[], lastWeek: number): FeatureNorm {
  const C = CONTINUOUS_COUNT;
  const sum = new Float64Array(C);
  const sumSq = new Float64Array(C);
  let count = 0;
  let wSum = 0;
  let wSq = 0;
  let wCount = 0;
  for (let w = 0; w <= lastWeek && w < weeks.length; w++) {
    const s = weeks[w];
    const stats = weekStats(s);
    const prevStats = w > 0 ? weekStats(weeks[w - 1]) : null;
    const anyProtocol = s.kinds.includes('protocol');
    for (let i = 0; i < s.n; i++) {
      // Statistics of protocol nodes: token nodes' values swing far more (their "TVL" is the
      // USD of them held) and would squash the protocols' weekly changes to ~0 after scaling.
      if (anyProtocol && s.kinds[i] !== 'protocol') continue;
      for (let c = 0; c < C; c++) {
        let v = stats.raw[i * C + c];
        if (c === 1) {
          const jp = prevStats?.index.get(s.ids[i]);
          v = jp === undefined || !prevStats ? 0 : stats.logTvl[i] - prevStats.logTvl[jp];
        }
        sum[c] += v;
        sumSq[c] += v * v;
      }
      count++;
    }
    for (let e = 0; e < s.edges.m; e++) {
      if (!validEdge(s, e)) continue;
      const lw = Math.log1p(s.edges.weight[e]);
      wSum += lw;
      wSq += lw * lw;
      wCount++;
    }
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < C; c++) {
    const m = count ? sum[c] / count : 0;
    const v = count ? sumSq[c] / count - m * m : 1;
    mean.push(m);
    std.push(Math.sqrt(Math.max(v, 1e-6)));
  }
  const wm = wCount ? wSum / wCount : 0;
  const wv = wCount ? wSq / wCount - wm * wm : 1;
  return { mean, std, logWeightMean: wm, logWeightStd: Math.sqrt(Math.max(wv, 1e-6)) };
}

/** Edges of a week keyed p·n+q in the anchor indexing (n = anchor node count). */
export type EdgeMap = Map<number, number>;

/** The anchor week's valid edges (and each older window week's) as key → USD maps. */
export function windowEdgeMaps(win: NodeWindow): (EdgeMap | null)[] {
  const n = win.n;
  return win.weeks.map((week, k) => {
    if (!week) return null;
    const map = win.toWeek[k]!;
    // Reverse map: week index → anchor index.
    const back = new Int32Array(week.n).fill(-1);
    for (let i = 0; i < n; i++) if (map[i] >= 0) back[map[i]] = i;
    const out: EdgeMap = new Map();
    for (let e = 0; e < week.edges.m; e++) {
      if (!validEdge(week, e)) continue;
      const p = back[week.edges.source[e]];
      const q = back[week.edges.target[e]];
      if (p < 0 || q < 0) continue;
      const key = p * n + q;
      out.set(key, (out.get(key) ?? 0) + week.edges.weight[e]);
    }
    return out;
  });
}

/** Edges of `target` expressed in the anchor indexing of `anchor` (both endpoints must exist in the anchor week). */
export function edgeMapIn(anchor: Snapshot, target: Snapshot): EdgeMap {
  const back = alignIndex(target, anchor);
  const n = anchor.n;
  const out: EdgeMap = new Map();
  for (let e = 0; e < target.edges.m; e++) {
    if (!validEdge(target, e)) continue;
    const p = back[target.edges.source[e]];
    const q = back[target.edges.target[e]];
    if (p < 0 || q < 0) continue;
    const key = p * n + q;
    out.set(key, (out.get(key) ?? 0) + target.edges.weight[e]);
  }
  return out;
}

/** Edge arrays for message passing, with weights normalised per receiving node. */
export interface MessageGraph {
  src: Int32Array;
  dst: Int32Array;
  /** log(1+w) / Σ log(1+w) over the edges into dst (aggregating holders at the issuer). */
  inWeight: Float32Array;
  /** log(1+w) / Σ log(1+w) over the edges out of src (aggregating issuers at the holder). */
  outWeight: Float32Array;
  /** 1 / in-degree of dst and 1 / out-degree of src (plain means for the node head). */
  inMean: Float32Array;
  outMean: Float32Array;
}

export function messageGraph(s: Snapshot): MessageGraph {
  const keep: number[] = [];
  for (let e = 0; e < s.edges.m; e++) if (validEdge(s, e)) keep.push(e);
  const m = keep.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const lw = new Float64Array(m);
  const inSum = new Float64Array(s.n);
  const outSum = new Float64Array(s.n);
  const inDeg = new Float64Array(s.n);
  const outDeg = new Float64Array(s.n);
  for (let i = 0; i < m; i++) {
    const e = keep[i];
    src[i] = s.edges.source[e];
    dst[i] = s.edges.target[e];
    lw[i] = Math.log1p(s.edges.weight[e]);
    inSum[dst[i]] += lw[i];
    outSum[src[i]] += lw[i];
    inDeg[dst[i]]++;
    outDeg[src[i]]++;
  }
  const inWeight = new Float32Array(m);
  const outWeight = new Float32Array(m);
  const inMean = new Float32Array(m);
  const outMean = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    inWeight[i] = inSum[dst[i]] > 0 ? lw[i] / inSum[dst[i]] : 0;
    outWeight[i] = outSum[src[i]] > 0 ? lw[i] / outSum[src[i]] : 0;
    inMean[i] = 1 / inDeg[dst[i]];
    outMean[i] = 1 / outDeg[src[i]];
  }
  return { src, dst, inWeight, outWeight, inMean, outMean };
}
