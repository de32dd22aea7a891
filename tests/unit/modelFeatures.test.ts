import { describe, expect, it } from 'vitest';
import { tinySnapshot } from './fixtures';
import {
  buildNodeWindow,
  computeNorm,
  CONTINUOUS_COUNT,
  FEATURE_CLIP,
  FEATURE_COUNT,
  messageGraph,
  weekStats,
  windowEdgeMaps,
  type FeatureNorm,
} from '../../src/model/features';
import { CANDIDATE_BUDGET, coHolderCap, DEFAULT_CANDIDATES, structuralCandidates } from '../../src/model/candidates';
import { pairFeatures, PAIR_FEATURE_COUNT } from '../../src/model/pairs';
import type { Snapshot } from '../../src/core/types';

// A holds B's and C's tokens, B holds C's token.
function week(date: string, tvlA: number, withB = true): Snapshot {
  const nodes = [
    { id: 'A', tvl: tvlA },
    ...(withB ? [{ id: 'B', tvl: 50 }] : []),
    { id: 'C', tvl: 30, sector: 'Trading & Exchanges' as const },
  ];
  const edges: [string, string, number][] = withB
    ? [
        ['A', 'B', 30],
        ['A', 'C', 10],
        ['B', 'C', 20],
      ]
    : [['A', 'C', 10]];
  const holdings: [string, string, number][] = withB
    ? [
        ['A', 'tB', 30],
        ['A', 'tC', 10],
        ['B', 'tC', 20],
      ]
    : [['A', 'tC', 10]];
  const s = tinySnapshot(nodes, edges, { holdings, tokens: withB ? { tB: 'B', tC: 'C' } : { tC: 'C' } });
  return { ...s, date };
}

const identityNorm: FeatureNorm = {
  mean: new Array(CONTINUOUS_COUNT).fill(0),
  std: new Array(CONTINUOUS_COUNT).fill(1),
  logWeightMean: 0,
  logWeightStd: 1,
};

describe('node features', () => {
  it('computes degrees, exposures, composition entropy and max share', () => {
    const s = week('2025-01-06', 100);
    const { raw, logTvl } = weekStats(s);
    const row = (i: number) => Array.from(raw.slice(i * CONTINUOUS_COUNT, (i + 1) * CONTINUOUS_COUNT));
    const [a, b, c] = [row(0), row(1), row(2)];
    expect(logTvl[0]).toBeCloseTo(Math.log(101), 6); // log(1+100)
    // A: out-degree 2, in-degree 0, out-exposure 30+10 = 40.
    expect(a[2]).toBeCloseTo(0, 6);
    expect(a[3]).toBeCloseTo(Math.log(3), 6);
    expect(a[5]).toBeCloseTo(Math.log(41), 6);
    // A holds 2 tokens with shares 30/40 = 0.75 and 0.25:
    // entropy = −(0.75 ln 0.75 + 0.25 ln 0.25) = 0.215762 + 0.346574 = 0.562335; max share 0.75.
    expect(a[6]).toBeCloseTo(Math.log(3), 6);
    expect(a[7]).toBeCloseTo(0.562335, 5);
    expect(a[8]).toBeCloseTo(0.75, 6);
    // B: in 1 (from A, 30 USD), out 1; one token → entropy 0, max share 1.
    expect(b[2]).toBeCloseTo(Math.log(2), 6);
    expect(b[4]).toBeCloseTo(Math.log(31), 6);
    expect(b[7]).toBeCloseTo(0, 6);
    expect(b[8]).toBeCloseTo(1, 6);
    // C: in-degree 2 with 10 + 20 = 30 USD in, holds nothing.
    expect(c[2]).toBeCloseTo(Math.log(3), 6);
    expect(c[4]).toBeCloseTo(Math.log(31), 6);
    expect(c[6]).toBe(0);
    expect(c[8]).toBe(0);
  });

  it('masks weeks before the data and weeks where the node is absent', () => {
    const weeks = [week('2025-01-06', 100, false), week('2025-01-13', 200)];
    const win = buildNodeWindow(weeks, 1, 3, identityNorm);
    // Anchor nodes: A, B, C. Slots: [before start, week 0, week 1].
    expect(Array.from(win.mask)).toEqual([0, 1, 1, 0, 0, 1, 0, 1, 1]);
    const F = FEATURE_COUNT;
    const at = (node: number, slot: number, f: number) => win.x[(node * 3 + slot) * F + f];
    // Masked slots are all zeros.
    for (let f = 0; f < F; f++) {
      expect(at(1, 1, f)).toBe(0);
      expect(at(0, 0, f)).toBe(0);
    }
    // dlog_tvl of A in week 1 = log(201) − log(101).
    expect(at(0, 2, 1)).toBeCloseTo(Math.log(201) - Math.log(101), 5);
    // Week 0 has no previous week: dlog 0; log_tvl = log(101).
    expect(at(0, 1, 1)).toBe(0);
    expect(at(0, 1, 0)).toBeCloseTo(Math.log(101), 5);
    // Sector one-hot: C is 'Trading & Exchanges' (first sector).
    expect(at(2, 2, CONTINUOUS_COUNT)).toBe(1);
  });

  it('takes normalisation statistics from protocol nodes and clips standardised values', () => {
    const s = tinySnapshot(
      [
        { id: 'A', tvl: 100 },
        { id: 'B', tvl: 10000 },
        { id: 'T', tvl: 1e9, kind: 'token', sector: 'Primary Market Tokens' },
      ],
      [['A', 'T', 50]],
    );
    const norm = computeNorm([s], 0);
    // log_tvl over protocols A and B only: mean (log 101 + log 10001)/2, the token's log(1e9+1) is left out.
    expect(norm.mean[0]).toBeCloseTo((Math.log(101) + Math.log(10001)) / 2, 5);
    expect(norm.std[0]).toBeCloseTo((Math.log(10001) - Math.log(101)) / 2, 5);
    const win = buildNodeWindow([s], 0, 1, norm);
    // The token's standardised log_tvl, (20.72 − 6.91)/2.30 ≈ 6.0, stays under the clip; set a tight std to see the clip.
    const tight = { ...norm, std: norm.std.map(() => 0.01) };
    const clipped = buildNodeWindow([s], 0, 1, tight);
    expect(clipped.x[2 * FEATURE_COUNT]).toBe(FEATURE_CLIP);
    expect(win.x[2 * FEATURE_COUNT]).toBeCloseTo((Math.log(1e9 + 1) - norm.mean[0]) / norm.std[0], 4);
  });

  it('builds pair features and normalised message weights', () => {
    const weeks = [week('2025-01-06', 100, false), week('2025-01-13', 200)];
    const win = buildNodeWindow(weeks, 1, 2, identityNorm);
    const maps = windowEdgeMaps(win);
    // Pairs A→C (both weeks), A→B (new), C→A (absent).
    const f = pairFeatures(win, maps, Int32Array.from([0, 0, 2]), Int32Array.from([2, 1, 0]), identityNorm);
    const row = (i: number) => Array.from(f.slice(i * PAIR_FEATURE_COUNT, i * PAIR_FEATURE_COUNT + 5));
    expect(row(0)[0]).toBe(1);
    expect(row(0)[1]).toBeCloseTo(Math.log(11), 5);
    expect(row(0)[2]).toBeCloseTo(0, 6); // 10 USD both weeks
    expect(row(0)[3]).toBe(1); // present in 2 of 2 window weeks
    expect(row(1)[3]).toBe(0.5);
    expect(row(2)).toEqual([0, 0, 0, 0, 1]); // only the reverse edge A→C exists
    const g = messageGraph(weeks[1]);
    // Into C: A→C (log 11) and B→C (log 21): weights log11/(log11+log21).
    const ac = [...g.src].findIndex((s, i) => s === 0 && g.dst[i] === 2);
    expect(g.inWeight[ac]).toBeCloseTo(Math.log(11) / (Math.log(11) + Math.log(21)), 5);
    expect(g.outWeight[ac]).toBeCloseTo(Math.log(11) / (Math.log(11) + Math.log(31)), 5);
    expect(g.inMean[ac]).toBe(0.5);
  });

  it('proposes vanished, two-hop and peer candidates that are not current edges', () => {
    // Week 0: A→D existed; week 1 it vanished. Two-hop: A→B→C gives A→C.
    const w0 = tinySnapshot(
      [
        { id: 'A', tvl: 1 },
        { id: 'B', tvl: 1 },
        { id: 'C', tvl: 1 },
        { id: 'D', tvl: 1 },
      ],
      [
        ['A', 'D', 5],
        ['A', 'B', 5],
        ['B', 'C', 5],
      ],
    );
    const w1 = tinySnapshot(
      [
        { id: 'A', tvl: 1 },
        { id: 'B', tvl: 1 },
        { id: 'C', tvl: 1 },
        { id: 'D', tvl: 1 },
      ],
      [
        ['A', 'B', 5],
        ['B', 'C', 5],
      ],
    );
    const win = buildNodeWindow([w0, w1], 1, 2, identityNorm);
    const maps = windowEdgeMaps(win);
    const c = structuralCandidates(win, maps, { historyPerNode: 4, twoHopPerNode: 2, peerPerNode: 0 });
    const pairs = [...c.src].map((s, i) => `${w1.ids[s]}>${w1.ids[c.dst[i]]}`).sort();
    expect(pairs).toEqual(['A>C', 'A>D']);
  });
});

describe('candidate cost bound', () => {
  it('keeps the full co-holder sample on small graphs and shrinks it beyond the budget', () => {
    const graph = (count: number) =>
      tinySnapshot(
        Array.from({ length: count }, (_, i) => ({ id: `p${i}`, tvl: 1 })),
        [],
      );
    const d = DEFAULT_CANDIDATES;
    const perHolder = d.historyPerNode + d.twoHopPerNode + d.peerPerNode + (d.neighbourPerNode ?? 0);
    const small = Math.floor(CANDIDATE_BUDGET / perHolder);
    const full = coHolderCap(graph(small));
    const big = coHolderCap(graph(small * 4));
    expect(big).toBeLessThan(full);
    expect(big).toBeGreaterThanOrEqual(4);
  });
});
