// Seeded synthetic protocol-level weekly exposure history, calibrated to the REAL weekly
// DeXposure sector totals. No real protocol-level weekly history is available to us
// (../shared/data/SOURCES.md), so this disaggregates the real sector × sector series onto
// real protocols with a simple, documented dynamic model. Everything it produces is
// labelled synthetic. Pure: no I/O, no DOM; runs in Node, a worker or the page.
//
// The model, week by week (parameters in HISTORY_PARAMS):
// - Nodes. Per sector, the number of protocols alive follows the real node count
//   (sector_week_panel.csv) times one scale factor; primary token nodes (USDT, USDC, WETH…)
//   likewise follow the real 'Primary Market Tokens' count. Protocols enter in DefiLlama id
//   order (ids are handed out as protocols get listed), start small and grow; a fixed weekly
//   share leaves, chosen among small, declining protocols, after a decline of a few weeks.
// - TVL. log TVL = real DefiLlama TVL (or a draw from its sector's distribution) + a sector
//   trend (smoothed log activity of the real sector series) + an idiosyncratic AR process
//   with momentum and rare jumps + the entry ramp / exit decline.
// - Edges. Persistent: each week a share of edges dies (chosen more often among small and
//   declining ones, and with exiting protocols) so that about 95.5% of a week's edges are
//   there the next week (the real DefiLlama dates' rate). New edges fill each holder's degree
//   target (heavy-tailed, growing with TVL): either a 2-hop neighbour (what my issuers hold /
//   what co-holders hold) or a target sector drawn from the real sector shares and then an
//   issuer by preferential attachment (size × in-degree). Edge log-weights follow an AR(1) around an edge-specific
//   level, plus the issuer's own TVL moves; new edges start below their level and grow.
// - Sector totals. Each week the weights of the edges from sector a to sector b are rescaled
//   so that their sum is κ × the real total of (a, b) that week, κ = the share of the
//   DefiLlama TVL our protocols hold (we have fewer protocols than the real network). The
//   real series' links out of primary-token nodes are not modelled (token nodes hold nothing
//   in our format); pairs whose real total is 0 in a week have no edges that week.
//
// The steps, one module each: schedule.ts (node counts per sector and week), roster.ts (which
// protocols and tokens), population.ts (entries, declines, exits), tvl.ts (TVL paths),
// edges.ts (the edge process), calibrate.ts (sector totals), assemble.ts (weeks, file,
// provenance); measure.ts measures the result. This module runs them week by week.
import { Rng } from '../rng';
import type { CompactSnapshotFile } from '../snapshot/compactSchema';
import { HistoryWriter, provenanceNotes } from './assemble';
import { calibrateWeek } from './calibrate';
import { checkCalibration, type HistoryCalibration } from './calibration';
import { EdgeProcess } from './edges';
import { measureHistory, type HistoryStats } from './measure';
import { HISTORY_PARAMS, PAPER_SCALE, PMT, type HistoryOptions } from './params';
import { Population } from './population';
import { dayOf, primaryTokenList, selectMembers } from './roster';
import { buildSchedule, exitsIn, fitNodeScale, selectWindow, unionOf } from './schedule';
import { sectorTrends, TvlPaths } from './tvl';

export { LARGE_SCALE, PAPER_SCALE } from './params';

export interface HistoryResult {
  file: CompactSnapshotFile;
  stats: HistoryStats;
}

export function generateHistory(calibrationInput: HistoryCalibration, options: HistoryOptions = {}): HistoryResult {
  const cal = checkCalibration(calibrationInput);
  const P = HISTORY_PARAMS;
  const seed = options.seed ?? 42;
  const retention = options.retention ?? P.retention;
  const exitRate = options.exitRate ?? P.exitRate;
  const edgesPerNode = options.edgesPerNode ?? P.edgesPerNode;
  const { from, to } = selectWindow(cal, options.weeks ?? 160, options.start);
  const K = to - from;
  if (K < 1) throw new Error('no calibration weeks in the requested window');
  const dates = cal.dates.slice(from, to);
  const counts = cal.nodeCounts.slice(from, to);
  const realTotals = cal.exposureMillions.slice(from, to).map((row) => row.map((x) => x * 1e6));
  // One seed; the roster, the TVL paths and exits, and the edges each draw from their own fork.
  const rng = new Rng(seed);

  // The protocol universe: node counts per sector and week, then the protocols and tokens that fill them.
  const nodeScale = fitNodeScale(counts, options, exitRate);
  const schedule = buildSchedule(counts, nodeScale, exitRate, P.declineWeeks);
  const { members, order } = selectMembers(
    cal,
    schedule,
    { startDay: dayOf(dates[0]), endDay: dayOf(dates[K - 1]) },
    rng.fork(1),
  );
  const primary = primaryTokenList(cal, unionOf(schedule, PMT));
  const pop = new Population(members, order, primary.symbols, primary.freq);

  // Exposure scale κ: the share of the DefiLlama TVL our protocols stand for.
  const memberTvl = members.reduce((a, m) => a + Math.exp(m.baseLog), 0);
  const kappa = cal.totalTvl > 0 ? Math.min(1, memberTvl / cal.totalTvl) : 1;

  const dynRng = rng.fork(2);
  const edgeRng = rng.fork(3);
  const tvl = new TvlPaths(pop, sectorTrends(cal, P.trendBeta, P.trendHalfLife).slice(from, to), dynRng);
  const edges = new EdgeProcess(pop, tvl, realTotals, edgeRng);
  const writer = new HistoryWriter(pop);
  /** At week t, who starts declining to leave at week `at` (the schedule's exits of that week). */
  const planExits = (t: number, at: number) => {
    const exits = exitsIn(schedule, at);
    if (exits) pop.planExits(exits, at, t, tvl, edges.inCount, dynRng);
  };
  const emit = (t: number) =>
    writer.addWeek(
      dates[t],
      tvl.logTvl,
      calibrateWeek(edges.edges.values(), (e) => edges.pairOf(e), tvl.logTvl, realTotals[t], kappa),
    );

  // Week 0: the first protocols of each sector (in entry order) have been around for a while.
  pop.enterNext(schedule.alive[0], -1e6 + 1);
  tvl.update(0, true);
  for (let k = 1; k <= P.declineWeeks; k++) planExits(0, k);
  edges.rebuildAdjacency();
  const initialEdges = Math.round(edgesPerNode * pop.aliveCount());
  edges.addEdges(0, initialEdges, initialEdges, true);
  emit(0);

  for (let t = 1; t < K; t++) {
    const prevEdges = edges.activeCount(t - 1);
    // Leaving: protocols and token nodes whose exit week has come, with all their edges.
    pop.leave(t);
    const killed = edges.removeDetached();
    // Entering, in entry order (tokens: in order of how often they are held).
    pop.enterNext(schedule.entries[t], t);
    tvl.update(t, false);
    // Who starts declining now, to leave declineWeeks later.
    planExits(t, t + P.declineWeeks);
    edges.driftWeights();
    // Deaths: as many as the retention target leaves after the exits.
    edges.thin(t, Math.max(0, Math.round((1 - retention) * prevEdges) - killed));
    edges.rebuildAdjacency();
    const target = Math.round(edgesPerNode * pop.aliveCount());
    edges.addEdges(t, Math.max(0, target - edges.size), target, false);
    emit(t);
  }

  const lastDate = dates[K - 1];
  const file = writer.file({
    name: options.name ?? 'synthetic-history',
    title: options.title ?? `Synthetic history (calibrated to DeXposure sectors), ${dates[0]} … ${lastDate}`,
    date: lastDate,
  });
  const stats = measureHistory(file, cal);
  stats.exposureScale = kappa;
  stats.nodeScale = nodeScale;
  file.provenance.notes = provenanceNotes(seed, options, stats, { retention, exitRate, edgesPerNode });
  return { file, stats };
}

/** One (or a few) weeks at the paper's scale, for benchmarks: nodes = protocols + token nodes. */
export function generatePaperScaleWeek(
  calibration: HistoryCalibration,
  opts: { nodes?: number; edges?: number; seed?: number; weeks?: number; start?: string } = {},
): HistoryResult {
  const nodes = opts.nodes ?? PAPER_SCALE.nodes;
  const edges = opts.edges ?? PAPER_SCALE.edges;
  const weeks = opts.weeks ?? 1;
  return generateHistory(calibration, {
    seed: opts.seed,
    nodesLastWeek: nodes,
    edgesPerNode: edges / nodes,
    weeks,
    start: opts.start,
    name: 'synthetic-paper-scale',
    title: `Synthetic paper-scale ${weeks === 1 ? 'week' : `${weeks} weeks`} (≈${nodes} nodes, ≈${edges} edges; calibrated to DeXposure sectors)`,
  });
}
