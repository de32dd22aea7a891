// Reads the raw source files in ../shared/data (see its SOURCES.md). Only `npm run data` calls
// this; everything downstream is pure and takes the parsed rows.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { DexposureTokenMap, MetaEntry, PoolRow, Protocol2023, TopProtocol } from './types';

export interface RawSources {
  top156: TopProtocol[];
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

export async function readSources(dir: string): Promise<RawSources> {
  const read = (rel: string) => readFile(join(dir, rel), 'utf8');
  const [topCsv, poolsCsv, metaCsv, idToInfoJson, tokenJson, protocolsJson, sourcesMd] = await Promise.all([
    read('defillama-2026-09-02/protocols_top156.csv'),
    read('defillama-2026-09-02/yield_pools_top318.csv'),
    read('dexposure/meta_df.csv'),
    read('dexposure/id_to_info.json'),
    read('dexposure/token_to_protocol.json'),
    read('defillama-2023-10-19/protocols.json'),
    read('SOURCES.md'),
  ]);

  const top156 = parseCsv(topCsv, 'protocols_top156.csv', ['rank', 'id', 'name', 'slug', 'category', 'tvl_usd']).map(
    (r, i) => ({
      rank: Number(r.rank),
      id: r.id.trim(),
      name: r.name.trim(),
      slug: r.slug.trim(),
      category: r.category.trim(),
      tvlUsd: usdCell(r.tvl_usd, `protocols_top156.csv row ${i + 2}`),
    }),
  );
  const pools = parseCsv(poolsCsv, 'yield_pools_top318.csv', ['project', 'chain', 'symbol', 'tvl_usd', 'poolMeta']).map(
    (r, i) => ({
      project: r.project.trim(),
      chain: r.chain.trim(),
      symbol: r.symbol.trim(),
      tvlUsd: usdCell(r.tvl_usd, `yield_pools_top318.csv row ${i + 2}`),
      poolMeta: (r.poolMeta ?? '').trim(),
    }),
  );
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
  }));
  return {
    top156,
    pools,
    meta,
    idToInfo,
    tokenToProtocol: JSON.parse(tokenJson) as DexposureTokenMap,
    protocols2023,
    sourcesMd,
  };
}
