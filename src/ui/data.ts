// Fetching the shipped datasets (public/data/) in the browser.
import type { CatalogueEntry } from '../core/catalogue';
import { parseDatasetText } from '../core/snapshot';
import type { Dataset } from '../core/types';

export type { CatalogueEntry };

/** Resolves against the page, so the app works from any sub-folder or a file server. */
export function dataUrl(file: string): string {
  return new URL(`data/${file}`, document.baseURI).href;
}

export async function fetchCatalogue(): Promise<CatalogueEntry[]> {
  const res = await fetch(dataUrl('index.json'));
  if (!res.ok) throw new Error(`could not load the dataset list (HTTP ${res.status})`);
  return (await res.json()) as CatalogueEntry[];
}

export async function fetchDataset(entry: CatalogueEntry): Promise<Dataset> {
  const res = await fetch(dataUrl(entry.file));
  if (!res.ok) throw new Error(`could not load ${entry.file} (HTTP ${res.status})`);
  return parseDatasetText(await res.text(), { fileName: entry.file });
}

/** Catalogue name of the user's own file (in memory only; a link cannot carry it). */
export const LOCAL_DATASET = 'your-file';

export function localCatalogueEntry(dataset: Dataset, fileNames: string[]): CatalogueEntry {
  const last = dataset.weeks[dataset.weeks.length - 1];
  return {
    name: LOCAL_DATASET,
    title: `Your file: ${fileNames.join(' + ')}`,
    file: fileNames.join(' + '),
    date: dataset.provenance.date,
    synthetic: dataset.provenance.synthetic,
    description: dataset.provenance.source,
    nodes: last.n,
    edges: last.edges.m,
    local: true,
  };
}
