// The page side of loading a user's files: one worker per load (terminated on cancel, so a
// runaway parse never outlives the user's patience), with an inline fallback where module
// workers are unavailable.
import type { Dataset } from '../../core/types';
import { describeLoadError, parseInputFiles, readFileText, type FileLoadReply, type LoadFailure } from './fileLoadCore';

export interface LoadCallbacks {
  onProgress(loaded: number, total: number): void;
  onParsing(): void;
}

export type LoadOutcome = { ok: true; dataset: Dataset } | { ok: false; cancelled: boolean; error: LoadFailure | null };

export interface RunningLoad {
  done: Promise<LoadOutcome>;
  cancel(): void;
}

export function loadUserFiles(files: File[], cb: LoadCallbacks): RunningLoad {
  if (typeof Worker === 'undefined') return loadInline(files, cb);
  const worker = new Worker(new URL('./fileLoad.worker.ts', import.meta.url), { type: 'module' });
  let settle: (o: LoadOutcome) => void = () => {};
  const done = new Promise<LoadOutcome>((resolve) => {
    settle = (o) => {
      worker.terminate();
      resolve(o);
    };
  });
  worker.onmessage = (ev: MessageEvent<FileLoadReply>) => {
    const m = ev.data;
    if (m.type === 'progress') cb.onProgress(m.loaded, m.total);
    else if (m.type === 'parsing') cb.onParsing();
    else if (m.type === 'done') settle({ ok: true, dataset: m.dataset });
    else settle({ ok: false, cancelled: false, error: m.error });
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    settle({
      ok: false,
      cancelled: false,
      error: describeLoadError(new Error(ev.message || 'the file reader stopped unexpectedly')),
    });
  };
  worker.postMessage({ files });
  return { done, cancel: () => settle({ ok: false, cancelled: true, error: null }) };
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
      return cancelled ? { ok: false, cancelled: true, error: null } : { ok: true, dataset };
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
