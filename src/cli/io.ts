// Node-side file loading for the CLI commands (the core parsers take text, not paths).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDatasetText } from '../core/snapshot';
import type { Dataset } from '../core/types';

export async function loadDatasetFile(path: string, opts: { meta?: string } = {}): Promise<Dataset> {
  const [text, metaCsv] = await Promise.all([
    readFile(path, 'utf8'),
    opts.meta ? readFile(opts.meta, 'utf8') : Promise.resolve(undefined),
  ]);
  return parseDatasetText(text, { fileName: basename(path), metaCsv });
}
