// The DeXposure research layout, once validated, into the in-memory model. No zod or CSV parser
// here: fast.ts reads valid files without loading them (dexposure.ts has the schema and meta_df.csv).
import { buildSnapshot, countsToWarnings, emptyCounts, type RawNode, type RawToken } from './build';
import { SnapshotError, type SnapshotIssue } from './errors';
import type { DexposureData } from './dexposure';
import { sectorOfCategory } from '../sectors';
import type { Dataset, Provenance, Snapshot } from '../types';

export interface MetaRow {
  name: string;
  category: string;
}

export function isDexposureLayout(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'data' in json && !('format' in json);
}

export interface DexposureBuildOptions {
  fileName?: string;
  meta?: Map<string, MetaRow>;
  /** Dataset name; defaults to the file stem. */
  name?: string;
  /**
   * The built weeks go to `onWeek` only and the returned dataset has none: a caller that hands
   * each week over (the file worker moves it to the page) need not hold every week till the end.
   */
  handOver?: boolean;
}

/** One validated week of the layout. */
export type DexposureWeek = DexposureData['data'][string];

/** The checks the schema cannot express (at least one week, unique ids), then the weeks. */
export function dexposureToDataset(file: DexposureData, opts: DexposureBuildOptions = {}): Dataset {
  return dexposureWeeksToDataset(Object.keys(file.data).sort(), (date) => file.data[date], opts);
}

/**
 * The same from weeks given one at a time: `weekOf` is called twice per week (the token table
 * needs every week's ids and symbols before the first week is built), so a caller reading a large
 * file can parse each week when asked and hold only one week's JSON at a time. `onWeek` sees each
 * week as soon as it is built. `dates` must be sorted.
 */
export function dexposureWeeksToDataset(
  dates: string[],
  /** With `nodesOnly`, only the week's nodes are read (its links may be left empty). */
  weekOf: (date: string, nodesOnly: boolean) => DexposureWeek,
  opts: DexposureBuildOptions = {},
  onWeek?: (week: Snapshot, index: number, count: number) => void,
): Dataset {
  if (dates.length === 0)
    throw new SnapshotError([{ path: 'data', message: 'expected at least one week, got none' }], opts.fileName);

  // Token table: every symbol seen in a composition; a symbol that is also a node id
  // (DeXposure's primary-token nodes) is "issued" by that node.
  const issues: SnapshotIssue[] = [];
  const nodeIds = new Set<string>();
  const symbols = new Set<string>();
  for (const date of dates) {
    const seen = new Map<string, number>();
    weekOf(date, true).nodes.forEach((node, i) => {
      const first = seen.get(node.id);
      if (first !== undefined)
        issues.push({
          path: `data[${JSON.stringify(date)}].nodes[${i}].id`,
          message: `duplicate id "${node.id}" (first at nodes[${first}])`,
        });
      else seen.set(node.id, i);
      nodeIds.add(node.id);
      for (const symbol of Object.keys(node.composition ?? {})) symbols.add(symbol);
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
  const tokens: RawToken[] = [...symbols]
    .sort()
    .map((symbol) => ({ symbol, issuer: nodeIds.has(symbol) ? symbol : null }));

  const counts = emptyCounts();
  const ctx = { dataset: name, title: name, provenance, tokens };
  const weeks: Snapshot[] = [];
  dates.forEach((date, index) => {
    const week = weekOf(date, false);
    const nodes: RawNode[] = week.nodes.map((node) => describeNode(node.id, node.size, meta));
    const holdings: [string, string, number][] = [];
    for (const node of week.nodes)
      for (const [symbol, value] of Object.entries(node.composition ?? {}))
        if (value > 0) holdings.push([node.id, symbol, value]);
    const edges = week.links.map((l) => [l.source, l.target, l.size] as [string, string, number]);
    const snapshot = buildSnapshot({ date, nodes, edges, holdings }, ctx, counts);
    onWeek?.(snapshot, index, dates.length);
    if (!(opts.handOver && onWeek)) weeks.push(snapshot);
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
