// Statistics of a generated history, measured on the file itself: week-to-week edge retention
// and Jaccard, entries and exits, node and edge counts, and how its sector-pair totals compare
// with the real DeXposure series of the calibration. Pure, like the generator.
import { SECTORS } from '../types';
import type { CompactSnapshotFile } from '../snapshot/compactSchema';
import type { HistoryCalibration } from './calibration';
import { PMT, S } from './params';

export interface HistoryStats {
  weeks: number;
  firstDate: string;
  lastDate: string;
  protocols: number;
  syntheticProtocols: number;
  tokens: number;
  protocolsAlive: Summary;
  tokenNodes: Summary;
  edges: Summary;
  /** Mean over week pairs of |E_t ∩ E_t+1| / |E_t|. */
  retention: number;
  /** Mean over week pairs of |E_t ∩ E_t+1| / |E_t ∪ E_t+1|. */
  jaccard: number;
  entriesPerWeek: number;
  exitsPerWeek: number;
  /** Pearson correlation over (week, sector pair) cells of our totals with the real ones. */
  sectorCorrelation: number;
  /** The same on log(1 + USD). */
  sectorLogCorrelation: number;
  /** Share of the real total (over these weeks) on links out of primary-token nodes, not modelled. */
  unmodelledShare: number;
  /** κ: our totals are κ × the real ones. */
  exposureScale: number;
  /** Our node counts are about this × the real ones. */
  nodeScale: number;
  /** Σ edges / Σ protocol TVL, mean over weeks. */
  exposureToTvl: number;
}

export interface Summary {
  min: number;
  mean: number;
  max: number;
}

function summary(xs: number[]): Summary {
  if (xs.length === 0) return { min: 0, mean: 0, max: 0 };
  return { min: Math.min(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs) };
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Each week's edge rows [holder, issuer or primary token, usd]: given, or derived from the holdings. */
export function edgeRowsOfFile(file: CompactSnapshotFile): [string, string, number][][] {
  const issuerOf = new Map<string, string>();
  for (const t of file.tokens ?? [])
    if (t.primary || t.issuer !== null) issuerOf.set(t.symbol, t.primary ? t.symbol : String(t.issuer));
  return file.weeks.map((w) => {
    if (w.edges) return w.edges.map(([a, b, x]) => [String(a), String(b), x]);
    const sums = new Map<string, [string, string, number]>();
    for (const [a, sym, x] of w.holdings ?? []) {
      const b = issuerOf.get(sym);
      if (b === undefined || b === String(a)) continue;
      const key = `${a}>${b}`;
      const row = sums.get(key);
      if (row) row[2] += x;
      else sums.set(key, [String(a), b, x]);
    }
    return [...sums.values()];
  });
}

/** Sector × sector totals of each week of a compact file (entry a * 7 + b, SECTORS order). */
export function sectorTotalsOfFile(file: CompactSnapshotFile, rows = edgeRowsOfFile(file)): number[][] {
  const sectorOfId = new Map<string, number>();
  for (const p of file.protocols) sectorOfId.set(String(p.id), SECTORS.indexOf(p.sector));
  for (const t of file.tokens ?? []) if (t.primary) sectorOfId.set(t.symbol, PMT);
  return rows.map((week) => {
    const totals = new Array<number>(S * S).fill(0);
    for (const [a, b, x] of week) {
      const sa = sectorOfId.get(a);
      const sb = sectorOfId.get(b);
      if (sa !== undefined && sb !== undefined && a !== b) totals[sa * S + sb] += x;
    }
    return totals;
  });
}

/** Statistics of a generated history, measured on the file itself (compared with the calibration). */
export function measureHistory(file: CompactSnapshotFile, cal: HistoryCalibration): HistoryStats {
  const weeks = file.weeks;
  const rows = edgeRowsOfFile(file);
  const edgeSets = rows.map((week) => new Set(week.map(([a, b]) => `${a}>${b}`)));
  const aliveSets = weeks.map((w) => new Set(Object.keys(w.tvl ?? {})));
  const primary = new Set((file.tokens ?? []).filter((t) => t.primary).map((t) => t.symbol));
  const tokenNodes = rows.map((week) => new Set(week.map(([, b]) => b).filter((b) => primary.has(b))).size);
  const retention: number[] = [];
  const jaccard: number[] = [];
  const entries: number[] = [];
  const exits: number[] = [];
  for (let t = 1; t < weeks.length; t++) {
    let both = 0;
    for (const k of edgeSets[t - 1]) if (edgeSets[t].has(k)) both++;
    if (edgeSets[t - 1].size) retention.push(both / edgeSets[t - 1].size);
    const unionSize = edgeSets[t - 1].size + edgeSets[t].size - both;
    if (unionSize) jaccard.push(both / unionSize);
    let inn = 0;
    let out = 0;
    for (const id of aliveSets[t]) if (!aliveSets[t - 1].has(id)) inn++;
    for (const id of aliveSets[t - 1]) if (!aliveSets[t].has(id)) out++;
    entries.push(inn);
    exits.push(out);
  }
  // Sector totals against the real ones of the same dates (links out of token nodes excluded).
  const ours = sectorTotalsOfFile(file, rows);
  const xs: number[] = [];
  const ys: number[] = [];
  let unmodelled = 0;
  let realAll = 0;
  const ratio: number[] = [];
  weeks.forEach((w, t) => {
    const ci = cal.dates.indexOf(w.date);
    if (ci < 0) return;
    for (let a = 0; a < S; a++)
      for (let b = 0; b < S; b++) {
        const real = cal.exposureMillions[ci][a * S + b] * 1e6;
        realAll += real;
        if (a === PMT) {
          unmodelled += real;
          continue;
        }
        xs.push(ours[t][a * S + b]);
        ys.push(real);
      }
    const tvlSum = Object.values(w.tvl ?? {}).reduce((x, y) => x + y, 0);
    const exposureSum = ours[t].reduce((x, y) => x + y, 0);
    if (tvlSum > 0) ratio.push(exposureSum / tvlSum);
  });
  const logCorr = pearson(
    xs.map((x) => Math.log1p(x)),
    ys.map((y) => Math.log1p(y)),
  );
  return {
    weeks: weeks.length,
    firstDate: weeks[0].date,
    lastDate: weeks[weeks.length - 1].date,
    protocols: file.protocols.length,
    syntheticProtocols: file.protocols.filter((p) => String(p.id).startsWith('syn-')).length,
    tokens: (file.tokens ?? []).length,
    protocolsAlive: summary(aliveSets.map((s) => s.size)),
    tokenNodes: summary(tokenNodes),
    edges: summary(edgeSets.map((s) => s.size)),
    retention: retention.length ? summary(retention).mean : NaN,
    jaccard: jaccard.length ? summary(jaccard).mean : NaN,
    entriesPerWeek: summary(entries).mean,
    exitsPerWeek: summary(exits).mean,
    sectorCorrelation: pearson(xs, ys),
    sectorLogCorrelation: logCorr,
    unmodelledShare: realAll > 0 ? unmodelled / realAll : 0,
    exposureScale: NaN,
    nodeScale: NaN,
    exposureToTvl: summary(ratio).mean,
  };
}
