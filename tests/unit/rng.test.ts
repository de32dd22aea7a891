// src/core/rng.ts: the project's one source of seeded randomness. The committed datasets, the
// synthetic history and the trained weights depend on these exact streams, so the first values
// are pinned (taken from the implementations before they were merged into one module).
import { describe, expect, it } from 'vitest';
import { mulberry32, Rng, shuffle, subSeed, WeightedSampler } from '../../src/core/rng';

const take = (random: () => number, n: number) => Array.from({ length: n }, () => random());

describe('pinned streams', () => {
  it.each([
    ['mulberry32(0)', () => take(mulberry32(0), 3), [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]],
    ['mulberry32(42)', () => take(mulberry32(42), 3), [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]],
    [
      'Rng(0).nextUint32',
      () => {
        const r = new Rng(0);
        return take(() => r.nextUint32(), 3);
      },
      [548183886, 1097162541, 2219297441],
    ],
    [
      'Rng(42).next',
      () => {
        const r = new Rng(42);
        return take(() => r.next(), 2);
      },
      [0.8907801888417453, 0.4310670436825603],
    ],
    ['subSeed', () => [subSeed(42), subSeed(42, 1), subSeed(42, 1, 7), subSeed(0, 0)], [42, 2471617514, 3460584857, 0]],
  ])('%s', (_, run, expected) => {
    expect(run()).toEqual(expected);
  });
});

describe('mulberry32 and Rng', () => {
  it.each([
    ['mulberry32', (seed: number) => mulberry32(seed)],
    [
      'Rng.next',
      (seed: number) => {
        const r = new Rng(seed);
        return () => r.next();
      },
    ],
  ])('%s: same seed, same stream; another seed, another; values in [0, 1)', (_, make) => {
    const a = take(make(7), 200);
    expect(take(make(7), 200)).toEqual(a);
    expect(take(make(8), 200)).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('Rng.shuffle draws exactly as shuffle() on the same stream', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = new Rng(3);
    const b = new Rng(3);
    expect(a.shuffle([...items])).toEqual(shuffle([...items], () => b.next()));
    expect(a.next()).toBe(b.next());
  });

  it.each([0, 1, 2, 17])('shuffle of %i items is a permutation', (n) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const out = shuffle([...items], mulberry32(n));
    expect([...out].sort((x, y) => x - y)).toEqual(items);
  });

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const r = new Rng(11);
    const xs = take(() => r.normal(), 20000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('fork() streams depend on the label', () => {
    const a = new Rng(5).fork(1);
    const b = new Rng(5).fork(2);
    expect(take(() => a.next(), 5)).not.toEqual(take(() => b.next(), 5));
  });

  it('subSeed separates parts and their order', () => {
    const seeds = new Set([subSeed(1, 1, 2), subSeed(1, 2, 1), subSeed(1, 1), subSeed(1, 2), subSeed(2, 1, 2)]);
    expect(seeds.size).toBe(5);
  });
});

describe('WeightedSampler', () => {
  it.each([
    [[0, 0, 0], -1],
    [[], -1],
    [[NaN, -3, Infinity], -1],
    [[0, 5, 0], 1],
    [[0, -1, 0, 2], 3],
  ])('weights %j: only index %i can come out', (weights, only) => {
    const sampler = new WeightedSampler(weights);
    const r = new Rng(1);
    for (let i = 0; i < 50; i++) expect(sampler.sample(r)).toBe(only);
  });

  it('draws in proportion to the weights', () => {
    const sampler = new WeightedSampler([1, 0, 3]);
    expect(sampler.total).toBe(4);
    expect(sampler.size).toBe(3);
    const r = new Rng(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampler.sample(r)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.7);
    expect(counts[2] / counts[0]).toBeLessThan(3.3);
  });
});
