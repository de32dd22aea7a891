import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initNodeBackend } from '../../src/model/node';
import { fastCpuKernelsInstalled, registerFastCpuKernels, unregisterFastCpuKernels } from '../../src/model/kernels';
import { mulberry32 } from '../../src/model/rng';

const random = mulberry32(99);
const randomTensor = (shape: number[]) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1),
    shape,
  );
const randomInts = (n: number, max: number) =>
  tf.tensor1d(
    Int32Array.from({ length: n }, () => Math.floor(random() * max)),
    'int32',
  );

/** Run f with the fast kernels, then with the stock ones, and compare. */
function compare(f: () => tf.Tensor, tolerance = 1e-4): void {
  registerFastCpuKernels();
  const fast = f();
  unregisterFastCpuKernels();
  const reference = f();
  registerFastCpuKernels();
  expect(fast.shape).toEqual(reference.shape);
  expect(fast.dtype).toEqual(reference.dtype);
  const a = fast.dataSync();
  const b = reference.dataSync();
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
  tf.dispose([fast, reference]);
}

describe('fast cpu kernels', () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  it('are installed by the Node setup', () => {
    expect(fastCpuKernelsInstalled()).toBe(true);
  });

  // Inputs are made outside the compared closures: both runs must see the same values.
  it('UnsortedSegmentSum and GatherV2 equal the stock kernels', () => {
    const x = randomTensor([300, 7]);
    const ids = randomInts(300, 40);
    compare(() => tf.unsortedSegmentSum(x, ids, 40));
    const v = randomTensor([50]);
    const vIds = randomInts(50, 9);
    compare(() => tf.unsortedSegmentSum(v, vIds, 9));
    const rows = randomInts(500, 300);
    compare(() => tf.gather(x, rows));
    const x3 = randomTensor([20, 3, 4]);
    const rows3 = randomInts(11, 20);
    compare(() => tf.gather(x3, rows3));
    const small = randomTensor([5, 6]);
    const cols = randomInts(4, 6);
    compare(() => tf.gather(small, cols, 1)); // axis 1 falls back to the stock kernel
  });

  it('BatchMatMul equals the stock kernel with and without transposes and batches', () => {
    const a = randomTensor([37, 13]);
    const b = randomTensor([13, 9]);
    const aT = randomTensor([13, 37]);
    const bT = randomTensor([9, 13]);
    const a3 = randomTensor([3, 5, 4]);
    const b3 = randomTensor([3, 4, 6]);
    const b1 = randomTensor([1, 4, 6]);
    compare(() => tf.matMul(a, b));
    compare(() => tf.matMul(aT, b, true, false));
    compare(() => tf.matMul(a, bT, false, true));
    compare(() => tf.matMul(a3, b3));
    compare(() => tf.matMul(a3, b1));
  });

  it('broadcasting Add/Sub/Mul/Div/Maximum, Transpose, Sum and Slice equal the stock kernels', () => {
    const x = randomTensor([17, 6, 5]);
    const row = randomTensor([5]);
    const mid = randomTensor([17, 1, 5]);
    const col = randomTensor([17, 6, 1]);
    const pos = tf.add(tf.abs(randomTensor([6, 1])), 0.5);
    const lead = randomTensor([1, 6, 5]);
    const three = tf.scalar(3);
    compare(() => tf.add(x, row));
    compare(() => tf.sub(x, mid));
    compare(() => tf.mul(x, col));
    compare(() => tf.mul(x, three));
    compare(() => tf.div(x, pos));
    compare(() => tf.maximum(x, lead));
    compare(() => tf.add(x, x));
    compare(() => tf.transpose(x, [2, 0, 1]));
    compare(() => tf.transpose(x, [0, 1, 2]));
    compare(() => tf.sum(x, 0));
    compare(() => tf.sum(x, 1));
    compare(() => tf.sum(x, [0, 2], true));
    compare(() => tf.sum(x));
    compare(() => tf.slice(x, [2, 1, 0], [10, 4, 5]));
    compare(() => tf.slice(x, [0, 5, 2], [17, 1, 2]));
  });

  it('give the same gradients through gather and segment sums', () => {
    const x = randomTensor([30, 4]);
    const idx = randomInts(80, 30);
    const w = randomTensor([80, 1]);
    compare(() =>
      tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.unsortedSegmentSum(tf.mul(tf.gather(v, idx), w), idx, 30))))(x),
    );
  });
});
