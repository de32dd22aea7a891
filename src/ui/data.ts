// Fetching the shipped datasets (public/data/) in the browser. The catalogue and the dataset the
// page opens on are requested as soon as the code runs (prefetchStartData, from main.tsx), so they
// arrive while React renders and sigma sets up WebGL, not after.
import type { CatalogueEntry } from '../core/catalogue';
import { parseDatasetText } from '../core/snapshot/parse';
import { parseDatasetTextFast } from '../core/snapshot/fast';
import type { Dataset } from '../core/types';

export type { CatalogueEntry };

/** Resolves against the page, so the app works from any sub-folder or a file server. */
export function dataUrl(file: string): string {
  return new URL(`data/${file}`, document.baseURI).href;
}

async function requestCatalogue(): Promise<CatalogueEntry[]> {
  const res = await fetch(dataUrl('index.json'));
  if (!res.ok) throw new Error(`could not load the dataset list (HTTP ${res.status})`);
  return (await res.json()) as CatalogueEntry[];
}

async function requestText(entry: { file: string }): Promise<string> {
  const res = await fetch(dataUrl(entry.file));
  if (!res.ok) throw new Error(`could not load ${entry.file} (HTTP ${res.status})`);
  return res.text();
}

/** Requests started before anyone asked; each is handed out once (a retry fetches afresh). */
let prefetched = false;
let earlyCatalogue: Promise<CatalogueEntry[]> | null = null;
const earlyTexts = new Map<string, Promise<string>>();

/** Consumed later; until then a failure must not be reported as unhandled. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** The catalogue's first entry when the app was built (vite.config.ts), or null. */
function builtInDefault(): { name: string; file: string } | null {
  try {
    const raw: unknown = import.meta.env.VITE_DEFAULT_DATASET;
    return typeof raw === 'string' ? (JSON.parse(raw) as { name: string; file: string } | null) : null;
  } catch {
    return null;
  }
}

/**
 * Starts loading the catalogue and the dataset a page with this query string opens on (its
 * `dataset=`, else the first listed, as the store chooses), before the app asks for them. The
 * default dataset is known at build time and requested together with the catalogue; another one
 * once the catalogue names its file.
 */
export function prefetchStartData(search: string): void {
  if (prefetched) return;
  prefetched = true;
  const wanted = new URLSearchParams(search).get('dataset');
  const fallback = builtInDefault();
  const early = (entry: { file: string }) => {
    if (!earlyTexts.has(entry.file)) earlyTexts.set(entry.file, quiet(requestText(entry)));
  };
  if (fallback && (!wanted || wanted === fallback.name)) early(fallback);
  earlyCatalogue = quiet(requestCatalogue());
  void earlyCatalogue.then(
    (catalogue) => {
      const entry = catalogue.find((c) => c.name === wanted) ?? catalogue[0];
      if (entry) early(entry);
    },
    () => undefined,
  );
}

export async function fetchCatalogue(): Promise<CatalogueEntry[]> {
  const early = earlyCatalogue;
  earlyCatalogue = null;
  return early ?? requestCatalogue();
}

export async function fetchDataset(entry: CatalogueEntry): Promise<Dataset> {
  const early = earlyTexts.get(entry.file);
  earlyTexts.delete(entry.file);
  const text = await (early ?? requestText(entry));
  // The hand-checked path for a valid file; the full reader (zod) only to explain a bad one.
  return parseDatasetTextFast(text, { fileName: entry.file }) ?? parseDatasetText(text, { fileName: entry.file });
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
