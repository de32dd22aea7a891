// A random week at the paper's scale (≈5,700 protocols, ≈30,000 edges) for timing the
// forecast; no real data, only sizes and heavy-tailed values.
import { SECTORS, type Snapshot } from '../core/types';
import { mulberry32 } from './rng';

export function paperScaleWeeks(
  opts: { nodes?: number; edges?: number; weeks?: number; seed?: number } = {},
): Snapshot[] {
  const n = opts.nodes ?? 5700;
  const m = opts.edges ?? 30000;
  const weekCount = opts.weeks ?? 8;
  const random = mulberry32(opts.seed ?? 1);
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const sectors = ids.map((_, i) => SECTORS[i % (SECTORS.length - 1)]);
  const baseTvl = ids.map(() => Math.exp(10 + 8 * random()));
  // Preferential targets: issuer popularity falls off as a power law.
  const pickTarget = () => Math.min(n - 1, Math.floor(n * Math.pow(random(), 3)));
  const pairs = new Map<number, number>();
  while (pairs.size < m) {
    const p = Math.floor(random() * n);
    const q = pickTarget();
    if (p !== q) pairs.set(p * n + q, Math.exp(8 + 6 * random()));
  }
  const keys = [...pairs.keys()];
  const weeks: Snapshot[] = [];
  for (let w = 0; w < weekCount; w++) {
    const kept = keys.filter(() => random() > 0.03);
    const date = new Date(Date.UTC(2025, 0, 6) + w * 7 * 86_400_000).toISOString().slice(0, 10);
    weeks.push({
      dataset: 'paper-scale',
      title: 'paper-scale timing graph',
      date,
      provenance: { source: 'random graph for timing', date, synthetic: true, credit: 'generated' },
      n,
      ids,
      names: ids,
      categories: ids.map((_, i) => (i % 50 === 0 ? 'Bridge' : 'Lending')),
      sectors,
      kinds: ids.map(() => 'protocol'),
      chains: ids.map(() => []),
      tvl: Float64Array.from(baseTvl, (v) => v * Math.exp(0.05 * (random() - 0.5))),
      edges: {
        m: kept.length,
        source: Int32Array.from(kept, (k) => Math.floor(k / n)),
        target: Int32Array.from(kept, (k) => k % n),
        weight: Float64Array.from(kept, (k) => pairs.get(k)! * Math.exp(0.1 * (random() - 0.5))),
      },
      holdings: { count: 0, node: new Int32Array(0), token: new Int32Array(0), usd: new Float64Array(0) },
      tokens: { symbols: [], issuer: new Int32Array(0) },
    });
  }
  return weeks;
}
