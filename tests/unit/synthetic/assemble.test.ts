// src/core/synthetic/assemble.ts: holdings, edge rows, the file's protocols and tokens.
import { describe, expect, it } from 'vitest';
import { compactSnapshotSchema } from '../../../src/core/snapshot/compactSchema';
import { SECTORS } from '../../../src/core/types';
import { HistoryWriter } from '../../../src/core/synthetic/assemble';
import type { Edge } from '../../../src/core/synthetic/edges';
import { Population } from '../../../src/core/synthetic/population';
import type { Member } from '../../../src/core/synthetic/roster';
import { AM, L, T } from './tiny';

const member = (id: string, sector: number, tokens: string[]): Member => ({
  id,
  name: `P${id}`,
  category: 'Dexes',
  sector,
  chains: ['Ethereum'],
  tokens,
  baseLog: 15,
  synthetic: false,
});

/** Holder 10; issuer 20 with tokens X, Y, Z; 30 never alive; token node USDT (node 3). */
function writer() {
  const pop = new Population(
    [member('10', T, []), member('20', L, ['X', 'Y', 'Z']), member('30', AM, ['W'])],
    [],
    ['USDT'],
    [5],
  );
  pop.alive.set([1, 1, 0, 1]);
  return { pop, w: new HistoryWriter(pop) };
}
const toIssuer = (split: number[]): Edge => ({ src: 0, dst: 1, level: 0, ell: 0, prevEll: 0, split });
const toToken: Edge = { src: 0, dst: 3, level: 0, ell: 0, prevEll: 0, split: null };

describe('HistoryWriter.addWeek', () => {
  it.each([
    // [case, split, USD, holdings of X, Y, Z]
    ['all in one token', [0, 1, 0], 1000, [['Y', 1000]]],
    [
      'split over the tokens, rounded to whole dollars',
      [0.5, 0.3, 0.2],
      1001,
      [
        ['X', 501],
        ['Y', 300],
        ['Z', 200],
      ],
    ],
    // 0.4 USD: the main token still gets 1 USD; the others round to 0 and are left out.
    ['a tiny edge keeps 1 USD on its main token', [0.2, 0.7, 0.1], 0.4, [['Y', 1]]],
  ])('%s', (_, split, usd, expected) => {
    const { w } = writer();
    w.addWeek(
      '2024-01-01',
      [Math.log(1234.4), Math.log(99.6), 0],
      [{ edge: toIssuer(split as number[]), usd: usd as number }],
    );
    const week = w.weeks[0];
    expect(week.holdings).toEqual((expected as [string, number][]).map(([sym, x]) => ['10', sym, x]));
    const total = (expected as [string, number][]).reduce((a, [, x]) => a + x, 0);
    expect(week.edges).toEqual([['10', '20', total]]);
    expect(week.tvl).toEqual({ '10': 1234, '20': 100 });
  });

  it.each([
    [0.2, 1],
    [1234.5, 1235],
  ])('holds %f USD of a token node as %i whole dollars (at least 1)', (usd, held) => {
    const { w } = writer();
    w.addWeek('2024-01-01', [0, 0, 0], [{ edge: toToken, usd }]);
    expect(w.weeks[0].holdings).toEqual([['10', 'USDT', held]]);
    expect(w.weeks[0].edges).toEqual([['10', 'USDT', held]]);
    // TVL is at least 1 USD.
    expect(w.weeks[0].tvl).toEqual({ '10': 1, '20': 1 });
  });
});

describe('HistoryWriter.file', () => {
  it('lists the protocols ever alive with their last TVL, and every token ever held with its issuer', () => {
    const { pop, w } = writer();
    w.addWeek('2024-01-01', [Math.log(500), Math.log(800), 0], [{ edge: toIssuer([0, 1, 0]), usd: 10 }]);
    pop.alive[1] = 0;
    w.addWeek('2024-01-08', [Math.log(600), 0, 0], [{ edge: toToken, usd: 7 }]);
    const file = w.file({ name: 'n', title: 't', date: '2024-01-08' });
    expect(file.protocols).toEqual([
      { id: '10', name: 'P10', category: 'Dexes', sector: SECTORS[T], chains: ['Ethereum'], tvl: 600 },
      { id: '20', name: 'P20', category: 'Dexes', sector: SECTORS[L], chains: ['Ethereum'], tvl: 800 },
    ]);
    expect(file.tokens).toEqual([
      { symbol: 'Y', issuer: '20', primary: false },
      { symbol: 'USDT', issuer: null, primary: true },
    ]);
    expect(file.provenance).toMatchObject({ synthetic: true, date: '2024-01-08', notes: '' });
    expect(file.weeks.map((x) => x.date)).toEqual(['2024-01-01', '2024-01-08']);
    expect(compactSnapshotSchema.safeParse(file).success).toBe(true);
  });
});
