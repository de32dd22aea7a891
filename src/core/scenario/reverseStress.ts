// Reverse stress test: the smallest shock that makes the system lose ≥ X% of the perimeter's TVL,
// or distresses ≥ N nodes. Three searches: δ for one protocol, the de-peg size of one token, or the
// smallest set of protocols at a given δ (greedy). Also the curves of system loss against δ (every
// current seed at the same δ) and against τ (the current seeds as they are).
//
// Monotonicity: the engine's loss is not monotone in δ in general (a node passes on only the loss it
// holds when it becomes distressed; tests/unit/contagion.test.ts has counterexamples). So the δ
// search does not just bisect: it scans a grid of 101 values of δ, takes the first that reaches the
// target, and bisects between it and the grid value before it, which assumes monotonicity only
// within one grid step of 0.01. The answer says how many grid steps went down instead of up.
import { scenarioCounts } from '../vocabulary';
import { runContagion, type ContagionOptions, type ContagionResult, type Seed } from '../contagion';
import type { Snapshot } from '../types';

export type ReverseTarget = { kind: 'lossPct'; value: number } | { kind: 'distressed'; value: number };

export type ReverseSearch =
  { kind: 'protocol'; id: string } | { kind: 'token'; symbol: string } | { kind: 'set'; fraction: number };

export interface ReverseAnswer {
  search: ReverseSearch;
  target: ReverseTarget;
  reached: boolean;
  /** The smallest δ found (protocol / token search), rounded to 1e-4; null when not reached. */
  fraction: number | null;
  /** The protocols picked, in the order picked (set search); empty when not reached. */
  set: { id: string; name: string }[];
  /** The metric at the answer (or at the largest shock tried, when not reached). */
  lossPct: number;
  distressedCount: number;
  /** How the answer was searched, and what it assumes, in words. */
  method: string;
  /** Grid steps where the metric went down as δ went up (0 = monotone on the grid). */
  nonMonotoneSteps: number;
  /** Engine runs used. */
  runs: number;
  /** In words, when the target is not reached (or cannot be tested). */
  note: string | null;
}

/** Nodes with loss > τ·TVL (TVL > 0) at the end, as the app's "distressed" count. */
/** Distressed as everywhere (src/core/vocabulary.ts): crossed τ through contagion, seeds not counted. */
export function distressedAtEnd(_snapshot: Snapshot, result: ContagionResult): number {
  return scenarioCounts(result).distressed;
}

function metric(target: ReverseTarget, snapshot: Snapshot, result: ContagionResult): number {
  return target.kind === 'lossPct' ? result.totalLossPct : distressedAtEnd(snapshot, result);
}

function describeTarget(target: ReverseTarget): string {
  return target.kind === 'lossPct'
    ? `system loss ≥ ${+target.value.toFixed(4)}% of the perimeter's TVL`
    : `≥ ${target.value} distressed nodes (loss > τ·TVL)`;
}

const GRID = 100;
const BISECTIONS = 20;
/** The greedy set search looks at the largest protocols by TVL only (a seed's direct loss is δ·TVL). */
export const SET_CANDIDATES = 150;
export const SET_MAX_SIZE = 25;

export function reverseStress(
  snapshot: Snapshot,
  search: ReverseSearch,
  target: ReverseTarget,
  options: ContagionOptions = {},
): ReverseAnswer {
  const opts = { ...options, recordRounds: false };
  return search.kind === 'set'
    ? greedySet(snapshot, search, target, opts)
    : deltaSearch(snapshot, search, target, opts);
}

function deltaSearch(
  snapshot: Snapshot,
  search: Extract<ReverseSearch, { kind: 'protocol' | 'token' }>,
  target: ReverseTarget,
  opts: ContagionOptions,
): ReverseAnswer {
  const seedAt = (fraction: number): Seed[] =>
    search.kind === 'protocol'
      ? [{ kind: 'protocol', id: search.id, fraction }]
      : [{ kind: 'token', symbol: search.symbol, fraction }];
  let runs = 0;
  const run = (fraction: number) => {
    runs++;
    return runContagion(snapshot, seedAt(fraction), opts);
  };
  const what = search.kind === 'protocol' ? `δ of protocol ${search.id}` : `de-peg of ${search.symbol}`;
  const values: number[] = [];
  let firstHit = -1;
  let nonMonotoneSteps = 0;
  let last: ContagionResult | null = null;
  for (let k = 0; k <= GRID; k++) {
    last = run(k / GRID);
    const v = metric(target, snapshot, last);
    if (k > 0 && v < values[k - 1] - 1e-9 * Math.max(1, Math.abs(values[k - 1]))) nonMonotoneSteps++;
    values.push(v);
    if (firstHit < 0 && v >= target.value) firstHit = k;
  }
  const method =
    `scanned ${what} on a grid of ${GRID + 1} values (0, 0.01, …, 1), then bisected ${BISECTIONS} times ` +
    `between the last grid value below the target and the first at or above it; assumes the loss grows ` +
    `with δ within one grid step` +
    (nonMonotoneSteps > 0
      ? ` (on the grid it went down ${nonMonotoneSteps} times: not monotone here)`
      : ' (it did on the grid)');
  if (firstHit < 0) {
    return {
      search,
      target,
      reached: false,
      fraction: null,
      set: [],
      lossPct: last!.totalLossPct,
      distressedCount: distressedAtEnd(snapshot, last!),
      method,
      nonMonotoneSteps,
      runs,
      note: `no ${search.kind === 'protocol' ? 'shock of this protocol' : 'de-peg of this token'}, up to 100%, reaches ${describeTarget(target)}`,
    };
  }
  let hi = firstHit / GRID;
  let lo = firstHit === 0 ? 0 : (firstHit - 1) / GRID;
  let best = run(hi);
  if (firstHit > 0) {
    for (let b = 0; b < BISECTIONS; b++) {
      const mid = (lo + hi) / 2;
      const r = run(mid);
      if (metric(target, snapshot, r) >= target.value) {
        hi = mid;
        best = r;
      } else lo = mid;
    }
  }
  // Round up to 1e-4 so the stated δ itself reaches the target.
  const rounded = Math.min(1, Math.ceil(hi * 1e4 - 1e-9) / 1e4);
  const check = run(rounded);
  if (metric(target, snapshot, check) >= target.value) best = check;
  return {
    search,
    target,
    reached: true,
    fraction: metric(target, snapshot, check) >= target.value ? rounded : hi,
    set: [],
    lossPct: best.totalLossPct,
    distressedCount: distressedAtEnd(snapshot, best),
    method,
    nonMonotoneSteps,
    runs,
    note: null,
  };
}

function greedySet(
  snapshot: Snapshot,
  search: Extract<ReverseSearch, { kind: 'set' }>,
  target: ReverseTarget,
  opts: ContagionOptions,
): ReverseAnswer {
  const candidates: number[] = [];
  for (let i = 0; i < snapshot.n; i++) if (snapshot.kinds[i] === 'protocol' && snapshot.tvl[i] > 0) candidates.push(i);
  candidates.sort((a, b) => snapshot.tvl[b] - snapshot.tvl[a] || a - b);
  candidates.length = Math.min(candidates.length, SET_CANDIDATES);
  const method =
    `greedy: starting from no shock, adds at each step the protocol (among the ${candidates.length} largest by TVL) ` +
    `whose shock at δ = ${search.fraction} raises ${target.kind === 'lossPct' ? 'the system loss' : 'the distressed count (ties: the loss)'} most, ` +
    `until the target is reached or ${SET_MAX_SIZE} protocols are picked; greedy is not guaranteed to find the smallest set`;
  const picked: number[] = [];
  const used = new Uint8Array(snapshot.n);
  let runs = 0;
  let best: ContagionResult | null = null;
  while (picked.length < Math.min(SET_MAX_SIZE, candidates.length)) {
    let stepBest: { i: number; result: ContagionResult; score: number } | null = null;
    for (const i of candidates) {
      if (used[i]) continue;
      const seeds: Seed[] = [...picked, i].map((j) => ({
        kind: 'protocol',
        id: snapshot.ids[j],
        fraction: search.fraction,
      }));
      const result = runContagion(snapshot, seeds, opts);
      runs++;
      const score = metric(target, snapshot, result);
      if (
        !stepBest ||
        score > stepBest.score ||
        (score === stepBest.score && result.totalLoss > stepBest.result.totalLoss)
      )
        stepBest = { i, result, score };
    }
    if (!stepBest) break;
    picked.push(stepBest.i);
    used[stepBest.i] = 1;
    best = stepBest.result;
    if (stepBest.score >= target.value) {
      return {
        search,
        target,
        reached: true,
        fraction: search.fraction,
        set: picked.map((j) => ({ id: snapshot.ids[j], name: snapshot.names[j] })),
        lossPct: best.totalLossPct,
        distressedCount: distressedAtEnd(snapshot, best),
        method,
        nonMonotoneSteps: 0,
        runs,
        note: null,
      };
    }
  }
  return {
    search,
    target,
    reached: false,
    fraction: search.fraction,
    set: [],
    lossPct: best?.totalLossPct ?? 0,
    distressedCount: best ? distressedAtEnd(snapshot, best) : 0,
    method,
    nonMonotoneSteps: 0,
    runs,
    note: `no set of up to ${Math.min(SET_MAX_SIZE, candidates.length)} protocols shocked at δ = ${search.fraction} reaches ${describeTarget(target)}`,
  };
}

export interface CurvePoint {
  x: number;
  lossPct: number;
  distressedCount: number;
}

/** System loss and distressed count against δ (every seed at that δ) and against τ (seeds as they are). */
export function stressCurves(
  snapshot: Snapshot,
  seeds: Seed[],
  options: ContagionOptions = {},
  steps = 50,
  maxThreshold = 0.5,
): { delta: CurvePoint[]; threshold: CurvePoint[] } {
  const delta: CurvePoint[] = [];
  const threshold: CurvePoint[] = [];
  if (seeds.length === 0) return { delta, threshold };
  for (let k = 0; k <= steps; k++) {
    const x = k / steps;
    const r = runContagion(
      snapshot,
      seeds.map((s) => ({ ...s, fraction: x })),
      { ...options, recordRounds: false },
    );
    delta.push({ x, lossPct: r.totalLossPct, distressedCount: distressedAtEnd(snapshot, r) });
  }
  for (let k = 0; k <= steps; k++) {
    const x = (k / steps) * maxThreshold;
    const r = runContagion(snapshot, seeds, { ...options, threshold: x, recordRounds: false });
    threshold.push({ x, lossPct: r.totalLossPct, distressedCount: distressedAtEnd(snapshot, r) });
  }
  return { delta, threshold };
}
