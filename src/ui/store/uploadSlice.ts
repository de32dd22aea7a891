// Loading the user's own files: read and validated in a worker; on success the explorer switches to
// them, on failure it stays on the dataset it had.
import { LOCAL_DATASET, localCatalogueEntry } from '../data';
import { loadUserFiles, type RunningLoad } from '../load/fileLoader';
import { isEmptyDataset } from './dataSlice';
import type { Dataset, Provenance } from '../../core/types';
import type { GetState, SetState, UploadSlice, UploadState } from './types';

/**
 * A user's file credits nobody but itself: we cannot vouch for what it says of its sources, so its
 * provenance says "Your file" (and keeps whether it calls itself synthetic, and its date).
 */
export function asYourFile(dataset: Dataset, fileNames: string[]): Dataset {
  const provenance: Provenance = {
    source: `Your file: ${fileNames.join(' + ')}`,
    date: dataset.provenance.date,
    synthetic: dataset.provenance.synthetic,
    credit: 'Your file',
  };
  return { ...dataset, provenance, weeks: dataset.weeks.map((w) => ({ ...w, provenance })) };
}

/** A load in progress (the file input and the dismiss button wait for it). */
export function isBusy(upload: UploadState): boolean {
  return upload.phase === 'reading' || upload.phase === 'parsing' || upload.phase === 'building';
}

const NO_UPLOAD: UploadState = { phase: 'idle', files: [], loaded: 0, total: 0, error: null, warnings: [] };

export function createUploadSlice(set: SetState, get: GetState): UploadSlice {
  let runningLoad: RunningLoad | null = null;
  /** The load of the dataset shown as "your file": its worker may still be laying it out. */
  let acceptedLoad: RunningLoad | null = null;
  return {
    upload: NO_UPLOAD,
    localDataset: null,
    localPositions: null,

    async loadFiles(files) {
      runningLoad?.cancel();
      const names = files.map((f) => f.name);
      set({ upload: { ...NO_UPLOAD, phase: 'reading', files: names, total: files.reduce((n, f) => n + f.size, 0) } });
      const load = loadUserFiles(files, {
        onProgress: (loaded, total) => set({ upload: { ...get().upload, loaded, total } }),
        onParsing: () => set({ upload: { ...get().upload, phase: 'parsing' } }),
        onWeek: (weeks, of, nodes, edges) =>
          set({ upload: { ...get().upload, phase: 'building', received: { weeks, of, nodes, edges } } }),
      });
      runningLoad = load;
      const outcome = await load.done;
      if (runningLoad !== load) return; // superseded by a newer load
      runningLoad = null;
      if (!outcome.ok) {
        // The dataset on screen stays as it was: nothing of a rejected file is kept.
        set({ upload: outcome.cancelled ? NO_UPLOAD : { ...get().upload, phase: 'error', error: outcome.error } });
        return;
      }
      if (isEmptyDataset(outcome.dataset)) {
        set({
          upload: {
            ...get().upload,
            phase: 'error',
            error: { file: null, issues: [{ path: '', message: 'the file has no nodes' }], total: 1 },
          },
        });
        return;
      }
      const dataset = asYourFile(outcome.dataset, names);
      const entry = localCatalogueEntry(dataset, names);
      acceptedLoad?.cancel(); // the previous file's layout, if still running, is no longer wanted
      acceptedLoad = load;
      set({
        localDataset: dataset,
        localPositions: outcome.positions,
        catalogue: [...get().catalogue.filter((c) => c.name !== LOCAL_DATASET), entry],
        upload: {
          ...get().upload,
          phase: 'loaded',
          warnings: dataset.warnings,
          built: {
            nodes: dataset.weeks[dataset.weeks.length - 1].n,
            edges: dataset.weeks[dataset.weeks.length - 1].edges.m,
            weeks: dataset.weeks.length,
          },
        },
      });
      await get().selectDataset(LOCAL_DATASET);
    },

    cancelLoad() {
      runningLoad?.cancel();
    },

    dismissUpload() {
      if (isBusy(get().upload)) return;
      set({ upload: NO_UPLOAD });
    },
  };
}
