// The one code path from a scenario to its results. Pure (no DOM): the page calls it inline for
// small graphs and engine.worker.ts calls it off the main thread for large ones, so both give
// byte-identical results.
import {
  runContagion,
  ScenarioError,
  sweep,
  type ContagionResult,
  type Seed,
  type SweepEntry,
} from '../core/contagion';
import {
  networkRiskMetrics,
  sectorSpillover,
  systemicImportance,
  type NetworkRiskMetrics,
  type SisResult,
  type SpilloverResult,
} from '../core/metrics';
import { contagionOptions, resolveSeeds, type ScenarioSpec } from '../core/scenarioSpec';
import { systemicRankings, type SystemicRankings } from '../core/metrics/rankings';
import type { Snapshot } from '../core/types';

export interface EngineRequest {
  scenario: ScenarioSpec;
  /** δ of the vulnerability sweep (each protocol alone). */
  sweepFraction: number;
  /** How many sweep rows to return. */
  sweepTop: number;
}

/** Per-snapshot network metrics; they do not depend on the scenario. */
export interface SnapshotAnalysis {
  sis: Float64Array;
  /** SIS with its three terms (PageRank / max, tail exposure, log TVL / max) and the raw PageRank. */
  sisParts: SisResult;
  spillover: SpilloverResult;
  risk: NetworkRiskMetrics;
}

export interface EngineResult {
  /** The seeds actually run (preset expanded, unusable ones dropped). */
  seeds: Seed[];
  contagion: ContagionResult | null;
  /** Seeds that could not be used, in words (unknown id, token node shocked by id…). */
  problems: string[];
  /** The sweep's top `sweepTop` rows. */
  sweep: SweepEntry[];
  /** Every protocol the sweep shocked (each one with TVL in the graph, alone at the sweep's δ),
   * largest system loss first: the full ranking behind the node table's impact rank. */
  sweepOrder: Int32Array;
  /** The δ the sweep ran at. */
  sweepFraction: number;
  /** Systemic impact and vulnerability (top RANKING_ROWS each) under the scenario's rule, τ, rounds and sweep δ. */
  rankings: SystemicRankings;
  analysis: SnapshotAnalysis;
}

/** Rows kept of each ranking (the panel shows a dozen; the rest stays in the worker). */
export const RANKING_ROWS = 100;

const analysisCache = new WeakMap<Snapshot, SnapshotAnalysis>();
interface SweepResult {
  rows: SweepEntry[];
  order: Int32Array;
}
const sweepCache = new WeakMap<Snapshot, Map<string, SweepResult>>();
const rankingsCache = new WeakMap<Snapshot, Map<string, SystemicRankings>>();

export function analyseSnapshot(snapshot: Snapshot): SnapshotAnalysis {
  let a = analysisCache.get(snapshot);
  if (!a) {
    const sis = systemicImportance(snapshot);
    a = {
      sis: sis.sis,
      sisParts: sis,
      spillover: sectorSpillover(snapshot),
      risk: networkRiskMetrics(snapshot, sis),
    };
    analysisCache.set(snapshot, a);
  }
  return a;
}

/** The sweep's top rows and its full order, once per graph and settings. Only the order of the
 * rest is kept: slider drags create many keys, and memory must stay flat. */
function cachedSweep(snapshot: Snapshot, req: EngineRequest): SweepResult {
  const { rule, threshold, maxRounds } = req.scenario;
  const key = `${rule}|${threshold}|${maxRounds}|${req.sweepFraction}|${req.sweepTop}`;
  let byKey = sweepCache.get(snapshot);
  if (!byKey) sweepCache.set(snapshot, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) {
    const rows = sweep(snapshot, { rule, threshold, maxRounds, fraction: req.sweepFraction });
    result = { rows: rows.slice(0, req.sweepTop), order: Int32Array.from(rows, (r) => r.index) };
    if (byKey.size > 16) byKey.clear();
    byKey.set(key, result);
  }
  return result;
}

function cachedRankings(snapshot: Snapshot, req: EngineRequest): SystemicRankings {
  const { rule, threshold, maxRounds } = req.scenario;
  const key = `${rule}|${threshold}|${maxRounds}|${req.sweepFraction}`;
  let byKey = rankingsCache.get(snapshot);
  if (!byKey) rankingsCache.set(snapshot, (byKey = new Map()));
  let r = byKey.get(key);
  if (!r) {
    const full = systemicRankings(snapshot, { rule, threshold, maxRounds, fraction: req.sweepFraction });
    r = {
      ...full,
      impact: full.impact.slice(0, RANKING_ROWS),
      vulnerability: full.vulnerability.slice(0, RANKING_ROWS),
    };
    if (byKey.size > 16) byKey.clear();
    byKey.set(key, r);
  }
  return r;
}

export function computeEngine(snapshot: Snapshot, req: EngineRequest): EngineResult {
  const { seeds, problems } = resolveSeeds(snapshot, req.scenario);
  let contagion: ContagionResult | null = null;
  if (seeds.length > 0) {
    try {
      contagion = runContagion(snapshot, seeds, contagionOptions(req.scenario));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems.push(err.message);
    }
  }
  const swept = cachedSweep(snapshot, req);
  return {
    seeds,
    contagion,
    problems,
    sweep: swept.rows,
    sweepOrder: swept.order,
    sweepFraction: req.sweepFraction,
    rankings: cachedRankings(snapshot, req),
    analysis: analyseSnapshot(snapshot),
  };
}
