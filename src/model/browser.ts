// Loading the shipped model in the browser. The manifest and weights are imported as Vite
// asset URLs, so they are fingerprinted, bundled, precached for offline use and never fetched
// from anywhere but the app's own origin.
import manifestUrl from '../../models/manifest.json?url';
import weightsUrl from '../../models/weights.bin?url';
import evaluationUrl from '../../models/evaluation.json?url';
import { chooseBackendWithReason, type BackendName, type BackendPreference } from './backend';
import { loadModel, type LoadedModel } from './forecast';

const ASSETS: Record<string, string> = {
  'models/manifest.json': manifestUrl,
  'models/weights.bin': weightsUrl,
};

async function fetchAsset(path: string): Promise<ArrayBuffer> {
  const url = ASSETS[path];
  if (!url) throw new Error(`no bundled model file ${path}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${path} (HTTP ${res.status})`);
  return res.arrayBuffer();
}

export interface BrowserModel {
  model: LoadedModel;
  backend: BackendName;
  /** Why this backend ran (one line). */
  backendReason: string;
}

export async function loadBrowserModel(prefer: BackendPreference = 'auto'): Promise<BrowserModel> {
  const { backend, reason } = await chooseBackendWithReason(prefer);
  const model = await loadModel(fetchAsset, 'models/');
  return { model, backend, backendReason: reason };
}

/** The test-set evaluation written by `npm run cli -- evaluate` (for the model-card panel). */
export async function fetchEvaluation(): Promise<unknown> {
  const res = await fetch(evaluationUrl);
  if (!res.ok) throw new Error(`could not load the model evaluation (HTTP ${res.status})`);
  return res.json();
}
