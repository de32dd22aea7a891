// Reader for the DeXposure research layout:
//   {"data": {"YYYY-MM-DD": {"nodes": [{"id","size","composition":{TOKEN: usd}}], "links": [{"source","target","size"}]}}}
// plus meta_df.csv (id,name,category). Edge source -> target: the source holds tokens issued by the target.
import Papa from 'papaparse';
import { z } from 'zod';
import { nodeId, usd } from './compactSchema';
import { buildSnapshot, countsToWarnings, emptyCounts, type RawNode, type RawToken } from './build';
import { SnapshotError, issuesFromZod, type SnapshotIssue } from './errors';
import { fastDexposure } from './fastValidate';
import type { Validation } from './compact';
import { sectorOfCategory } from '../sectors';
import type { Dataset, Provenance } from '../types';

const weekSchema = z.object({
  nodes: z.array(
    z.object({
      id: nodeId,
      size: usd,
      composition: z.record(z.string().max(200), usd).nullish(),
    }),
  ),
  links: z.array(z.object({ source: nodeId, target: nodeId, size: usd })).default([]),
});

export const dexposureSchema = z.object({
  data: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a week key YYYY-MM-DD'), weekSchema),
});

export type DexposureData = z.output<typeof dexposureSchema>;

export interface MetaRow {
  name: string;
  category: string;
}

export function isDexposureLayout(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'data' in json && !('format' in json);
}

/** Parses meta_df.csv (`id,name,category`); rows with no id are errors naming the row. */
export function parseMetaCsv(text: string, fileName = 'meta_df.csv'): Map<string, MetaRow> {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
  const issues: SnapshotIssue[] = [];
  const fields = parsed.meta.fields ?? [];
  for (const col of ['id', 'name', 'category'])
    if (!fields.includes(col))
      issues.push({ path: `${fileName} header`, message: `missing column "${col}" (expected id,name,category)` });
  const meta = new Map<string, MetaRow>();
  if (!issues.length)
    parsed.data.forEach((row, i) => {
      const id = (row.id ?? '').trim();
      // Row numbers count the header as row 1, as a spreadsheet shows them.
      if (!id) issues.push({ path: `${fileName} row ${i + 2}`, message: 'missing id' });
      else meta.set(id, { name: (row.name ?? '').trim() || id, category: (row.category ?? '').trim() || 'Unknown' });
    });
  if (issues.length) throw new SnapshotError(issues, fileName);
  return meta;
}

export interface DexposureOptions {
  fileName?: string;
  meta?: Map<string, MetaRow>;
  /** Dataset name; defaults to the file stem. */
  name?: string;
  /** 'zod' skips the hand check (same result, slower; for tests and the bench). */
  validation?: Validation;
}

/** The validated file: the hand check's result, or zod's, or a SnapshotError with zod's messages. */
export function validateDexposure(json: unknown, fileName?: string, validation: Validation = 'fast'): DexposureData {
  const fast = validation === 'fast' ? fastDexposure(json) : null;
  if (fast) return fast;
  const parsed = dexposureSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new SnapshotError(issuesFromZod(parsed.error), fileName);
  return parsed.data;
}

export function parseDexposure(json: unknown, opts: DexposureOptions = {}): Dataset {
  const file = validateDexposure(json, opts.fileName, opts.validation);
  const dates = Object.keys(file.data).sort();
  if (dates.length === 0)
    throw new SnapshotError([{ path: 'data', message: 'expected at least one week, got none' }], opts.fileName);

  const issues: SnapshotIssue[] = [];
  for (const date of dates) {
    const seen = new Map<string, number>();
    file.data[date].nodes.forEach((node, i) => {
      const first = seen.get(node.id);
      if (first !== undefined)
        issues.push({
          path: `data[${JSON.stringify(date)}].nodes[${i}].id`,
          message: `duplicate id "${node.id}" (first at nodes[${first}])`,
        });
      else seen.set(node.id, i);
    });
  }
  if (issues.length) throw new SnapshotError(issues, opts.fileName);

  const meta = opts.meta ?? new Map<string, MetaRow>();
  const stem = (opts.fileName ?? 'dexposure').replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  const name = opts.name ?? stem;
  const provenance: Provenance = {
    source: `DeXposure layout file ${opts.fileName ?? ''}`.trim(),
    date: dates[dates.length - 1],
    synthetic: false,
    credit: 'DeXposure dataset (Wu et al. 2025); protocol data DefiLlama',
    notes: opts.meta ? 'Names and categories from meta_df.csv.' : 'No meta_df.csv given: names and categories unknown.',
  };

  // Token table: every symbol seen in a composition; a symbol that is also a node id
  // (DeXposure's primary-token nodes) is "issued" by that node.
  const nodeIds = new Set<string>();
  const symbols = new Set<string>();
  for (const date of dates)
    for (const node of file.data[date].nodes) {
      nodeIds.add(node.id);
      for (const symbol of Object.keys(node.composition ?? {})) symbols.add(symbol);
    }
  const tokens: RawToken[] = [...symbols]
    .sort()
    .map((symbol) => ({ symbol, issuer: nodeIds.has(symbol) ? symbol : null }));

  const counts = emptyCounts();
  const ctx = { dataset: name, title: name, provenance, tokens };
  const weeks = dates.map((date) => {
    const week = file.data[date];
    const nodes: RawNode[] = week.nodes.map((node) => describeNode(node.id, node.size, meta));
    const holdings: [string, string, number][] = [];
    for (const node of week.nodes)
      for (const [symbol, value] of Object.entries(node.composition ?? {}))
        if (value > 0) holdings.push([node.id, symbol, value]);
    const edges = week.links.map((l) => [l.source, l.target, l.size] as [string, string, number]);
    return buildSnapshot({ date, nodes, edges, holdings }, ctx, counts);
  });
  return { name, title: name, provenance, weeks, warnings: countsToWarnings(counts) };
}

/** Numeric ids are DefiLlama protocols; other ids are DeXposure's primary-token nodes. */
function describeNode(id: string, size: number, meta: Map<string, MetaRow>): RawNode {
  const row = meta.get(id);
  if (row)
    return {
      id,
      name: row.name,
      category: row.category,
      sector: sectorOfCategory(row.category),
      kind: 'protocol',
      chains: [],
      tvl: size,
    };
  if (!/^\d+$/.test(id))
    return {
      id,
      name: id,
      category: 'Primary token',
      sector: 'Primary Market Tokens',
      kind: 'token',
      chains: [],
      tvl: size,
    };
  return {
    id,
    name: `Protocol ${id}`,
    category: 'Unknown',
    sector: 'Other / Unknown',
    kind: 'protocol',
    chains: [],
    tvl: size,
  };
}
