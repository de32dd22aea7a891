// Node-side file loading for the CLI commands (the core parsers take text, not paths).
// A valid JSON file is read by the fast path (core/snapshot/fast.ts), which does not load zod or
// the CSV parser; the full reader, with its located error messages, is imported only when the
// fast path declines (a rejected file, a meta_df.csv to read, a layout it does not know).
// Every file problem is a one-line UsageError naming the flag and the file.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDatasetTextFast } from '../core/snapshot/fast';
import { MAX_FILE_BYTES } from '../core/snapshot/compactBounds';
import { pickWeek } from '../core/snapshot/pickWeek';
import type { Dataset, Snapshot } from '../core/types';
import { UsageError } from './options';

/**
 * A text file given by a flag: missing files, directories and files over MAX_FILE_BYTES (the
 * app's limit, checked before reading) are one-line errors; a UTF-8 BOM is dropped, as the browser does.
 */
export async function readTextFile(path: string, flag: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${flag}: "${path}" is a directory, not a file`);
    if (!info.isFile()) throw new UsageError(`${flag}: "${path}" is not a regular file`);
    size = info.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new UsageError(`${flag}: no such file "${path}"`);
    throw new UsageError(`${flag}: cannot read "${path}" (${code ?? (err as Error).message})`);
  }
  if (size > MAX_FILE_BYTES)
    throw new UsageError(
      `${flag}: "${path}" is ${Math.round(size / 2 ** 20)} MiB; the limit is ${MAX_FILE_BYTES / 2 ** 20} MiB (as in the app)`,
    );
  const text = await readFile(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export async function loadDatasetFile(path: string, opts: { meta?: string; flag?: string } = {}): Promise<Dataset> {
  const [text, metaCsv] = await Promise.all([
    readTextFile(path, opts.flag ?? '--snapshot'),
    opts.meta ? readTextFile(opts.meta, '--meta') : Promise.resolve(undefined),
  ]);
  const fileName = basename(path);
  if (metaCsv === undefined) {
    const dataset = parseDatasetTextFast(text, { fileName });
    if (dataset) return dataset;
  }
  const { parseDatasetText } = await import('../core/snapshot/parse');
  return parseDatasetText(text, { fileName, metaCsv, metaFileName: opts.meta ? basename(opts.meta) : undefined });
}

/** A file's bytes as an ArrayBuffer of their own (what loadModel's reader returns for the weights). */
export async function readBinary(path: string): Promise<ArrayBuffer> {
  const buf = await readFile(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** The week asked for (--snapshot, --meta, --date), its loader warnings on stderr. */
export async function readWeek(values: { snapshot?: string; meta?: string; date?: string }): Promise<Snapshot> {
  if (!values.snapshot) throw new UsageError('--snapshot FILE is required');
  const dataset = await loadDatasetFile(values.snapshot, { meta: values.meta });
  for (const w of dataset.warnings) process.stderr.write(`warning: ${w}\n`);
  return pickWeek(dataset, values.date);
}
