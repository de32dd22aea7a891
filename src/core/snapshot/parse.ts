// Detects the layout of a JSON snapshot and returns a Dataset.
import { isCompactLayout, parseCompact, type Validation } from './compact';
import { isDexposureLayout, parseDexposure, parseMetaCsv } from './dexposure';
import { SnapshotError } from './errors';
import type { Dataset } from '../types';

export { pickWeek } from './pickWeek';

export interface ParseOptions {
  fileName?: string;
  /** meta_df.csv text for the DeXposure layout. */
  metaCsv?: string;
  /** The meta file's name, for its error messages (default meta_df.csv). */
  metaFileName?: string;
  /** 'zod' skips the hand check of the JSON layouts (same result, slower; for tests and the bench). */
  validation?: Validation;
}

export function parseDatasetJson(json: unknown, opts: ParseOptions = {}): Dataset {
  if (isCompactLayout(json)) return parseCompact(json, opts.fileName, opts.validation);
  if (isDexposureLayout(json)) {
    const meta = opts.metaCsv !== undefined ? parseMetaCsv(opts.metaCsv, opts.metaFileName) : undefined;
    return parseDexposure(json, { fileName: opts.fileName, meta, validation: opts.validation });
  }
  throw new SnapshotError(
    [
      {
        path: '',
        message:
          'unrecognised layout: expected our compact format ({"format": "defi-exposure-compact", …}) or the DeXposure layout ({"data": {"YYYY-MM-DD": {"nodes", "links"}}})',
      },
    ],
    opts.fileName,
  );
}

export function parseDatasetText(text: string, opts: ParseOptions = {}): Dataset {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SnapshotError([{ path: '', message: `not valid JSON (${(err as Error).message})` }], opts.fileName);
  }
  return parseDatasetJson(json, opts);
}
