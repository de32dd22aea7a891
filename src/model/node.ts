// Node-side tfjs setup for training, evaluation and tests: the cpu backend, every gradient
// (registered by the @tensorflow/tfjs package; the ESM deep import of
// tfjs-core/dist/register_all_gradients does not resolve under Node) and the fast cpu kernels.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs';
import { registerFastCpuKernels } from './kernels';

export async function initNodeBackend(): Promise<void> {
  // Production mode: skips tfjs debug checks and its "install tfjs-node" banner on stderr
  // (tfjs-node cannot be installed here; the cpu backend plus ./kernels is the Node path).
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  registerFastCpuKernels();
}
