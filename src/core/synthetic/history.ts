// Seeded synthetic protocol-level weekly exposure history, calibrated to the REAL weekly
// DeXposure sector totals. No real protocol-level weekly history is available to us
// (../shared/data/SOURCES.md), so this disaggregates the real sector × sector series onto
// real protocols with a simple, documented dynamic model. Everything it produces is
// labelled synthetic. Pure: no I/O, no DOM; runs in Node, a worker or the page.
//
// The model, week by week (parameters in HISTORY_PARAMS):
// - Nodes. Per sector, the number of protocols alive follows the real node count
//   (sector_week_panel.csv) times one scale factor; primary token nodes (USDT, USDC, WETH…)
//   likewise follow the real 'Primary Market Tokens' count. Protocols enter in DefiLlama id
//   order (ids are handed out as protocols get listed), start small and grow; a fixed weekly
//   share leaves, chosen among small, declining protocols, after a decline of a few weeks.
// - TVL. log TVL = real DefiLlama TVL (or a draw from its sector's distribution) + a sector
//   trend (smoothed log activity of the real sector series) + an idiosyncratic AR process
//   with momentum and rare jumps + the entry ramp / exit decline.
// - Edges. Persistent: each week a share of edges dies (chosen more often among small and
//   declining ones, and with exiting protocols) so that about 98.5% of a week's edges are
//   there the next week. New edges fill each holder's degree target (heavy-tailed, growing
//   with TVL): either a 2-hop neighbour (what my issuers hold / what co-holders hold) or a
//   target sector drawn from the real sector shares and then an issuer by preferential
//   attachment (size × in-degree). Edge log-weights follow an AR(1) around an edge-specific
//   level, plus the issuer's own TVL moves; new edges start below their level and grow.
// - Sector totals. Each week the weights of the edges from sector a to sector b are rescaled
//   so that their sum is κ × the real total of (a, b) that week, κ = the share of the
//   DefiLlama TVL our protocols hold (we have fewer protocols than the real network). The
//   real series' links out of primary-token nodes are not modelled (token nodes hold nothing
//   in our format); pairs whose real total is 0 in a week have no edges that week.
import { SECTORS, type Sector } from '../types';
import { COMPACT_FORMAT, COMPACT_VERSION, type CompactSnapshotFile } from '../snapshot/compactSchema';
import { checkCalibration, type HistoryCalibration } from './calibration';
import { Rng, WeightedSampler } from '../rng';
import { measureHistory, type HistoryStats } from './measure';
import {
  clamp,
  HISTORY_PARAMS,
  PAPER_SCALE,
  PMT,
  S,
  SYNTHETIC_CREDIT,
  SYNTHETIC_SOURCE,
  type HistoryOptions,
} from './params';

export { LARGE_SCALE, PAPER_SCALE } from './params';

export interface HistoryResult {
  file: CompactSnapshotFile;
  stats: HistoryStats;
}

interface Member {
  id: string;
  name: string;
  category: string;
  sector: number;
  chains: string[];
  /** Token symbols it issues (empty: not an issuer, never an edge target). */
  tokens: string[];
  baseLog: number;
  synthetic: boolean;
}

interface Edge {
  src: number;
  dst: number;
  level: number;
  ell: number;
  prevEll: number;
  /** Shares of the issuer's tokens (null for a token node target). */
  split: number[] | null;
}

/** The calibration rows of the weeks to generate. */
function selectWindow(cal: HistoryCalibration, weeks: number, start?: string): { from: number; to: number } {
  const n = cal.dates.length;
  if (start !== undefined) {
    const from = cal.dates.findIndex((d) => d >= start);
    if (from < 0) throw new Error(`--start ${start} is after the last calibration week ${cal.dates[n - 1]}`);
    return { from, to: Math.min(n, from + weeks) };
  }
  return { from: Math.max(0, n - weeks), to: n };
}

interface Schedule {
  alive: number[][];
  entries: number[][];
  exits: number[][];
  /** Exits in the weeks after the window (their protocols decline inside it). */
  exitsAfter: number[][];
}

/** Alive / entering / leaving counts per sector and week for a node scale factor. */
function buildSchedule(counts: number[][], scale: number, exitRate: number, after: number): Schedule {
  const K = counts.length;
  // A sector the real network has is never empty here (its real pairs need both ends).
  const alive = counts.map((row) =>
    row.map((c) => (c > 0 ? Math.max(Math.round(scale * c), Math.min(Math.round(c), MIN_ALIVE)) : 0)),
  );
  const entries = alive.map(() => new Array<number>(S).fill(0));
  const exits = alive.map(() => new Array<number>(S).fill(0));
  const exitsAfter = Array.from({ length: after }, () => new Array<number>(S).fill(0));
  for (let s = 0; s < S; s++) {
    let carry = 0.5; // deterministic rounding of fractional exits
    for (let t = 1; t < K; t++) {
      carry += exitRate * alive[t - 1][s];
      let x = Math.floor(carry);
      carry -= x;
      x = Math.min(alive[t - 1][s], Math.max(x, alive[t - 1][s] - alive[t][s]));
      exits[t][s] = x;
      entries[t][s] = alive[t][s] - alive[t - 1][s] + x;
    }
    for (let k = 0; k < after; k++) {
      carry += exitRate * alive[K - 1][s];
      exitsAfter[k][s] = Math.floor(carry);
      carry -= exitsAfter[k][s];
    }
  }
  return { alive, entries, exits, exitsAfter };
}

/** Fewest protocols alive in a sector the real network has that week. */
const MIN_ALIVE = 3;

function unionOf(schedule: Schedule, s: number): number {
  let u = schedule.alive[0][s];
  for (let t = 1; t < schedule.alive.length; t++) u += schedule.entries[t][s];
  return u;
}

function protocolUnion(schedule: Schedule): number {
  let u = 0;
  for (let s = 0; s < S; s++) if (s !== PMT) u += unionOf(schedule, s);
  return u;
}

/** Causal exponentially smoothed log activity of each sector, anchored at the roster's TVL date. */
function sectorTrends(cal: HistoryCalibration, beta: number, halfLife: number): number[][] {
  const alpha = 1 - Math.exp(-Math.LN2 / halfLife);
  const n = cal.dates.length;
  let ref = 0;
  for (let t = 0; t < n; t++) if (cal.dates[t] <= cal.tvlDate) ref = t;
  const ema = cal.dates.map(() => new Array<number>(S).fill(0));
  for (let s = 0; s < S; s++) {
    let e = NaN;
    for (let t = 0; t < n; t++) {
      let activity = 0;
      for (let b = 0; b < S; b++) activity += cal.exposureMillions[t][s * S + b] + cal.exposureMillions[t][b * S + s];
      const x = Math.log(activity + 1); // millions of USD; +1 keeps empty early weeks finite
      e = Number.isNaN(e) ? x : e + alpha * (x - e);
      ema[t][s] = e;
    }
  }
  return ema.map((row) => row.map((e, s) => beta * (e - ema[ref][s])));
}

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** Day a DefiLlama id was listed, interpolated on the calibration's (id, date) knots. */
export function listingDay(cal: HistoryCalibration, id: number): number {
  const knots = cal.listingKnots;
  if (!knots.length) return 0;
  if (id <= knots[0][0]) return dayOf(knots[0][1]);
  for (let k = 1; k < knots.length; k++)
    if (id <= knots[k][0]) {
      const [i0, d0] = knots[k - 1];
      const [i1, d1] = knots[k];
      return dayOf(d0) + ((id - i0) / Math.max(1, i1 - i0)) * (dayOf(d1) - dayOf(d0));
    }
  return dayOf(knots[knots.length - 1][1]);
}

/**
 * Picks each sector's protocols and the order they enter in. Those alive in the first week are
 * drawn among protocols listed on DefiLlama by then; entrants among those listed during the
 * window, in listing order (ids are handed out as protocols get listed). Half of each draw is
 * the largest by TVL (the names people know), half at random; synthetic ids fill any shortfall.
 */
function selectMembers(
  cal: HistoryCalibration,
  schedule: Schedule,
  window: { startDay: number; endDay: number },
  rng: Rng,
): { members: Member[]; order: number[][] } {
  const members: Member[] = [];
  const order: number[][] = Array.from({ length: S }, () => []);
  const bySector: number[][] = Array.from({ length: S }, () => []);
  cal.roster.forEach((row, i) => bySector[row[3]].push(i));
  const listed = cal.roster.map((row) => listingDay(cal, Number(row[0]) || 0));
  const tvlOf = (i: number) => cal.roster[i][4] ?? 0;
  const mix = (pool: number[], n: number) => {
    if (pool.length <= n) return [...pool];
    const bySize = [...pool].sort((x, y) => tvlOf(y) - tvlOf(x) || x - y);
    const big = bySize.slice(0, Math.ceil(n / 2));
    return [...big, ...rng.shuffle(bySize.slice(big.length)).slice(0, n - big.length)];
  };
  let syntheticCounter = 0;
  for (let s = 0; s < S; s++) {
    if (s === PMT) continue;
    const atStart = schedule.alive[0][s];
    let entering = 0;
    for (let t = 1; t < schedule.alive.length; t++) entering += schedule.entries[t][s];
    if (atStart + entering === 0) continue;
    const pool = bySector[s];
    // Sector size distribution (log TVL) for protocols the DefiLlama list does not size.
    const logs = pool
      .map(tvlOf)
      .filter((x) => x > 0)
      .map(Math.log);
    const sizeDraw = (shift: number) => (logs.length ? rng.pick(logs) - shift : Math.log(1e7) + rng.normal() - shift);
    const before = pool.filter((i) => listed[i] <= window.startDay);
    const during = pool.filter((i) => listed[i] > window.startDay && listed[i] <= window.endDay);
    const first = mix(before, atStart);
    const firstSet = new Set(first);
    let later = mix(during, entering);
    if (later.length < entering) {
      // Not enough listings in the window: protocols listed earlier that first show up now.
      const extra = mix(
        before.filter((i) => !firstSet.has(i)),
        entering - later.length,
      );
      later = [...later, ...extra];
    }
    const slots: { key: number; member: Member }[] = [];
    const real = (i: number, key: number) => {
      const [id, name, category, , tvl, chains, tokens] = cal.roster[i];
      slots.push({
        key,
        member: {
          id,
          name,
          category,
          sector: s,
          chains: chains ? chains.split('|') : [],
          tokens: tokens ? tokens.split('|') : [],
          baseLog: tvl !== null && tvl > 0 ? Math.log(tvl) : sizeDraw(rng.uniform(0, 1.5)),
          synthetic: false,
        },
      });
    };
    const synthetic = (key: number) => {
      const n = ++syntheticCounter;
      slots.push({
        key,
        member: {
          id: `syn-${n}`,
          name: `Synthetic protocol ${n}`,
          category: 'Synthetic',
          sector: s,
          chains: [],
          tokens: [],
          baseLog: sizeDraw(rng.uniform(0.5, 2)),
          synthetic: true,
        },
      });
    };
    // Keys order entry: the first week's protocols first, then by listing day (a random day
    // in the window for early-listed late-comers and for synthetic ids).
    const span = Math.max(1, window.endDay - window.startDay);
    for (const i of first) real(i, -1e9 + Number(cal.roster[i][0]));
    for (let k = first.length; k < atStart; k++) synthetic(-1e9 + 1e6 + k);
    for (const i of later) real(i, listed[i] > window.startDay ? listed[i] : window.startDay + rng.uniform(0, span));
    for (let k = later.length; k < entering; k++) synthetic(window.startDay + rng.uniform(0, span));
    slots.sort((x, y) => x.key - y.key);
    // Issuers: protocols with real mapped tokens. Every sector needs some at all times (real
    // pairs into it exist): wherever fewer than a fifth of the protocols so far (in entry
    // order) issue a token, the next one without a token gets a synthetic symbol, SYN-<id>.
    let issuers = 0;
    slots.forEach((e, k) => {
      if (e.member.tokens.length === 0 && issuers < Math.max(1, 0.2 * (k + 1)))
        e.member.tokens = [`SYN-${e.member.id}`];
      if (e.member.tokens.length > 0) issuers++;
    });
    for (const e of slots) {
      order[s].push(members.length);
      members.push(e.member);
    }
  }
  return { members, order };
}

export function generateHistory(calibrationInput: HistoryCalibration, options: HistoryOptions = {}): HistoryResult {
  const cal = checkCalibration(calibrationInput);
  const P = HISTORY_PARAMS;
  const seed = options.seed ?? 42;
  const retention = options.retention ?? P.retention;
  const exitRate = options.exitRate ?? P.exitRate;
  const edgesPerNode = options.edgesPerNode ?? P.edgesPerNode;
  const { from, to } = selectWindow(cal, options.weeks ?? 160, options.start);
  const K = to - from;
  if (K < 1) throw new Error('no calibration weeks in the requested window');
  const dates = cal.dates.slice(from, to);
  const counts = cal.nodeCounts.slice(from, to);
  const realTotals = cal.exposureMillions.slice(from, to).map((row) => row.map((x) => x * 1e6));
  const rng = new Rng(seed);

  // Node scale: either the requested number of protocols over the history, or nodes in the last week.
  let nodeScale: number;
  if (options.nodesLastWeek !== undefined) {
    const lastTotal = counts[K - 1].reduce((a, b) => a + b, 0);
    if (lastTotal <= 0) throw new Error('the last calibration week has no nodes');
    nodeScale = options.nodesLastWeek / lastTotal;
  } else {
    const target = options.protocols ?? 600;
    let lo = 0;
    let hi = 1;
    while (protocolUnion(buildSchedule(counts, hi, exitRate, 0)) < target && hi < 1e4) hi *= 2;
    for (let it = 0; it < 50; it++) {
      const mid = (lo + hi) / 2;
      if (protocolUnion(buildSchedule(counts, mid, exitRate, 0)) < target) lo = mid;
      else hi = mid;
    }
    nodeScale = hi;
  }
  const schedule = buildSchedule(counts, nodeScale, exitRate, P.declineWeeks);
  const union = SECTORS.map((_, s) => unionOf(schedule, s));
  const { members, order } = selectMembers(
    cal,
    schedule,
    { startDay: dayOf(dates[0]), endDay: dayOf(dates[K - 1]) },
    rng.fork(1),
  );
  const NP = members.length;

  // Primary tokens: listed in order of how often DeXposure saw them held; synthetic past the list.
  const tokenUnion = union[PMT];
  const tokenSymbols: string[] = [];
  const tokenFreq: number[] = [];
  for (let q = 0; q < tokenUnion; q++) {
    const real = cal.primaryTokens[q];
    tokenSymbols.push(real ? real[0] : `SYN-PRIMARY-${q + 1}`);
    tokenFreq.push(real ? Math.max(real[1], 1) : 1);
  }
  const NT = tokenSymbols.length;
  const NN = NP + NT;
  const sectorOf = (v: number) => (v < NP ? members[v].sector : PMT);

  // Exposure scale κ: the share of the DefiLlama TVL our protocols stand for.
  const memberTvl = members.reduce((a, m) => a + Math.exp(m.baseLog), 0);
  const kappa = cal.totalTvl > 0 ? Math.min(1, memberTvl / cal.totalTvl) : 1;
  const trend = sectorTrends(cal, P.trendBeta, P.trendHalfLife).slice(from, to);

  // Per-node state.
  const alive = new Uint8Array(NN);
  const enteredAt = new Int32Array(NN).fill(-1e6);
  const exitAt = new Int32Array(NN).fill(1e9);
  const doomedAt = new Int32Array(NN).fill(1e9);
  const declineRate = new Float64Array(NP);
  const declined = new Float64Array(NP);
  const entryStart = new Float64Array(NP);
  const rampTau = new Float64Array(NP);
  const u = new Float64Array(NP);
  const mom = new Float64Array(NP);
  const idio = new Float64Array(NP); // u + lifecycle, for the issuer coupling of edge weights
  const dIdio = new Float64Array(NP);
  const logTvl = new Float64Array(NP);
  const degreeBase = new Float64Array(NP);
  const inCount = new Int32Array(NN);
  const outCount = new Int32Array(NN);
  const dynRng = rng.fork(2);
  const edgeRng = rng.fork(3);
  for (let p = 0; p < NP; p++) {
    entryStart[p] = dynRng.uniform(P.entryStart[0], P.entryStart[1]);
    rampTau[p] = dynRng.uniform(P.rampWeeks[0], P.rampWeeks[1]);
    declineRate[p] = dynRng.uniform(P.declinePerWeek[0], P.declinePerWeek[1]);
    degreeBase[p] = Math.exp(P.degreeTvlExponent * members[p].baseLog + P.degreeNoiseSd * dynRng.normal());
  }
  const lifecycle = (p: number, t: number) => {
    const age = t - enteredAt[p];
    const ramp = age > 1e5 ? 0 : Math.log(entryStart[p] + (1 - entryStart[p]) * (1 - Math.exp(-age / rampTau[p])));
    return ramp - declined[p];
  };
  const ramp01 = (p: number, t: number) => {
    const age = t - enteredAt[p];
    return age > 1e5 ? 1 : entryStart[p] + (1 - entryStart[p]) * (1 - Math.exp(-age / rampTau[p]));
  };

  const nextEntrant = new Array<number>(S).fill(0); // position in order[s]
  let nextToken = 0;
  const enter = (v: number, t: number) => {
    alive[v] = 1;
    enteredAt[v] = t;
  };
  // Week 0: the first protocols of each sector (in id order) have been around for a while.
  for (let s = 0; s < S; s++) {
    if (s === PMT) continue;
    for (let k = 0; k < schedule.alive[0][s] && nextEntrant[s] < order[s].length; k++)
      enter(order[s][nextEntrant[s]++], -1e6 + 1);
  }
  for (let k = 0; k < schedule.alive[0][PMT] && nextToken < NT; k++) enter(NP + nextToken++, -1e6 + 1);

  // Edges, keyed by src * NN + dst.
  const edges = new Map<number, Edge>();
  let outAdj: number[][] = [];
  let inAdj: number[][] = [];
  const rebuildAdjacency = () => {
    outAdj = Array.from({ length: NN }, () => []);
    inAdj = Array.from({ length: NN }, () => []);
    for (const e of edges.values()) {
      outAdj[e.src].push(e.dst);
      inAdj[e.dst].push(e.src);
    }
  };
  const removeEdge = (key: number, e: Edge) => {
    edges.delete(key);
    outCount[e.src]--;
    inCount[e.dst]--;
  };

  const isIssuer = (v: number) => v >= NP || members[v].tokens.length > 0;

  // Week-level samplers (rebuilt each round of births: preferential attachment sees new in-degrees).
  let targetSamplers: { nodes: number[]; sampler: WeightedSampler }[] = [];
  let pairSamplers: WeightedSampler[] = [];
  let holderSampler: { nodes: number[]; sampler: WeightedSampler } = { nodes: [], sampler: new WeightedSampler([]) };
  let t = 0;
  const realNow = (a: number, b: number) => realTotals[t][a * S + b];
  const buildSamplers = (edgeTarget: number) => {
    targetSamplers = SECTORS.map(() => ({ nodes: [] as number[], sampler: new WeightedSampler([]) }));
    const weights: number[][] = SECTORS.map(() => []);
    for (let v = 0; v < NN; v++) {
      if (!alive[v] || !isIssuer(v) || exitAt[v] <= t + 1) continue;
      const s = sectorOf(v);
      targetSamplers[s].nodes.push(v);
      const size = v < NP ? Math.exp(0.5 * (logTvl[v] - 20)) : Math.pow(tokenFreq[v - NP], 1.0);
      weights[s].push(size * Math.pow(1 + inCount[v], 0.5));
    }
    for (let s = 0; s < S; s++) targetSamplers[s].sampler = new WeightedSampler(weights[s]);
    pairSamplers = SECTORS.map(
      (_, a) =>
        new WeightedSampler(
          SECTORS.map((__, b) => {
            if (a === PMT || realNow(a, b) <= 0 || targetSamplers[b].nodes.length === 0) return 0;
            let sum = 0;
            const lo = Math.max(0, t - P.pairWindow + 1);
            for (let k = lo; k <= t; k++) sum += realTotals[k][a * S + b];
            return Math.pow(sum / (t - lo + 1), P.pairExponent);
          }),
        ),
    );
    // Holders: alive protocols, by how far they are below their degree target.
    let base = 0;
    const holders: number[] = [];
    for (let p = 0; p < NP; p++)
      if (alive[p] && exitAt[p] > t + 1) {
        holders.push(p);
        base += degreeBase[p] * ramp01(p, t);
      }
    const c = base > 0 ? edgeTarget / base : 0;
    holderSampler = {
      nodes: holders,
      sampler: new WeightedSampler(
        holders.map((p) => {
          const want = c * degreeBase[p] * ramp01(p, t);
          return Math.max(0, want - outCount[p]) + 0.02 * want;
        }),
      ),
    };
  };

  const newEdge = (src: number, dst: number, initial: boolean): boolean => {
    if (src === dst || !alive[dst] || !isIssuer(dst)) return false;
    if (realNow(members[src].sector, sectorOf(dst)) <= 0) return false;
    const key = src * NN + dst;
    if (edges.has(key)) return false;
    const level = P.edgeLevelSd * edgeRng.normal();
    const ell = initial
      ? level + 0.3 * edgeRng.normal()
      : level - edgeRng.uniform(P.newEdgeShortfall[0], P.newEdgeShortfall[1]);
    let split: number[] | null = null;
    if (dst < NP) {
      const k = members[dst].tokens.length;
      if (k === 1 || edgeRng.chance(0.5)) {
        // One token: the issuer's most held one, usually.
        split = new Array<number>(k).fill(0);
        let r = 0;
        while (r < k - 1 && edgeRng.chance(0.3)) r++;
        split[r] = 1;
      } else {
        const g = Array.from({ length: k }, (_, r) => edgeRng.next() ** 2 / (r + 1));
        const sum = g.reduce((a, b) => a + b, 0) || 1;
        split = g.map((x) => x / sum);
      }
    }
    edges.set(key, { src, dst, level, ell, prevEll: ell, split });
    outCount[src]++;
    inCount[dst]++;
    outAdj[src].push(dst);
    inAdj[dst].push(src);
    return true;
  };

  /** A 2-hop candidate: what one of my issuers holds, or what a co-holder of one of my issuers holds. */
  const twoHop = (h: number): number => {
    const mine = outAdj[h];
    if (mine.length === 0) return -1;
    const k = edgeRng.pick(mine);
    if (k < NP && outAdj[k].length > 0 && edgeRng.chance(0.5)) return edgeRng.pick(outAdj[k]);
    const coHolders = inAdj[k];
    if (coHolders.length < 2) return -1;
    const c = edgeRng.pick(coHolders);
    return c === h || outAdj[c].length === 0 ? -1 : edgeRng.pick(outAdj[c]);
  };

  const tryAdd = (h: number, initial: boolean): boolean => {
    for (let attempt = 0; attempt < 8; attempt++) {
      if (outAdj[h].length > 0 && edgeRng.chance(P.twoHopShare)) {
        const j = twoHop(h);
        if (j >= 0 && newEdge(h, j, initial)) return true;
        continue;
      }
      const b = pairSamplers[members[h].sector].sample(edgeRng);
      if (b < 0) return false;
      const pick = targetSamplers[b].sampler.sample(edgeRng);
      if (pick >= 0 && newEdge(h, targetSamplers[b].nodes[pick], initial)) return true;
    }
    return false;
  };

  const addEdges = (count: number, edgeTarget: number, initial: boolean) => {
    // Every listed token node has at least one holder (a token node exists when held).
    buildSamplers(edgeTarget);
    let added = 0;
    for (let q = NP; q < NN; q++) {
      if (!alive[q] || inCount[q] > 0 || exitAt[q] <= t + 1) continue;
      for (let attempt = 0; attempt < 20; attempt++) {
        const i = holderSampler.sampler.sample(edgeRng);
        if (i < 0) break;
        if (newEdge(holderSampler.nodes[i], q, initial)) {
          added++;
          break;
        }
      }
    }
    // Every sector pair with a real total this week has at least one edge (when both ends exist).
    const pairCount = new Int32Array(S * S);
    for (const e of edges.values()) pairCount[members[e.src].sector * S + sectorOf(e.dst)]++;
    const holdersOf: number[][] = SECTORS.map(() => []);
    for (const p of holderSampler.nodes) holdersOf[members[p].sector].push(p);
    for (let a = 0; a < S; a++)
      for (let b = 0; b < S; b++) {
        if (pairCount[a * S + b] > 0 || realNow(a, b) <= 0 || !holdersOf[a].length || !targetSamplers[b].nodes.length)
          continue;
        for (let attempt = 0; attempt < 20; attempt++) {
          const j = targetSamplers[b].sampler.sample(edgeRng);
          if (j >= 0 && newEdge(edgeRng.pick(holdersOf[a]), targetSamplers[b].nodes[j], initial)) {
            added++;
            break;
          }
        }
      }
    const rounds = initial ? 6 : 2;
    for (let r = 0; r < rounds && added < count; r++) {
      if (r > 0) buildSamplers(edgeTarget);
      const quota = Math.ceil((count - added) / (rounds - r));
      for (let k = 0, fails = 0; k < quota && fails < 4 * quota + 100;) {
        const i = holderSampler.sampler.sample(edgeRng);
        if (i < 0) return;
        if (tryAdd(holderSampler.nodes[i], initial)) {
          k++;
          added++;
        } else fails++;
      }
    }
  };

  const aliveNodeCount = () => {
    let n = 0;
    for (let v = 0; v < NN; v++) n += alive[v];
    return n;
  };

  /** Marks `count` protocols of sector s to leave at week `at`: small and declining ones, not newcomers. */
  const doom = (s: number, count: number, at: number) => {
    if (count <= 0) return;
    const cands: number[] = [];
    const w: number[] = [];
    let mean = 0;
    let n = 0;
    for (const p of order[s]) if (alive[p]) ((mean += logTvl[p]), n++);
    mean = n ? mean / n : 0;
    for (const p of order[s]) {
      if (!alive[p] || doomedAt[p] < 1e9 || t - enteredAt[p] < 8) continue;
      cands.push(p);
      w.push(Math.exp(clamp(-0.7 * (logTvl[p] - mean) - 20 * mom[p], -20, 20)));
    }
    for (let k = 0; k < count && cands.length; k++) {
      const i = new WeightedSampler(w).sample(dynRng);
      if (i < 0) break;
      const p = cands[i];
      doomedAt[p] = t;
      exitAt[p] = at;
      w[i] = 0;
    }
  };
  const doomTokens = (count: number, at: number) => {
    const cands: number[] = [];
    const w: number[] = [];
    for (let q = NP; q < NN; q++) {
      if (!alive[q] || exitAt[q] < 1e9 || t - enteredAt[q] < 4) continue;
      cands.push(q);
      w.push(1 / ((1 + inCount[q]) * Math.sqrt(tokenFreq[q - NP])));
    }
    for (let k = 0; k < count && cands.length; k++) {
      const i = new WeightedSampler(w).sample(dynRng);
      if (i < 0) break;
      exitAt[cands[i]] = at;
      w[i] = 0;
    }
  };

  const updateTvl = (first: boolean) => {
    for (let p = 0; p < NP; p++) {
      if (!alive[p]) continue;
      if (!first) {
        mom[p] = P.momentumPhi * mom[p] + P.momentumSd * dynRng.normal();
        let shock = P.noiseSd * dynRng.normal();
        if (dynRng.chance(P.jumpProb)) shock += P.jumpSd * dynRng.normal();
        u[p] = (1 - P.meanReversion) * u[p] + mom[p] + shock;
        if (doomedAt[p] <= t) declined[p] += declineRate[p];
      }
      const next = u[p] + lifecycle(p, t);
      dIdio[p] = first || t === enteredAt[p] ? 0 : next - idio[p];
      idio[p] = next;
      logTvl[p] = members[p].baseLog + trend[t][members[p].sector] + next;
    }
  };

  // Emission.
  const weeksOut: NonNullable<CompactSnapshotFile['weeks']> = [];
  const lastTvl = new Float64Array(NP).fill(-1);
  const everHeldToken = new Set<string>();
  const tokenIssuer = new Map<string, string | null>();
  const emit = () => {
    const tvl: Record<string, number> = {};
    for (let p = 0; p < NP; p++)
      if (alive[p]) {
        const x = Math.max(1, Math.round(Math.exp(logTvl[p])));
        tvl[members[p].id] = x;
        lastTvl[p] = x;
      }
    const rawSum = new Float64Array(S * S);
    const raw = new Map<number, number>();
    for (const [key, e] of edges) {
      const pair = members[e.src].sector * S + sectorOf(e.dst);
      if (realTotals[t][pair] <= 0) continue; // dormant this week
      const w = Math.exp(logTvl[e.src] - 20 + e.ell);
      raw.set(key, w);
      rawSum[pair] += w;
    }
    const holdings: [string, string, number][] = [];
    const edgeRows: [string, string, number][] = [];
    for (const [key, w] of raw) {
      const e = edges.get(key)!;
      const pair = members[e.src].sector * S + sectorOf(e.dst);
      const usd = (w * kappa * realTotals[t][pair]) / rawSum[pair];
      const holder = members[e.src].id;
      let total = 0;
      if (e.dst >= NP) {
        const symbol = tokenSymbols[e.dst - NP];
        total = Math.max(1, Math.round(usd));
        holdings.push([holder, symbol, total]);
        if (!tokenIssuer.has(symbol)) tokenIssuer.set(symbol, null);
        everHeldToken.add(symbol);
        edgeRows.push([holder, symbol, total]);
        continue;
      }
      const issuer = members[e.dst];
      const split = e.split!;
      let main = 0;
      for (let r = 0; r < split.length; r++) if (split[r] > split[main]) main = r;
      for (let r = 0; r < split.length; r++) {
        let x = Math.round(usd * split[r]);
        if (r === main) x = Math.max(1, x);
        if (x <= 0) continue;
        holdings.push([holder, issuer.tokens[r], x]);
        if (!tokenIssuer.has(issuer.tokens[r])) tokenIssuer.set(issuer.tokens[r], issuer.id);
        everHeldToken.add(issuer.tokens[r]);
        total += x;
      }
      edgeRows.push([holder, issuer.id, total]);
    }
    weeksOut.push({ date: dates[t], tvl, holdings, edges: edgeRows });
  };

  // Week 0.
  updateTvl(true);
  for (let k = 1; k <= P.declineWeeks; k++) {
    const at = k < K ? schedule.exits[k] : schedule.exitsAfter[k - K];
    if (!at) continue;
    for (let s = 0; s < S; s++) s === PMT ? doomTokens(at[s], k) : doom(s, at[s], k);
  }
  rebuildAdjacency();
  addEdges(Math.round(edgesPerNode * aliveNodeCount()), Math.round(edgesPerNode * aliveNodeCount()), true);
  emit();

  for (t = 1; t < K; t++) {
    // Leaving: protocols and token nodes whose exit week has come, with all their edges.
    let prevEdges = 0;
    for (const e of edges.values()) if (realTotals[t - 1][members[e.src].sector * S + sectorOf(e.dst)] > 0) prevEdges++;
    let killed = 0;
    for (let v = 0; v < NN; v++) if (alive[v] && exitAt[v] <= t) alive[v] = 0;
    for (const [key, e] of edges)
      if (!alive[e.src] || !alive[e.dst]) {
        removeEdge(key, e);
        killed++;
      }
    // Entering, in id order (tokens: in order of how often they are held).
    for (let s = 0; s < S; s++) {
      if (s === PMT) continue;
      for (let k = 0; k < schedule.entries[t][s] && nextEntrant[s] < order[s].length; k++)
        enter(order[s][nextEntrant[s]++], t);
    }
    for (let k = 0; k < schedule.entries[t][PMT] && nextToken < NT; k++) enter(NP + nextToken++, t);
    updateTvl(false);
    // Who starts declining now, to leave declineWeeks later.
    const at = t + P.declineWeeks;
    const exitsThen = at < K ? schedule.exits[at] : schedule.exitsAfter[at - K];
    if (exitsThen) for (let s = 0; s < S; s++) s === PMT ? doomTokens(exitsThen[s], at) : doom(s, exitsThen[s], at);

    // Edge log-weights.
    for (const e of edges.values()) {
      e.prevEll = e.ell;
      e.ell +=
        P.edgeTheta * (e.level - e.ell) +
        P.edgeSd * edgeRng.normal() +
        (e.dst < NP ? P.issuerCoupling * dIdio[e.dst] : 0);
    }
    // Deaths: as many as the retention target leaves after the exits, small and declining edges first.
    const deaths = Math.max(0, Math.round((1 - retention) * prevEdges) - killed);
    if (deaths > 0 && edges.size > 0) {
      const list: [number, Edge][] = [...edges];
      const hazard = new Float64Array(list.length);
      let medianish = 0;
      for (const [, e] of list) medianish += logTvl[e.src] + e.ell;
      medianish /= list.length;
      let sum = 0;
      list.forEach(([, e], i) => {
        let h = Math.exp(clamp(-(e.ell - e.level), -3, 3) - 0.25 * clamp(logTvl[e.src] + e.ell - medianish, -8, 8));
        if (e.ell < e.prevEll) h *= 1.5;
        if (doomedAt[e.src] <= t || (e.dst < NP && doomedAt[e.dst] <= t)) h *= 3;
        if (inCount[e.dst] === 1) h *= 0.1; // keep a token node's last holder
        hazard[i] = h;
        sum += h;
      });
      list.forEach(([key, e], i) => {
        if (edgeRng.next() < Math.min(0.9, (deaths * hazard[i]) / sum)) removeEdge(key, e);
      });
    }
    rebuildAdjacency();
    const target = Math.round(edgesPerNode * aliveNodeCount());
    addEdges(Math.max(0, target - edges.size), target, false);
    emit();
  }

  // The file.
  const protocols = members
    .map((m, p) => ({ m, p }))
    .filter(({ p }) => lastTvl[p] >= 0)
    .map(({ m, p }) => ({
      id: m.id,
      name: m.name,
      category: m.category,
      sector: SECTORS[m.sector] as Sector,
      chains: m.chains,
      tvl: lastTvl[p],
    }));
  const tokens = [...everHeldToken].map((symbol) => {
    const issuer = tokenIssuer.get(symbol) ?? null;
    return { symbol, issuer, primary: issuer === null };
  });
  const lastDate = dates[K - 1];
  const file: CompactSnapshotFile = {
    format: COMPACT_FORMAT,
    version: COMPACT_VERSION,
    name: options.name ?? 'synthetic-history',
    title: options.title ?? `Synthetic history (calibrated to DeXposure sectors), ${dates[0]} … ${lastDate}`,
    provenance: {
      source: SYNTHETIC_SOURCE,
      date: lastDate,
      synthetic: true,
      credit: SYNTHETIC_CREDIT,
      notes: '',
    },
    protocols,
    tokens,
    weeks: weeksOut,
  };
  const stats = measureHistory(file, cal);
  stats.exposureScale = kappa;
  stats.nodeScale = nodeScale;
  file.provenance.notes = provenanceNotes(seed, options, stats, { retention, exitRate, edgesPerNode });
  return { file, stats };
}

/** One (or a few) weeks at the paper's scale, for benchmarks: nodes = protocols + token nodes. */
export function generatePaperScaleWeek(
  calibration: HistoryCalibration,
  opts: { nodes?: number; edges?: number; seed?: number; weeks?: number; start?: string } = {},
): HistoryResult {
  const nodes = opts.nodes ?? PAPER_SCALE.nodes;
  const edges = opts.edges ?? PAPER_SCALE.edges;
  const weeks = opts.weeks ?? 1;
  return generateHistory(calibration, {
    seed: opts.seed,
    nodesLastWeek: nodes,
    edgesPerNode: edges / nodes,
    weeks,
    start: opts.start,
    name: 'synthetic-paper-scale',
    title: `Synthetic paper-scale ${weeks === 1 ? 'week' : `${weeks} weeks`} (≈${nodes} nodes, ≈${edges} edges; calibrated to DeXposure sectors)`,
  });
}

function provenanceNotes(
  seed: number,
  options: HistoryOptions,
  s: HistoryStats,
  used: { retention: number; exitRate: number; edgesPerNode: number },
): string {
  const f = (x: number, d = 3) => Number(x.toFixed(d));
  return [
    `SYNTHETIC protocol-level history: no real protocol-level weekly history is available; generated by src/core/synthetic/history.ts (seed ${seed}).`,
    `Follows the REAL weekly DeXposure sector × sector exposure totals (scaled by κ = ${f(s.exposureScale)}, the share of DefiLlama TVL held by these protocols) and real sector node counts (× ${f(s.nodeScale, 4)}); protocol ids, names and categories are real (DeXposure metadata, DefiLlama list) except ids syn-N ('Synthetic protocol N'); token symbols are real DeXposure symbols except SYN-…; all TVLs, holdings and edges are generated.`,
    `Options: ${JSON.stringify({ ...options, seed })}; parameters: ${JSON.stringify({ ...HISTORY_PARAMS, ...used })}.`,
    `Achieved: ${s.weeks} weeks ${s.firstDate} … ${s.lastDate}; ${s.protocols} protocols (${s.syntheticProtocols} synthetic ids), ${s.tokens} tokens; protocols alive per week ${s.protocolsAlive.min}/${f(s.protocolsAlive.mean, 1)}/${s.protocolsAlive.max} (min/mean/max); token nodes ${s.tokenNodes.min}/${f(s.tokenNodes.mean, 1)}/${s.tokenNodes.max}; edges ${s.edges.min}/${f(s.edges.mean, 1)}/${s.edges.max}; week-to-week edge retention |E_t∩E_t+1|/|E_t| ${f(s.retention, 4)}, Jaccard ${f(s.jaccard, 4)}; entries/exits per week ${f(s.entriesPerWeek, 2)}/${f(s.exitsPerWeek, 2)}; correlation of sector-pair totals with the real series ${f(s.sectorCorrelation, 4)} (log ${f(s.sectorLogCorrelation, 4)}); links out of primary-token nodes (${f(100 * s.unmodelledShare, 1)}% of the real total) not modelled; exposure/TVL ${f(s.exposureToTvl)}.`,
  ].join(' ');
}

/**
 * The last `weeks` weeks of a history, for the app: only the protocols and tokens they use,
 * edges left out (the loader derives them from the holdings: edge = Σ holdings of the issuer's tokens).
 */
export function sliceHistory(
  file: CompactSnapshotFile,
  weeks: number,
  opts: { dropEdges?: boolean; title?: string; name?: string } = {},
): CompactSnapshotFile {
  const kept = file.weeks
    .slice(-weeks)
    .map((w) => (opts.dropEdges === false ? w : { date: w.date, tvl: w.tvl, holdings: w.holdings }));
  const ids = new Set<string>();
  const symbols = new Set<string>();
  for (const w of kept) {
    for (const id of Object.keys(w.tvl ?? {})) ids.add(id);
    for (const [, symbol] of w.holdings ?? []) symbols.add(symbol);
  }
  const lastDate = kept[kept.length - 1].date;
  return {
    ...file,
    name: opts.name ?? file.name,
    title: opts.title ?? file.title,
    provenance: {
      ...file.provenance,
      date: lastDate,
      notes: `${file.provenance.notes ?? ''} This file holds the last ${kept.length} weeks (${kept[0].date} … ${lastDate}); edges are derived from the holdings.`,
    },
    protocols: file.protocols.filter((p) => ids.has(String(p.id))),
    tokens: (file.tokens ?? []).filter((t) => symbols.has(t.symbol)),
    weeks: kept,
  };
}
