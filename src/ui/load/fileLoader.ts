// The page side of loading a user's files: one worker per load (terminated on cancel, so a
// runaway parse never outlives the user's patience), with an inline fallback where module
// workers are unavailable. The dataset arrives week by week and is put together here; the
// canvas positions follow from a second worker of the same module.
import type { Dataset, Snapshot } from '../../core/types';
import type { Positions } from '../layout';
import { newSharePool, shareWithPrevious } from './shareWeeks';
import {
  describeLoadError,
  parseInputFiles,
  readFileText,
  unionBuffers,
  unpackPositions,
  type FileLoadReply,
  type FileLoadRequest,
  type LoadFailure,
  type PackedUnion,
} from './fileLoadCore';

export interface LoadCallbacks {
  onProgress(loaded: number, total: number): void;
  onParsing(): void;
  /** A built week has arrived: `weeks` of `of`, the last one with `nodes` nodes and `edges` edges. */
  onWeek?(weeks: number, of: number, nodes: number, edges: number): void;
}

export type LoadOutcome =
  | {
      ok: true;
      dataset: Dataset;
      /** Positions of every node of every week, or null: lay it out on the page's side as usual. */
      positions: Promise<Positions | null>;
    }
  | { ok: false; cancelled: boolean; error: LoadFailure | null };

export interface RunningLoad {
  done: Promise<LoadOutcome>;
  /** Stops the worker: before 'done' the load is cancelled; after it, only the layout is dropped. */
  cancel(): void;
}

// Vite bundles a worker only where `new Worker(new URL(…, import.meta.url))` is written out whole.
const startWorker = () => new Worker(new URL('./fileLoad.worker.ts', import.meta.url), { type: 'module' });

export function loadUserFiles(files: File[], cb: LoadCallbacks): RunningLoad {
  if (typeof Worker === 'undefined') return loadInline(files, cb);
  // The reader, then (after 'done') a fresh worker for the layout: closing the reader frees the
  // parse's garbage at once instead of keeping it through the layout.
  let current = startWorker();
  let settleLayout: (p: Positions | null) => void = () => {};
  const positions = new Promise<Positions | null>((resolve) => {
    settleLayout = (p) => {
      current.terminate();
      resolve(p);
    };
  });
  let settle: (o: LoadOutcome) => void = () => {};
  let settled = false;
  const done = new Promise<LoadOutcome>((resolve) => {
    settle = (o) => {
      settled = true;
      if (!o.ok) settleLayout(null);
      resolve(o);
    };
  });
  const layOut = (union: PackedUnion | null) => {
    current.terminate();
    if (!union) {
      settleLayout(null);
      return;
    }
    current = startWorker();
    current.onmessage = (ev: MessageEvent<FileLoadReply>) => {
      if (ev.data.type === 'layout') settleLayout(ev.data.layout && unpackPositions(ev.data.layout));
    };
    current.onerror = (ev) => {
      ev.preventDefault();
      settleLayout(null);
    };
    current.postMessage({ layout: union } satisfies FileLoadRequest, unionBuffers(union));
  };
  const weeks: Snapshot[] = [];
  const pool = newSharePool();
  current.onmessage = (ev: MessageEvent<FileLoadReply>) => {
    const m = ev.data;
    if (m.type === 'progress') cb.onProgress(m.loaded, m.total);
    else if (m.type === 'parsing') cb.onParsing();
    else if (m.type === 'week') {
      weeks[m.index] = shareWithPrevious(m.week, weeks[m.index - 1], pool);
      cb.onWeek?.(m.index + 1, m.count, m.week.n, m.week.edges.m);
    } else if (m.type === 'done') {
      settle({ ok: true, dataset: { ...m.header, weeks }, positions });
      layOut(m.union);
    } else if (m.type === 'error') settle({ ok: false, cancelled: false, error: m.error });
  };
  current.onerror = (ev) => {
    ev.preventDefault();
    if (!settled)
      settle({
        ok: false,
        cancelled: false,
        error: describeLoadError(new Error(ev.message || 'the file reader stopped unexpectedly')),
      });
  };
  current.postMessage({ files } satisfies FileLoadRequest);
  return {
    done,
    cancel: () => {
      if (settled) settleLayout(null);
      else settle({ ok: false, cancelled: true, error: null });
    },
  };
}

function loadInline(files: File[], cb: LoadCallbacks): RunningLoad {
  let cancelled = false;
  const done = (async (): Promise<LoadOutcome> => {
    try {
      const texts = await readFileText(files, cb.onProgress);
      if (cancelled) return { ok: false, cancelled: true, error: null };
      cb.onParsing();
      await new Promise((r) => setTimeout(r, 0));
      const dataset = parseInputFiles(texts);
      return cancelled
        ? { ok: false, cancelled: true, error: null }
        : { ok: true, dataset, positions: Promise.resolve(null) };
    } catch (err) {
      return { ok: false, cancelled, error: cancelled ? null : describeLoadError(err) };
    }
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
    },
  };
}
