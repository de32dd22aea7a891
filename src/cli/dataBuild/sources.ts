// Reads the raw source files in ../shared/data (see its SOURCES.md). Only `npm run data` calls
// this; everything downstream is pure and takes the parsed rows.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { DexposureTokenMap, MetaEntry, PoolRow, Protocol2023, ProtocolRow } from './types';

export interface RawSources {
  /** Every DefiLlama protocol with TVL ≥ 1 M USD on 2026-09-02 (protocols_5m.csv + protocols_1m_5m.csv). */
  protocols: ProtocolRow[];
  /** Every yield pool with TVL ≥ 1 M USD on 2026-09-02 (yield_pools_5m.csv + yield_pools_1m_5m.csv). */
  pools: PoolRow[];
  /** DeXposure meta_df.csv: DefiLlama id -> name and granular category. */
  meta: Map<string, MetaEntry>;
  /** DeXposure id_to_info.json: DefiLlama id -> name and DeXposure sector label. */
  idToInfo: Map<string, { name: string; sector: string }>;
  tokenToProtocol: DexposureTokenMap;
  protocols2023: Protocol2023[];
  sourcesMd: string;
}

function parseCsv(text: string, file: string, required: string[]): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, '').trim(), {
    header: true,
    skipEmptyLines: 'greedy',
  });
  if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  const missing = required.filter((c) => !(parsed.meta.fields ?? []).includes(c));
  if (missing.length) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return parsed.data;
}

function usdCell(value: string | undefined, where: string): number {
  const x = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(x) || x < 0)
    throw new Error(`${where}: expected a USD amount, got "${value}"`);
  return x;
}

/** protocols_*.csv: rank, id, name, slug, category, tvl_usd[, listedAt]. */
export function parseProtocolRows(text: string, file: string): ProtocolRow[] {
  return parseCsv(text, file, ['rank', 'id', 'name', 'slug', 'category', 'tvl_usd']).map((r, i) => ({
    rank: Number(r.rank),
    id: r.id.trim(),
    name: r.name.trim(),
    slug: r.slug.trim(),
    category: r.category.trim(),
    tvlUsd: usdCell(r.tvl_usd, `${file} row ${i + 2}`),
    ...(r.listedAt && r.listedAt.trim() ? { listedAt: r.listedAt.trim() } : {}),
  }));
}

/** yield_pools_*.csv / pools_DATE_10m.csv: project, chain, symbol, tvl_usd, poolMeta. */
export function parsePoolRows(text: string, file: string): PoolRow[] {
  return parseCsv(text, file, ['project', 'chain', 'symbol', 'tvl_usd', 'poolMeta']).map((r, i) => ({
    project: r.project.trim(),
    chain: r.chain.trim(),
    symbol: r.symbol.trim(),
    tvlUsd: usdCell(r.tvl_usd, `${file} row ${i + 2}`),
    poolMeta: (r.poolMeta ?? '').trim(),
  }));
}

/** protocols_DATE_10m.csv: id, slug, tvl_usd (OpenTrade's id is written `<5471>` in the source). */
export function parseDatedProtocolTvls(text: string, file: string): { id: string; slug: string; tvlUsd: number }[] {
  return parseCsv(text, file, ['id', 'slug', 'tvl_usd']).map((r, i) => ({
    id: r.id.trim().replace(/^<(\d+)>$/, '$1'),
    slug: r.slug.trim(),
    tvlUsd: usdCell(r.tvl_usd, `${file} row ${i + 2}`),
  }));
}

export async function readSources(dir: string): Promise<RawSources> {
  const read = (rel: string) => readFile(join(dir, rel), 'utf8');
  const D = 'defillama-2026-09-02/';
  const [prot5, prot1, pools5, pools1, metaCsv, idToInfoJson, tokenJson, protocolsJson, sourcesMd] = await Promise.all([
    read(D + 'protocols_5m.csv'),
    read(D + 'protocols_1m_5m.csv'),
    read(D + 'yield_pools_5m.csv'),
    read(D + 'yield_pools_1m_5m.csv'),
    read('dexposure/meta_df.csv'),
    read('dexposure/id_to_info.json'),
    read('dexposure/token_to_protocol.json'),
    read('defillama-2023-10-19/protocols.json'),
    read('SOURCES.md'),
  ]);
  const protocols = [
    ...parseProtocolRows(prot5, 'protocols_5m.csv'),
    ...parseProtocolRows(prot1, 'protocols_1m_5m.csv'),
  ];
  const pools = [...parsePoolRows(pools5, 'yield_pools_5m.csv'), ...parsePoolRows(pools1, 'yield_pools_1m_5m.csv')];
  const meta = new Map<string, MetaEntry>();
  for (const r of parseCsv(metaCsv, 'meta_df.csv', ['id', 'name', 'category']))
    meta.set(r.id.trim(), { name: r.name.trim(), category: r.category.trim() });
  const idToInfo = new Map<string, { name: string; sector: string }>();
  for (const [id, v] of Object.entries(JSON.parse(idToInfoJson) as Record<string, { name: string; category: string }>))
    idToInfo.set(id, { name: v.name, sector: v.category });
  const protocols2023 = (JSON.parse(protocolsJson) as Record<string, unknown>[]).map((p) => ({
    id: String(p.id),
    name: String(p.name),
    category: String(p.category ?? 'Unknown'),
    chains: Array.isArray(p.chains) ? (p.chains as unknown[]).map(String) : [],
    tvlUsd: typeof p.tvl_usd === 'number' && Number.isFinite(p.tvl_usd) && p.tvl_usd >= 0 ? p.tvl_usd : 0,
    ...(typeof p.parentProtocol === 'string' && p.parentProtocol ? { parentProtocol: p.parentProtocol } : {}),
    ...(typeof p.symbol === 'string' && p.symbol && p.symbol !== '-' ? { symbol: p.symbol } : {}),
  }));
  return {
    protocols,
    pools,
    meta,
    idToInfo,
    tokenToProtocol: JSON.parse(tokenJson) as DexposureTokenMap,
    protocols2023,
    sourcesMd,
  };
}

/** The dated pool snapshots of defillama-history/ (pools_DATE_10m.csv with protocols_DATE_10m.csv), oldest first. */
export async function readHistorySources(
  dir: string,
): Promise<{ date: string; pools: PoolRow[]; tvls: { id: string; slug: string; tvlUsd: number }[] }[]> {
  const { readdir } = await import('node:fs/promises');
  const folder = join(dir, 'defillama-history');
  const dates = (await readdir(folder))
    .map((f) => /^pools_(\d{4}-\d{2}-\d{2})_10m\.csv$/.exec(f)?.[1])
    .filter((d): d is string => d !== undefined)
    .sort();
  return Promise.all(
    dates.map(async (date) => {
      const poolsFile = `pools_${date}_10m.csv`;
      const tvlFile = `protocols_${date}_10m.csv`;
      const [p, t] = await Promise.all([
        readFile(join(folder, poolsFile), 'utf8'),
        readFile(join(folder, tvlFile), 'utf8'),
      ]);
      return { date, pools: parsePoolRows(p, poolsFile), tvls: parseDatedProtocolTvls(t, tvlFile) };
    }),
  );
}
