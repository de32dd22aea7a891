import { describe, expect, it } from 'vitest';
import { compactSnapshotSchema, parseCompact } from '../../src/core/snapshot';
import { SECTORS } from '../../src/core/types';
import { checkCalibration } from '../../src/core/synthetic/calibration';
import { buildCalibration } from '../../src/core/synthetic/calibrationBuild';
import { committedCalibration } from '../../src/core/synthetic/committed';
import { PAPER_SCALE, generateHistory, generatePaperScaleWeek } from '../../src/core/synthetic/history';
import { listingDay } from '../../src/core/synthetic/roster';
import { sliceHistory } from '../../src/core/synthetic/slice';
import { Rng } from '../../src/core/rng';
import { AM, L, O, PMT, S, T, tinyCalibration } from './synthetic/tiny';

// The same hand-made calibration the step tests use (12 weeks, a few sector pairs, 60 protocols).
type Row = [string, string, number];
const rowsOf = (w: { edges?: unknown; holdings?: unknown }) => ({
  edges: ((w.edges ?? []) as Row[]).map(([a, b, x]) => [String(a), String(b), x] as Row),
  holdings: ((w.holdings ?? []) as Row[]).map(([a, b, x]) => [String(a), String(b), x] as Row),
});

function retentionOf(weeks: { edges?: unknown }[]): number {
  const sets = weeks.map((w) => new Set(rowsOf(w).edges.map(([a, b]) => `${a}>${b}`)));
  let sum = 0;
  for (let t = 1; t < sets.length; t++) {
    let both = 0;
    for (const k of sets[t - 1]) if (sets[t].has(k)) both++;
    sum += both / sets[t - 1].size;
  }
  return sum / (sets.length - 1);
}

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i] - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** Sector × sector totals of a week, from its edges, computed here independently of the generator. */
function sectorTotals(file: ReturnType<typeof generateHistory>['file'], week: number): number[] {
  const sectorOf = new Map<string, number>(file.protocols.map((p) => [String(p.id), SECTORS.indexOf(p.sector)]));
  for (const t of file.tokens ?? []) if (t.primary) sectorOf.set(t.symbol, PMT);
  const totals = new Array<number>(S * S).fill(0);
  for (const [a, b, x] of rowsOf(file.weeks[week]).edges) totals[sectorOf.get(a)! * S + sectorOf.get(b)!] += x;
  return totals;
}

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateHistory on a tiny hand-made calibration', () => {
  const cal = tinyCalibration();
  const run = (seed: number) => generateHistory(cal, { seed, protocols: 40, weeks: 12 });

  it('is deterministic: same seed, same file; another seed, another file', () => {
    const a = JSON.stringify(run(5).file);
    expect(JSON.stringify(run(5).file)).toBe(a);
    expect(JSON.stringify(run(6).file)).not.toBe(a);
  });

  it('writes a valid compact file, labelled synthetic, that the loader reads without warnings', () => {
    const { file } = run(1);
    expect(compactSnapshotSchema.safeParse(file).success).toBe(true);
    expect(file.provenance.synthetic).toBe(true);
    expect(file.provenance.source).toMatch(/^Synthetic/);
    expect(file.provenance.date).toBe(cal.dates[11]);
    expect(file.provenance.notes).toContain('seed 1');
    const dataset = parseCompact(file);
    expect(dataset.warnings).toEqual([]);
    expect(dataset.weeks.map((w) => w.date)).toEqual(cal.dates);
  });

  it('makes every edge the sum of the holdings of its issuer’s tokens, between nodes present that week', () => {
    const { file } = run(2);
    const issuer = new Map((file.tokens ?? []).map((t) => [t.symbol, t.primary ? t.symbol : String(t.issuer)]));
    const primary = new Set((file.tokens ?? []).filter((t) => t.primary).map((t) => t.symbol));
    for (const w of file.weeks) {
      const { edges, holdings } = rowsOf(w);
      const fromHoldings = new Map<string, number>();
      for (const [holder, symbol, usd] of holdings) {
        expect(issuer.has(symbol)).toBe(true);
        const key = `${holder}>${issuer.get(symbol)}`;
        fromHoldings.set(key, (fromHoldings.get(key) ?? 0) + usd);
      }
      expect(new Map(edges.map(([a, b, x]) => [`${a}>${b}`, x]))).toEqual(fromHoldings);
      for (const [a, b, x] of edges) {
        expect(x).toBeGreaterThanOrEqual(1);
        expect(w.tvl![a]).toBeDefined();
        expect(w.tvl![b] !== undefined || primary.has(b)).toBe(true);
      }
    }
  });

  it('matches the real sector totals exactly when κ = 1 (whole-dollar rounding aside)', () => {
    // totalTvl 0 means "no DefiLlama total to compare with": κ = 1, our totals = the real ones.
    const { file, stats } = generateHistory(tinyCalibration({ totalTvl: 0 }), { seed: 3, protocols: 40, weeks: 12 });
    expect(stats.exposureScale).toBe(1);
    const week3 = sectorTotals(file, 3);
    const edges3 = rowsOf(file.weeks[3]).edges.length;
    // Trading → primary tokens in week 3: (100 + 10·3) million USD = 130,000,000 USD; each holding
    // is rounded to a whole dollar, so at most one dollar per edge away.
    expect(Math.abs(week3[T * S + PMT] - 130_000_000)).toBeLessThanOrEqual(edges3);
    // Lending → Asset Management in week 3: 30 + 5·(3 mod 3) = 30 million USD.
    expect(Math.abs(week3[L * S + AM] - 30_000_000)).toBeLessThanOrEqual(edges3);
    // Pairs with a real total of 0 have no edges; links out of token nodes are not modelled.
    expect(week3[AM * S + L]).toBe(0);
    expect(week3.slice(PMT * S, PMT * S + S).every((x) => x === 0)).toBe(true);
    // Week t's real total is 40 (out of tokens) + (100 + 10t) + 20 + 50 + (30 + 5·(t mod 3)) + 80 + 10 + 5
    // = 335 + 10t + 5·(t mod 3); over t = 0…11: 335·12 + 10·66 + 5·(0+1+2)·4 = 4,740, of which 40·12 = 480 out of tokens.
    expect(stats.unmodelledShare).toBeCloseTo(480 / 4740, 10);
  });

  it('lets protocols enter small and grow, and leave', () => {
    const { file } = generateHistory(cal, { seed: 4, protocols: 50, weeks: 12, exitRate: 0.02 });
    const first = new Set(Object.keys(file.weeks[0].tvl!));
    const last = new Set(Object.keys(file.weeks[11].tvl!));
    const entered = [...last].filter((id) => !first.has(id));
    const left = [...first].filter((id) => !last.has(id));
    expect(entered.length).toBeGreaterThan(0);
    expect(left.length).toBeGreaterThan(0);
  });
});

describe('generateHistory on the committed calibration', () => {
  const cal = checkCalibration(committedCalibration);
  const { file, stats } = generateHistory(cal, { seed: 42, protocols: 150, weeks: 30 });

  it('keeps about 95.5% of a week’s edges the next week (the real dates’ rate)', () => {
    const retention = retentionOf(file.weeks);
    expect(retention).toBeGreaterThan(0.94);
    expect(retention).toBeLessThan(0.97);
    expect(stats.retention).toBeCloseTo(retention, 10);
  });

  it('tracks the real weekly sector-pair totals (scaled by κ)', () => {
    const ours: number[] = [];
    const real: number[] = [];
    file.weeks.forEach((w, t) => {
      const ci = cal.dates.indexOf(w.date);
      const totals = sectorTotals(file, t);
      for (let a = 0; a < S; a++)
        for (let b = 0; b < S; b++)
          if (a !== PMT) {
            ours.push(totals[a * S + b]);
            real.push(cal.exposureMillions[ci][a * S + b] * 1e6);
          }
    });
    expect(pearson(ours, real)).toBeGreaterThan(0.9);
    // The whole of each week is κ × the real modelled total.
    const ratio = ours.reduce((a, b) => a + b, 0) / real.reduce((a, b) => a + b, 0);
    expect(ratio).toBeCloseTo(stats.exposureScale, 3);
  });

  it('has protocols entering and leaving, entrants growing and leavers declining first', () => {
    const alive = file.weeks.map((w) => w.tvl!);
    let entries = 0;
    let exits = 0;
    const growth: number[] = [];
    const decline: number[] = [];
    for (let t = 1; t < alive.length; t++) {
      for (const id of Object.keys(alive[t]))
        if (alive[t - 1][id] === undefined) {
          entries++;
          if (t + 8 < alive.length && alive[t + 8][id]) growth.push(alive[t + 8][id] / alive[t][id]);
        }
      for (const id of Object.keys(alive[t - 1]))
        if (alive[t][id] === undefined) {
          exits++;
          if (t >= 6 && alive[t - 6][id]) decline.push(alive[t - 1][id] / alive[t - 6][id]);
        }
    }
    expect(entries).toBeGreaterThan(0);
    expect(exits).toBeGreaterThan(0);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    expect(median(growth)).toBeGreaterThan(1.5);
    expect(median(decline)).toBeLessThan(0.8);
  });

  it('slices the last weeks for the app without changing the derived edges', () => {
    const app = sliceHistory(file, 4);
    expect(compactSnapshotSchema.safeParse(app).success).toBe(true);
    expect(app.weeks.every((w) => w.edges === undefined)).toBe(true);
    const full = parseCompact(file);
    const sliced = parseCompact(app);
    expect(sliced.warnings).toEqual([]);
    expect(sliced.weeks.length).toBe(4);
    const total = (ws: typeof full.weeks) => ws.map((w) => w.edges.weight.reduce((a, b) => a + b, 0));
    expect(total(sliced.weeks)).toEqual(total(full.weeks.slice(-4)));
    expect(sliced.weeks.map((w) => w.edges.m)).toEqual(full.weeks.slice(-4).map((w) => w.edges.m));
  });

  it('produces a paper-scale week within 10% of 5,676 nodes and 30,424 edges', () => {
    const { file: week } = generatePaperScaleWeek(cal, { seed: 1 });
    expect(compactSnapshotSchema.safeParse(week).success).toBe(true);
    const snap = parseCompact(week).weeks[0];
    expect(Math.abs(snap.n - PAPER_SCALE.nodes) / PAPER_SCALE.nodes).toBeLessThan(0.1);
    expect(Math.abs(snap.edges.m - PAPER_SCALE.edges) / PAPER_SCALE.edges).toBeLessThan(0.1);
    // More protocols than the committed roster holds: the extra ids are marked synthetic.
    const synthetic = week.protocols.filter((p) => String(p.id).startsWith('syn-'));
    expect(synthetic.length).toBeGreaterThan(0);
    expect(synthetic.every((p) => p.name.startsWith('Synthetic protocol'))).toBe(true);
  });
});

describe('buildCalibration', () => {
  it('extracts sector totals, sectors, tokens and roster from the raw files', () => {
    const header = 'date,source_category,target_category,exposure\n';
    const matrix =
      header +
      SECTORS.flatMap((a) =>
        SECTORS.map((b) => `2024-01-08,"${a}","${b}",${a === SECTORS[T] && b === SECTORS[PMT] ? 2500000 : 0}`),
      ).join('\n') +
      '\n' +
      SECTORS.flatMap((a) =>
        SECTORS.map((b) => `2024-01-01,"${a}","${b}",${a === SECTORS[L] && b === SECTORS[AM] ? 1234567 : 0}`),
      ).join('\n');
    const panel =
      'date,category,node_count\n' +
      SECTORS.map((s, i) => `2024-01-01,"${s}",${i + 1}\n2024-01-08,"${s}",${10 * (i + 1)}`).join('\n');
    const cal = buildCalibration(
      {
        sectorExposureCsv: matrix,
        sectorWeekPanelCsv: panel,
        metaCsv: 'id,name,category\n118,MakerDAO,CDP\n182,Lido,Liquid Staking\n5000,New Thing,Dexes\n',
        idToInfo: {
          '118': { name: 'MakerDAO', category: 'Lending, Borrowing & Real World Assets' },
          '182': { name: 'Lido', category: 'Asset Management' },
          '7': { name: 'Odd', category: 'Others' },
        },
        protocols: [
          {
            id: 182,
            name: 'Lido',
            category: 'Liquid Staking',
            chains: ['Ethereum'],
            tvl_usd: 14e9,
            listedAt: 1_650_000_000,
          },
          { id: 118, name: 'MakerDAO', category: 'CDP', chains: ['Ethereum'], tvl_usd: 5e9 },
        ],
        tokenToProtocol: {
          MAP: { LDO: { id: '182', frequency: 10 } },
          PRIMARY: {
            USDT: { id: 'USDT', frequency: 100 },
            DAI: { id: '118', frequency: 50 },
            WETH: { id: 'WETH', frequency: 80 },
          },
        },
        revMap: { STETH: '182', USDT: '999' },
        tvlDate: '2023-10-19',
      },
      { rosterSize: 10 },
    );
    expect(cal.dates).toEqual(['2024-01-01', '2024-01-08']);
    // 1,234,567 USD = 1.235 million (4 significant digits); 2,500,000 USD = 2.5 million.
    expect(cal.exposureMillions[0][L * S + AM]).toBe(1.235);
    expect(cal.exposureMillions[1][T * S + PMT]).toBe(2.5);
    expect(cal.nodeCounts[1][O]).toBe(70);
    // Primary tokens: the PRIMARY entries that are their own issuer, most held first.
    expect(cal.primaryTokens).toEqual([
      ['USDT', 100],
      ['WETH', 80],
    ]);
    expect(cal.totalTvl).toBe(19e9);
    const byId = new Map(cal.roster.map((r) => [r[0], r]));
    // DAI is MakerDAO's (PRIMARY group, mapped to 118); USDT stays primary although rev_map names an id.
    expect(byId.get('118')).toEqual(['118', 'MakerDAO', 'CDP', L, 5e9, 'Ethereum', 'DAI']);
    expect(byId.get('182')?.[6]).toBe('LDO|STETH');
    // 'Others' and ids DeXposure could not map are 'Other / Unknown'.
    expect(byId.get('7')?.[3]).toBe(O);
    expect(byId.get('5000')?.[3]).toBe(O);
    expect(checkCalibration(cal)).toBeTruthy();
  });

  it('the committed calibration is valid and covers the real 283 weeks', () => {
    const cal = checkCalibration(committedCalibration);
    expect(cal.dates.length).toBe(283);
    expect(cal.dates[0]).toBe('2020-03-23');
    expect(cal.dates[282]).toBe('2025-08-18');
    // Ids are listed in order: a later id is not listed earlier.
    expect(listingDay(cal, 4000)).toBeGreaterThanOrEqual(listingDay(cal, 2000));
  });
});
