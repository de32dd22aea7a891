// Recomputing the current scenario through the engine client (inline for small graphs, a worker for
// large ones). Every scenario or graph change calls recompute(); stale answers are dropped.
import type { Snapshot } from '../../core/types';
import { EngineClient, enginePathFor } from '../engineClient';
import type { GetState, SetState } from './types';

export const engine = new EngineClient();

let requestSeq = 0;
/** The engine worker caches the last graph it was sent by key: one key per Snapshot object, so
 * two graphs can never share one (two files of one name, a forecast dated like an observed week). */
const snapshotKeys = new WeakMap<Snapshot, string>();
let snapshotSeq = 0;
function snapshotKey(snapshot: Snapshot): string {
  let key = snapshotKeys.get(snapshot);
  if (key === undefined) {
    key = `${snapshot.date}#${++snapshotSeq}`;
    snapshotKeys.set(snapshot, key);
  }
  return key;
}

export function makeRecompute(set: SetState, get: GetState): () => void {
  return () => {
    const { snapshot, scenario, delta } = get();
    if (!snapshot) return;
    const seq = ++requestSeq;
    set({ status: 'running', engineError: null, enginePath: enginePathFor(snapshot.n + snapshot.edges.m) });
    engine
      .run(snapshotKey(snapshot), snapshot, { scenario, sweepFraction: delta > 0 ? delta : 0.5, sweepTop: 60 })
      .then((results) => {
        if (!results || seq !== requestSeq || get().snapshot !== snapshot) return;
        set({
          results,
          resultsFor: snapshot,
          status: results.contagion ? 'done' : 'idle',
          // The playback opens on the final round.
          round: results.contagion ? results.contagion.rounds.length : 0,
          playing: false,
          enginePath: engine.lastPath,
        });
      })
      .catch((err: Error) => {
        if (seq !== requestSeq) return;
        set({ status: 'idle', engineError: err.message, results: null, resultsFor: null });
      });
  };
}
