// `npm run data -- history [options]`: the seeded SYNTHETIC weekly history (issue 6 §1).
// Reads the real calibration sources from ../shared/data when they are there (and refreshes
// the committed src/core/synthetic/calibration.json from them), else runs from the committed
// calibration; the generator itself is pure (src/core/synthetic/history.ts).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compactSnapshotSchema, type CompactSnapshotFile } from '../core/snapshot/compactSchema';
import { checkCalibration, type HistoryCalibration } from '../core/synthetic/calibration';
import { buildCalibration, type CalibrationSources } from '../core/synthetic/calibrationBuild';
import { generateHistory, generatePaperScaleWeek, type HistoryResult } from '../core/synthetic/history';
import type { HistoryStats } from '../core/synthetic/measure';
import { LARGE_SCALE, PAPER_SCALE } from '../core/synthetic/params';
import { sliceHistory } from '../core/synthetic/slice';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CALIBRATION_FILE = join(REPO, 'src/core/synthetic/calibration.json');
const DEFAULT_OUT = join(REPO, 'data/history/synthetic-history.json');
const DEFAULT_PUBLIC = join(REPO, 'public/data/synthetic-history.json');

const USAGE = `Usage: npm run data -- history [options]

Generates a SYNTHETIC protocol-level weekly exposure history whose sector × sector totals follow
the real DeXposure weekly sector series (see src/core/synthetic/history.ts for the model).

Options:
  --seed N              random seed (default 42)
  --protocols N         protocols over the whole history (default 600)
  --weeks N             weeks (default 160: the latest ones; with --scale paper|large default 1)
  --start YYYY-MM-DD    first week (default: the latest --weeks weeks)
  --out FILE            training file (default data/history/synthetic-history.json;
                        with --scale: data/history/paper-scale.json or large-scale.json)
  --retention R         week-to-week edge retention target (default 0.955, the real
                        DefiLlama dates' weekly rate; the paper's figure: 0.985)
  --public-out FILE     app file with the last --public-weeks weeks (default public/data/synthetic-history.json)
  --public-weeks N      weeks in the app file (default 16; 0: no app file)
  --scale paper|large   benchmark-size week(s): paper ≈ ${PAPER_SCALE.nodes} nodes / ${PAPER_SCALE.edges} edges,
                        large ≈ ${LARGE_SCALE.nodes} / ${LARGE_SCALE.edges} (nodes = protocols + primary-token nodes)
  --nodes N, --edges N  override the --scale targets
  --shared DIR          real source data (default ../shared/data)
  --no-shared           ignore --shared and run from the committed calibration
  --calibration-only    only (re)write src/core/synthetic/calibration.json from --shared
  --json                print the statistics as JSON`;

class UsageError extends Error {}

function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isInteger(x) || x < min || x > max)
    throw new UsageError(`--${name}: expected a whole number between ${min} and ${max}, got "${value}"`);
  return x;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

const SHARED_FILES = [
  'dexposure/sector_exposure_matrix.csv',
  'dexposure/sector_week_panel.csv',
  'dexposure/meta_df.csv',
  'dexposure/id_to_info.json',
  'dexposure/token_to_protocol.json',
  'dexposure/rev_map.json',
  'defillama-2023-10-19/protocols.json',
];

export async function calibrationFromShared(shared: string): Promise<HistoryCalibration> {
  const at = (p: string) => join(shared, p);
  const src: CalibrationSources = {
    sectorExposureCsv: await readFile(at('dexposure/sector_exposure_matrix.csv'), 'utf8'),
    sectorWeekPanelCsv: await readFile(at('dexposure/sector_week_panel.csv'), 'utf8'),
    metaCsv: await readFile(at('dexposure/meta_df.csv'), 'utf8'),
    idToInfo: await readJson(at('dexposure/id_to_info.json')),
    tokenToProtocol: await readJson(at('dexposure/token_to_protocol.json')),
    revMap: await readJson(at('dexposure/rev_map.json')),
    protocols: await readJson(at('defillama-2023-10-19/protocols.json')),
    tvlDate: '2023-10-19',
  };
  return buildCalibration(src);
}

/** One row per line: small, and readable in a diff. */
export function formatCalibration(cal: HistoryCalibration): string {
  const lines = Object.entries(cal).map(([key, value]) => {
    if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0]))
      return `  ${JSON.stringify(key)}: [\n${value.map((row) => `    ${JSON.stringify(row)}`).join(',\n')}\n  ]`;
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

function validate(file: CompactSnapshotFile, label: string): void {
  const parsed = compactSnapshotSchema.safeParse(file);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${label} does not match the compact format: ${first.path.join('.')}: ${first.message}`);
  }
}

async function writeJson(path: string, value: unknown): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const text = JSON.stringify(value);
  await writeFile(path, text);
  return Buffer.byteLength(text);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const rel = (p: string) => relative(process.cwd(), p) || p;

function describe(stats: HistoryStats): string {
  const f = (x: number, d = 1) => x.toFixed(d);
  const sum = (s: { min: number; mean: number; max: number }) => `${s.min} / ${f(s.mean)} / ${s.max}`;
  return [
    `weeks: ${stats.weeks} (${stats.firstDate} … ${stats.lastDate})`,
    `protocols: ${stats.protocols} over the history (${stats.syntheticProtocols} synthetic ids), tokens: ${stats.tokens}`,
    `protocols alive per week (min / mean / max): ${sum(stats.protocolsAlive)}`,
    `primary-token nodes per week: ${sum(stats.tokenNodes)}`,
    `edges per week: ${sum(stats.edges)}`,
    stats.weeks > 1
      ? `week-to-week edge overlap: retention |E_t ∩ E_t+1| / |E_t| = ${f(100 * stats.retention, 2)}%, Jaccard ${f(100 * stats.jaccard, 2)}%`
      : 'week-to-week edge overlap: n/a (one week)',
    `protocol entries / exits per week: ${f(stats.entriesPerWeek, 2)} / ${f(stats.exitsPerWeek, 2)}`,
    `sector-pair totals vs the real DeXposure series: Pearson r = ${f(stats.sectorCorrelation, 4)} (log scale ${f(stats.sectorLogCorrelation, 4)}); κ = ${f(stats.exposureScale, 3)}; links out of primary-token nodes not modelled: ${f(100 * stats.unmodelledShare, 1)}% of the real total`,
    `node scale vs the real network: ${f(stats.nodeScale, 4)}; edges / protocol TVL: ${f(stats.exposureToTvl, 3)}`,
  ].join('\n');
}

function retentionOption(value: string): number {
  const x = Number(value);
  if (!(x > 0.5 && x <= 1)) throw new UsageError(`--retention: expected a share in (0.5, 1], got "${value}"`);
  return x;
}

export async function runHistory(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      seed: { type: 'string' },
      protocols: { type: 'string' },
      weeks: { type: 'string' },
      start: { type: 'string' },
      out: { type: 'string' },
      'public-out': { type: 'string' },
      'public-weeks': { type: 'string' },
      retention: { type: 'string' },
      scale: { type: 'string' },
      nodes: { type: 'string' },
      edges: { type: 'string' },
      shared: { type: 'string' },
      'no-shared': { type: 'boolean' },
      'calibration-only': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const seed = intOption(values.seed, 'seed', 0, 2 ** 32 - 1) ?? 42;
  const scale = values.scale;
  if (scale !== undefined && scale !== 'paper' && scale !== 'large')
    throw new UsageError(`--scale: expected paper or large, got "${scale}"`);
  if (values.start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.start))
    throw new UsageError(`--start: expected YYYY-MM-DD, got "${values.start}"`);

  // Calibration: from the real files when they are here, else the committed copy.
  const shared = resolve(values.shared ?? join(REPO, '../shared/data'));
  const haveShared = !values['no-shared'] && SHARED_FILES.every((f) => existsSync(join(shared, f)));
  let calibration: HistoryCalibration;
  if (haveShared) {
    calibration = await calibrationFromShared(shared);
    const text = formatCalibration(calibration);
    const old = existsSync(CALIBRATION_FILE) ? await readFile(CALIBRATION_FILE, 'utf8') : '';
    if (old !== text) await writeFile(CALIBRATION_FILE, text);
    process.stderr.write(
      `calibration: built from ${rel(shared)}; ${rel(CALIBRATION_FILE)} ${old === text ? 'unchanged' : 'written'} (${mb(Buffer.byteLength(text))})\n`,
    );
    // Generate from exactly what was committed, so runs with and without ../shared agree.
    calibration = checkCalibration(JSON.parse(text));
  } else {
    if (values['calibration-only'])
      throw new UsageError(`--calibration-only needs the real sources in ${shared} (${SHARED_FILES.join(', ')})`);
    if (!existsSync(CALIBRATION_FILE))
      throw new UsageError(`no real sources in ${shared} and no ${rel(CALIBRATION_FILE)}`);
    calibration = checkCalibration(await readJson(CALIBRATION_FILE));
    process.stderr.write(
      `calibration: ${rel(CALIBRATION_FILE)} (${values['no-shared'] ? '--no-shared' : `the real sources are not in ${rel(shared)}`})\n`,
    );
  }
  if (values['calibration-only']) return;

  const started = Date.now();
  let result: HistoryResult;
  let out: string;
  if (scale) {
    const target = scale === 'paper' ? PAPER_SCALE : LARGE_SCALE;
    result = generatePaperScaleWeek(calibration, {
      seed,
      nodes: intOption(values.nodes, 'nodes', 10, 200_000) ?? target.nodes,
      edges: intOption(values.edges, 'edges', 10, 5_000_000) ?? target.edges,
      weeks: intOption(values.weeks, 'weeks', 1, calibration.dates.length) ?? 1,
      start: values.start,
    });
    out = resolve(values.out ?? join(REPO, `data/history/${scale}-scale.json`));
  } else {
    result = generateHistory(calibration, {
      seed,
      protocols: intOption(values.protocols, 'protocols', 10, 100_000) ?? 600,
      weeks: intOption(values.weeks, 'weeks', 1, calibration.dates.length) ?? 160,
      start: values.start,
      // Week-to-week edge retention target (default the real dates' ≈ 0.955 a week; the paper's
      // DeXposure figure is 0.985).
      ...(values.retention !== undefined ? { retention: retentionOption(values.retention) } : {}),
    });
    out = resolve(values.out ?? DEFAULT_OUT);
  }
  const seconds = (Date.now() - started) / 1000;
  validate(result.file, 'the generated history');
  const size = await writeJson(out, result.file);
  const report = [
    `generated in ${seconds.toFixed(1)} s (seed ${seed}); ${rel(out)}: ${mb(size)}`,
    describe(result.stats),
  ];

  const publicWeeks = intOption(values['public-weeks'], 'public-weeks', 0, 1000) ?? 16;
  if (!scale && publicWeeks > 0) {
    const lastDate = result.stats.lastDate;
    const app = sliceHistory(result.file, publicWeeks, {
      title: `Synthetic history (calibrated to DeXposure sectors), ${lastDate}`,
      name: 'synthetic-history',
    });
    validate(app, 'the app history');
    const publicOut = resolve(values['public-out'] ?? DEFAULT_PUBLIC);
    const publicSize = await writeJson(publicOut, app);
    report.push(
      `app file ${rel(publicOut)}: last ${app.weeks.length} weeks, ${app.protocols.length} protocols, ${mb(publicSize)}`,
    );
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ out, seconds, stats: result.stats }, null, 2)}\n`);
  else process.stdout.write(`${report.join('\n')}\n`);
}
