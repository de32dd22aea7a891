// The real DeXposure sector timeline: series from the shipped file, early-warning signals on a
// hand-built series and on the shipped file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  earlyWarnings,
  EVENTS,
  firingWeeks,
  timelineSeries,
  TIMELINE_FORMAT,
  type SectorTimelineFile,
} from '../../src/core/timeline';
import { SECTORS } from '../../src/core/types';

const shipped = JSON.parse(
  readFileSync(new URL('../../public/data/sectors/dexposure-sector-timeline.json', import.meta.url), 'utf8'),
) as SectorTimelineFile;

describe('the shipped file', () => {
  it('is real, with its source and 283 weeks of 7×7 sectors', () => {
    expect(shipped.format).toBe(TIMELINE_FORMAT);
    expect(shipped.provenance.synthetic).toBe(false);
    expect(shipped.provenance.repository).toBe('JiaxinYang123/PythonProject');
    expect(shipped.sectors).toEqual([...SECTORS]);
    expect(shipped.weeks.length).toBe(283);
    expect([shipped.weeks[0], shipped.weeks[282]]).toEqual(['2020-03-23', '2025-08-18']);
    for (const cells of shipped.exposure) expect(cells.length).toBe(49);
    for (const e of EVENTS) expect(shipped.weeks).toContain(e.week);
  });

  it('series = sums of the shipped matrix', () => {
    const s = timelineSeries(shipped);
    for (let w = 0; w < shipped.weeks.length; w++) {
      const m = shipped.exposure[w];
      let total = 0;
      let cross = 0;
      const pairs: number[] = [];
      const rows = [0, 0, 0, 0, 0, 0, 0];
      for (let i = 0; i < 7; i++)
        for (let j = 0; j < 7; j++) {
          total += m[7 * i + j];
          rows[i] += m[7 * i + j];
          if (i !== j) {
            cross += m[7 * i + j];
            pairs.push(m[7 * i + j]);
          }
        }
      expect(s.totalExposure[w]).toBe(total);
      expect(s.crossSectorExposure[w]).toBe(cross);
      const sq = (xs: number[], t: number) => (t > 0 ? xs.reduce((a, x) => a + (x / t) ** 2, 0) : 0);
      expect(s.spilloverIndex[w]).toBeCloseTo(sq(pairs, cross), 12);
      expect(s.sectorHhi[w]).toBeCloseTo(sq(rows, total), 12);
      expect(s.nodes[w]).toBe(shipped.nodeCounts[w].reduce((a, x) => a + x, 0));
    }
  });
});

describe('early-warning signals', () => {
  it('fire on a change beyond 2σ of the trailing window', () => {
    // Changes alternate ±1 (mean 0, σ 1); a change of 3 at t = 12 fires, 2 (= 2σ, not beyond) does not.
    const changes: (number | null)[] = [null, ...Array.from({ length: 10 }, (_, t) => (t % 2 ? 1 : -1))];
    changes.push(2, 3, -1);
    expect(firingWeeks(changes, 10, 2)).toEqual([12]);
  });

  // A hand-built file: 60 weeks around the Terra week (t = 30; FTX falls at t = 56), flat HHI except
  // jumps 3 weeks before Terra (a warning, lead 3), 2 weeks after it (a reaction) and 12 weeks after
  // (a false alarm).
  function handFile(): SectorTimelineFile {
    const terra = 30;
    const start = Date.parse(EVENTS[0].week) - terra * 7 * 86400e3;
    const weeks = Array.from({ length: 60 }, (_, t) => new Date(start + t * 7 * 86400e3).toISOString().slice(0, 10));
    const jumps = new Set([terra - 3, terra + 2, terra + 12]);
    const exposure = weeks.map((_, t) => {
      const cells = new Array<number>(49).fill(0);
      // Two holder sectors; a jump moves holdings to sector 0 for one week (HHI up, then back).
      const wiggle = t % 2 ? 1 : 0;
      cells[0 * 7 + 1] = jumps.has(t) ? 900 : 500 + wiggle;
      cells[1 * 7 + 0] = 500;
      return cells;
    });
    return {
      ...shipped,
      weeks,
      exposure,
      nodeCounts: weeks.map(() => [1, 1, 0, 0, 0, 0, 0]),
    };
  }

  it('count weeks before the event, reactions, and false alarms over quiet weeks', () => {
    const r = earlyWarnings(handFile(), { window: 10, lead: 8, after: 4, minPairShare: 0.02 });
    const hhi = r.series.find((s) => s.key === 'sector_hhi')!;
    // Each jump fires on the way up and again on the way down (the week after).
    const weeks = handFile().weeks;
    expect(hhi.fired).toEqual([27, 28, 32, 33, 42, 43].map((t) => weeks[t]));
    expect(hhi.leadWeeks).toEqual({ terra: 3, ftx: null });
    expect(hhi.falseAlarms).toBe(2);
    // Weeks 11 … 59 have a full window (49); Terra's window 22 … 34 holds 13 of them, FTX's 48 … 59 12.
    expect(r.quietWeeks).toBe(49 - 13 - 12);
    expect(hhi.falseAlarmRate).toBeCloseTo(2 / 24, 12);
  });

  it('on the shipped file: the Terra and FTX weeks themselves stand out in cross-sector exposure', () => {
    const r = earlyWarnings(shipped);
    const cross = r.series.find((s) => s.key === 'cross_sector_exposure')!;
    expect(cross.fired).toContain('2022-05-09');
    expect(cross.fired).toContain('2022-11-07');
    expect(cross.leadWeeks).toEqual({ terra: 0, ftx: 0 });
    // Every firing is a real outlier of its own trailing window (recomputed here, population σ).
    const s = timelineSeries(shipped);
    for (const week of cross.fired) {
      const t = shipped.weeks.indexOf(week);
      const d = (u: number) => Math.log(s.crossSectorExposure[u] / s.crossSectorExposure[u - 1]);
      const past = Array.from({ length: 26 }, (_, k) => d(t - 26 + k));
      const mean = past.reduce((a, x) => a + x, 0) / 26;
      const sd = Math.sqrt(past.reduce((a, x) => a + (x - mean) ** 2, 0) / 26);
      expect(Math.abs(d(t) - mean)).toBeGreaterThan(2 * sd);
    }
    // The union is at least each of its parts, and false alarms never exceed the firings.
    for (const x of r.series) {
      expect(x.falseAlarms).toBeLessThanOrEqual(x.fired.length);
      if (!x.key.startsWith('pair:')) for (const w of x.fired) expect(r.anySystem.fired).toContain(w);
    }
  });
});
