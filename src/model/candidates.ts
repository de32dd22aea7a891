// New-link candidates for the forecaster: the anchor week's adjacency, the sector-popularity and
// two-hop scores, and the bounded per-holder candidate set (pure typed-array code, no tfjs).
import { weekStats, type EdgeMap, type NodeWindow } from './features';
import { SECTORS, type Snapshot } from '../core/types';

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

/** What new links from a holder follow, at one anchor window: sector popularity, the two-hop
 * probability (computed per holder when first asked) and the links each holder gained. */
export interface NewLinkSignals {
  popularity: SectorPopularity;
  twoHop: (p: number) => Map<number, number>;
  gained: Float64Array;
}

const signalsCache = new WeakMap<EdgeMap, NewLinkSignals>();

/** The signals of the window `maps` (anchor last), kept per anchor edge map: the calibration's
 * evidence, the heuristic and the mix fit then share one two-hop cache. */
export function newLinkSignals(win: NodeWindow, maps: (EdgeMap | null)[]): NewLinkSignals {
  const T = win.window;
  const now = maps[T - 1]!;
  const cached = signalsCache.get(now);
  if (cached) return cached;
  const { outs, ins } = adjacency(now, win.n);
  const signals = {
    popularity: sectorPopularity(win, now),
    twoHop: twoHopFrom(outs, ins, coHolderCap(win.weeks[T - 1]!)),
    gained: linksGained(maps.slice(0, T), win.n),
  };
  signalsCache.set(now, signals);
  return signals;
}

/** Links each holder gained over the window: present at the anchor, absent in the oldest week seen. */
function linksGained(maps: (EdgeMap | null)[], n: number): Float64Array {
  const T = maps.length;
  const now = maps[T - 1]!;
  let oldest: EdgeMap | null = null;
  for (let k = 0; k < T - 1 && !oldest; k++) oldest = maps[k];
  const gained = new Float64Array(n);
  if (oldest) for (const key of now.keys()) if (!oldest.has(key)) gained[Math.floor(key / n)]++;
  return gained;
}

/** Two-hop scores from holder p (twoHopScores), computed once per holder and kept. */
function twoHopFrom(outs: number[][], ins: number[][], coCap: number): (p: number) => Map<number, number> {
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

export const CO_HOLDERS_PER_ISSUER = 32;

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
