// Structured load errors: every problem names where it is (file, JSON path or CSV row) and
// what was expected, so a user can fix the file. Nothing is half-loaded: any issue rejects it.
import type { z } from 'zod';

export interface SnapshotIssue {
  /** e.g. `nodes[12].size` or `meta_df.csv row 7`. */
  path: string;
  message: string;
}

export class SnapshotError extends Error {
  readonly issues: SnapshotIssue[];
  readonly file?: string;
  constructor(issues: SnapshotIssue[], file?: string) {
    const shown = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    super(`${file ? `${file}: ` : ''}${shown.join('; ')}${more}`);
    this.name = 'SnapshotError';
    this.issues = issues;
    this.file = file;
  }
}

/** `['nodes', 12, 'size']` -> `nodes[12].size`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A short, safe rendering of an offending value for messages (never the whole giant string). */
export function previewValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (Array.isArray(value)) text = `an array of ${value.length}`;
  else if (value !== null && typeof value === 'object') text = 'an object';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function issuesFromZod(error: z.ZodError, prefix = ''): SnapshotIssue[] {
  return error.issues.map((issue) => {
    const received = (issue as { received?: unknown }).received;
    const input = received === 'Infinity' || received === '-Infinity' || received === 'NaN' ? received : issue.input;
    // zod says "Invalid input: expected number, received string"; we say what was found instead.
    let message = issue.message
      .replace(/^(Invalid input|Invalid option|Too small|Too big): /, '')
      .replace(/, received \S+$/, '');
    if (issue.code === 'unrecognized_keys') message = `unexpected field(s) ${issue.keys.join(', ')}`;
    else if (issue.code === 'invalid_key')
      message = `${issue.issues[0]?.message ?? 'invalid key'}, got ${previewValue(input)}`;
    else if (!/, got /.test(message) && issue.code !== 'custom') message += `, got ${previewValue(input)}`;
    return { path: formatPath(issue.path, prefix), message };
  });
}
