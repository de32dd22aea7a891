import { describe, expect, it } from 'vitest';
import {
  formatMetric,
  formatNumber,
  formatPct,
  formatPercentInt,
  formatShare,
  formatUsd,
  formatUsdCompact,
  formatUsdExact,
  formatUsdTick,
} from '../../src/ui/format';

describe('formatUsd', () => {
  it.each([
    [0, '$0'],
    [999, '$999'],
    [1500, '$1.5 k'], // 1500/1e3 = 1.5
    [2_345_678, '$2.3 M'],
    [12_345_678_901, '$12.35 bn'],
    [3.2e12, '$3.20 tn'],
    [-2_000_000, '$-2.0 M'],
  ])('%d -> %s', (x, s) => expect(formatUsd(x)).toBe(s));
});

describe('percent helpers', () => {
  it('formatPct / formatShare / formatPercentInt', () => {
    expect(formatPct(12.3456)).toBe('12.35%');
    expect(formatPct(5, 0)).toBe('5%');
    expect(formatShare(0.1234)).toBe('12.3%');
    expect(formatShare(1, 0)).toBe('100%');
    expect(formatPercentInt(0.456)).toBe('46%');
    expect(formatPercentInt(0)).toBe('0%');
  });
});

describe('formatUsdExact / formatNumber', () => {
  it.each([
    [1234567.6, '$1,234,568'],
    [0.4, '$0'],
  ])('formatUsdExact(%d) -> %s', (x, s) => expect(formatUsdExact(x)).toBe(s));
  it.each([
    [0, '0'],
    [12345.6, '12,346'],
    [3.14159, '3.14'], // digits-1 = 2 decimals
    [0.012345, '0.0123'], // 3 significant
  ])('formatNumber(%d) -> %s', (x, s) => expect(formatNumber(x)).toBe(s));
});

describe('formatUsdTick / formatUsdCompact', () => {
  it.each([
    [0, '$0'],
    [25e9, '$25 bn'],
    [2.5e6, '$2.5 M'],
    [1000, '$1 k'],
    [42, '$42'],
  ])('formatUsdTick(%d) -> %s', (x, s) => expect(formatUsdTick(x)).toBe(s));
  it.each([
    [145e6, '$145M'],
    [1.234e9, '$1.23B'],
    [25.6e9, '$25.6B'],
    [2e12, '$2T'],
    [999.6, '$1000'],
  ])('formatUsdCompact(%d) -> %s', (x, s) => expect(formatUsdCompact(x)).toBe(s));
});

describe('integers never get decimals', () => {
  it.each([
    [3493, '3493'],
    [0.12345, '0.123'],
    [12, '12'],
    [Number.NaN, '—'],
    [null, '—'],
  ])('formatMetric(%s) -> %s', (x, s) => expect(formatMetric(x)).toBe(s));
  it.each([
    [12, '12'],
    [3, '3'],
    [2.5, '2.50'],
  ])('formatNumber(%d) -> %s', (x, s) => expect(formatNumber(x)).toBe(s));
});
