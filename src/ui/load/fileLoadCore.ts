// Shared by the file-load worker and its inline fallback: reading Files as text with progress,
// the size guard, and turning any failure into a message a user can act on.
import { MAX_FILE_BYTES, parseInputFiles, type InputBytes, type InputFile } from '../../core/snapshot/files';
import { SnapshotError, type SnapshotIssue } from '../../core/snapshot/errors';
import type { Dataset, Snapshot } from '../../core/types';
import type { Positions, UnionGraph } from '../layout';

export { parseInputFiles };

/** Read and build these files; or, in a fresh worker, lay out a union graph. */
export type FileLoadRequest = { files: File[] } | { layout: PackedUnion };

export interface LoadFailure {
  /** The file the problem is in, when one is to blame. */
  file: string | null;
  /** Each problem with where it is (JSON path or CSV row); at most MAX_ISSUES of them. */
  issues: SnapshotIssue[];
  /** How many problems there were in all. */
  total: number;
}

/** A dataset without its weeks: they cross separately. */
export type DatasetHeader = Omit<Dataset, 'weeks'>;

export type FileLoadReply =
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'parsing' }
  /** One built week, oldest first. A 100 MB history crosses in ~50 pieces: the page receives each
   * in a task of its own (tens of ms) instead of one structured clone of everything (over a second). */
  | { type: 'week'; index: number; count: number; week: Snapshot }
  /** All weeks sent. `union`: what to lay out (every node and edge of every week), or null when the
   * file ships its own layout. The page then closes this worker, whose heap is full of the parse's
   * garbage, and lays the union out in a fresh one. */
  | { type: 'done'; header: DatasetHeader; union: PackedUnion | null }
  /** Canvas positions for every node of every week, by the same code the page would run
   * (computeLayout of the union graph); null: lay it out on the page's side as usual. */
  | { type: 'layout'; layout: PackedPositions | null }
  | { type: 'error'; error: LoadFailure };

/** Positions as two flat arrays: cheap to send (one typed array instead of thousands of pairs). */
export interface PackedPositions {
  ids: string[];
  xy: Float64Array;
}

/** A union graph as flat arrays: one message with a few transferable buffers. */
export interface PackedUnion {
  ids: string[];
  sectors: string[];
  tvl: Float64Array;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

export function packUnion(g: UnionGraph): PackedUnion {
  return {
    ids: g.ids,
    sectors: g.sectors,
    tvl: Float64Array.from(g.tvl),
    source: Int32Array.from(g.edges, (e) => e[0]),
    target: Int32Array.from(g.edges, (e) => e[1]),
    weight: Float64Array.from(g.edges, (e) => e[2]),
  };
}

export function unpackUnion(p: PackedUnion): UnionGraph {
  return {
    ids: p.ids,
    sectors: p.sectors,
    tvl: Array.from(p.tvl),
    edges: Array.from(p.source, (s, e) => [s, p.target[e], p.weight[e]] as [number, number, number]),
  };
}

export function unionBuffers(p: PackedUnion): ArrayBuffer[] {
  return [p.tvl, p.source, p.target, p.weight].map((a) => a.buffer as ArrayBuffer);
}

export function packPositions(positions: Positions): PackedPositions {
  const ids = [...positions.keys()];
  const xy = new Float64Array(ids.length * 2);
  ids.forEach((id, i) => {
    const [x, y] = positions.get(id)!;
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
  });
  return { ids, xy };
}

export function unpackPositions({ ids, xy }: PackedPositions): Positions {
  const out: Positions = new Map();
  ids.forEach((id, i) => out.set(id, [xy[2 * i], xy[2 * i + 1]]));
  return out;
}

const MAX_ISSUES = 50;

/** Reads every file's bytes, reporting bytes read across all of them. Refuses oversized files
 * before reading a byte (a tab must not freeze or run out of memory on a runaway file). */
export async function readFileBytes(
  files: File[],
  onProgress: (loaded: number, total: number) => void,
): Promise<InputBytes[]> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  for (const f of files)
    if (f.size > MAX_FILE_BYTES)
      throw new SnapshotError(
        [
          {
            path: '',
            message: `file is too large (${(f.size / 1e6).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB)`,
          },
        ],
        f.name,
      );
  const out: InputBytes[] = [];
  let loaded = 0;
  let reported = 0;
  onProgress(0, total);
  for (const f of files) {
    const reader = f.stream().getReader();
    // One buffer of the announced size: no list of chunks to join (a second copy of the file).
    let bytes = new Uint8Array(f.size);
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.byteLength > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, length + value.byteLength));
        grown.set(bytes.subarray(0, length));
        bytes = grown;
      }
      bytes.set(value, length);
      length += value.byteLength;
      loaded += value.byteLength;
      // At most about a hundred reports per load: each one is a message and a store update.
      if (loaded - reported >= total / 100) {
        reported = loaded;
        onProgress(loaded, total);
      }
    }
    out.push({ name: f.name, bytes: length === bytes.length ? bytes : bytes.subarray(0, length) });
  }
  if (reported !== loaded) onProgress(loaded, total);
  return out;
}

/** UTF-8 text of a file's bytes, without a byte-order mark (JSON.parse would fail on a valid file). */
export function bytesToText({ name, bytes }: InputBytes): InputFile {
  return { name, text: new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '') };
}

/** Reads every file as UTF-8 text (readFileBytes, then decoded). */
export async function readFileText(
  files: File[],
  onProgress: (loaded: number, total: number) => void,
): Promise<InputFile[]> {
  return (await readFileBytes(files, onProgress)).map(bytesToText);
}

/** Any failure (a SnapshotError, a JSON syntax error, a stack overflow on absurd nesting, out
 * of memory) as a LoadFailure; never throws. */
export function describeLoadError(err: unknown): LoadFailure {
  if (err instanceof SnapshotError)
    return { file: err.file ?? null, issues: err.issues.slice(0, MAX_ISSUES), total: err.issues.length };
  const message =
    err instanceof RangeError
      ? `the file is too deeply nested or too large to read (${err.message})`
      : err instanceof Error
        ? err.message
        : String(err);
  return { file: null, issues: [{ path: '', message }], total: 1 };
}
