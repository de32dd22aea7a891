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

/** Features of a candidate pair p→q (added to the issue's [h_p; h_q; h_p⊙h_q; |h_p−h_q|]). */
export const PAIR_FEATURE_NAMES = [
  'exists_now', // edge p→q in the anchor week
  'log_weight_now', // standardised log(1+w) now (0 when absent)
  'log_weight_change', // log(1+w_t) − log(1+w_{t−1}) when present in both weeks
  'window_presence', // share of the window's weeks in which the edge existed
  'reverse_exists', // edge q→p in the anchor week
  // New-link evidence (see structuralCandidates): how new links are drawn.
  'weeks_since_present', // weeks since the edge was last seen in the window / T (1 when never)
  'neighbour_holders', // log(1+#counterparties of p, its issuers and its holders, that hold q)
  'coholder_share', // share of q's holders (≤ 32, strided) that share an issuer with p
  'sector_popularity', // log10 of the sector-popularity score of q for p's sector, mapped to [0, 1]
] as const;
export const PAIR_FEATURE_COUNT = PAIR_FEATURE_NAMES.length;

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

/** Pair features (n × PAIR_FEATURE_COUNT, row-major) for pairs given in anchor indexing. */
export function pairFeatures(
  win: NodeWindow,
  maps: (EdgeMap | null)[],
  src: Int32Array,
  dst: Int32Array,
  norm: FeatureNorm,
): Float32Array {
  const n = win.n;
  const T = win.window;
  const now = maps[T - 1]!;
  const prev = T >= 2 ? maps[T - 2] : null;
  const { outs, ins } = adjacency(now, n);
  const popularity = sectorPopularity(win, now);
  const P = src.length;
  const out = new Float32Array(P * PAIR_FEATURE_COUNT);
  // Issuer sets of the holders seen (for the co-holder share), built lazily.
  const issuerSets = new Map<number, Set<number>>();
  const issuersOf = (p: number) => {
    let set = issuerSets.get(p);
    if (!set) issuerSets.set(p, (set = new Set(outs[p])));
    return set;
  };
  for (let i = 0; i < P; i++) {
    const p = src[i];
    const q = dst[i];
    const key = p * n + q;
    const o = i * PAIR_FEATURE_COUNT;
    const w = now.get(key);
    if (w !== undefined) {
      const lw = Math.log1p(w);
      out[o] = 1;
      out[o + 1] = (lw - norm.logWeightMean) / norm.logWeightStd;
      const wp = prev?.get(key);
      if (wp !== undefined) out[o + 2] = lw - Math.log1p(wp);
    }
    let present = 0;
    let last = -1;
    for (let k = 0; k < T; k++) {
      if (maps[k]?.has(key)) {
        present++;
        last = k;
      }
    }
    out[o + 3] = present / T;
    out[o + 4] = now.has(q * n + p) ? 1 : 0;
    out[o + 5] = last < 0 ? 1 : (T - 1 - last) / T;
    let holders = 0;
    for (const r of outs[p]) if (r !== q && now.has(r * n + q)) holders++;
    for (const r of ins[p]) if (r !== q && now.has(r * n + q)) holders++;
    out[o + 6] = Math.log1p(holders);
    const hq = ins[q];
    if (hq.length > 0 && outs[p].length > 0) {
      const mine = issuersOf(p);
      const stride = Math.ceil(hq.length / CO_HOLDERS_PER_ISSUER);
      let seen = 0;
      let shared = 0;
      for (let ci = 0; ci < hq.length; ci += stride) {
        const c = hq[ci];
        if (c === p) continue;
        seen++;
        for (const r of outs[c]) {
          if (mine.has(r)) {
            shared++;
            break;
          }
        }
      }
      out[o + 7] = seen ? shared / seen : 0;
    }
    out[o + 8] = popularity.feature(p, q);
  }
  return out;
}

/**
 * How likely a new link from p lands on q when drawn the way these graphs draw them: target
 * sector b with probability ∝ sqrt(USD from p's sector to b now), then q within b ∝
 * sqrt(TVL_q)·sqrt(1 + in-degree_q). Cached per anchor edge map.
 */
export interface SectorPopularity {
  score(p: number, q: number): number;
  /** log10(score) mapped from [1e-6, 1] onto [0, 1] (0 for a zero score). */
  feature(p: number, q: number): number;
  /** The issuers of sector a's holders by descending score (at most `limit`). */
  top(a: number, limit: number): number[];
}

const popularityCache = new WeakMap<EdgeMap, SectorPopularity>();

export function sectorPopularity(win: NodeWindow, now: EdgeMap): SectorPopularity {
  const cached = popularityCache.get(now);
  if (cached) return cached;
  const n = win.n;
  const anchor = win.weeks[win.window - 1]!;
  const stats = weekStats(anchor);
  const { ins } = adjacency(now, n);
  const S = SECTORS.length;
  const pairUsd = new Float64Array(S * S);
  for (const [key, w] of now) {
    const p = Math.floor(key / n);
    pairUsd[stats.sectorIndex[p] * S + stats.sectorIndex[key - p * n]] += w;
  }
  const rowNorm = new Float64Array(S);
  for (let a = 0; a < S; a++) for (let b = 0; b < S; b++) rowNorm[a] += Math.sqrt(pairUsd[a * S + b]);
  const issuerWeight = new Float64Array(n);
  const sectorWeight = new Float64Array(S);
  for (let q = 0; q < n; q++) {
    if (ins[q].length === 0 && anchor.kinds[q] !== 'protocol') continue;
    issuerWeight[q] = Math.sqrt(Math.max(0, anchor.tvl[q])) * Math.sqrt(1 + ins[q].length);
    sectorWeight[stats.sectorIndex[q]] += issuerWeight[q];
  }
  const scoreIn = (a: number, q: number) => {
    const b = stats.sectorIndex[q];
    const pair = pairUsd[a * S + b];
    if (!(pair > 0) || !(issuerWeight[q] > 0) || !(rowNorm[a] > 0)) return 0;
    return (Math.sqrt(pair) / rowNorm[a]) * (issuerWeight[q] / sectorWeight[b]);
  };
  const lists = new Map<number, number[]>();
  const result: SectorPopularity = {
    score: (p, q) => scoreIn(stats.sectorIndex[p], q),
    feature: (p, q) => {
      const x = scoreIn(stats.sectorIndex[p], q);
      return x > 0 ? Math.max(0, Math.min(1, 1 + Math.log10(x) / 6)) : 0;
    },
    top: (a, limit) => {
      let list = lists.get(a);
      if (!list || list.length < limit) {
        const scored: [number, number][] = [];
        for (let q = 0; q < n; q++) {
          const x = scoreIn(a, q);
          if (x > 0) scored.push([q, x]);
        }
        scored.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
        list = scored.slice(0, limit).map((e) => e[0]);
        lists.set(a, list);
      }
      return list.slice(0, limit);
    },
  };
  popularityCache.set(now, result);
  return result;
}

/** Links each holder gained over the window: present at the anchor, absent in the oldest week seen. */
export function linksGained(maps: (EdgeMap | null)[], n: number): Float64Array {
  const T = maps.length;
  const now = maps[T - 1]!;
  let oldest: EdgeMap | null = null;
  for (let k = 0; k < T - 1 && !oldest; k++) oldest = maps[k];
  const gained = new Float64Array(n);
  if (oldest) for (const key of now.keys()) if (!oldest.has(key)) gained[Math.floor(key / n)]++;
  return gained;
}

/** Two-hop scores from holder p (twoHopScores), computed once per holder and kept. */
export function twoHopFrom(outs: number[][], ins: number[][], coCap: number): (p: number) => Map<number, number> {
  const cache = new Map<number, Map<number, number>>();
  return (p) => {
    let m = cache.get(p);
    if (!m) {
      m = new Map();
      twoHopScores(outs, ins, p, m, coCap);
      cache.set(p, m);
    }
    return m;
  };
}

/** A probability-like score onto [0, 1] by log10 (six decades: 1e-6 → 0, 1 → 1); 0 stays 0. */
export function logUnit(score: number): number {
  return score > 0 ? Math.max(0, Math.min(1, 1 + Math.log10(score) / 6)) : 0;
}

/**
 * New-link evidence per pair (P × NEW_LINK_EVIDENCE, row-major), used by the calibration layer
 * for pairs absent now: how likely a new link from p lands on q as these graphs draw them
 * (0.65·sector popularity + 0.35·two-hop probability, log10 mapped onto [0, 1]), and how many
 * links p gained over the window (log(1+count): holders below their degree target keep adding).
 */
export const NEW_LINK_EVIDENCE = 2;

export function newLinkEvidence(
  win: NodeWindow,
  maps: (EdgeMap | null)[],
  src: Int32Array,
  dst: Int32Array,
): Float32Array {
  const n = win.n;
  const T = win.window;
  const now = maps[T - 1]!;
  const { outs, ins } = adjacency(now, n);
  const popularity = sectorPopularity(win, now);
  const gained = linksGained(maps.slice(0, T), n);
  const twoHop = twoHopFrom(outs, ins, coHolderCap(win.weeks[T - 1]!));
  const out = new Float32Array(src.length * NEW_LINK_EVIDENCE);
  for (let i = 0; i < src.length; i++) {
    const p = src[i];
    const q = dst[i];
    const score = 0.65 * popularity.score(p, q) + 0.35 * (twoHop(p).get(q) ?? 0);
    out[i * NEW_LINK_EVIDENCE] = logUnit(score);
    out[i * NEW_LINK_EVIDENCE + 1] = Math.log1p(gained[p]);
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

export interface CandidateOptions {
  /** Edges seen in the window but absent now, kept per holder (most recent first). */
  historyPerNode: number;
  /** Best 2-hop targets per holder: what its issuers hold and what its issuers' other holders hold. */
  twoHopPerNode: number;
  /** Best targets per holder among the issuers its sector holds most (weighted by size and popularity). */
  peerPerNode: number;
  /** Issuers held by the holder's counterparties (its own holders), best per holder. */
  neighbourPerNode?: number;
}

export const DEFAULT_CANDIDATES: CandidateOptions = {
  historyPerNode: 8,
  twoHopPerNode: 24,
  peerPerNode: 40,
  neighbourPerNode: 6,
};

/** Anchor-week adjacency (valid edges, anchor indexing) used by candidates and pair features. */
export interface Adjacency {
  n: number;
  /** Out-neighbours (issuers held) and in-neighbours (holders) per node. */
  outs: number[][];
  ins: number[][];
}

const adjacencyCache = new WeakMap<EdgeMap, Adjacency>();

export function adjacency(now: EdgeMap, n: number): Adjacency {
  const cached = adjacencyCache.get(now);
  if (cached && cached.n === n) return cached;
  const outs: number[][] = Array.from({ length: n }, () => []);
  const ins: number[][] = Array.from({ length: n }, () => []);
  // Sorted keys so neighbour order (and every tie-break after it) is deterministic.
  const keys = [...now.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const p = Math.floor(key / n);
    const q = key - p * n;
    outs[p].push(q);
    ins[q].push(p);
  }
  const adj = { n, outs, ins };
  adjacencyCache.set(now, adj);
  return adj;
}

const CO_HOLDERS_PER_ISSUER = 32;

/** Upper bound on holders × per-holder candidate caps (see structuralCandidates). */
export const CANDIDATE_BUDGET = 48_000;

/**
 * Probability that a two-hop new link from p lands on each q (into `scores`, cleared first): a
 * uniform issuer k of p, then half the time what k holds, else what a uniform co-holder of k holds
 * (at most `coCap` co-holders, evenly strided, bound the cost on popular issuers).
 */
export function twoHopScores(
  outs: number[][],
  ins: number[][],
  p: number,
  scores: Map<number, number>,
  coCap = CO_HOLDERS_PER_ISSUER,
): void {
  scores.clear();
  const mine = outs[p];
  if (mine.length === 0) return;
  // Dense scratch accumulation (a Map per step is the slow part at paper scale).
  if (scratch.length < outs.length) scratch = new Float64Array(outs.length);
  const touched: number[] = [];
  const bump = (q: number, w: number) => {
    if (scratch[q] === 0) touched.push(q);
    scratch[q] += w;
  };
  const pk = 1 / mine.length;
  for (const k of mine) {
    const viaIssuer = outs[k].length > 0 ? 0.5 : 0;
    if (viaIssuer > 0) for (const q of outs[k]) bump(q, (pk * viaIssuer) / outs[k].length);
    const co = ins[k];
    if (co.length < 2) continue;
    const stride = Math.ceil(co.length / coCap);
    const pc = (pk * (1 - viaIssuer)) / Math.ceil(co.length / stride);
    for (let ci = 0; ci < co.length; ci += stride) {
      const c = co[ci];
      if (c === p || outs[c].length === 0) continue;
      const w = pc / outs[c].length;
      for (const q of outs[c]) bump(q, w);
    }
  }
  for (const q of touched) {
    scores.set(q, scratch[q]);
    scratch[q] = 0;
  }
}

let scratch = new Float64Array(0);

/** Co-holders sampled per issuer: CO_HOLDERS_PER_ISSUER, fewer on graphs beyond the candidate budget. */
export function coHolderCap(anchor: Snapshot): number {
  let holders = 0;
  for (let p = 0; p < anchor.n; p++) if (anchor.kinds[p] === 'protocol') holders++;
  const d = DEFAULT_CANDIDATES;
  const per = d.historyPerNode + d.twoHopPerNode + d.peerPerNode + (d.neighbourPerNode ?? 0);
  const f = holders * per > CANDIDATE_BUDGET ? CANDIDATE_BUDGET / (holders * per) : 1;
  return f < 1 ? Math.max(4, Math.round(CO_HOLDERS_PER_ISSUER * f)) : CO_HOLDERS_PER_ISSUER;
}

/** Top-k keys of a score map (ties by index), skipping those `skip` rejects. */
function topK(scores: Map<number, number>, k: number): number[] {
  if (k <= 0 || scores.size === 0) return [];
  return [...scores.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k * 2)
    .map((e) => e[0]);
}

/**
 * New-link candidates (pairs that are not edges now), bounded per holder so the forecast
 * graph can gain links without scoring all n² pairs. Deterministic. New links in these
 * graphs follow two mechanisms (see the generator, src/core/synthetic/edges.ts): a 2-hop
 * step (what my issuers hold, what co-holders of my issuers hold) and a size-weighted pick
 * within a sector its sector holds; the candidates score both and keep the best per holder.
 */
export function structuralCandidates(
  win: NodeWindow,
  maps: (EdgeMap | null)[],
  given: CandidateOptions = DEFAULT_CANDIDATES,
): { src: Int32Array; dst: Int32Array } {
  const n = win.n;
  const T = win.window;
  const now = maps[T - 1]!;
  const anchor = win.weeks[T - 1]!;
  const stats = weekStats(anchor);
  const { outs, ins } = adjacency(now, n);
  const holderOf = (p: number) => anchor.kinds[p] === 'protocol';
  // Bounded cost: per-holder caps shrink so that holders × caps stays within CANDIDATE_BUDGET
  // (no change up to ≈ 600 protocols, e.g. the synthetic history; ≈ 10× fewer at paper scale).
  let holders = 0;
  for (let p = 0; p < n; p++) if (holderOf(p)) holders++;
  const perHolder = given.historyPerNode + given.twoHopPerNode + given.peerPerNode + (given.neighbourPerNode ?? 0);
  const f = holders * perHolder > CANDIDATE_BUDGET ? CANDIDATE_BUDGET / (holders * perHolder) : 1;
  const cap = (k: number) => (f < 1 ? Math.max(k > 0 ? 1 : 0, Math.round(k * f)) : k);
  const coCap = coHolderCap(anchor);
  const opts: CandidateOptions = {
    historyPerNode: cap(given.historyPerNode),
    twoHopPerNode: cap(given.twoHopPerNode),
    peerPerNode: cap(given.peerPerNode),
    neighbourPerNode: cap(given.neighbourPerNode ?? 0),
  };

  const popularity = sectorPopularity(win, now);
  const peerLimit = opts.peerPerNode + 64;

  const src: number[] = [];
  const dst: number[] = [];
  const chosen = new Set<number>();
  const add = (p: number, q: number): boolean => {
    if (p === q) return false;
    const key = p * n + q;
    if (now.has(key) || chosen.has(key)) return false;
    chosen.add(key);
    src.push(p);
    dst.push(q);
    return true;
  };
  const takeFrom = (p: number, list: number[], k: number) => {
    let taken = 0;
    for (const q of list) {
      if (taken >= k) break;
      if (add(p, q)) taken++;
    }
  };
  // 1. Recently vanished edges (they often come back).
  if (opts.historyPerNode > 0) {
    const perNode = new Int32Array(n);
    for (let k = T - 2; k >= 0; k--) {
      const m = maps[k];
      if (!m) continue;
      for (const key of m.keys()) {
        const p = Math.floor(key / n);
        if (perNode[p] >= opts.historyPerNode) continue;
        if (add(p, key - p * n)) perNode[p]++;
      }
    }
  }
  const scores = new Map<number, number>();
  for (let p = 0; p < n; p++) {
    const mine = outs[p];
    // 2. Two-hop: a uniform issuer k of mine, then either what k holds or what a co-holder of k holds.
    if (opts.twoHopPerNode > 0 && mine.length > 0) {
      twoHopScores(outs, ins, p, scores, coCap);
      takeFrom(p, topK(scores, opts.twoHopPerNode), opts.twoHopPerNode);
    }
    // 3. Issuers held by my counterparties (the holders of my tokens).
    const nb = opts.neighbourPerNode ?? 0;
    if (nb > 0 && ins[p].length > 0 && holderOf(p)) {
      scores.clear();
      for (const r of ins[p]) for (const q of outs[r]) scores.set(q, (scores.get(q) ?? 0) + 1);
      takeFrom(p, topK(scores, nb), nb);
    }
    // 4. What the holder's sector holds most, by the generator-like popularity score.
    if (opts.peerPerNode > 0 && holderOf(p))
      takeFrom(p, popularity.top(stats.sectorIndex[p], peerLimit), opts.peerPerNode);
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

/**
 * Share of realized new edges (in `future`, not in `now`) that are among the candidate keys,
 * and how many there were. Keys are p·n+q in the anchor indexing.
 */
export function candidateRecall(
  candidates: Set<number>,
  now: EdgeMap,
  future: EdgeMap,
): { recall: number; covered: number; realized: number } {
  let realized = 0;
  let covered = 0;
  for (const key of future.keys()) {
    if (now.has(key)) continue;
    realized++;
    if (candidates.has(key)) covered++;
  }
  return { recall: realized ? covered / realized : NaN, covered, realized };
}

/** [P] 1 where the pair is not an edge in the anchor week (column exists_now of pairFeatures is 0). */
export function absentColumn(features: Float32Array, pairs: number): Float32Array {
  const out = new Float32Array(pairs);
  for (let i = 0; i < pairs; i++) out[i] = features[i * PAIR_FEATURE_COUNT] > 0 ? 0 : 1;
  return out;
}
