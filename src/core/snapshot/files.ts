// What a user drops or picks: one JSON snapshot (compact or DeXposure, optionally with
// meta_df.csv), or an edges CSV with its nodes CSV. Works on text so it runs in a worker.
import { MAX_FILE_BYTES } from './compactBounds';
import { SnapshotError } from './errors';
import { isEdgeListCsv, isNodesCsv, parseEdgeListCsv } from './csv';
import { parseDatasetText } from './parse';
import { parseMetaCsv, type MetaRow } from './dexposure';
import { parseDexposureBytes } from './dexposureStream';
import type { Dataset, Snapshot } from '../types';

export interface InputFile {
  name: string;
  text: string;
}

/** A file as read, before decoding. */
export interface InputBytes {
  name: string;
  bytes: Uint8Array;
}

export { MAX_FILE_BYTES };

export function parseInputFiles(files: InputFile[]): Dataset {
  if (files.length === 0) throw new SnapshotError([{ path: '', message: 'no file given' }]);
  for (const f of files)
    if (f.text.length > MAX_FILE_BYTES)
      throw new SnapshotError(
        [
          {
            path: '',
            message: `file is too large (${Math.round(f.text.length / 1e6)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB)`,
          },
        ],
        f.name,
      );
  const json = files.filter((f) => /\.json$/i.test(f.name) || /^\s*[{[]/.test(f.text));
  const csv = files.filter((f) => !json.includes(f));
  if (json.length > 1)
    throw new SnapshotError([
      {
        path: '',
        message: `give one JSON snapshot at a time, got ${json.length}: ${json.map((f) => f.name).join(', ')}`,
      },
    ]);
  if (json.length === 1) {
    const meta = csv.find((f) => !isEdgeListCsv(f.text));
    const extra = csv.filter((f) => f !== meta);
    if (extra.length)
      throw new SnapshotError([
        { path: '', message: `unexpected extra file(s) with a JSON snapshot: ${extra.map((f) => f.name).join(', ')}` },
      ]);
    return parseDatasetText(json[0].text, { fileName: json[0].name, metaCsv: meta?.text });
  }
  const edges = csv.find((f) => isEdgeListCsv(f.text));
  const nodes = csv.find((f) => f !== edges && isNodesCsv(f.text));
  if (!edges || !nodes)
    throw new SnapshotError([
      {
        path: '',
        message:
          "expected a JSON snapshot (our compact format or DeXposure's historical-network_week_*.json, optionally with meta_df.csv) or two CSV files: edges (source,target,size) and nodes (id,name,category,size)",
      },
    ]);
  return parseEdgeListCsv(edges.text, nodes.text, { edgesFile: edges.name, nodesFile: nodes.name });
}

/** The first byte that is not a byte-order mark or white space. */
function firstByte(bytes: Uint8Array): number {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09))
    at++;
  return bytes[at];
}

/**
 * A DeXposure history (one JSON file, optionally with its meta_df.csv) read week by week from its
 * bytes (dexposureStream.ts): the same dataset as parseInputFiles, at a fraction of the memory.
 * Null whenever that does not apply or anything fails: then decode the files and call
 * parseInputFiles, which gives the other layouts and every located error message.
 */
export function parseInputBytesByWeek(
  files: InputBytes[],
  onWeek?: (week: Snapshot, index: number, count: number) => void,
  /** The weeks go to onWeek only; the dataset returned has none (see DexposureBuildOptions). */
  handOver = false,
): Dataset | null {
  const json = files.filter(
    (f) => /\.json$/i.test(f.name) || firstByte(f.bytes) === 0x7b || firstByte(f.bytes) === 0x5b,
  );
  if (json.length !== 1 || files.length > 2 || json[0].bytes.length > MAX_FILE_BYTES) return null;
  const csv = files.find((f) => f !== json[0]);
  let meta: Map<string, MetaRow> | undefined;
  if (csv) {
    const text = new TextDecoder('utf-8').decode(csv.bytes).replace(/^\uFEFF/, '');
    if (isEdgeListCsv(text)) return null;
    try {
      meta = parseMetaCsv(text);
    } catch {
      return null;
    }
  }
  return parseDexposureBytes(json[0].bytes, { fileName: json[0].name, meta, handOver }, onWeek);
}
