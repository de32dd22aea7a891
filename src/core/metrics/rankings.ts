// Two systemic rankings an analyst can defend, beside the paper's SIS (kept as published):
// - systemic impact: the system loss caused if the protocol fails alone at δ (the sweep, under the
//   scenario's rule, τ, rounds and perimeter); its contagion part is what it passes on to others.
// - vulnerability: the loss a protocol suffers summed over every *other* protocol failing alone at
//   δ (all of it contagion: its own failure is left out), with how many of those failures reach it,
//   how many distress it (loss > τ·TVL) and the worst one.
// Both come from one sweep: every protocol-kind node with TVL > 0 is shocked alone.
import { DEFAULT_THRESHOLD, sweep, type ContagionOptions, type SweepEntry } from '../contagion';
import type { Snapshot } from '../types';

export interface VulnerabilityRow {
  index: number;
  id: string;
  name: string;
  tvl: number;
  /** Σ over other protocols' single failures of this protocol's loss (USD). */
  sufferedUsd: number;
  /** Failures (of others) in which it lost anything. */
  failuresReaching: number;
  /** Failures (of others) after which its loss exceeds τ of its TVL. */
  failuresDistressing: number;
  /** The single failure that costs it most (node index), or -1. */
  worstFailure: number;
  worstUsd: number;
}

export interface SystemicRankings {
  /** Every failure, ranked by total system loss caused (descending, ties by id): the sweep. */
  impact: SweepEntry[];
  /** Every protocol-kind node, ranked by loss suffered across the failures of others (descending, ties by id). */
  vulnerability: VulnerabilityRow[];
  /** How many single failures were run (protocols with TVL > 0). */
  failures: number;
  fraction: number;
}

export function systemicRankings(
  snapshot: Snapshot,
  options: ContagionOptions & { fraction?: number } = {},
): SystemicRankings {
  const n = snapshot.n;
  const suffered = new Float64Array(n);
  const reaching = new Int32Array(n);
  const distressing = new Int32Array(n);
  const worstFailure = new Int32Array(n).fill(-1);
  const worstUsd = new Float64Array(n);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const tvl = snapshot.tvl;
  const impact = sweep(snapshot, {
    ...options,
    onRun: (entry, losses) => {
      for (let j = 0; j < n; j++) {
        const loss = losses[j];
        if (j === entry.index || !(loss > 0)) continue;
        suffered[j] += loss;
        reaching[j]++;
        if (tvl[j] > 0 && loss > threshold * tvl[j]) distressing[j]++;
        if (loss > worstUsd[j]) {
          worstUsd[j] = loss;
          worstFailure[j] = entry.index;
        }
      }
    },
  });
  const vulnerability: VulnerabilityRow[] = [];
  for (let j = 0; j < n; j++) {
    if (snapshot.kinds[j] !== 'protocol') continue;
    vulnerability.push({
      index: j,
      id: snapshot.ids[j],
      name: snapshot.names[j],
      tvl: tvl[j],
      sufferedUsd: suffered[j],
      failuresReaching: reaching[j],
      failuresDistressing: distressing[j],
      worstFailure: worstFailure[j],
      worstUsd: worstUsd[j],
    });
  }
  vulnerability.sort((a, b) => b.sufferedUsd - a.sufferedUsd || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { impact, vulnerability, failures: impact.length, fraction: options.fraction ?? 0.5 };
}

/** Why SIS's tail term is 1 for small holders: the top-5 share of five holdings or fewer is all of them. */
export const SIS_TAIL_NOTE =
  'Tail exposure is the share of a protocol’s holdings held in its 5 largest debtors, so it is 1.000 for any protocol ' +
  'holding 5 or fewer others: SIS then tells small holders apart only by PageRank and TVL.';
