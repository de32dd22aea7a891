// public/data/index.json: the datasets the app lists, in display order (default first).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogueEntry } from '../../core/catalogue';
import { parseCompact } from '../../core/snapshot';

/** An entry for a compact-format file, with counts taken from its latest week as the app reads it. */
export function catalogueEntryFor(file: string, json: unknown, description: string): CatalogueEntry {
  const dataset = parseCompact(json, file);
  const latest = dataset.weeks[dataset.weeks.length - 1];
  const entry: CatalogueEntry = {
    name: dataset.name,
    title: dataset.title,
    file,
    date: latest.date,
    synthetic: dataset.provenance.synthetic,
    description,
    nodes: latest.n,
    edges: latest.edges.m,
  };
  if (dataset.provenance.coverage) entry.coverage = dataset.provenance.coverage;
  return entry;
}

/**
 * Writes index.json: `first` in the given order, then every other compact file already in the
 * folder (another command's output, e.g. the synthetic history), keeping the description and
 * relative order an existing index.json gave it.
 */
export async function writeCatalogue(publicDir: string, first: CatalogueEntry[]): Promise<CatalogueEntry[]> {
  const indexPath = join(publicDir, 'index.json');
  let previous: CatalogueEntry[];
  try {
    previous = JSON.parse(await readFile(indexPath, 'utf8')) as CatalogueEntry[];
  } catch {
    previous = []; // no index yet
  }
  const taken = new Set(first.map((e) => e.file));
  const previousOrder = new Map(previous.map((e, i) => [e.file, i]));
  const others = (await readdir(publicDir))
    .filter((f) => f.endsWith('.json') && f !== 'index.json' && !taken.has(f))
    .sort(
      (a, b) => (previousOrder.get(a) ?? Infinity) - (previousOrder.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0),
    );
  const rest: CatalogueEntry[] = [];
  for (const file of others) {
    const json = JSON.parse(await readFile(join(publicDir, file), 'utf8')) as { provenance?: { source?: string } };
    const old = previous.find((e) => e.file === file);
    try {
      rest.push(catalogueEntryFor(file, json, old?.description ?? json.provenance?.source ?? file));
    } catch (err) {
      // Not ours to fix: say so and leave it out of the list rather than fail the whole build.
      console.warn(
        `warning: public/data/${file} is not a valid compact snapshot, left out of index.json: ${err instanceof Error ? err.message : err}`,
      );
    }
  }
  const entries = [...first, ...rest];
  await writeFile(indexPath, JSON.stringify(entries, null, 2) + '\n');
  return entries;
}
