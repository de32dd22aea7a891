// The node table's rows (every node of the graph, whatever the filters draw), its sort and its CSV.
// Pure, so the table, its export and the tests agree.
import Papa from 'papaparse';
import { cleanPct, cleanUsd, csvSafeText } from '../export';
import type { Snapshot } from '../types';

export interface NodeRow {
  index: number;
  id: string;
  name: string;
  kind: 'protocol' | 'token';
  sector: string;
  category: string;
  tvl: number;
  /** Σ USD this node holds of tokens issued by others in the graph (its out-edges). */
  holdingsOut: number;
  /** Σ USD of this node's tokens held by others (its in-edges). */
  exposureIn: number;
  /** Loss at the round shown (0 without a scenario). */
  loss: number;
  /** Loss as % of the node's own TVL (0 when TVL is 0). */
  lossPct: number;
  sis: number;
  /** Rank in the single-failure sweep (1 = its failure alone costs the system most); null for a
   * node the sweep does not shock (a token, a protocol without TVL). */
  impactRank: number | null;
}

export const NODE_COLUMNS = [
  'name',
  'sector',
  'tvl',
  'holdingsOut',
  'exposureIn',
  'loss',
  'lossPct',
  'sis',
  'impactRank',
] as const;
export type NodeColumn = (typeof NODE_COLUMNS)[number];

export function nodeRows(
  snapshot: Snapshot,
  losses: ArrayLike<number> | null,
  sis: ArrayLike<number> | null,
  impactOrder: ArrayLike<number>,
): NodeRow[] {
  const out = new Float64Array(snapshot.n);
  const inn = new Float64Array(snapshot.n);
  const { m, source, target, weight } = snapshot.edges;
  for (let e = 0; e < m; e++) {
    out[source[e]] += weight[e];
    inn[target[e]] += weight[e];
  }
  const rank = new Map<number, number>();
  for (let k = 0; k < impactOrder.length; k++) rank.set(impactOrder[k], k + 1);
  const rows: NodeRow[] = new Array(snapshot.n);
  for (let i = 0; i < snapshot.n; i++) {
    const loss = losses ? losses[i] : 0;
    const tvl = snapshot.tvl[i];
    rows[i] = {
      index: i,
      id: snapshot.ids[i],
      name: snapshot.names[i] || snapshot.ids[i],
      kind: snapshot.kinds[i],
      sector: snapshot.sectors[i],
      category: snapshot.categories[i],
      tvl,
      holdingsOut: out[i],
      exposureIn: inn[i],
      loss,
      lossPct: tvl > 0 ? (100 * loss) / tvl : 0,
      sis: sis ? sis[i] : 0,
      impactRank: rank.get(i) ?? null,
    };
  }
  return rows;
}

/** Rows whose name, id, sector or category contains the text (case-insensitive). */
export function searchRows(rows: NodeRow[], text: string): NodeRow[] {
  const q = text.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter(
    (r) =>
      r.name.toLowerCase().includes(q) ||
      r.id.toLowerCase().includes(q) ||
      r.sector.toLowerCase().includes(q) ||
      r.category.toLowerCase().includes(q),
  );
}

/** Stable sort by one column; an unranked impact rank sorts after every ranked one either way. */
export function sortRows(rows: NodeRow[], column: NodeColumn, dir: 'asc' | 'desc'): NodeRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (column === 'impactRank') {
      if (a.impactRank === null || b.impactRank === null)
        return a.impactRank === b.impactRank ? a.index - b.index : a.impactRank === null ? 1 : -1;
      return sign * (a.impactRank - b.impactRank) || a.index - b.index;
    }
    const va = a[column];
    const vb = b[column];
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return sign * c || a.index - b.index;
  });
}

/** The table as CSV, in the order given (the filtered, sorted rows on screen). */
export function nodeRowsToCsv(rows: NodeRow[]): string {
  return Papa.unparse({
    fields: [
      'id',
      'name',
      'kind',
      'sector',
      'category',
      'tvl_usd',
      'holdings_out_usd',
      'exposure_in_usd',
      'loss_usd',
      'loss_pct_of_tvl',
      'sis',
      'impact_rank',
    ],
    data: rows.map((r) => [
      csvSafeText(r.id),
      csvSafeText(r.name),
      r.kind,
      r.sector,
      csvSafeText(r.category),
      cleanUsd(r.tvl),
      cleanUsd(r.holdingsOut),
      cleanUsd(r.exposureIn),
      cleanUsd(r.loss),
      cleanPct(r.lossPct),
      cleanPct(r.sis),
      r.impactRank ?? '',
    ]),
  });
}
