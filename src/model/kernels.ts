// Fast typed-array kernels for the tfjs 'cpu' backend.
// WHY: the stock cpu UnsortedSegmentSum loops once per segment over every row
// (O(segments × rows)); the gradient of every gather is an UnsortedSegmentSum, so
// message passing and the link head would spend seconds there. GatherV2 on cpu goes
// through a generic TensorBuffer index per element; a row copy is much faster.
// Only the 'cpu' backend is patched: webgl/webgpu keep their own kernels.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

// The cpu backend's data store; typed loosely because the class is not exported by tfjs-core.
interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): TensorInfo;
  readSync(dataId: object): tf.backend_util.BackendValues;
}

const originals = new Map<string, KernelConfig>();
let installed = false;

function values(backend: CpuBackendLike, t: TensorInfo): ArrayLike<number> {
  return backend.data.get(t.dataId).values as ArrayLike<number>;
}

/** segment sum over rows: out[seg[i], :] += x[i, :]; ids outside [0, numSegments) are dropped (as TF does). */
const fastUnsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
  const original = originals.get(tf.UnsortedSegmentSum)!;
  if (x.dtype !== 'float32' || segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    return original.kernelFunc({ inputs, backend, attrs });
  }
  const rows = x.shape[0];
  const rowSize = rows === 0 ? 0 : tf.util.sizeFromShape(x.shape.slice(1));
  const xs = values(cpu, x);
  const ids = values(cpu, segmentIds);
  const out = new Float32Array(numSegments * rowSize);
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const o = s * rowSize;
    const a = i * rowSize;
    for (let j = 0; j < rowSize; j++) out[o + j] += xs[a + j];
  }
  return cpu.makeTensorInfo([numSegments, ...x.shape.slice(1)], 'float32', out);
};

/** gather along axis 0 with no batch dims: out[i, :] = x[idx[i], :]. */
const fastGatherV2: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const x = inputs.x as TensorInfo;
  const indices = inputs.indices as TensorInfo;
  const { axis, batchDims } = attrs as unknown as { axis: number; batchDims?: number };
  const original = originals.get(tf.GatherV2)!;
  const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
  if (parsedAxis !== 0 || (batchDims ?? 0) !== 0 || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
    return original.kernelFunc({ inputs, backend, attrs });
  }
  const dim = x.shape[0];
  const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
  const xs = values(cpu, x);
  const idx = values(cpu, indices);
  const count = idx.length;
  const out = x.dtype === 'float32' ? new Float32Array(count * rowSize) : new Int32Array(count * rowSize);
  for (let i = 0; i < count; i++) {
    const r = idx[i];
    if (r < 0 || r >= dim) throw new Error(`GatherV2: the index value ${r} is not in [0, ${dim - 1}]`);
    const a = r * rowSize;
    const o = i * rowSize;
    for (let j = 0; j < rowSize; j++) out[o + j] = xs[a + j];
  }
  return cpu.makeTensorInfo([...indices.shape, ...x.shape.slice(1)], x.dtype, out);
};

type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max';

/**
 * out[o .. o+len) = a[pa + j·ia] op b[pb + j·ib]. One loop per op (no callback in the hot
 * loop: V8 does not inline a closure reliably there, which cost ~5× on [P,32] tensors).
 */
function binaryRun(
  op: BinaryOp,
  out: Float32Array,
  o: number,
  av: ArrayLike<number>,
  pa: number,
  ia: number,
  bv: ArrayLike<number>,
  pb: number,
  ib: number,
  len: number,
): void {
  switch (op) {
    case 'add':
      for (let j = 0; j < len; j++, pa += ia, pb += ib) out[o + j] = av[pa] + bv[pb];
      break;
    case 'sub':
      for (let j = 0; j < len; j++, pa += ia, pb += ib) out[o + j] = av[pa] - bv[pb];
      break;
    case 'mul':
      for (let j = 0; j < len; j++, pa += ia, pb += ib) out[o + j] = av[pa] * bv[pb];
      break;
    case 'div':
      for (let j = 0; j < len; j++, pa += ia, pb += ib) out[o + j] = av[pa] / bv[pb];
      break;
    case 'max':
      for (let j = 0; j < len; j++, pa += ia, pb += ib) {
        const x = av[pa];
        const y = bv[pb];
        out[o + j] = x > y || Number.isNaN(x) ? x : y;
      }
      break;
  }
}

/**
 * Element-wise binary op with numpy broadcasting on float32: an odometer over the outer
 * dimensions and a tight inner loop over the last one. The stock cpu kernels compute a
 * multi-index per element when shapes differ (e.g. [P,32] × [P,1]).
 */
function broadcastBinary(kernelName: string, op: BinaryOp): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const cpu = backend as unknown as CpuBackendLike;
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') {
      return originals.get(kernelName)!.kernelFunc({ inputs, backend, attrs });
    }
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const av = values(cpu, a);
    const bv = values(cpu, b);
    const size = tf.util.sizeFromShape(outShape);
    const out = new Float32Array(size);
    if (a.shape.length === b.shape.length && tf.util.arraysEqual(a.shape, b.shape)) {
      binaryRun(op, out, 0, av, 0, 1, bv, 0, 1, size);
      return cpu.makeTensorInfo(outShape, 'float32', out);
    }
    const rank = Math.max(outShape.length, 1);
    const shape = outShape.length === 0 ? [1] : outShape;
    // Strides of a and b in output coordinates (0 along broadcast dimensions).
    const stridesFor = (s: number[]) => {
      const padded = new Array(rank - s.length).fill(1).concat(s);
      const strides = new Array<number>(rank);
      let acc = 1;
      for (let d = rank - 1; d >= 0; d--) {
        strides[d] = padded[d] === 1 ? 0 : acc;
        acc *= padded[d];
      }
      return strides;
    };
    const sa = stridesFor(a.shape);
    const sb = stridesFor(b.shape);
    const inner = shape[rank - 1];
    const outer = inner === 0 ? 0 : size / inner;
    const counter = new Array<number>(rank).fill(0);
    let offA = 0;
    let offB = 0;
    for (let r = 0; r < outer; r++) {
      binaryRun(op, out, r * inner, av, offA, sa[rank - 1], bv, offB, sb[rank - 1], inner);
      // Advance the odometer over dimensions rank-2 … 0.
      for (let d = rank - 2; d >= 0; d--) {
        counter[d]++;
        offA += sa[d];
        offB += sb[d];
        if (counter[d] < shape[d]) break;
        offA -= sa[d] * shape[d];
        offB -= sb[d] * shape[d];
        counter[d] = 0;
      }
    }
    return cpu.makeTensorInfo(outShape, 'float32', out);
  };
}

/** Slice of a float32 tensor: contiguous runs along the last dimension copied with subarray/set. */
const fastSlice: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const x = inputs.x as TensorInfo;
  const { begin, size } = attrs as unknown as { begin: number | number[]; size: number | number[] };
  if (x.dtype !== 'float32' || x.shape.length === 0)
    return originals.get(tf.Slice)!.kernelFunc({ inputs, backend, attrs });
  const [b, s] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, begin, size);
  tf.slice_util.assertParamsValid(x as unknown as tf.Tensor, b, s);
  const xs = values(cpu, x) as Float32Array;
  const rank = x.shape.length;
  const outSize = tf.util.sizeFromShape(s);
  const out = new Float32Array(outSize);
  const strides = new Array<number>(rank);
  let acc = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= x.shape[d];
  }
  const inner = s[rank - 1];
  const outer = inner === 0 ? 0 : outSize / inner;
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  for (let d = 0; d < rank; d++) base += b[d] * strides[d];
  for (let r = 0; r < outer; r++) {
    out.set(xs.subarray(base, base + inner), r * inner);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]++;
      base += strides[d];
      if (counter[d] < s[d]) break;
      base -= strides[d] * s[d];
      counter[d] = 0;
    }
  }
  return cpu.makeTensorInfo(s, 'float32', out);
};

/** Transpose of a float32 tensor: odometer over the output with precomputed input strides. */
const fastTranspose: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const x = inputs.x as TensorInfo;
  const perm = (attrs as unknown as { perm: number[] }).perm;
  if (x.dtype !== 'float32') return originals.get(tf.Transpose)!.kernelFunc({ inputs, backend, attrs });
  const xs = values(cpu, x);
  const rank = x.shape.length;
  const outShape = perm.map((p) => x.shape[p]);
  const size = tf.util.sizeFromShape(x.shape);
  const out = new Float32Array(size);
  if (perm.every((p, i) => p === i)) {
    for (let i = 0; i < size; i++) out[i] = xs[i];
    return cpu.makeTensorInfo(outShape, 'float32', out);
  }
  const inStrides = new Array<number>(rank);
  let acc = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = acc;
    acc *= x.shape[d];
  }
  const stepIn = perm.map((p) => inStrides[p]); // input stride along each output dimension
  const inner = outShape[rank - 1];
  const innerStep = stepIn[rank - 1];
  const outer = size / Math.max(inner, 1);
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  let o = 0;
  for (let r = 0; r < outer; r++) {
    let p = base;
    for (let j = 0; j < inner; j++) {
      out[o++] = xs[p];
      p += innerStep;
    }
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]++;
      base += stepIn[d];
      if (counter[d] < outShape[d]) break;
      base -= stepIn[d] * outShape[d];
      counter[d] = 0;
    }
  }
  return cpu.makeTensorInfo(outShape, 'float32', out);
};

/** Row-major copy of the transpose of a [rows, cols] block starting at offset. */
function transposed(src: ArrayLike<number>, offset: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = offset + r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[base + c];
  }
  return out;
}

/**
 * C[M,N] = A[M,K] · B^T where bt holds B^T row-major as [N,K]: every inner product runs
 * over two contiguous rows, blocked 2 rows × 4 columns so 8 sums stay in registers.
 */
function gemmRowDot(
  av: ArrayLike<number>,
  aOff: number,
  bt: ArrayLike<number>,
  bOff: number,
  out: Float32Array,
  cOff: number,
  M: number,
  N: number,
  K: number,
): void {
  const M2 = M - (M % 2);
  const N4 = N - (N % 4);
  for (let i = 0; i < M2; i += 2) {
    const a0 = aOff + i * K;
    const a1 = a0 + K;
    const c0 = cOff + i * N;
    const c1 = c0 + N;
    for (let j = 0; j < N4; j += 4) {
      const b0 = bOff + j * K;
      const b1 = b0 + K;
      const b2 = b1 + K;
      const b3 = b2 + K;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        t0 = 0,
        t1 = 0,
        t2 = 0,
        t3 = 0;
      for (let k = 0; k < K; k++) {
        const v = av[a0 + k];
        const w = av[a1 + k];
        const x0 = bt[b0 + k],
          x1 = bt[b1 + k],
          x2 = bt[b2 + k],
          x3 = bt[b3 + k];
        s0 += v * x0;
        s1 += v * x1;
        s2 += v * x2;
        s3 += v * x3;
        t0 += w * x0;
        t1 += w * x1;
        t2 += w * x2;
        t3 += w * x3;
      }
      out[c0 + j] = s0;
      out[c0 + j + 1] = s1;
      out[c0 + j + 2] = s2;
      out[c0 + j + 3] = s3;
      out[c1 + j] = t0;
      out[c1 + j + 1] = t1;
      out[c1 + j + 2] = t2;
      out[c1 + j + 3] = t3;
    }
    for (let j = N4; j < N; j++) {
      const b0 = bOff + j * K;
      let s = 0,
        t = 0;
      for (let k = 0; k < K; k++) {
        s += av[a0 + k] * bt[b0 + k];
        t += av[a1 + k] * bt[b0 + k];
      }
      out[c0 + j] = s;
      out[c1 + j] = t;
    }
  }
  for (let i = M2; i < M; i++) {
    const a0 = aOff + i * K;
    for (let j = 0; j < N; j++) {
      const b0 = bOff + j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += av[a0 + k] * bt[b0 + k];
      out[cOff + i * N + j] = s;
    }
  }
}

/**
 * Batched matmul on float32: operands are brought to A row-major and B^T row-major
 * (a copy only when needed), then a register-blocked dot kernel; about 4× the stock
 * cpu kernel on the [P,32]×[32,32] shapes of the link head.
 */
const fastBatchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const ra = a.shape.length;
  const rb = b.shape.length;
  const batchA = ra >= 2 ? tf.util.sizeFromShape(a.shape.slice(0, -2)) : 0;
  const batchB = rb >= 2 ? tf.util.sizeFromShape(b.shape.slice(0, -2)) : 0;
  if (
    a.dtype !== 'float32' ||
    b.dtype !== 'float32' ||
    ra < 2 ||
    rb < 2 ||
    (batchA !== batchB && batchA !== 1 && batchB !== 1)
  ) {
    return originals.get(tf.BatchMatMul)!.kernelFunc({ inputs, backend, attrs });
  }
  const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batch = Math.max(batchA, batchB);
  const av = values(cpu, a);
  const bv = values(cpu, b);
  const out = new Float32Array(batch * M * N);
  for (let bi = 0; bi < batch; bi++) {
    const oa = (batchA === 1 ? 0 : bi) * M * K;
    const ob = (batchB === 1 ? 0 : bi) * K * N;
    const aRows = transposeA ? transposed(av, oa, K, M) : av;
    const bRows = transposeB ? bv : transposed(bv, ob, K, N);
    gemmRowDot(aRows, transposeA ? 0 : oa, bRows, transposeB ? ob : 0, out, bi * M * N, M, N, K);
  }
  const outBatch = (batchA >= batchB ? a.shape : b.shape).slice(0, -2);
  return cpu.makeTensorInfo([...outBatch, M, N], 'float32', out);
};

/** Sum over any set of axes on float32: leading axes accumulate whole rows, the rest reduce contiguous runs. */
const fastSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const x = inputs.x as TensorInfo;
  const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32') return originals.get(tf.Sum)!.kernelFunc({ inputs, backend, attrs });
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of axes) reduced[a] = true;
  const outShapeKept = x.shape.map((d, i) => (reduced[i] ? 1 : d));
  const outShape = keepDims ? outShapeKept : x.shape.filter((_, i) => !reduced[i]);
  const outSize = tf.util.sizeFromShape(outShapeKept);
  // Bring the input to [kept..., reduced...] order (a copy only when the axes are not already last).
  const perm = [...x.shape.keys()].filter((i) => !reduced[i]).concat(axes.slice().sort((p, q) => p - q));
  let xs = values(cpu, x);
  const identity = perm.every((p, i) => p === i);
  const reduceSize = tf.util.sizeFromShape(x.shape) / Math.max(outSize, 1);
  const out = new Float32Array(outSize);
  if (!identity && axes.length === 1 && axes[0] === 0) {
    // Sum over the leading axis: accumulate rows (bias gradients).
    const rows = x.shape[0];
    for (let r = 0; r < rows; r++) {
      const base = r * outSize;
      for (let j = 0; j < outSize; j++) out[j] += xs[base + j];
    }
    return cpu.makeTensorInfo(outShape, 'float32', out);
  }
  if (!identity) {
    const t = fastTranspose({ inputs: { x }, backend, attrs: { perm } as unknown as tf.NamedAttrMap }) as TensorInfo;
    xs = (values(cpu, t) as Float32Array).slice();
    (backend as unknown as { disposeIntermediateTensorInfo(t: TensorInfo): void }).disposeIntermediateTensorInfo(t);
  }
  for (let o = 0; o < outSize; o++) {
    const base = o * reduceSize;
    let s = 0;
    for (let k = 0; k < reduceSize; k++) s += xs[base + k];
    out[o] = s;
  }
  return cpu.makeTensorInfo(outShape, 'float32', out);
};

const FAST_KERNELS: [string, KernelFunc][] = [
  [tf.Sum, fastSum],
  [tf.UnsortedSegmentSum, fastUnsortedSegmentSum],
  [tf.GatherV2, fastGatherV2],
  [tf.Transpose, fastTranspose],
  [tf.BatchMatMul, fastBatchMatMul],
  [tf.Slice, fastSlice],
  [tf.Add, broadcastBinary(tf.Add, 'add')],
  [tf.Sub, broadcastBinary(tf.Sub, 'sub')],
  [tf.Multiply, broadcastBinary(tf.Multiply, 'mul')],
  [tf.RealDiv, broadcastBinary(tf.RealDiv, 'div')],
  [tf.Maximum, broadcastBinary(tf.Maximum, 'max')],
];

/**
 * Replace the cpu backend's UnsortedSegmentSum and GatherV2 with the typed-array versions.
 * Idempotent; a no-op when the cpu backend is not registered (e.g. a webgpu-only bundle).
 */
export function registerFastCpuKernels(): void {
  if (installed) return;
  for (const [name, kernelFunc] of FAST_KERNELS) {
    const original = tf.getKernel(name, 'cpu');
    if (!original) continue;
    originals.set(name, original);
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc });
  }
  installed = true;
}

/** Put the stock kernels back (tests compare the two). */
export function unregisterFastCpuKernels(): void {
  if (!installed) return;
  for (const [name] of FAST_KERNELS) {
    const original = originals.get(name);
    if (!original) continue;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel(original);
  }
  originals.clear();
  installed = false;
}

export function fastCpuKernelsInstalled(): boolean {
  return installed;
}
