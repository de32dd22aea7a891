// The fused temporal-graph network (one definition for training in Node and inference in
// the browser). Shapes: N nodes, T window weeks, F node features, d hidden, E edges,
// P candidate pairs, H horizons.
//
//   temporal:  e_{p,k} = relu(x_{p,k} W_in + b_in + pos_k)                      [N,T,d]
//              attention of the last week's e over the window (masked)        → a_p
//              z_p = relu(e_{p,T} W_last + a_p W_att + b)                        [N,d]
//   graph:     per layer, separate incoming / outgoing messages weighted by the
//              normalised log-exposure (gather + segment-sum, never N×N):
//              h = z + relu(z W_self + m_in W_in + m_out W_out + b)               [N,d]
//   link head: relu(h_p W_p + h_q W_q + (h_p⊙h_q) W_prod + |h_p−h_q| W_diff + f_pq W_f + b)
//              → exists logit and log-weight residual per horizon; the first two terms
//              are computed per node and gathered (split weights instead of a concat,
//              whose gradient is slow on the cpu backend); plus a bilinear u_p·v_q
//              term (also used to retrieve nearest-embedding candidates) and a linear
//              skip from the pair features (initialised to a persistence prior).
//   node head: relu(h_p A + mean_in(h) B + mean_out(h) C + b) D → Δlog(1+TVL) per horizon.
import * as tf from '@tensorflow/tfjs-core';
import { FEATURE_COUNT } from './features';
import { PAIR_FEATURE_COUNT, PAIR_FEATURE_NAMES } from './pairs';
import { mulberry32 } from './rng';

export interface ModelConfig {
  /** Weeks of history T seen by the temporal encoder. */
  window: number;
  /** Node embedding size d. */
  hidden: number;
  /** Hidden units of the link and node heads. */
  headHidden: number;
  /** Message-passing layers. */
  graphLayers: number;
  /** Rank of the bilinear u_p·v_q link term. */
  bilinearRank: number;
  featureCount: number;
  pairFeatureCount: number;
  horizons: number[];
}

export const DEFAULT_CONFIG: ModelConfig = {
  window: 8,
  hidden: 32,
  headHidden: 32,
  graphLayers: 2,
  bilinearRank: 8,
  featureCount: FEATURE_COUNT,
  pairFeatureCount: PAIR_FEATURE_COUNT,
  horizons: [1, 4, 8, 12],
};

export type Params = Record<string, tf.Tensor>;

/** Shapes of every parameter, in a fixed order (the order of the weights binary). */
export function parameterShapes(c: ModelConfig): [string, number[]][] {
  const d = c.hidden;
  const k = c.headHidden;
  const H = c.horizons.length;
  const shapes: [string, number[]][] = [
    ['temporal/w_in', [c.featureCount, d]],
    ['temporal/b_in', [d]],
    ['temporal/position', [c.window, d]],
    ['temporal/w_query', [d, d]],
    ['temporal/w_key', [d, d]],
    ['temporal/w_value', [d, d]],
    ['temporal/w_last', [d, d]],
    ['temporal/w_attended', [d, d]],
    ['temporal/b_fuse', [d]],
  ];
  for (let l = 0; l < c.graphLayers; l++) {
    shapes.push(
      [`graph${l}/w_self`, [d, d]],
      [`graph${l}/w_in`, [d, d]],
      [`graph${l}/w_out`, [d, d]],
      [`graph${l}/b`, [d]],
    );
  }
  shapes.push(
    ['link/w_p', [d, k]],
    ['link/w_q', [d, k]],
    ['link/w_prod', [d, k]],
    ['link/w_diff', [d, k]],
    ['link/w_pair', [c.pairFeatureCount, k]],
    ['link/b1', [k]],
    ['link/w_logit', [k, H]],
    ['link/b_logit', [H]],
    ['link/w_skip', [c.pairFeatureCount, H]],
    ['link/w_residual', [k, H]],
    ['link/b_residual', [H]],
    ['link/u', [d, c.bilinearRank]],
    ['link/v', [d, c.bilinearRank]],
    ['node/w_self', [d, k]],
    ['node/w_in', [d, k]],
    ['node/w_out', [d, k]],
    ['node/b1', [k]],
    ['node/w_out2', [k, H]],
    ['node/b_out2', [H]],
  );
  return shapes;
}

/**
 * Seeded initial values: Glorot-uniform matrices, zero biases, small output layers (so the
 * untrained model starts close to persistence), and the exists-logit skip set to a
 * persistence prior (an edge that exists now probably exists later).
 */
export function initialValues(c: ModelConfig, seed: number): Map<string, Float32Array> {
  const random = mulberry32(seed);
  const out = new Map<string, Float32Array>();
  for (const [name, shape] of parameterShapes(c)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    const isBias = shape.length === 1;
    if (!isBias) {
      let limit = Math.sqrt(6 / (shape[0] + shape[shape.length - 1]));
      if (name === 'temporal/position' || name === 'link/u' || name === 'link/v') limit *= 0.3;
      if (name === 'link/w_logit') limit *= 0.1;
      // Zero output layers: the untrained model predicts persistence for weights and TVL.
      if (name === 'link/w_skip' || name === 'link/w_residual' || name === 'node/w_out2') limit = 0;
      for (let i = 0; i < size; i++) values[i] = (random() * 2 - 1) * limit;
    }
    if (name === 'link/w_skip') {
      const H = shape[1];
      const exists = PAIR_FEATURE_NAMES.indexOf('exists_now');
      const presence = PAIR_FEATURE_NAMES.indexOf('window_presence');
      for (let h = 0; h < H; h++) {
        values[exists * H + h] = 3;
        values[presence * H + h] = 1;
      }
    }
    if (name === 'link/b_logit') values.fill(-2);
    out.set(name, values);
  }
  return out;
}

export function paramsFromValues(c: ModelConfig, values: Map<string, Float32Array>): Params {
  const params: Params = {};
  for (const [name, shape] of parameterShapes(c)) {
    const v = values.get(name);
    if (!v) throw new Error(`model weights: missing parameter ${name}`);
    params[name] = tf.tensor(v, shape, 'float32');
  }
  return params;
}

export function parameterCount(c: ModelConfig): number {
  return parameterShapes(c).reduce((a, [, s]) => a + s.reduce((x, y) => x * y, 1), 0);
}

/** Typed inputs of one forward pass (all in the anchor week's indexing). */
export interface GraphInputs {
  n: number;
  /** n × T × F */
  x: Float32Array;
  /** n × T */
  mask: Float32Array;
  src: Int32Array;
  dst: Int32Array;
  inWeight: Float32Array;
  outWeight: Float32Array;
  inMean: Float32Array;
  outMean: Float32Array;
}

/** Tensors of GraphInputs; created once per forward (and disposed by the caller). */
export interface GraphTensors {
  n: number;
  x: tf.Tensor3D;
  mask: tf.Tensor2D;
  src: tf.Tensor1D;
  dst: tf.Tensor1D;
  inWeight: tf.Tensor2D;
  outWeight: tf.Tensor2D;
  inMean: tf.Tensor2D;
  outMean: tf.Tensor2D;
}

export function graphTensors(c: ModelConfig, g: GraphInputs): GraphTensors {
  const m = g.src.length;
  return {
    n: g.n,
    x: tf.tensor3d(g.x, [g.n, c.window, c.featureCount], 'float32'),
    mask: tf.tensor2d(g.mask, [g.n, c.window], 'float32'),
    src: tf.tensor1d(g.src, 'int32'),
    dst: tf.tensor1d(g.dst, 'int32'),
    inWeight: tf.tensor2d(g.inWeight, [m, 1], 'float32'),
    outWeight: tf.tensor2d(g.outWeight, [m, 1], 'float32'),
    inMean: tf.tensor2d(g.inMean, [m, 1], 'float32'),
    outMean: tf.tensor2d(g.outMean, [m, 1], 'float32'),
  };
}

export function disposeGraphTensors(t: GraphTensors): void {
  tf.dispose([t.x, t.mask, t.src, t.dst, t.inWeight, t.outWeight, t.inMean, t.outMean]);
}

/**
 * Σ over edges of weight_e · values[from_e], collected at to_e: [n, d].
 * gather + unsortedSegmentSum exist on every backend (the cpu ones are replaced by fast kernels).
 */
function aggregate(
  values: tf.Tensor2D,
  from: tf.Tensor1D,
  to: tf.Tensor1D,
  weight: tf.Tensor2D,
  n: number,
): tf.Tensor2D {
  if (from.shape[0] === 0) return tf.zeros([n, values.shape[1]]);
  const messages = tf.mul(tf.gather(values, from), weight) as tf.Tensor2D;
  return tf.unsortedSegmentSum(messages, to, n) as tf.Tensor2D;
}

/** Node embeddings h [n, d]. */
export function encode(c: ModelConfig, p: Params, g: GraphTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const N = g.n;
    const T = c.window;
    const d = c.hidden;
    const flat = tf.reshape(g.x, [N * T, c.featureCount]);
    const projected = tf.reshape(tf.matMul(flat, p['temporal/w_in']), [N, T, d]);
    const e = tf.relu(tf.add(tf.add(projected, p['temporal/b_in']), p['temporal/position'])) as tf.Tensor3D;
    const eFlat = tf.reshape(e, [N * T, d]);
    const last = tf.reshape(tf.slice(e, [0, T - 1, 0], [N, 1, d]), [N, d]);
    const query = tf.reshape(tf.matMul(last, p['temporal/w_query']), [N, 1, d]);
    const keys = tf.reshape(tf.matMul(eFlat, p['temporal/w_key']), [N, T, d]);
    const vals = tf.reshape(tf.matMul(eFlat, p['temporal/w_value']), [N, T, d]);
    // Masked weeks get −1e4 before the softmax (finite in float32, so no NaN).
    const scores = tf.add(tf.mul(tf.sum(tf.mul(keys, query), 2), 1 / Math.sqrt(d)), tf.mul(tf.sub(g.mask, 1), 1e4));
    const attention = tf.reshape(tf.softmax(scores, 1), [N, T, 1]);
    const attended = tf.sum(tf.mul(vals, attention), 1) as tf.Tensor2D;
    let h = tf.relu(
      tf.add(
        tf.add(tf.matMul(last, p['temporal/w_last']), tf.matMul(attended, p['temporal/w_attended'])),
        p['temporal/b_fuse'],
      ),
    ) as tf.Tensor2D;
    for (let l = 0; l < c.graphLayers; l++) {
      // m_in: at an issuer q, its holders' embeddings; m_out: at a holder p, its issuers'.
      const mIn = aggregate(h, g.src, g.dst, g.inWeight, N);
      const mOut = aggregate(h, g.dst, g.src, g.outWeight, N);
      const update = tf.relu(
        tf.add(
          tf.add(
            tf.add(tf.matMul(h, p[`graph${l}/w_self`]), tf.matMul(mIn, p[`graph${l}/w_in`])),
            tf.matMul(mOut, p[`graph${l}/w_out`]),
          ),
          p[`graph${l}/b`],
        ),
      );
      h = tf.add(h, update) as tf.Tensor2D;
    }
    return h;
  });
}

export interface LinkOutputs {
  /** [P, H] edge-existence logits. */
  logits: tf.Tensor2D;
  /** [P, H] residual on log(1+w). */
  residual: tf.Tensor2D;
}

/** Scale of the log-weight residual: standardised units, plus the mean log-weight for absent edges. */
export interface ResidualScale {
  logWeightMean: number;
  logWeightStd: number;
  /** [P, 1]: 1 where the pair is not an edge now (its current log-weight is 0). */
  absent: tf.Tensor2D;
}

/**
 * Link head on pairs (src[i] → dst[i]) with pair features [P, Fp]. The residual is produced
 * in standardised units (σ·r, plus μ for a pair that is not an edge now) so that Adam's
 * small steps reach the ~10-unit log-weights of new links.
 */
export function linkHead(
  p: Params,
  h: tf.Tensor2D,
  src: tf.Tensor1D,
  dst: tf.Tensor1D,
  pairFeatures: tf.Tensor2D,
  scale: ResidualScale,
): LinkOutputs {
  return tf.tidy(() => {
    const hp = tf.gather(h, src);
    const hq = tf.gather(h, dst);
    const nodeP = tf.gather(tf.matMul(h, p['link/w_p']), src);
    const nodeQ = tf.gather(tf.matMul(h, p['link/w_q']), dst);
    const prod = tf.matMul(tf.mul(hp, hq), p['link/w_prod']);
    const diff = tf.matMul(tf.abs(tf.sub(hp, hq)), p['link/w_diff']);
    const pair = tf.matMul(pairFeatures, p['link/w_pair']);
    const hidden = tf.relu(
      tf.add(tf.add(tf.add(tf.add(tf.add(nodeP, nodeQ), prod), diff), pair), p['link/b1']),
    ) as tf.Tensor2D;
    const bilinear = tf.sum(
      tf.mul(tf.gather(tf.matMul(h, p['link/u']), src), tf.gather(tf.matMul(h, p['link/v']), dst)),
      1,
      true,
    );
    const logits = tf.add(
      tf.add(
        tf.add(tf.matMul(hidden, p['link/w_logit']), p['link/b_logit']),
        tf.matMul(pairFeatures, p['link/w_skip']),
      ),
      bilinear,
    ) as tf.Tensor2D;
    const raw = tf.add(tf.matMul(hidden, p['link/w_residual']), p['link/b_residual']);
    const residual = tf.add(tf.mul(raw, scale.logWeightStd), tf.mul(scale.absent, scale.logWeightMean)) as tf.Tensor2D;
    return { logits, residual };
  });
}

/** Node head: Δlog(1+TVL) per horizon [n, H]. */
export function nodeHead(p: Params, h: tf.Tensor2D, g: GraphTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const meanIn = aggregate(h, g.src, g.dst, g.inMean, g.n);
    const meanOut = aggregate(h, g.dst, g.src, g.outMean, g.n);
    const hidden = tf.relu(
      tf.add(
        tf.add(
          tf.add(tf.matMul(h, p['node/w_self']), tf.matMul(meanIn, p['node/w_in'])),
          tf.matMul(meanOut, p['node/w_out']),
        ),
        p['node/b1'],
      ),
    ) as tf.Tensor2D;
    return tf.add(tf.matMul(hidden, p['node/w_out2']), p['node/b_out2']) as tf.Tensor2D;
  });
}

/** Scores of the bilinear term for every node against a shortlist of targets: [n, |shortlist|]. */
export function bilinearScores(p: Params, h: tf.Tensor2D, shortlist: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf.matMul(tf.matMul(h, p['link/u']), tf.gather(tf.matMul(h, p['link/v']), shortlist), false, true) as tf.Tensor2D,
  );
}
