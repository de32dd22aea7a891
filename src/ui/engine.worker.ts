// Off-main-thread engine for large graphs: the same computeEngine/computeLayout as the inline path.
// The page sends a snapshot once per key, then only scenarios; replies carry the request id so
// the page can drop answers to requests it has already superseded.
import { computeEngine, type EngineRequest } from './engine';
import { computeLayout, type UnionGraph } from './layout';
import type { Snapshot } from '../core/types';

export type WorkerRequest =
  | { type: 'snapshot'; key: string; snapshot: Snapshot }
  | { type: 'run'; id: number; key: string; request: EngineRequest }
  | { type: 'layout'; id: number; graph: UnionGraph };

export type WorkerReply =
  | { type: 'run'; id: number; result: ReturnType<typeof computeEngine> }
  | { type: 'layout'; id: number; positions: ReturnType<typeof computeLayout> }
  | { type: 'error'; id: number; message: string };

const snapshots = new Map<string, Snapshot>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const msg = event.data;
  if (msg.type === 'snapshot') {
    snapshots.clear(); // one dataset week at a time: keeps the worker's memory flat
    snapshots.set(msg.key, msg.snapshot);
    return;
  }
  try {
    if (msg.type === 'run') {
      const snapshot = snapshots.get(msg.key);
      if (!snapshot) throw new Error(`engine worker: snapshot ${msg.key} was not sent`);
      scope.postMessage({
        type: 'run',
        id: msg.id,
        result: computeEngine(snapshot, msg.request),
      } satisfies WorkerReply);
    } else if (msg.type === 'layout') {
      scope.postMessage({ type: 'layout', id: msg.id, positions: computeLayout(msg.graph) } satisfies WorkerReply);
    }
  } catch (err) {
    scope.postMessage({ type: 'error', id: msg.id, message: (err as Error).message } satisfies WorkerReply);
  }
};
