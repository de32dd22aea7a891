// How many nodes each sector has each week: the calibration window, the node scale factor, and
// the per-sector, per-week counts of nodes alive, entering and leaving that follow the real
// DeXposure node counts. Counts only; which protocols fill them is roster.ts's job.
import type { HistoryCalibration } from './calibration';
import { PMT, S } from './params';

/** The calibration rows of the weeks to generate. */
export function selectWindow(cal: HistoryCalibration, weeks: number, start?: string): { from: number; to: number } {
  const n = cal.dates.length;
  if (start !== undefined) {
    const from = cal.dates.findIndex((d) => d >= start);
    if (from < 0) throw new Error(`--start ${start} is after the last calibration week ${cal.dates[n - 1]}`);
    return { from, to: Math.min(n, from + weeks) };
  }
  return { from: Math.max(0, n - weeks), to: n };
}

export interface Schedule {
  alive: number[][];
  entries: number[][];
  exits: number[][];
  /** Exits in the weeks after the window (their protocols decline inside it). */
  exitsAfter: number[][];
}

/** Fewest protocols alive in a sector the real network has that week. */
export const MIN_ALIVE = 3;

/** Alive / entering / leaving counts per sector and week for a node scale factor. */
export function buildSchedule(counts: number[][], scale: number, exitRate: number, after: number): Schedule {
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

/** Exits per sector in week `week` (counted from the window's first week; past its end, exitsAfter). */
export function exitsIn(schedule: Schedule, week: number): number[] | undefined {
  const K = schedule.exits.length;
  return week < K ? schedule.exits[week] : schedule.exitsAfter[week - K];
}

/** Nodes of sector s over the whole window: alive in the first week plus every entrant. */
export function unionOf(schedule: Schedule, s: number): number {
  let u = schedule.alive[0][s];
  for (let t = 1; t < schedule.alive.length; t++) u += schedule.entries[t][s];
  return u;
}

/** Protocols over the whole window (token nodes left out). */
export function protocolUnion(schedule: Schedule): number {
  let u = 0;
  for (let s = 0; s < S; s++) if (s !== PMT) u += unionOf(schedule, s);
  return u;
}

/**
 * The node scale factor (our node counts = about scale × the real ones): either nodes in the
 * last week, or, by bisection, the smallest scale giving `protocols` protocols over the window.
 */
export function fitNodeScale(
  counts: number[][],
  size: { protocols?: number; nodesLastWeek?: number },
  exitRate: number,
): number {
  if (size.nodesLastWeek !== undefined) {
    const lastTotal = counts[counts.length - 1].reduce((a, b) => a + b, 0);
    if (lastTotal <= 0) throw new Error('the last calibration week has no nodes');
    return size.nodesLastWeek / lastTotal;
  }
  const target = size.protocols ?? 600;
  let lo = 0;
  let hi = 1;
  while (protocolUnion(buildSchedule(counts, hi, exitRate, 0)) < target && hi < 1e4) hi *= 2;
  for (let it = 0; it < 50; it++) {
    const mid = (lo + hi) / 2;
    if (protocolUnion(buildSchedule(counts, mid, exitRate, 0)) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}
