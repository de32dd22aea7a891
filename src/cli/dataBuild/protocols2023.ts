// The full-size real node set: DefiLlama's protocol list of about 2023-10-19 (3,443 protocols with
// TVL, category and chains). It has no holdings, so no edges: we ship none rather than invent them.
import {
  compactSnapshotSchema,
  COMPACT_FORMAT,
  COMPACT_VERSION,
  type CompactSnapshotFile,
} from '../../core/snapshot/compactSchema';
import type { Sector } from '../../core/types';
import { sectorOfNode } from './defillama2026';
import { sectorSpiralLayout } from './layout';
import { CREDIT_2023, LICENCE_2023 } from './provenance';
import type { Protocol2023 } from './types';

export const DATASET_2023 = {
  name: 'defillama-protocols-2023-10-19',
  title: 'DefiLlama protocols, 2023-10-19',
  date: '2023-10-19',
} as const;

const round2 = (x: number) => Math.round(x * 100) / 100;

export interface Build2023Result {
  file: CompactSnapshotFile;
  nodes: number;
  totalTvl: number;
  sectorCounts: Partial<Record<Sector, number>>;
  /** Protocols whose sector came from id_to_info.json (the rest: our category table). */
  sectorFromIdToInfo: number;
}

export function buildProtocols2023(
  protocols: Protocol2023[],
  idToInfo: Map<string, { name: string; sector: string }>,
): Build2023Result {
  const seen = new Set<string>();
  const rows = protocols
    .filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)))
    .map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      sector: sectorOfNode(p.id, p.category, idToInfo),
      chains: [...p.chains].sort(),
      tvl: round2(p.tvlUsd),
    }))
    .sort((a, b) => b.tvl - a.tvl || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sectorCounts: Partial<Record<Sector, number>> = {};
  for (const r of rows) sectorCounts[r.sector] = (sectorCounts[r.sector] ?? 0) + 1;
  const sectorFromIdToInfo = rows.filter((r) => {
    const label = idToInfo.get(r.id)?.sector;
    return label !== undefined && label !== 'Others' && label !== 'Unknown';
  }).length;
  const totalTvl = rows.reduce((s, r) => s + r.tvl, 0);
  const file: CompactSnapshotFile = {
    format: COMPACT_FORMAT,
    version: COMPACT_VERSION,
    name: DATASET_2023.name,
    title: DATASET_2023.title,
    provenance: {
      source: "DefiLlama protocol list (via dthinkr/defi-tvl, the DeXposure authors' ETL)",
      date: DATASET_2023.date,
      synthetic: false,
      credit: CREDIT_2023,
      licence: LICENCE_2023,
      notes:
        `Nodes only: ${rows.length} real protocols with their TVL (${(totalTvl / 1e9).toFixed(2)} bn USD in all), category and chains, as DefiLlama listed them about 2023-10-19. ` +
        'This list has no token holdings, so there are no exposure edges: none are shipped, rather than invented, and contagion cannot spread here (a shock stays where it lands). ' +
        `Sectors: DeXposure's id_to_info.json for ${sectorFromIdToInfo} protocols, our category→sector table for the rest. ` +
        'Layout: one disc per sector, largest TVL at its centre.',
    },
    protocols: rows,
    tokens: [],
    weeks: [{ date: DATASET_2023.date, holdings: [], edges: [] }],
    layout: sectorSpiralLayout(rows),
  };
  compactSnapshotSchema.parse(file);
  return { file, nodes: rows.length, totalTvl, sectorCounts, sectorFromIdToInfo };
}
