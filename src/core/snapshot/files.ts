// What a user drops or picks: one JSON snapshot (compact or DeXposure, optionally with
// meta_df.csv), or an edges CSV with its nodes CSV. Works on text so it runs in a worker.
import { MAX_FILE_BYTES } from './compactBounds';
import { SnapshotError } from './errors';
import { isEdgeListCsv, isNodesCsv, parseEdgeListCsv } from './csv';
import { parseDatasetText } from './parse';
import type { Dataset } from '../types';

export interface InputFile {
  name: string;
  text: string;
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
