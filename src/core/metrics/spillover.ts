// Sector spillover (DeXposure-FM, Sec. 6.1): S_ij = total exposure from group i to group j
// (Σ weight of edges whose source is in group i and target in group j), for i ≠ j.
// SpilloverIndex = HHI of the off-diagonal cells' shares of Σ_{i≠j} S_ij: 1 when all
// cross-group exposure runs along one pair, 1/42 when spread evenly over all 7×6 sector pairs.
//
// Groups: 'sector' (default) = DeXposure's 7 broad sectors, in SECTORS order; 'category' = the
// raw categories present in the snapshot (alphabetical), which is what the reference's
// `compute_sector_spillover_index` groups by when given no sector map.
import { SECTORS, type Snapshot } from '../types';
import { exposureGraph } from '../graph';
import { hhi } from './stats';

export const SPILLOVER_GROUPS = ['sector', 'category'] as const;
export type SpilloverGroup = (typeof SPILLOVER_GROUPS)[number];

export interface SpilloverResult {
  group: SpilloverGroup;
  /** Row/column labels of `matrix` (SECTORS for 'sector'). */
  groups: string[];
  /** matrix[i][j] = S_ij in USD; the diagonal is 0 (intra-group exposure is not spillover). */
  matrix: number[][];
  /** Σ_{i≠j} S_ij in USD. */
  total: number;
  /** HHI of the off-diagonal shares S_ij / total (0 when total = 0). */
  index: number;
}

const OTHER = 'Other / Unknown';

export function sectorSpillover(snapshot: Snapshot, group: SpilloverGroup = 'sector'): SpilloverResult {
  const g = exposureGraph(snapshot);
  let groups: string[];
  let labelOf: (i: number) => string;
  if (group === 'sector') {
    groups = [...SECTORS];
    const known = new Set<string>(SECTORS);
    // A sector string outside SECTORS (hand-built snapshot) is counted as 'Other / Unknown'.
    labelOf = (i) => (known.has(snapshot.sectors[i]) ? snapshot.sectors[i] : OTHER);
  } else {
    groups = [...new Set(snapshot.categories)].sort();
    labelOf = (i) => snapshot.categories[i];
  }
  const groupIndex = new Map(groups.map((label, k) => [label, k]));
  const nodeGroup = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) nodeGroup[i] = groupIndex.get(labelOf(i))!;

  const k = groups.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < g.n; i++) {
    const from = nodeGroup[i];
    for (let j = g.outStart[i]; j < g.outStart[i + 1]; j++) {
      const to = nodeGroup[g.outTarget[j]];
      if (to !== from) matrix[from][to] += g.outWeight[j];
    }
  }
  const offDiagonal: number[] = [];
  let total = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (a === b) continue;
      offDiagonal.push(matrix[a][b]);
      total += matrix[a][b];
    }
  }
  return { group, groups, matrix, total, index: hhi(offDiagonal) };
}
