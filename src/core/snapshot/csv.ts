// Plain CSV edge lists: an edges file `source,target,size` plus a nodes file
// `id,name,category,size` (optional `sector`, `chains` separated by ';', `date`).
// Every problem names the file, the row (as a spreadsheet numbers it) and the column.
import Papa from 'papaparse';
import { buildSnapshot, countsToWarnings, emptyCounts, type RawNode } from './build';
import { MAX_USD } from './compactBounds';
import { SnapshotError, previewValue, type SnapshotIssue } from './errors';
import { sectorOfCategory } from '../sectors';
import { SECTORS, type Dataset, type Sector } from '../types';

const MAX_ISSUES = 50;

function readCsv(text: string, fileName: string, required: string[], issues: SnapshotIssue[]) {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, '').trim(), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const missing = required.filter((c) => !fields.includes(c));
  if (missing.length)
    issues.push({
      path: `${fileName} header`,
      message: `missing column(s) ${missing.join(', ')} (expected ${required.join(',')})`,
    });
  return missing.length ? [] : parsed.data;
}

/** A finite USD amount in [0, MAX_USD] from a CSV cell, or an issue naming the cell. */
function usdCell(value: string | undefined, where: string, issues: SnapshotIssue[]): number {
  const text = (value ?? '').trim();
  const x = text === '' ? NaN : Number(text);
  if (!Number.isFinite(x) || x < 0) {
    if (issues.length < MAX_ISSUES)
      issues.push({ path: where, message: `expected a finite number ≥ 0, got ${previewValue(value ?? '')}` });
    return 0;
  }
  if (x > MAX_USD) {
    if (issues.length < MAX_ISSUES)
      issues.push({
        path: where,
        message: `expected at most ${MAX_USD} USD (the ceiling for any amount), got ${text}`,
      });
    return 0;
  }
  return x;
}

export function isEdgeListCsv(text: string): boolean {
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .toLowerCase();
  return /(^|,)\s*source\s*(,|$)/.test(header) && /(^|,)\s*target\s*(,|$)/.test(header);
}

export function isNodesCsv(text: string): boolean {
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .toLowerCase();
  return /(^|,)\s*id\s*(,|$)/.test(header) && /(^|,)\s*size\s*(,|$)/.test(header);
}

export function parseEdgeListCsv(
  edgesText: string,
  nodesText: string,
  opts: { edgesFile?: string; nodesFile?: string; name?: string; date?: string } = {},
): Dataset {
  const edgesFile = opts.edgesFile ?? 'edges.csv';
  const nodesFile = opts.nodesFile ?? 'nodes.csv';
  const issues: SnapshotIssue[] = [];
  const nodeRows = readCsv(nodesText, nodesFile, ['id', 'name', 'category', 'size'], issues);
  const edgeRows = readCsv(edgesText, edgesFile, ['source', 'target', 'size'], issues);

  const nodes: RawNode[] = [];
  const seen = new Map<string, number>();
  nodeRows.forEach((row, i) => {
    const at = `${nodesFile} row ${i + 2}`;
    const id = (row.id ?? '').trim();
    if (!id) {
      if (issues.length < MAX_ISSUES) issues.push({ path: `${at}, column id`, message: 'missing id' });
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      if (issues.length < MAX_ISSUES)
        issues.push({ path: `${at}, column id`, message: `duplicate id "${id}" (first at row ${first})` });
      return;
    }
    seen.set(id, i + 2);
    const category = (row.category ?? '').trim() || 'Unknown';
    const sectorText = (row.sector ?? '').trim();
    let sector: Sector = sectorOfCategory(category);
    if (sectorText) {
      if ((SECTORS as readonly string[]).includes(sectorText)) sector = sectorText as Sector;
      else if (issues.length < MAX_ISSUES)
        issues.push({
          path: `${at}, column sector`,
          message: `expected one of ${SECTORS.join(' | ')}, got ${previewValue(sectorText)}`,
        });
    }
    nodes.push({
      id,
      name: (row.name ?? '').trim() || id,
      category,
      sector,
      kind: sector === 'Primary Market Tokens' ? 'token' : 'protocol',
      chains: (row.chains ?? '')
        .split(';')
        .map((c) => c.trim())
        .filter(Boolean),
      tvl: usdCell(row.size, `${at}, column size`, issues),
    });
  });
  const edges: [string, string, number][] = [];
  edgeRows.forEach((row, i) => {
    const at = `${edgesFile} row ${i + 2}`;
    const source = (row.source ?? '').trim();
    const target = (row.target ?? '').trim();
    if (!source || !target) {
      if (issues.length < MAX_ISSUES) issues.push({ path: at, message: 'missing source or target' });
      return;
    }
    edges.push([source, target, usdCell(row.size, `${at}, column size`, issues)]);
  });
  if (issues.length) throw new SnapshotError(issues);

  const name = opts.name ?? (opts.edgesFile ?? 'edge-list').replace(/^.*[\\/]/, '').replace(/\.csv$/i, '');
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  const provenance = {
    source: `Edge list ${edgesFile} + ${nodesFile} (loaded by the user)`,
    date,
    synthetic: false,
    credit: 'User-supplied data',
    notes: 'Loaded from CSV files; the date is the load date unless the files give one.',
  };
  const counts = emptyCounts();
  const snapshot = buildSnapshot(
    { date, nodes, edges, holdings: [] },
    { dataset: name, title: name, provenance, tokens: [] },
    counts,
  );
  return { name, title: name, provenance, weeks: [snapshot], warnings: countsToWarnings(counts) };
}
