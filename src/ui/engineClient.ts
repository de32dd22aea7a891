// Chooses where the engine runs. Small graphs compute inline (no message round trip); large ones
// in a module worker, so slider drags never stall the canvas. Both paths call the same pure
// functions (engine.ts, layout.ts) and return the same shapes.
//
// Requests are coalesced: while one run is in flight, only the newest waiting request is kept;
// a superseded request resolves to null and the store ignores it.
import type { Snapshot } from '../core/types';
import { computeEngine, type EngineRequest, type EngineResult } from './engine';
import { computeLayout, type Positions, type UnionGraph } from './layout';
import type { WorkerReply, WorkerRequest } from './engine.worker';

export type EnginePath = 'inline' | 'worker';

/** Nodes + edges above which the engine leaves the main thread (the sweep runs once per protocol). */
export const WORKER_THRESHOLD = 1500;

export function enginePathFor(size: number): EnginePath {
  return size > WORKER_THRESHOLD && typeof Worker !== 'undefined' ? 'worker' : 'inline';
}

interface Pending {
  key: string;
  snapshot: Snapshot;
  request: EngineRequest;
  resolve: (r: EngineResult | null) => void;
  reject: (e: Error) => void;
}

export class EngineClient {
  private worker: Worker | null = null;
  private workerBroken = false;
  private sentKey: string | null = null;
  private nextId = 1;
  private inFlight = false;
  private waiting: Pending | null = null;
  private layoutWaiters = new Map<
    number,
    { graph: UnionGraph; resolve: (p: Positions) => void; reject: (e: Error) => void }
  >();
  private runWaiter: { id: number; job: Pending } | null = null;
  /** Path the last run took (exposed to tests). */
  lastPath: EnginePath = 'inline';

  run(key: string, snapshot: Snapshot, request: EngineRequest): Promise<EngineResult | null> {
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(null); // superseded before it started
      this.waiting = { key, snapshot, request, resolve, reject };
      if (!this.inFlight) this.pump();
    });
  }

  layout(graph: UnionGraph): Promise<Positions> {
    const worker = enginePathFor(graph.ids.length + graph.edges.length) === 'worker' ? this.getWorker() : null;
    if (!worker) return new Promise((resolve) => setTimeout(() => resolve(computeLayout(graph)), 0));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.layoutWaiters.set(id, { graph, resolve, reject });
      worker.postMessage({ type: 'layout', id, graph } satisfies WorkerRequest);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private pump(): void {
    const job = this.waiting;
    if (!job) return;
    this.waiting = null;
    this.inFlight = true;
    const path = enginePathFor(job.snapshot.n + job.snapshot.edges.m);
    const worker = path === 'worker' ? this.getWorker() : null;
    if (!worker) {
      this.lastPath = 'inline';
      // A macrotask, so the "running" state paints before a heavier inline run.
      setTimeout(() => {
        try {
          job.resolve(computeEngine(job.snapshot, job.request));
        } catch (err) {
          job.reject(err as Error);
        }
        this.inFlight = false;
        this.pump();
      }, 0);
      return;
    }
    this.lastPath = 'worker';
    if (this.sentKey !== job.key) {
      worker.postMessage({ type: 'snapshot', key: job.key, snapshot: job.snapshot } satisfies WorkerRequest);
      this.sentKey = job.key;
    }
    const id = this.nextId++;
    this.runWaiter = { id, job };
    worker.postMessage({ type: 'run', id, key: job.key, request: job.request } satisfies WorkerRequest);
  }

  private getWorker(): Worker | null {
    if (this.workerBroken) return null;
    if (this.worker) return this.worker;
    try {
      this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    } catch (err) {
      console.warn('engine worker unavailable, computing on the main thread:', err);
      this.workerBroken = true;
      return null;
    }
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => this.onReply(event.data);
    this.worker.onerror = (event) => this.failWorker(new Error(event.message || 'the engine worker failed'));
    return this.worker;
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'layout') {
      this.layoutWaiters.get(reply.id)?.resolve(reply.positions);
      this.layoutWaiters.delete(reply.id);
      return;
    }
    if (reply.type === 'error') {
      const layout = this.layoutWaiters.get(reply.id);
      if (layout) {
        layout.reject(new Error(reply.message));
        this.layoutWaiters.delete(reply.id);
        return;
      }
    }
    const waiter = this.runWaiter;
    if (!waiter || waiter.id !== reply.id) return;
    this.runWaiter = null;
    if (reply.type === 'run') waiter.job.resolve(reply.result);
    else waiter.job.reject(new Error(reply.message));
    this.inFlight = false;
    this.pump();
  }

  /** A broken worker (e.g. a strict CSP) must not leave the UI spinning: redo its work inline. */
  private failWorker(error: Error): void {
    console.warn('engine worker failed, computing on the main thread:', error.message);
    this.worker?.terminate();
    this.worker = null;
    this.workerBroken = true;
    this.sentKey = null;
    for (const w of this.layoutWaiters.values()) setTimeout(() => w.resolve(computeLayout(w.graph)), 0);
    this.layoutWaiters.clear();
    const waiter = this.runWaiter;
    this.runWaiter = null;
    if (waiter) {
      if (this.waiting) waiter.job.resolve(null);
      else this.waiting = waiter.job;
    }
    this.inFlight = false;
    this.pump();
  }
}
