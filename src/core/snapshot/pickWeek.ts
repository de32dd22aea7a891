// Choosing a week of a dataset (no parser needed: the command line imports it before it knows
// whether the fast reading path will do).
import { SnapshotError } from './errors';
import type { Dataset, Snapshot } from '../types';

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
