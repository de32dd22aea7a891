// Reader for our compact format (v1): validated (a hand check, or zod when that finds a problem,
// so the message is zod's), then normalised week by week.
import { compactSnapshotSchema, type CompactSnapshot } from './compactSchema';
import { fastCompact } from './fastValidate';
import { compactToDataset, isCompactLayout } from './compactBuild';
import { SnapshotError, issuesFromZod } from './errors';
import type { Dataset } from '../types';

export { isCompactLayout };

/**
 * `validation: 'zod'` skips the hand check (fastValidate.ts) and runs the schema alone: the result
 * is the same, only slower; the tests and the bench use it to compare the two.
 */
export type Validation = 'fast' | 'zod';

/** The validated file: the hand check's result, or zod's, or a SnapshotError with zod's messages. */
export function validateCompact(json: unknown, fileName?: string, validation: Validation = 'fast'): CompactSnapshot {
  const fast = validation === 'fast' ? fastCompact(json) : null;
  if (fast) return fast;
  const parsed = compactSnapshotSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new SnapshotError(issuesFromZod(parsed.error), fileName);
  return parsed.data;
}

export function parseCompact(json: unknown, fileName?: string, validation: Validation = 'fast'): Dataset {
  return compactToDataset(validateCompact(json, fileName, validation), fileName);
}
