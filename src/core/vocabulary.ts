// One vocabulary for the app, the exports and the CLI: what "shocked", "distressed" and "rounds"
// count. Every figure with one of these words comes from here, so the same word is the same count.
//
// - shocked:    nodes the scenario hits directly (a positive initial loss: the seeds).
// - distressed: nodes that crossed τ through contagion (loss > τ·TVL); seeds are excluded, shocked
//               or not, as they are counted as shocked.
// - rounds:     rounds in which some loss was passed on (a round that only moves loss counts).
//
// The reference (DeXposure-FM's simulate_contagion) counts differently, and the CLI keeps its keys
// for parity: affected_count / distressed_nodes = seeds + distressed; propagation_rounds = rounds
// that distressed someone new. README "Contagion semantics" has the key table.
import type { ContagionResult, SweepEntry } from './contagion';
import type { Snapshot } from './types';

export const COUNT_MEANINGS = {
  shocked: 'Nodes the scenario hits directly (the seeds)',
  distressed: 'Nodes whose loss crossed τ of their TVL through contagion (seeds not counted)',
  rounds: 'Rounds in which some loss was passed on',
} as const;

export interface ScenarioCounts {
  shocked: number;
  distressed: number;
  rounds: number;
}

/** The counts after `round` loss rounds (default: the final state), clamped to what was recorded. */
export function scenarioCounts(result: ContagionResult, round: number = Infinity): ScenarioCounts {
  const shocked = result.seedIndices.length;
  const last = result.rounds.length;
  const k = Math.max(0, Math.min(last, Math.round(round)));
  // Without per-round records (the sweep's path) only the final state is known.
  if (k === last) return { shocked, distressed: result.affectedCount - shocked, rounds: result.lossRounds };
  const affected = k === 0 ? shocked : result.rounds[k - 1].affected;
  return { shocked, distressed: affected - shocked, rounds: k };
}

/** A sweep row's counts: one protocol is shocked. */
export function sweepCounts(entry: SweepEntry): ScenarioCounts {
  return { shocked: 1, distressed: entry.affectedCount - 1, rounds: entry.lossRounds };
}

/** Node i is distressed in the final state: crossed τ through contagion, not a seed. */
export function isDistressed(result: ContagionResult, i: number): boolean {
  return result.distressed[i] === 1 && !(result.initialLosses[i] > 0);
}

/** The explicit keys the CLI and the JSON export add next to the reference's (same meanings as the app). */
export function countsToJson(snapshot: Snapshot, result: ContagionResult) {
  const counts = scenarioCounts(result);
  const shockedNodes = Array.from(result.seedIndices, (i) => snapshot.ids[i]).sort();
  const distressedNodes: string[] = [];
  for (let i = 0; i < snapshot.n; i++) if (isDistressed(result, i)) distressedNodes.push(snapshot.ids[i]);
  distressedNodes.sort();
  return {
    shocked_count: counts.shocked,
    shocked_nodes: shockedNodes,
    distressed_count: counts.distressed,
    distressed_by_contagion: distressedNodes,
    loss_rounds: counts.rounds,
  };
}
