// The forecaster off the main thread: tfjs (webgpu → webgl → cpu, chosen here, where the
// inference runs) and the model live in this worker; the page sends the observed weeks and
// gets the forecasts back (structured clone). Keeps the UI responsive during the seconds a
// forecast takes on software GPUs.
import type { BackendName, BackendPreference } from '../../model/backend';
import type { ForecastResult, LoadedModel } from '../../model/forecast';
import type { Snapshot } from '../../core/types';

export type ForecastWorkerRequest =
  { id: number; type: 'forecast'; weeks: Snapshot[]; prefer: BackendPreference } | { id: number; type: 'memory' };

export type ForecastWorkerReply =
  | { id: number; type: 'ready'; backend: BackendName; backendReason: string; version: string }
  | { id: number; type: 'forecast'; results: ForecastResult[] }
  | { id: number; type: 'memory'; numTensors: number | null }
  | { id: number; type: 'error'; message: string };

let modelPromise: Promise<{ model: LoadedModel; backend: BackendName; backendReason: string }> | null = null;
let tfCore: typeof import('@tensorflow/tfjs-core') | null = null;

const post = (m: ForecastWorkerReply) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (ev: MessageEvent<ForecastWorkerRequest>) => {
  const req = ev.data;
  try {
    if (req.type === 'memory') {
      post({ id: req.id, type: 'memory', numTensors: tfCore ? tfCore.memory().numTensors : null });
      return;
    }
    const first = modelPromise === null;
    modelPromise ??= (async () => {
      const [{ loadBrowserModel }, tf] = await Promise.all([
        import('../../model/browser'),
        import('@tensorflow/tfjs-core'),
      ]);
      tfCore = tf;
      return loadBrowserModel(req.prefer);
    })();
    const { model, backend, backendReason } = await modelPromise;
    if (first) post({ id: req.id, type: 'ready', backend, backendReason, version: model.version });
    const { forecast } = await import('../../model/forecast');
    const results = await forecast(model, req.weeks);
    post({ id: req.id, type: 'forecast', results });
  } catch (err) {
    post({ id: req.id, type: 'error', message: (err as Error).message });
  }
};
