// Weeks arriving from the file-load worker share their node lists: same values, one object where
// consecutive weeks agree, pooled strings where they do not.
import { describe, expect, it } from 'vitest';
import { parseDatasetText } from '../../src/core/snapshot';
import { newSharePool, shareWithPrevious } from '../../src/ui/load/shareWeeks';
import type { Snapshot } from '../../src/core/types';

const file = {
  data: {
    '2025-01-06': {
      nodes: [
        { id: 1, size: 10, composition: { WETH: 5 } },
        { id: 'WETH', size: 5 },
      ],
      links: [],
    },
    '2025-01-13': {
      nodes: [
        { id: 1, size: 11, composition: { WETH: 6 } },
        { id: 'WETH', size: 6 },
      ],
      links: [],
    },
    // Churn: a node enters.
    '2025-01-20': {
      nodes: [
        { id: 1, size: 12 },
        { id: 2, size: 3 },
        { id: 'WETH', size: 6 },
      ],
      links: [{ source: 2, target: 1, size: 1 }],
    },
  },
};

/** What a structured clone gives: equal values, no shared objects. */
const cloneWeek = (w: Snapshot): Snapshot => structuredClone(w);

describe('shareWithPrevious', () => {
  it('keeps every value and shares the lists that equal the previous week’s', () => {
    const weeks = parseDatasetText(JSON.stringify(file)).weeks;
    const pool = newSharePool();
    const shared: Snapshot[] = [];
    weeks.forEach((w, k) => shared.push(shareWithPrevious(cloneWeek(w), shared[k - 1], pool)));
    shared.forEach((w, k) => expect(structuredClone(w)).toEqual(structuredClone(weeks[k])));
    expect(shared[1].ids).toBe(shared[0].ids);
    expect(shared[1].names).toBe(shared[0].names);
    expect(shared[1].chains).toBe(shared[0].chains);
    expect(shared[1].tokens.symbols).toBe(shared[0].tokens.symbols);
    // Week 3 lists another node: lists of its own, whose chain lists are the pooled ones.
    expect(shared[2].ids).not.toBe(shared[1].ids);
    expect(shared[2].ids).toEqual(['1', '2', 'WETH']);
    expect(shared[2].chains[0]).toBe(shared[0].chains[0]);
    expect(shared[2].chains[1]).toBe(shared[0].chains[0]);
  });
});
