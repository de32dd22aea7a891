// `npm run data -- timeline [--shared DIR]`: the real DeXposure sector timeline, a small derived file
// (public/data/sectors/dexposure-sector-timeline.json) that the app, the CLI and the tests read instead of the
// raw CSVs (which stay outside the repository).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { SECTORS } from '../../core/types';
import { TIMELINE_FORMAT, type SectorTimelineFile } from '../../core/timeline';
import { SOURCE_VERSIONS } from './provenance';

// In a folder of its own: public/data/*.json are the graph datasets (tests parse each as one).
export const TIMELINE_FILE = 'sectors/dexposure-sector-timeline.json';

function readCsv(text: string, file: string, required: string[]): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, '').trim(), {
    header: true,
    skipEmptyLines: 'greedy',
  });
  const missing = required.filter((c) => !parsed.meta.fields?.includes(c));
  if (missing.length) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return parsed.data;
}

function sectorIndex(name: string, file: string): number {
  const i = (SECTORS as readonly string[]).indexOf(name);
  if (i < 0) throw new Error(`${file}: unknown sector "${name}"`);
  return i;
}

/** Builds the timeline file from the two CSVs' text. */
export function buildTimeline(matrixCsv: string, panelCsv: string): SectorTimelineFile {
  const k = SECTORS.length;
  const exposure = new Map<string, number[]>();
  for (const r of readCsv(matrixCsv, 'sector_exposure_matrix.csv', [
    'date',
    'source_category',
    'target_category',
    'exposure',
  ])) {
    const usd = Number(r.exposure);
    if (!Number.isFinite(usd) || usd < 0)
      throw new Error(`sector_exposure_matrix.csv: bad exposure "${r.exposure}" on ${r.date}`);
    let cells = exposure.get(r.date);
    if (!cells) exposure.set(r.date, (cells = new Array<number>(k * k).fill(0)));
    const i = sectorIndex(r.source_category, 'sector_exposure_matrix.csv');
    const j = sectorIndex(r.target_category, 'sector_exposure_matrix.csv');
    cells[i * k + j] += usd;
  }
  const nodes = new Map<string, number[]>();
  for (const r of readCsv(panelCsv, 'sector_week_panel.csv', ['date', 'category', 'node_count'])) {
    const count = Number(r.node_count);
    if (!Number.isInteger(count) || count < 0)
      throw new Error(`sector_week_panel.csv: bad node_count "${r.node_count}" on ${r.date}`);
    let row = nodes.get(r.date);
    if (!row) nodes.set(r.date, (row = new Array<number>(k).fill(0)));
    row[sectorIndex(r.category, 'sector_week_panel.csv')] += count;
  }
  const weeks = [...exposure.keys()].sort();
  const noPanel = weeks.filter((w) => !nodes.has(w));
  if (noPanel.length) throw new Error(`sector_week_panel.csv: no rows for ${noPanel.slice(0, 5).join(', ')}`);
  const { repo, commit } = SOURCE_VERSIONS.dexposureMeta;
  return {
    format: TIMELINE_FORMAT,
    version: 1,
    provenance: {
      source: 'DeXposure dataset: weekly sector exposure totals and node counts',
      repository: repo,
      commit,
      files: ['sector_exposure_matrix.csv', 'sector_week_panel.csv'],
      synthetic: false,
      credit: 'Sector aggregates: the DeXposure dataset (Wu et al. 2025).',
      notes:
        `Real: weekly sums of DeXposure's link weights between its 7 sectors (${weeks.length} weeks, ${weeks[0]} … ${weeks[weeks.length - 1]}), ` +
        `rounded to whole USD, and node counts per sector. From ${repo} @ ${commit} (no licence file there; credited as the DeXposure dataset).`,
    },
    sectors: [...SECTORS],
    weeks,
    exposure: weeks.map((w) => exposure.get(w)!.map((x) => Math.round(x))),
    nodeCounts: weeks.map((w) => nodes.get(w)!),
  };
}

export async function runTimeline(args: string[], repo: string, shared: string): Promise<void> {
  parseArgs({ args, options: { shared: { type: 'string' } } });
  const dir = join(shared, 'dexposure');
  const file = buildTimeline(
    await readFile(join(dir, 'sector_exposure_matrix.csv'), 'utf8'),
    await readFile(join(dir, 'sector_week_panel.csv'), 'utf8'),
  );
  // One week per line: small diffs, barely bigger than minified.
  const { exposure, nodeCounts, weeks, ...head } = file;
  const rows = (xs: unknown[]) => `[\n${xs.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
  const text =
    `${JSON.stringify(head, null, 1).slice(0, -2)},\n"weeks":${JSON.stringify(weeks)},\n` +
    `"exposure":${rows(exposure)},\n"nodeCounts":${rows(nodeCounts)}\n}\n`;
  JSON.parse(text); // the hand-assembled layout must stay valid JSON
  const out = join(repo, 'public/data', TIMELINE_FILE);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
  console.log(
    `wrote public/data/${TIMELINE_FILE}: ${weeks.length} weeks (${weeks[0]} … ${weeks[weeks.length - 1]}), ${(text.length / 1024).toFixed(0)} KiB`,
  );
}
