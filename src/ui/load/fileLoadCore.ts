// Shared by the file-load worker and its inline fallback: reading Files as text with progress,
// the size guard, and turning any failure into a message a user can act on.
import { MAX_FILE_BYTES, parseInputFiles, type InputFile } from '../../core/snapshot/files';
import { SnapshotError, type SnapshotIssue } from '../../core/snapshot/errors';
import type { Dataset } from '../../core/types';

export { parseInputFiles };

export interface FileLoadRequest {
  files: File[];
}

export interface LoadFailure {
  /** The file the problem is in, when one is to blame. */
  file: string | null;
  /** Each problem with where it is (JSON path or CSV row); at most MAX_ISSUES of them. */
  issues: SnapshotIssue[];
  /** How many problems there were in all. */
  total: number;
}

export type FileLoadReply =
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'parsing' }
  | { type: 'done'; dataset: Dataset }
  | { type: 'error'; error: LoadFailure };

const MAX_ISSUES = 50;

/** Reads every file as UTF-8 text, reporting bytes read across all of them. Refuses oversized
 * files before reading a byte (a tab must not freeze or run out of memory on a runaway file). */
export async function readFileText(
  files: File[],
  onProgress: (loaded: number, total: number) => void,
): Promise<InputFile[]> {
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
  const out: InputFile[] = [];
  let loaded = 0;
  let reported = 0;
  onProgress(0, total);
  for (const f of files) {
    const reader = f.stream().getReader();
    const decoder = new TextDecoder('utf-8');
    const parts: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(decoder.decode(value, { stream: true }));
      loaded += value.byteLength;
      // At most about a hundred reports per load: each one is a message and a store update.
      if (loaded - reported >= total / 100) {
        reported = loaded;
        onProgress(loaded, total);
      }
    }
    parts.push(decoder.decode());
    // A UTF-8 byte-order mark would otherwise make JSON.parse fail on a valid file.
    out.push({ name: f.name, text: parts.join('').replace(/^\uFEFF/, '') });
  }
  if (reported !== loaded) onProgress(loaded, total);
  return out;
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
