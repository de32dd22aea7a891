// Node-side file loading for the CLI commands (the core parsers take text, not paths).
// A valid JSON file is read by the fast path (core/snapshot/fast.ts), which does not load zod or
// the CSV parser; the full reader, with its located error messages, is imported only when the
// fast path declines (a rejected file, a meta_df.csv to read, a layout it does not know).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDatasetTextFast } from '../core/snapshot/fast';
import type { Dataset } from '../core/types';

export async function loadDatasetFile(path: string, opts: { meta?: string } = {}): Promise<Dataset> {
  const [text, metaCsv] = await Promise.all([
    readFile(path, 'utf8'),
    opts.meta ? readFile(opts.meta, 'utf8') : Promise.resolve(undefined),
  ]);
  const fileName = basename(path);
  if (metaCsv === undefined) {
    const dataset = parseDatasetTextFast(text, { fileName });
    if (dataset) return dataset;
  }
  const { parseDatasetText } = await import('../core/snapshot/parse');
  return parseDatasetText(text, { fileName, metaCsv });
}

/** A file's bytes as an ArrayBuffer of their own (what loadModel's reader returns for the weights). */
export async function readBinary(path: string): Promise<ArrayBuffer> {
  const buf = await readFile(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}
