// src/core/synthetic/measure.ts on a hand-made three-week file (arithmetic in comments).
import { describe, expect, it } from 'vitest';
import type { CompactSnapshotFile } from '../../../src/core/snapshot/compactSchema';
import { SECTORS, type Sector } from '../../../src/core/types';
import type { HistoryCalibration } from '../../../src/core/synthetic/calibration';
import { edgeRowsOfFile, measureHistory, sectorTotalsOfFile } from '../../../src/core/synthetic/measure';

const S = SECTORS.length;
const T = SECTORS.indexOf('Trading & Exchanges');
const L = SECTORS.indexOf('Lending, Borrowing & Real World Assets');
const AM = SECTORS.indexOf('Asset Management');
const PMT = SECTORS.indexOf('Primary Market Tokens');

// A (Trading) issues TA, B (Lending) issues TB, C (Asset Management) issues nothing; USDC is primary.
// Week 1: edges given. Week 2: edges derived from the holdings. Week 3: A has left.
const file: CompactSnapshotFile = {
  format: 'defi-exposure-compact',
  version: 1,
  name: 'measure-test',
  title: 'measure test',
  provenance: { source: 'test', date: '2024-01-15', synthetic: true, credit: 'test' },
  protocols: [
    { id: 'A', name: 'A', category: 'Dexes', sector: SECTORS[T] as Sector, chains: [], tvl: 100 },
    { id: 'B', name: 'B', category: 'Lending', sector: SECTORS[L] as Sector, chains: [], tvl: 200 },
    { id: 'C', name: 'C', category: 'Yield', sector: SECTORS[AM] as Sector, chains: [], tvl: 50 },
  ],
  tokens: [
    { symbol: 'TA', issuer: 'A' },
    { symbol: 'TB', issuer: 'B' },
    { symbol: 'USDC', issuer: null, primary: true },
  ],
  weeks: [
    {
      date: '2024-01-01',
      tvl: { A: 100, B: 200 },
      edges: [
        ['A', 'B', 10],
        ['B', 'USDC', 5],
      ],
    },
    {
      date: '2024-01-08',
      tvl: { A: 100, B: 200, C: 50 },
      holdings: [
        ['A', 'TB', 6],
        ['A', 'TB', 4], // summed with the row above: A → B 10
        ['B', 'USDC', 5],
        ['C', 'TA', 3],
        ['B', 'TB', 9], // its own token: not an exposure
        ['C', 'WHAT', 7], // unmapped: no edge
      ],
    },
    {
      date: '2024-01-15',
      tvl: { B: 200, C: 50 },
      edges: [
        ['B', 'USDC', 5],
        ['C', 'B', 2],
      ],
    },
  ],
};

/** Real totals (millions) = ours × 2 / 1e6 on every modelled cell, plus links out of token nodes. */
function calibration(outOfTokens: number): HistoryCalibration {
  const totals = sectorTotalsOfFile(file);
  return {
    version: 1,
    source: 'test',
    sectors: [...SECTORS],
    dates: file.weeks.map((w) => w.date),
    exposureMillions: totals.map((row) => {
      const real = row.map((x) => (2 * x) / 1e6);
      real[PMT * S + T] = outOfTokens;
      return real;
    }),
    nodeCounts: file.weeks.map(() => new Array<number>(S).fill(1)),
    tvlDate: '2024-01-01',
    totalTvl: 0,
    listingKnots: [],
    roster: [],
    primaryTokens: [['USDC', 1]],
  };
}

describe('edgeRowsOfFile', () => {
  it('keeps given edges and derives the others from the holdings (issuer sums, no self-holdings, no unmapped)', () => {
    expect(edgeRowsOfFile(file)).toEqual([
      [
        ['A', 'B', 10],
        ['B', 'USDC', 5],
      ],
      [
        ['A', 'B', 10],
        ['B', 'USDC', 5],
        ['C', 'A', 3],
      ],
      [
        ['B', 'USDC', 5],
        ['C', 'B', 2],
      ],
    ]);
  });
});

describe('sectorTotalsOfFile', () => {
  it.each([
    [0, T, L, 10],
    [0, L, PMT, 5],
    [1, T, L, 10],
    [1, AM, T, 3],
    [2, AM, L, 2],
    [2, T, L, 0],
  ])('week %i, sector %i → %i: %i', (week, a, b, usd) => {
    expect(sectorTotalsOfFile(file)[week][a * S + b]).toBe(usd);
  });

  it('puts nothing anywhere else', () => {
    // Week totals: 15, 18, 7.
    expect(sectorTotalsOfFile(file).map((row) => row.reduce((x, y) => x + y, 0))).toEqual([15, 18, 7]);
  });
});

describe('measureHistory', () => {
  const stats = measureHistory(file, calibration(1));

  it.each([
    // Edge sets {A>B, B>USDC}, {A>B, B>USDC, C>A}, {B>USDC, C>B}: retention (2/2 + 1/3) / 2,
    // Jaccard (2/3 + 1/4) / 2.
    ['retention', stats.retention, 2 / 3],
    ['jaccard', stats.jaccard, 11 / 24],
    // C enters in week 2, A leaves in week 3.
    ['entriesPerWeek', stats.entriesPerWeek, 0.5],
    ['exitsPerWeek', stats.exitsPerWeek, 0.5],
    // Edges / TVL: 15/300, 18/350, 7/250.
    ['exposureToTvl', stats.exposureToTvl, (15 / 300 + 18 / 350 + 7 / 250) / 3],
    // Ours ∝ the real modelled cells.
    ['sectorCorrelation', stats.sectorCorrelation, 1],
    // Real totals: 2 × (15 + 18 + 7) = 80 USD modelled, 3 × 1 million out of token nodes.
    ['unmodelledShare', stats.unmodelledShare, 3e6 / (3e6 + 80)],
  ])('%s', (_, value, expected) => {
    expect(value).toBeCloseTo(expected, 12);
  });

  it('counts weeks, nodes and edges', () => {
    expect(stats).toMatchObject({
      weeks: 3,
      firstDate: '2024-01-01',
      lastDate: '2024-01-15',
      protocols: 3,
      syntheticProtocols: 0,
      tokens: 3,
      protocolsAlive: { min: 2, mean: 7 / 3, max: 3 },
      tokenNodes: { min: 1, mean: 1, max: 1 },
      edges: { min: 2, mean: 7 / 3, max: 3 },
    });
    // Set by the generator, not measured.
    expect(stats.exposureScale).toBeNaN();
    expect(stats.nodeScale).toBeNaN();
  });

  it('skips weeks the calibration does not have, and has no overlap figures for one week', () => {
    const one = measureHistory(
      { ...file, weeks: file.weeks.slice(0, 1) },
      { ...calibration(0), dates: ['2023-01-02'] },
    );
    expect(one.retention).toBeNaN();
    expect(one.jaccard).toBeNaN();
    expect(one.unmodelledShare).toBe(0);
    expect(one.sectorCorrelation).toBeNaN();
  });
});
