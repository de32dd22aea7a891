// Loss attribution: along which paths did each protocol's contagion loss arrive?
//
// Derived only from the round records of a run (runContagion with recordRounds, the default), never
// by re-simulating: in round k every active debtor d passes `amounts` along its creditor edges,
// and creditor c's loss grows by its capped increment. When c hits its TVL cap the increment is
// smaller than what arrived, so each arriving amount is scaled by increment / Σ arrived: the
// *credited* flow. Credited flows into c over all rounds sum to c's contagion (indirect) loss, and
// all credited flows together sum to the run's indirect loss.
//
// Paths: debtor d passes, once, the loss L_d it holds at the start of its round. L_d is its own
// shock (if it is a seed) plus what was credited to it in earlier rounds; a flow out of d is split
// over those sources in proportion, recursively, down to the seeds. Each node passes at most once
// and only what it received before, so rounds fall strictly along a path and the recursion ends,
// cycles included. The paths into a protocol therefore partition its indirect loss exactly.
import { lossesByRound, type ContagionResult } from './contagion';
import type { Snapshot } from './types';

/** USD credited from debtor to creditor along one edge in one round. */
export interface CreditedFlow {
  round: number;
  /** Index into snapshot.edges (creditor = edges.source, debtor = edges.target). */
  edge: number;
  debtor: number;
  creditor: number;
  /** What arrived, after the creditor's TVL cap (pro rata over what arrived that round). */
  usd: number;
}

/** One path seed → … → target: `nodes[0]` is the seed, `rounds[j]` the round of hop nodes[j] → nodes[j+1]. */
export interface LossPath {
  nodes: number[];
  rounds: number[];
  usd: number;
}

export interface Attribution {
  target: number;
  /** The target's contagion loss: final loss minus its own shock. */
  indirectLoss: number;
  /** Its indirect loss by seed of origin (descending USD); sums to indirectLoss. */
  bySeed: { seed: number; usd: number }[];
  /** Credited flows into the target, by debtor and round (descending USD); sums to indirectLoss. */
  incoming: CreditedFlow[];
  /** Paths, largest first; with `rest` they sum to indirectLoss. */
  paths: LossPath[];
  /** USD on paths not listed (below minShare or beyond maxPaths) and how many such paths were cut. */
  rest: { usd: number; paths: number };
}

/** Per-run structure, built once and shared by every target's attribution. */
export interface FlowIndex {
  flows: CreditedFlow[];
  /** Round in which each node passed loss (0 = never). */
  passRound: Int32Array;
  /** Loss each node held when it passed (L_d). */
  passedLoss: Float64Array;
  /** Credited flows into each node, in round order (indices into flows). */
  inflows: number[][];
  /** Per passing node: the share of L_d coming from each seed (sums to 1). */
  origin: (Map<number, number> | null)[];
  initialLosses: Float64Array;
  indirectLoss: number;
}

const indexCache = new WeakMap<ContagionResult, FlowIndex>();

/** The credited flows of a recorded run, round by round (edge order within a round). */
export function creditedFlows(snapshot: Snapshot, result: ContagionResult): CreditedFlow[] {
  const { source, target } = snapshot.edges;
  const arrived = new Float64Array(snapshot.n);
  const increment = new Float64Array(snapshot.n);
  const flows: CreditedFlow[] = [];
  for (const round of result.rounds) {
    for (let j = 0; j < round.edges.length; j++) arrived[source[round.edges[j]]] += round.amounts[j];
    round.nodes.forEach((node, k) => (increment[node] = round.increments[k]));
    for (let j = 0; j < round.edges.length; j++) {
      const e = round.edges[j];
      const c = source[e];
      const scale = arrived[c] > 0 ? increment[c] / arrived[c] : 0;
      const usd = round.amounts[j] * scale;
      if (usd > 0) flows.push({ round: round.round, edge: e, debtor: target[e], creditor: c, usd });
    }
    for (let j = 0; j < round.edges.length; j++) arrived[source[round.edges[j]]] = 0;
    round.nodes.forEach((node) => (increment[node] = 0));
  }
  return flows;
}

/** Builds (once per result) the flows, who passed when, and each passer's origin shares. */
export function flowIndex(snapshot: Snapshot, result: ContagionResult): FlowIndex {
  const cached = indexCache.get(result);
  if (cached) return cached;
  if (result.rounds.length !== result.lossRounds)
    throw new Error('attribution needs the round records (run the contagion with recordRounds)');
  const n = snapshot.n;
  const flows = creditedFlows(snapshot, result);
  const byRound = lossesByRound(result);
  const passRound = new Int32Array(n);
  const passedLoss = new Float64Array(n);
  const inflows: number[][] = Array.from({ length: n }, () => []);
  flows.forEach((f, k) => {
    inflows[f.creditor].push(k);
    if (passRound[f.debtor] === 0) {
      passRound[f.debtor] = f.round;
      passedLoss[f.debtor] = byRound[f.round - 1][f.debtor];
    }
  });
  const origin: (Map<number, number> | null)[] = new Array<Map<number, number> | null>(n).fill(null);
  // Flows are in round order, so a debtor's origin is complete before any of its flows is read.
  const originOf = (d: number): Map<number, number> => {
    let shares = origin[d];
    if (shares) return shares;
    shares = new Map();
    const L = passedLoss[d];
    if (result.initialLosses[d] > 0) shares.set(d, result.initialLosses[d] / L);
    for (const k of inflows[d]) {
      const f = flows[k];
      if (f.round >= passRound[d]) break;
      for (const [seed, share] of originOf(f.debtor)) shares.set(seed, (shares.get(seed) ?? 0) + (share * f.usd) / L);
    }
    origin[d] = shares;
    return shares;
  };
  for (let i = 0; i < n; i++) if (passRound[i] > 0) originOf(i);
  let indirectLoss = 0;
  for (const f of flows) indirectLoss += f.usd;
  const index = { flows, passRound, passedLoss, inflows, origin, initialLosses: result.initialLosses, indirectLoss };
  indexCache.set(result, index);
  return index;
}

export interface AttributionOptions {
  /** Paths below this share of the target's indirect loss are summed into `rest`. Default 0.001. */
  minShare?: number;
  /** At most this many paths listed. Default 50. */
  maxPaths?: number;
  /** Only the loss credited up to this round (the playback's); default: all rounds. */
  upToRound?: number;
}

/** Why `target` lost what contagion added to it: by seed, by incoming edge, and path by path. */
export function attributeLoss(
  snapshot: Snapshot,
  result: ContagionResult,
  target: number,
  options: AttributionOptions = {},
): Attribution {
  const index = flowIndex(snapshot, result);
  const { flows, inflows, origin, passRound, passedLoss, initialLosses } = index;
  const minShare = options.minShare ?? 0.001;
  const maxPaths = options.maxPaths ?? 50;

  const upTo = options.upToRound ?? Infinity;
  const incoming = inflows[target].map((k) => flows[k]).filter((f) => f.round <= upTo);
  const indirectLoss = incoming.reduce((s, f) => s + f.usd, 0);
  const seedUsd = new Map<number, number>();
  for (const f of incoming)
    for (const [seed, share] of origin[f.debtor]!) seedUsd.set(seed, (seedUsd.get(seed) ?? 0) + share * f.usd);
  const bySeed = [...seedUsd].map(([seed, usd]) => ({ seed, usd })).sort((a, b) => b.usd - a.usd || a.seed - b.seed);

  // Depth-first, backwards from the target; a branch below the cut is summed whole into `rest`.
  const cut = minShare * indirectLoss;
  const paths: LossPath[] = [];
  const rest = { usd: 0, paths: 0 };
  // Paths behind a passer, memoised per node (a node passes once, so the count depends on it alone).
  const pathCount = new Float64Array(snapshot.n).fill(-1);
  const countPaths = (d: number): number => {
    if (pathCount[d] >= 0) return pathCount[d];
    let count = initialLosses[d] > 0 ? 1 : 0;
    for (const k of inflows[d]) {
      if (flows[k].round >= passRound[d]) break;
      count += countPaths(flows[k].debtor);
    }
    return (pathCount[d] = count);
  };
  const walk = (d: number, round: number, usd: number, tail: number[], tailRounds: number[]) => {
    if (usd < cut || usd <= 0) {
      rest.usd += usd;
      rest.paths += countPaths(d);
      return;
    }
    const L = passedLoss[d];
    if (initialLosses[d] > 0) {
      const own = (usd * initialLosses[d]) / L;
      if (own >= cut) paths.push({ nodes: [d, ...tail], rounds: [round, ...tailRounds], usd: own });
      else {
        rest.usd += own;
        rest.paths++;
      }
    }
    for (const k of inflows[d]) {
      const f = flows[k];
      if (f.round >= passRound[d]) break;
      walk(f.debtor, f.round, (usd * f.usd) / L, [d, ...tail], [round, ...tailRounds]);
    }
  };
  for (const f of incoming) walk(f.debtor, f.round, f.usd, [target], []);
  paths.sort((a, b) => b.usd - a.usd);
  for (const p of paths.splice(maxPaths)) {
    rest.usd += p.usd;
    rest.paths++;
  }
  return {
    target,
    indirectLoss,
    bySeed,
    incoming: [...incoming].sort((a, b) => b.usd - a.usd || a.round - b.round),
    paths,
    rest,
  };
}

export interface CarryingEdge {
  edge: number;
  debtor: number;
  creditor: number;
  /** USD credited along the edge, all rounds together. */
  usd: number;
  /** usd / the run's indirect loss (all edges sum to 1). */
  share: number;
}

/**
 * Edges by the contagion loss they carried up to `upToRound` (default: all rounds), descending; all of
 * them sum to the indirect loss credited by then, which each share is of.
 */
export function carryingEdges(
  snapshot: Snapshot,
  result: ContagionResult,
  top?: number,
  upToRound = Infinity,
): CarryingEdge[] {
  const index = flowIndex(snapshot, result);
  const byEdge = new Map<number, CarryingEdge>();
  let carried = 0;
  for (const f of index.flows) {
    if (f.round > upToRound) continue;
    carried += f.usd;
    const e = byEdge.get(f.edge);
    if (e) e.usd += f.usd;
    else byEdge.set(f.edge, { edge: f.edge, debtor: f.debtor, creditor: f.creditor, usd: f.usd, share: 0 });
  }
  const edges = [...byEdge.values()].sort((a, b) => b.usd - a.usd || a.edge - b.edge);
  for (const e of edges) e.share = carried > 0 ? e.usd / carried : 0;
  return top === undefined ? edges : edges.slice(0, top);
}

/** The canvas highlights the fewest edges that carried this share of the contagion loss, at most MAX of them. */
export const MAIN_CARRIER_SHARE = 0.8;
export const MAIN_CARRIER_MAX = 20;

/** Edges that together carried at least `share` of the indirect loss (fewest first), for the canvas. */
export function mainCarriers(
  snapshot: Snapshot,
  result: ContagionResult,
  share = MAIN_CARRIER_SHARE,
  max = MAIN_CARRIER_MAX,
  upToRound = Infinity,
): CarryingEdge[] {
  const out: CarryingEdge[] = [];
  let covered = 0;
  for (const e of carryingEdges(snapshot, result, undefined, upToRound)) {
    if (covered >= share || out.length >= max) break;
    out.push(e);
    covered += e.share;
  }
  return out;
}
