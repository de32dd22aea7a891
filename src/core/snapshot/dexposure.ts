// Reader for the DeXposure research layout:
//   {"data": {"YYYY-MM-DD": {"nodes": [{"id","size","composition":{TOKEN: usd}}], "links": [{"source","target","size"}]}}}
// plus meta_df.csv (id,name,category). Edge source -> target: the source holds tokens issued by the target.
import Papa from 'papaparse';
import { z } from 'zod';
import { idRecord, nodeId, usd } from './compactSchema';
import { SnapshotError, issuesFromZod, type SnapshotIssue } from './errors';
import { fastDexposure } from './fastValidate';
import type { Validation } from './compact';
import { dexposureToDataset, isDexposureLayout, type DexposureBuildOptions, type MetaRow } from './dexposureBuild';
import type { Dataset } from '../types';

export { isDexposureLayout, type MetaRow };

const weekSchema = z.object({
  nodes: z.array(
    z.object({
      id: nodeId,
      size: usd,
      composition: idRecord(usd, z.string().max(200)).nullish(),
    }),
  ),
  links: z.array(z.object({ source: nodeId, target: nodeId, size: usd })).default([]),
});

export const dexposureSchema = z.object({
  data: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a week key YYYY-MM-DD'), weekSchema),
});

export type DexposureData = z.output<typeof dexposureSchema>;

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

export interface DexposureOptions extends DexposureBuildOptions {
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
  return dexposureToDataset(validateDexposure(json, opts.fileName, opts.validation), opts);
}
