// The real DeXposure sector timeline (283 weeks, 2020-03-23 … 2025-08-18): system-level exposure,
// its concentration and simple early-warning signals around Terra (May 2022) and FTX (Nov 2022).
// Pure: reads the shipped derived file (public/data/sectors/dexposure-sector-timeline.json, built by
// `npm run data -- timeline` from DeXposure's sector_exposure_matrix.csv and sector_week_panel.csv).
//
// Per week, with S_ij = the week's exposure from sector i (holder) to sector j (issuer):
// - total exposure = Σ_ij S_ij; cross-sector exposure = Σ_{i≠j} S_ij (the app's "spillover total");
// - spillover index = HHI of the off-diagonal shares S_ij / Σ_{i≠j} S_ij (the app's definition,
//   src/core/metrics/spillover.ts): 1/42 when spread evenly, 1 when all on one pair;
// - sector HHI = HHI of the holder sectors' shares Σ_j S_ij / Σ_ij S_ij (within-sector included):
//   how concentrated the holding of exposure is across the 7 sectors;
// - nodes = Σ over sectors of node_count.
//
// Early-warning signal on a series x: the week-on-week change Δ_t (x_t − x_{t−1} for the indices,
// ln(x_t / x_{t−1}) for USD series) fires when |Δ_t − mean| > 2 σ of the previous `window` changes.
// Event windows: a firing in the `lead` weeks before an event's week, or in that week, is a warning
// for it (lead time = weeks before the event week); a firing in the `after` weeks following is a
// reaction, neither warning nor false alarm; any other firing is a false alarm. The false-alarm rate is
// false alarms / weeks outside every event window (weeks with a full trailing window only).
import { hhi } from './metrics/stats';

export const TIMELINE_FORMAT = 'dexposure-sector-timeline';

export interface SectorTimelineFile {
  format: typeof TIMELINE_FORMAT;
  version: 1;
  provenance: {
    source: string;
    repository: string;
    commit: string;
    files: string[];
    /** Always false: every figure is the real DeXposure series (rounded to whole USD). */
    synthetic: false;
    credit: string;
    notes: string;
  };
  /** The 7 DeXposure sectors, the order of every row and column below. */
  sectors: string[];
  /** Monday of each week (YYYY-MM-DD), ascending. */
  weeks: string[];
  /** Per week: the 7×7 matrix S_ij flattened row by row (i = holder sector), whole USD. */
  exposure: number[][];
  /** Per week: node_count per sector (same order as `sectors`). */
  nodeCounts: number[][];
}

export interface TimelineEvent {
  id: string;
  label: string;
  /** For chart marks. */
  short: string;
  /** Monday of the week the event broke. */
  week: string;
}

/** Terra/UST de-peg (UST lost its peg on 2022-05-07/09) and FTX's collapse (withdrawals halted 2022-11-08). */
export const EVENTS: readonly TimelineEvent[] = [
  { id: 'terra', label: 'Terra (UST de-peg)', short: 'Terra', week: '2022-05-09' },
  { id: 'ftx', label: 'FTX collapse', short: 'FTX', week: '2022-11-07' },
];

export interface TimelineSeries {
  weeks: string[];
  totalExposure: number[];
  crossSectorExposure: number[];
  spilloverIndex: number[];
  sectorHhi: number[];
  nodes: number[];
}

export function timelineSeries(file: SectorTimelineFile): TimelineSeries {
  const k = file.sectors.length;
  const out: TimelineSeries = {
    weeks: file.weeks,
    totalExposure: [],
    crossSectorExposure: [],
    spilloverIndex: [],
    sectorHhi: [],
    nodes: [],
  };
  file.exposure.forEach((cells, w) => {
    let total = 0;
    let cross = 0;
    const offDiagonal: number[] = [];
    const byHolder = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const x = cells[i * k + j];
        total += x;
        byHolder[i] += x;
        if (i !== j) {
          cross += x;
          offDiagonal.push(x);
        }
      }
    }
    out.totalExposure.push(total);
    out.crossSectorExposure.push(cross);
    out.spilloverIndex.push(hhi(offDiagonal));
    out.sectorHhi.push(hhi(byHolder));
    out.nodes.push(file.nodeCounts[w].reduce((s, x) => s + x, 0));
  });
  return out;
}

export interface SignalOptions {
  /** Trailing window of week-on-week changes (weeks). Default 26. */
  window?: number;
  /** Threshold in standard deviations. Default 2. */
  sigmas?: number;
  /** Weeks before an event's week in which a firing counts as a warning. Default 8. */
  lead?: number;
  /** Weeks after an event's week that are its reaction, not false alarms. Default 4. */
  after?: number;
  /** Sector pairs below this share of the week's cross-sector exposure are not watched. Default 0.02. */
  minPairShare?: number;
}

export interface SignalSeries {
  /** 'sector_hhi', 'spillover_index', 'cross_sector_exposure' or 'pair:<holder>→<issuer>'. */
  key: string;
  label: string;
  /** Weeks it fired (YYYY-MM-DD). */
  fired: string[];
  /** Per event: weeks before the event week of its first warning (0 = the event week), or null. */
  leadWeeks: Record<string, number | null>;
  falseAlarms: number;
  /** falseAlarms / weeks outside every event window. */
  falseAlarmRate: number;
}

export interface SignalReport {
  options: Required<SignalOptions>;
  events: readonly TimelineEvent[];
  /** Weeks with a full trailing window, outside every event window: the false-alarm denominator. */
  quietWeeks: number;
  /** The three system series, then each watched sector pair that fired at least once. */
  series: SignalSeries[];
  /** Any of the three system series (HHI, spillover index, cross-sector exposure). */
  anySystem: SignalSeries;
  /** Any watched sector pair. */
  anyPair: SignalSeries;
  definition: string;
}

const DEFAULTS: Required<SignalOptions> = { window: 26, sigmas: 2, lead: 8, after: 4, minPairShare: 0.02 };

/** Week indices where |Δ − mean| > sigmas·σ of the previous `window` changes (Δ_t at index t). */
export function firingWeeks(changes: (number | null)[], window: number, sigmas: number): number[] {
  const fired: number[] = [];
  for (let t = window + 1; t < changes.length; t++) {
    const d = changes[t];
    if (d === null) continue;
    const past = changes.slice(t - window, t).filter((x): x is number => x !== null);
    if (past.length < window / 2) continue;
    const mean = past.reduce((s, x) => s + x, 0) / past.length;
    const sd = Math.sqrt(past.reduce((s, x) => s + (x - mean) ** 2, 0) / past.length);
    if (sd > 0 && Math.abs(d - mean) > sigmas * sd) fired.push(t);
  }
  return fired;
}

const diff = (xs: number[]): (number | null)[] => xs.map((x, t) => (t === 0 ? null : x - xs[t - 1]));
const logDiff = (xs: number[]): (number | null)[] =>
  xs.map((x, t) => (t === 0 || !(x > 0) || !(xs[t - 1] > 0) ? null : Math.log(x / xs[t - 1])));

export function earlyWarnings(file: SectorTimelineFile, options: SignalOptions = {}): SignalReport {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const opts: Required<SignalOptions> = { ...DEFAULTS, ...given };
  const s = timelineSeries(file);
  const weeks = file.weeks;
  const eventIndex = EVENTS.map((e) => weeks.indexOf(e.week));
  // Week classes: warning window of event e, its reaction window, or quiet.
  const windowOf = (t: number): { event: number; lead: number } | 'reaction' | null => {
    for (let e = 0; e < EVENTS.length; e++) {
      const at = eventIndex[e];
      if (at < 0) continue;
      if (t <= at && at - t <= opts.lead) return { event: e, lead: at - t };
      if (t > at && t - at <= opts.after) return 'reaction';
    }
    return null;
  };
  let quietWeeks = 0;
  for (let t = opts.window + 1; t < weeks.length; t++) if (windowOf(t) === null) quietWeeks++;

  const summarise = (key: string, label: string, fired: number[]): SignalSeries => {
    const leadWeeks: Record<string, number | null> = Object.fromEntries(EVENTS.map((e) => [e.id, null]));
    let falseAlarms = 0;
    for (const t of fired) {
      const w = windowOf(t);
      if (w === null) falseAlarms++;
      else if (w !== 'reaction') {
        const id = EVENTS[w.event].id;
        leadWeeks[id] = Math.max(leadWeeks[id] ?? -1, w.lead); // the first firing has the longest lead
      }
    }
    return {
      key,
      label,
      fired: fired.map((t) => weeks[t]),
      leadWeeks,
      falseAlarms,
      falseAlarmRate: quietWeeks > 0 ? falseAlarms / quietWeeks : 0,
    };
  };

  const system = [
    summarise('sector_hhi', 'Sector HHI', firingWeeks(diff(s.sectorHhi), opts.window, opts.sigmas)),
    summarise('spillover_index', 'Spillover index', firingWeeks(diff(s.spilloverIndex), opts.window, opts.sigmas)),
    summarise(
      'cross_sector_exposure',
      'Cross-sector exposure',
      firingWeeks(logDiff(s.crossSectorExposure), opts.window, opts.sigmas),
    ),
  ];

  const k = file.sectors.length;
  const pairs: SignalSeries[] = [];
  const anyPairWeeks = new Set<number>();
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      const series = file.exposure.map((cells) => cells[i * k + j]);
      // A pair is watched in the weeks where it holds at least minPairShare of cross-sector exposure.
      const changes = logDiff(series).map((d, t) =>
        d !== null && series[t - 1] >= opts.minPairShare * s.crossSectorExposure[t - 1] ? d : null,
      );
      const fired = firingWeeks(changes, opts.window, opts.sigmas);
      if (fired.length === 0) continue;
      fired.forEach((t) => anyPairWeeks.add(t));
      pairs.push(
        summarise(`pair:${file.sectors[i]}→${file.sectors[j]}`, `${file.sectors[i]} → ${file.sectors[j]}`, fired),
      );
    }
  }
  const anySystemWeeks = [...new Set(system.flatMap((x) => x.fired.map((w) => weeks.indexOf(w))))].sort(
    (a, b) => a - b,
  );
  return {
    options: opts,
    events: EVENTS,
    quietWeeks,
    series: [...system, ...pairs],
    anySystem: summarise('any_system', 'Any system series', anySystemWeeks),
    anyPair: summarise(
      'any_pair',
      'Any sector pair',
      [...anyPairWeeks].sort((a, b) => a - b),
    ),
    definition:
      `A signal fires when a week-on-week change (difference for the indices, log change for USD) lies more than ` +
      `${opts.sigmas}σ from the mean of the previous ${opts.window} changes. A firing in the ${opts.lead} weeks before an ` +
      `event's week, or in it, is a warning (lead = weeks before); one in the ${opts.after} weeks after is a reaction; any other ` +
      `is a false alarm. False-alarm rate = false alarms / the ${quietWeeks} weeks outside every event window. Sector pairs ` +
      `are watched while they hold ≥ ${100 * opts.minPairShare}% of cross-sector exposure.`,
  };
}
