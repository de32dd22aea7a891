import { describe, expect, it } from 'vitest';
import { CATEGORY_TO_SECTOR, sectorOfCategory, sectorOfDexposureLabel } from '../../src/core/sectors';
import { SECTORS } from '../../src/core/types';

describe('CATEGORY_TO_SECTOR', () => {
  it('maps the key DefiLlama categories onto DeXposure sectors', () => {
    expect(sectorOfCategory('Lending')).toBe('Lending, Borrowing & Real World Assets');
    expect(sectorOfCategory('CDP')).toBe('Lending, Borrowing & Real World Assets');
    expect(sectorOfCategory('RWA')).toBe('Lending, Borrowing & Real World Assets');
    expect(sectorOfCategory('CEX')).toBe('Trading & Exchanges');
    expect(sectorOfCategory('Dexes')).toBe('Trading & Exchanges');
    expect(sectorOfCategory('Dexs')).toBe('Trading & Exchanges'); // DefiLlama's newer spelling
    expect(sectorOfCategory('Liquid Staking')).toBe('Asset Management');
    expect(sectorOfCategory('Liquid Restaking')).toBe('Asset Management');
    expect(sectorOfCategory('Bridge')).toBe('Trading & Exchanges'); // DeXposure: 77 of 80 bridges
    expect(sectorOfCategory('Canonical Bridge')).toBe('Trading & Exchanges');
    expect(sectorOfCategory('Privacy')).toBe('Privacy & Security');
    expect(sectorOfCategory('Chain')).toBe('Infrastructure, Services & Financial Products');
    expect(sectorOfCategory('SoFi')).toBe('Other / Unknown');
  });

  it('sends unknown categories to Other / Unknown', () => {
    expect(sectorOfCategory('Definitely Not A Category')).toBe('Other / Unknown');
    expect(sectorOfCategory('')).toBe('Other / Unknown');
    expect(sectorOfCategory('Unknown')).toBe('Other / Unknown');
  });

  it('ignores case and surrounding spaces, and accepts a sector name as is', () => {
    expect(sectorOfCategory('  liquid staking ')).toBe('Asset Management');
    expect(sectorOfCategory('Trading & Exchanges')).toBe('Trading & Exchanges');
    expect(sectorOfCategory('Primary token')).toBe('Primary Market Tokens');
  });

  it('only ever names one of our sectors', () => {
    for (const sector of Object.values(CATEGORY_TO_SECTOR)) expect(SECTORS).toContain(sector);
  });

  it("turns DeXposure's residual labels into Other / Unknown", () => {
    expect(sectorOfDexposureLabel('Others')).toBe('Other / Unknown');
    expect(sectorOfDexposureLabel('Unknown')).toBe('Other / Unknown');
    expect(sectorOfDexposureLabel('Asset Management')).toBe('Asset Management');
    expect(sectorOfDexposureLabel('Lending')).toBeUndefined();
  });
});
