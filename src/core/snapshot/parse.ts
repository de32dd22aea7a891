// Detects the layout of a JSON snapshot and returns a Dataset.
import { isCompactLayout, parseCompact, type Validation } from './compact';
import { isDexposureLayout, parseDexposure, parseMetaCsv } from './dexposure';
import { SnapshotError } from './errors';
import type { Dataset, Snapshot } from '../types';

export interface ParseOptions {
  fileName?: string;
  /** meta_df.csv text for the DeXposure layout. */
  metaCsv?: string;
  /** 'zod' skips the hand check of the JSON layouts (same result, slower; for tests and the bench). */
  validation?: Validation;
}

export function parseDatasetJson(json: unknown, opts: ParseOptions = {}): Dataset {
  if (isCompactLayout(json)) return parseCompact(json, opts.fileName, opts.validation);
  if (isDexposureLayout(json)) {
    const meta = opts.metaCsv !== undefined ? parseMetaCsv(opts.metaCsv) : undefined;
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

/** The week for `date` (YYYY-MM-DD), or the latest when no date is given. */
export function pickWeek(dataset: Dataset, date?: string): Snapshot {
  if (!date) return dataset.weeks[dataset.weeks.length - 1];
  const week = dataset.weeks.find((w) => w.date === date);
  if (!week) {
    const dates = dataset.weeks.map((w) => w.date);
    const list =
      dates.length > 6 ? `${dates.slice(0, 3).join(', ')} … ${dates.slice(-3).join(', ')}` : dates.join(', ');
    throw new SnapshotError([{ path: '--date', message: `no week ${date} in ${dataset.name} (weeks: ${list})` }]);
  }
  return week;
}
