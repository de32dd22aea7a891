// The shared exposure graph: canonical edges, both directions, one structure per snapshot.
import { describe, expect, it } from 'vitest';
import { exposureGraph, inSlot } from '../../src/core/graph';
import { tinySnapshot } from './fixtures';

const nodes = ['A', 'B', 'C', 'D'].map((id) => ({ id, tvl: 100 }));

describe('exposureGraph', () => {
  it('drops self-loops and non-positive weights, merges duplicates, indexes by creditor and by debtor', () => {
    const s = tinySnapshot(nodes, [
      ['C', 'A', 10], // 0
      ['B', 'A', 5], // 1
      ['C', 'A', 7], // 2: duplicate of 0, merged (17)
      ['A', 'A', 99], // 3: self-loop
      ['D', 'B', 0], // 4: zero weight
      ['D', 'A', 1], // 5
    ]);
    const g = exposureGraph(s);
    expect(exposureGraph(s)).toBe(g);
    expect(g.m).toBe(3);
    expect(g.totalWeight).toBe(23);
    // By debtor: A's creditors ascending B, C, D with the first raw edge of each pair.
    expect([...g.inSource.subarray(g.inStart[0], g.inStart[1])]).toEqual([1, 2, 3]);
    expect([...g.inWeight.subarray(g.inStart[0], g.inStart[1])]).toEqual([5, 17, 1]);
    expect([...g.inEdge.subarray(g.inStart[0], g.inStart[1])]).toEqual([1, 0, 5]);
    expect([...g.inTotal]).toEqual([23, 0, 0, 0]);
    // By creditor.
    expect([...g.outTotal]).toEqual([0, 5, 17, 1]);
    expect([...g.outDegree]).toEqual([0, 1, 1, 1]);
    expect([...g.inDegree]).toEqual([3, 0, 0, 0]);
  });

  it.each([
    [1, 0, 0],
    [2, 0, 1],
    [3, 0, 2],
    [0, 0, -1],
    [2, 1, -1],
  ])('inSlot(creditor %i, debtor %i) = %i', (c, d, slot) => {
    const s = tinySnapshot(nodes, [
      ['C', 'A', 10],
      ['B', 'A', 5],
      ['D', 'A', 1],
    ]);
    expect(inSlot(exposureGraph(s), c, d)).toBe(slot);
  });
});
