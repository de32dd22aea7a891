// The fast way in: reads a valid compact or DeXposure JSON file without loading zod or the CSV
// parser (neither is imported from here, so a bundler can load them later, on demand). It returns
// null whenever the full reader (parse.ts) is needed instead: text that is not JSON, a layout it
// does not know, a file the hand check (fastValidate.ts) does not accept, or a meta_df.csv to
// read. The full reader then gives the same result or the located error. Errors only the
// normalisation finds (duplicate ids, weeks out of order…) are thrown here as there.
import { compactToDataset, isCompactLayout } from './compactBuild';
import { dexposureToDataset, isDexposureLayout } from './dexposureBuild';
import { fastCompact, fastDexposure } from './fastValidate';
import type { Dataset } from '../types';

export interface FastParseOptions {
  fileName?: string;
}

export function parseDatasetJsonFast(json: unknown, opts: FastParseOptions = {}): Dataset | null {
  if (isCompactLayout(json)) {
    const file = fastCompact(json);
    return file && compactToDataset(file, opts.fileName);
  }
  if (isDexposureLayout(json)) {
    const file = fastDexposure(json);
    return file && dexposureToDataset(file, { fileName: opts.fileName });
  }
  return null;
}

export function parseDatasetTextFast(text: string, opts: FastParseOptions = {}): Dataset | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  return parseDatasetJsonFast(json, opts);
}
