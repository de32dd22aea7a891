// Backend selection. Browser: WebGPU when an adapter exists, else WebGL, else cpu; never
// throws when WebGPU is missing. Node: always cpu (with the fast cpu kernels).
import * as tf from '@tensorflow/tfjs-core';
import { registerFastCpuKernels } from './kernels';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

function inNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

async function useCpu(): Promise<'cpu'> {
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  await tf.ready();
  registerFastCpuKernels();
  return 'cpu';
}

async function tryWebgpu(): Promise<boolean> {
  try {
    // tfjs's webgpu backend can fail to initialise without an adapter: ask for one first.
    const adapter = await (globalThis.navigator as Navigator | undefined)?.gpu?.requestAdapter();
    if (!adapter) return false;
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return false;
    await tf.ready();
    return true;
  } catch {
    // No usable WebGPU (old browser, blocked adapter, headless without GPU).
    return false;
  }
}

async function tryWebgl(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-webgl');
    if (!(await tf.setBackend('webgl'))) return false;
    await tf.ready();
    return true;
  } catch {
    // No WebGL context either.
    return false;
  }
}

/**
 * `prefer` caps the choice (tests and the bench force 'webgl' or 'cpu'); below it the
 * fallback order webgpu → webgl → cpu still applies.
 */
export async function chooseBackend(prefer: BackendName = 'webgpu'): Promise<BackendName> {
  if (inNode() || prefer === 'cpu') return useCpu();
  if (prefer === 'webgpu' && (await tryWebgpu())) return 'webgpu';
  if (await tryWebgl()) return 'webgl';
  return useCpu();
}
