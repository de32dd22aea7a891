import { describe, expect, it } from 'vitest';
import { runContagion } from '../../src/core/contagion';
import { counterparties, lossPath, tokenRows } from '../../src/ui/derive';
import { tinySnapshot } from './fixtures';

// Chain A -> B -> C (A holds B's tokens, B holds C's tokens), plus D holding 10 of C.
const snap = tinySnapshot(
  [
    { id: 'A', tvl: 100 },
    { id: 'B', tvl: 100 },
    { id: 'C', tvl: 100 },
    { id: 'D', tvl: 1000 },
  ],
  [
    ['A', 'B', 50],
    ['B', 'C', 90],
    ['D', 'C', 10],
  ],
  {
    holdings: [
      ['A', 'bTok', 50],
      ['B', 'cTok', 90],
      ['D', 'cTok', 10],
      ['D', 'FREE', 0],
    ],
    tokens: { bTok: 'B', cTok: 'C', FREE: null },
  },
);

describe('tokenRows', () => {
  it('sums USD and distinct holders, drops unheld tokens, largest first', () => {
    expect(tokenRows(snap)).toEqual([
      { symbol: 'cTok', holders: 2, usd: 100, primary: false, issuer: 'C' }, // 90 + 10
      { symbol: 'bTok', holders: 1, usd: 50, primary: false, issuer: 'B' },
    ]);
  });
});

describe('counterparties', () => {
  it('debtors are issuers of what the node holds, creditors hold its tokens', () => {
    expect(counterparties(snap, 1)).toEqual({ debtors: [{ index: 2, usd: 90 }], creditors: [{ index: 0, usd: 50 }] });
    expect(counterparties(snap, 2)).toEqual({
      debtors: [],
      creditors: [
        { index: 1, usd: 90 },
        { index: 3, usd: 10 },
      ],
    });
  });
});

describe('lossPath', () => {
  it('walks back from A to the seed C', () => {
    const result = runContagion(snap, [{ kind: 'protocol', id: 'C', fraction: 1 }], {
      rule: 'paper',
      threshold: 0.1,
      maxRounds: 10,
    });
    // C loses 100; creditor sum of C = 100. Round 1: B gets 90·100/100 = 90 (distressed), D gets 10.
    // Round 2: B's creditor sum = 50, so A gets 50·90/50 = 90.
    expect(result.losses[1]).toBeCloseTo(90);
    expect(result.losses[0]).toBeCloseTo(90);
    const path = lossPath(snap, result, 0);
    expect(path.map((s) => s.node)).toEqual([2, 1, 0]);
    expect(path[0]).toEqual({ node: 2, round: 0, amount: 0 });
    expect(path[1].round).toBe(1);
    expect(path[1].amount).toBeCloseTo(90);
    expect(path[2].round).toBe(2);
    expect(path[2].amount).toBeCloseTo(90);
    expect(lossPath(snap, result, 3).map((s) => s.node)).toEqual([2, 3]);
  });
  it('a node with no loss has no path', () => {
    const result = runContagion(snap, [{ kind: 'protocol', id: 'B', fraction: 0.5 }]);
    expect(lossPath(snap, result, 2)).toEqual([]);
  });
});
