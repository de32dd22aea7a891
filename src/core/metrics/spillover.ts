// Sector spillover (DeXposure-FM, Sec. 6.1): S_ij = total exposure from sector i to sector j
// (Σ weight of edges whose source is in sector i and target in sector j), for i ≠ j.
// SpilloverIndex = HHI of the off-diagonal cells' shares of Σ_{i≠j} S_ij: 1 when all
// cross-sector exposure runs along one sector pair, 1/42 when spread evenly over all 7×6 pairs.
import { SECTORS, type Sector, type Snapshot } from '../types';
import { exposureGraph, hhi } from './graph';

export interface SpilloverResult {
  /** Row/column order of `matrix` (= SECTORS). */
  sectors: Sector[];
  /** matrix[i][j] = S_ij in USD; the diagonal is 0 (intra-sector exposure is not spillover). */
  matrix: number[][];
  /** Σ_{i≠j} S_ij in USD. */
  total: number;
  /** HHI of the off-diagonal shares S_ij / total (0 when total = 0). */
  index: number;
}

const sectorIndex = new Map<string, number>(SECTORS.map((s, i) => [s, i]));
const OTHER = sectorIndex.get('Other / Unknown')!;

export function sectorSpillover(snapshot: Snapshot): SpilloverResult {
  const g = exposureGraph(snapshot);
  const k = SECTORS.length;
  // A sector string outside SECTORS (hand-built snapshot) is counted as 'Other / Unknown'.
  const nodeSector = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) nodeSector[i] = sectorIndex.get(snapshot.sectors[i]) ?? OTHER;

  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < g.n; i++) {
    const from = nodeSector[i];
    for (let j = g.rowStart[i]; j < g.rowStart[i + 1]; j++) {
      const to = nodeSector[g.target[j]];
      if (to !== from) matrix[from][to] += g.weight[j];
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
  return { sectors: [...SECTORS], matrix, total, index: hhi(offDiagonal) };
}
