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

export async function chooseBackend(): Promise<BackendName> {
  if (inNode()) return useCpu();
  try {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (gpu) {
      const adapter = await gpu.requestAdapter();
      if (adapter) {
        await import('@tensorflow/tfjs-backend-webgpu');
        if (await tf.setBackend('webgpu')) {
          await tf.ready();
          return 'webgpu';
        }
      }
    }
  } catch {
    // No usable WebGPU (old browser, blocked adapter, headless without GPU): try WebGL.
  }
  try {
    await import('@tensorflow/tfjs-backend-webgl');
    if (await tf.setBackend('webgl')) {
      await tf.ready();
      return 'webgl';
    }
  } catch {
    // No WebGL context either: fall back to the cpu backend.
  }
  return useCpu();
}
