// The perimeter: a view of the snapshot without centralised exchanges, that every computation follows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runContagion } from '../../src/core/contagion';
import { applyPerimeter, excludedByPerimeter, isCexCategory } from '../../src/core/perimeter';
import { scenarioSeeds } from '../../src/core/scenarios';
import { parseDatasetText, pickWeek } from '../../src/core/snapshot';
import { tinySnapshot } from './fixtures';

// X is an exchange holding 100 of L's tokens; H holds 50 of L and 20 of X's token XT; L is a lending protocol.
const graph = () =>
  tinySnapshot(
    [
      { id: 'L', tvl: 1000 },
      { id: 'X', tvl: 9000, category: 'CEX' },
      { id: 'H', tvl: 500 },
    ],
    [
      ['X', 'L', 100],
      ['H', 'L', 50],
      ['H', 'X', 20],
    ],
    {
      tokens: { LT: 'L', XT: 'X' },
      holdings: [
        ['X', 'LT', 100],
        ['H', 'LT', 50],
        ['H', 'XT', 20],
      ],
    },
  );

describe('applyPerimeter', () => {
  it("'all' and a graph without CEX give the snapshot itself", () => {
    const s = graph();
    expect(applyPerimeter(s, 'all')).toBe(s);
    const noCex = tinySnapshot([{ id: 'A', tvl: 1 }], []);
    expect(applyPerimeter(noCex, 'defi')).toBe(noCex);
  });

  it("'defi' drops CEX nodes with their edges and holdings, keeps tokens they issued without an issuer", () => {
    const s = graph();
    const v = applyPerimeter(s, 'defi');
    expect(applyPerimeter(s, 'defi')).toBe(v); // cached
    expect(v.ids).toEqual(['L', 'H']);
    expect(Array.from(v.tvl)).toEqual([1000, 500]);
    expect(v.edges.m).toBe(1);
    expect([v.ids[v.edges.source[0]], v.ids[v.edges.target[0]], v.edges.weight[0]]).toEqual(['H', 'L', 50]);
    expect(v.holdings.count).toBe(2);
    expect(Array.from(v.tokens.issuer)).toEqual([0, -1]); // LT → L (index 0), XT's issuer is gone
    expect(excludedByPerimeter(s, 'defi')).toEqual({ count: 1, tvl: 9000 });
    expect(excludedByPerimeter(s, 'all')).toEqual({ count: 0, tvl: 0 });
  });

  it('the denominator, the presets and the contagion follow the perimeter', () => {
    const s = graph();
    const v = applyPerimeter(s, 'defi');
    // top1 = the largest protocol: the exchange in 'all', the lender in 'defi'.
    expect(scenarioSeeds(s, 'top1')[0]).toMatchObject({ id: 'X' });
    expect(scenarioSeeds(v, 'top1')[0]).toMatchObject({ id: 'L' });
    // L loses 50% = 500; its creditors: in 'all' X (100) and H (50), in 'defi' only H.
    const all = runContagion(s, [{ kind: 'protocol', id: 'L', fraction: 0.5 }]);
    const defi = runContagion(v, [{ kind: 'protocol', id: 'L', fraction: 0.5 }]);
    expect(all.totalTvl).toBe(10500);
    expect(defi.totalTvl).toBe(1500);
    // bounded: H takes min(50, 500·50/150) = 50 in 'all', min(50, 500·50/50) = 50 in 'defi'; X takes 100.
    expect(all.totalLoss).toBe(650);
    expect(defi.totalLoss).toBe(550);
    expect(defi.totalLossPct).toBeCloseTo((100 * 550) / 1500, 12);
  });

  it.each([
    ['CEX', true],
    ['cex', true],
    [' CEX ', true],
    ['Dexes', false],
    ['Centralized', false],
  ])('isCexCategory(%s) = %s', (category, expected) => expect(isCexCategory(category)).toBe(expected));

  it('on the default week, the DeFi perimeter moves top-1 off an exchange', () => {
    const dataset = parseDatasetText(readFileSync('public/data/defillama-2026-09-02.json', 'utf8'));
    const week = pickWeek(dataset);
    const [allTop] = scenarioSeeds(week, 'top1');
    const [defiTop] = scenarioSeeds(applyPerimeter(week, 'defi'), 'top1');
    const category = (id: string) => week.categories[week.ids.indexOf(id)];
    expect(allTop.kind === 'protocol' && isCexCategory(category(allTop.id))).toBe(true);
    expect(defiTop.kind === 'protocol' && isCexCategory(category(defiTop.id))).toBe(false);
  });
});
