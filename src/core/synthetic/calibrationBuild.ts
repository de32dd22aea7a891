// Extracts the history generator's calibration input from the real DeXposure / DefiLlama
// files (given as already-read text and JSON: this module does no I/O).
import Papa from 'papaparse';
import { SECTORS, type Sector } from '../types';
import { CALIBRATION_VERSION, roundSignificant, type HistoryCalibration, type RosterRow } from './calibration';

export interface DefiLlamaProtocol {
  id: number | string;
  listedAt?: number | null;
  name: string;
  category?: string | null;
  sector?: string | null;
  chains?: string[] | null;
  chainTvls_usd?: Record<string, number> | null;
  tvl_usd?: number | null;
  symbol?: string | null;
}

export interface CalibrationSources {
  /** dexposure/sector_exposure_matrix.csv: date,source_category,target_category,exposure */
  sectorExposureCsv: string;
  /** dexposure/sector_week_panel.csv: date,category,node_count,… */
  sectorWeekPanelCsv: string;
  /** dexposure/meta_df.csv: id,name,category (granular DefiLlama categories) */
  metaCsv: string;
  /** dexposure/id_to_info.json: id → {name, category = broad sector} */
  idToInfo: Record<string, { name: string; category: string }>;
  /** defillama-2023-10-19/protocols.json */
  protocols: DefiLlamaProtocol[];
  /** dexposure/token_to_protocol.json: group → symbol → {id, frequency} */
  tokenToProtocol: Record<string, Record<string, { id: string; frequency: number }>>;
  /** dexposure/rev_map.json: symbol → protocol id */
  revMap: Record<string, string>;
  /** Date the DefiLlama list reflects. */
  tvlDate: string;
}

export interface CalibrationBuildOptions {
  /** How many real protocols to keep (the committed file must stay small). */
  rosterSize?: number;
  /** How many primary tokens to keep, most held first. */
  primaryTokens?: number;
}

const OTHER: Sector = 'Other / Unknown';
const PRIMARY: Sector = 'Primary Market Tokens';

/** DeXposure's sector names are ours; its 'Others' / 'Unknown' (and anything unmapped) are 'Other / Unknown'. */
export function sectorIndexOf(name: string | null | undefined): number {
  const i = SECTORS.indexOf((name ?? '') as Sector);
  return i >= 0 ? i : SECTORS.indexOf(OTHER);
}

function readCsv(text: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, '').trim(), {
    header: true,
    skipEmptyLines: 'greedy',
  }).data;
}

/** A symbol that can serve as a token node id without clashing with a protocol id. */
function usableSymbol(symbol: string): boolean {
  return (
    symbol.length > 0 &&
    symbol.length <= 30 &&
    !/^\d+$/.test(symbol) &&
    !/^syn-/i.test(symbol) &&
    !/\s/.test(symbol) &&
    symbol !== 'nan'
  );
}

export function buildCalibration(src: CalibrationSources, opts: CalibrationBuildOptions = {}): HistoryCalibration {
  const rosterSize = opts.rosterSize ?? 2000;
  const primaryCount = opts.primaryTokens ?? 3000;
  const S = SECTORS.length;

  // Weekly sector × sector totals. The CSV's sector names are checked, not assumed.
  const dateIndex = new Map<string, number>();
  const dates: string[] = [];
  const matrixRows = readCsv(src.sectorExposureCsv);
  for (const r of matrixRows)
    if (!dateIndex.has(r.date)) {
      dateIndex.set(r.date, dates.length);
      dates.push(r.date);
    }
  const order = dates.map((d, i) => [d, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
  const exposure = dates.map(() => new Array<number>(S * S).fill(0));
  for (const r of matrixRows) {
    const a = SECTORS.indexOf(r.source_category as Sector);
    const b = SECTORS.indexOf(r.target_category as Sector);
    if (a < 0 || b < 0)
      throw new Error(`sector_exposure_matrix.csv: unknown sector "${a < 0 ? r.source_category : r.target_category}"`);
    const x = Number(r.exposure);
    if (!Number.isFinite(x) || x < 0)
      throw new Error(`sector_exposure_matrix.csv: bad exposure "${r.exposure}" on ${r.date}`);
    exposure[dateIndex.get(r.date)!][a * S + b] += x;
  }
  const counts = dates.map(() => new Array<number>(S).fill(0));
  for (const r of readCsv(src.sectorWeekPanelCsv)) {
    const t = dateIndex.get(r.date);
    const s = SECTORS.indexOf(r.category as Sector);
    if (t === undefined) continue;
    if (s < 0) throw new Error(`sector_week_panel.csv: unknown sector "${r.category}"`);
    counts[t][s] = Number(r.node_count) || 0;
  }

  // Which symbols are primary token nodes (DeXposure's PRIMARY group whose "issuer" is the symbol itself).
  const primaryGroup = src.tokenToProtocol.PRIMARY ?? {};
  const primary = Object.entries(primaryGroup)
    .filter(([symbol, v]) => v.id === symbol && usableSymbol(symbol))
    .sort((x, y) => y[1].frequency - x[1].frequency || (x[0] < y[0] ? -1 : 1));
  const primarySet = new Set(primary.map(([s]) => s.toUpperCase()));

  // Tokens issued by protocols: DeXposure's MAP group, PRIMARY entries mapped to a protocol
  // (DAI→MakerDAO, STETH→Lido), and rev_map. A symbol belongs to one issuer: the most held wins.
  const issued: { symbol: string; id: string; frequency: number }[] = [];
  for (const group of ['MAP', 'PRIMARY'])
    for (const [symbol, v] of Object.entries(src.tokenToProtocol[group] ?? {}))
      if (/^\d+$/.test(String(v.id))) issued.push({ symbol, id: String(v.id), frequency: v.frequency ?? 0 });
  for (const [symbol, id] of Object.entries(src.revMap))
    if (/^\d+$/.test(String(id))) issued.push({ symbol, id: String(id), frequency: 0 });
  issued.sort((x, y) => y.frequency - x.frequency || (x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : 0));
  const takenSymbols = new Set(primarySet);
  const tokensOf = new Map<string, string[]>();
  for (const t of issued) {
    const key = t.symbol.toUpperCase();
    if (!usableSymbol(t.symbol) || takenSymbols.has(key)) continue;
    takenSymbols.add(key);
    const list = tokensOf.get(t.id) ?? [];
    if (list.length < 3) list.push(t.symbol);
    tokensOf.set(t.id, list);
  }

  // Candidates: every id DeXposure knows. Sector as DeXposure assigns it: id_to_info's broad
  // sector, and 'Other / Unknown' for ids it could not map (meta_df-only ids).
  const meta = new Map<string, { name: string; category: string }>();
  for (const r of readCsv(src.metaCsv))
    if (r.id) meta.set(String(r.id), { name: r.name ?? '', category: r.category ?? '' });
  const llama = new Map(src.protocols.map((p) => [String(p.id), p]));
  const ids = new Set<string>([...Object.keys(src.idToInfo), ...meta.keys()]);
  const candidates: RosterRow[] = [];
  for (const id of ids) {
    if (!/^\d+$/.test(id)) continue;
    const info = src.idToInfo[id];
    const m = meta.get(id);
    const p = llama.get(id);
    const name = m?.name || info?.name || p?.name || `Protocol ${id}`;
    const category = m?.category || p?.category || 'Unknown';
    const sector = info ? sectorIndexOf(info.category) : SECTORS.indexOf(OTHER);
    const tvl = p?.tvl_usd && p.tvl_usd > 0 ? roundSignificant(p.tvl_usd, 4) : null;
    const chainTvls = p?.chainTvls_usd ?? {};
    const chains = [...(p?.chains ?? [])].sort((x, y) => (chainTvls[y] ?? 0) - (chainTvls[x] ?? 0)).slice(0, 3);
    candidates.push([id, name, category, sector, tvl, chains.join('|'), (tokensOf.get(id) ?? []).join('|')]);
  }

  // Per-sector quotas follow the real node counts of the latest week (token nodes aside).
  const last = counts[order[order.length - 1][1]];
  const protocolSectors = SECTORS.map((_, s) => s).filter((s) => SECTORS[s] !== PRIMARY);
  const bySector = new Map<number, RosterRow[]>(protocolSectors.map((s) => [s, []]));
  for (const c of candidates) bySector.get(c[3])?.push(c);
  const quota = allocate(
    rosterSize,
    protocolSectors.map((s) => last[s]),
    protocolSectors.map((s) => bySector.get(s)!.length),
  );
  const roster: RosterRow[] = [];
  protocolSectors.forEach((s, k) => {
    const pool = bySector.get(s)!;
    const q = quota[k];
    // Most of the quota: the largest by TVL (the names people know). The rest: spread evenly
    // over the remaining ids, so protocols listed before and after the TVL date are kept too.
    const withTvl = pool.filter((r) => r[4] !== null).sort((x, y) => y[4]! - x[4]! || Number(x[0]) - Number(y[0]));
    const top = withTvl.slice(0, Math.min(withTvl.length, Math.ceil(0.7 * q)));
    const chosen = new Set(top.map((r) => r[0]));
    const rest = pool.filter((r) => !chosen.has(r[0])).sort((x, y) => Number(x[0]) - Number(y[0]));
    const need = q - top.length;
    for (let i = 0; i < need; i++) roster.push(rest[Math.floor(((i + 0.5) * rest.length) / need)]);
    roster.push(...top);
  });
  roster.sort((x, y) => Number(x[0]) - Number(y[0]));

  const lastDate = order[order.length - 1][0];
  const listingKnots = buildListingKnots(
    src.protocols,
    Math.max(...[...ids].map(Number).filter(Number.isFinite)),
    dates.length ? order[0][0] : lastDate,
    lastDate,
  );
  const totalTvl = src.protocols.reduce((sum, p) => sum + (p.tvl_usd && p.tvl_usd > 0 ? p.tvl_usd : 0), 0);
  return {
    version: CALIBRATION_VERSION,
    source:
      'DeXposure dataset (Wu et al. 2025): weekly sector exposure totals and node counts (sector_exposure_matrix.csv, sector_week_panel.csv), ' +
      'node metadata (meta_df.csv, id_to_info.json) and token→issuer mapping (token_to_protocol.json, rev_map.json); ' +
      `DefiLlama protocol list of ${src.tvlDate} (names, categories, chains, TVL).`,
    sectors: [...SECTORS],
    dates: order.map(([d]) => d),
    exposureMillions: order.map(([, i]) => exposure[i].map((x) => roundSignificant(x / 1e6, 4))),
    nodeCounts: order.map(([, i]) => counts[i]),
    tvlDate: src.tvlDate,
    totalTvl: roundSignificant(totalTvl, 6),
    listingKnots,
    roster,
    primaryTokens: primary.slice(0, primaryCount).map(([symbol, v]) => [symbol, roundSignificant(v.frequency, 2)]),
  };
}

/** Splits `total` in proportion to `weights`, never above `caps`, handing what a cap refuses to the others. */
export function allocate(total: number, weights: number[], caps: number[]): number[] {
  const out = weights.map(() => 0);
  let left = Math.min(
    total,
    caps.reduce((a, b) => a + b, 0),
  );
  let open = weights.map((_, i) => i).filter((i) => caps[i] > 0);
  while (left > 0 && open.length) {
    const wsum = open.reduce((a, i) => a + Math.max(weights[i], 1e-9), 0);
    let given = 0;
    for (const i of open) {
      const share = Math.max(0, Math.min(caps[i] - out[i], Math.floor((left * Math.max(weights[i], 1e-9)) / wsum)));
      out[i] += share;
      given += share;
    }
    if (given === 0) {
      // Rounding left a remainder: one each to the heaviest open sectors.
      for (const i of [...open].sort((a, b) => weights[b] - weights[a])) {
        if (given >= left) break;
        if (out[i] < caps[i]) {
          out[i]++;
          given++;
        }
      }
    }
    left -= given;
    open = open.filter((i) => out[i] < caps[i]);
  }
  return out;
}

const isoDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * (id, listing date) knots: the median DefiLlama listedAt of each block of 200 ids, made
 * non-decreasing; ids below the first block are spread back to the first calibration week
 * (listedAt is missing for the oldest protocols) and the largest id DeXposure knows is taken
 * as listed by the last calibration week.
 */
export function buildListingKnots(
  protocols: DefiLlamaProtocol[],
  maxId: number,
  firstDate: string,
  lastDate: string,
): [number, string][] {
  const byBlock = new Map<number, number[]>();
  for (const p of protocols) {
    const id = Number(p.id);
    if (!Number.isFinite(id) || !p.listedAt || p.listedAt <= 0) continue;
    const block = Math.floor(id / 200);
    const list = byBlock.get(block) ?? [];
    list.push(p.listedAt);
    byBlock.set(block, list);
  }
  const knots: [number, string][] = [[0, firstDate]];
  let lastSeconds = -Infinity;
  for (const block of [...byBlock.keys()].sort((a, b) => a - b)) {
    const times = byBlock.get(block)!.sort((a, b) => a - b);
    if (times.length < 20) continue; // a few stray listings say little about a block
    const median = Math.max(lastSeconds, times[times.length >> 1]);
    lastSeconds = median;
    knots.push([block * 200 + 100, isoDay(median)]);
  }
  if (maxId > knots[knots.length - 1][0] && lastDate > knots[knots.length - 1][1]) knots.push([maxId, lastDate]);
  return knots;
}
