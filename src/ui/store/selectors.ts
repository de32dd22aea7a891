// Questions many components ask of the store, answered in one place.
import { useMemo } from 'react';
import {
  lossesByRound,
  prepareContagion,
  stateAtRound,
  type ContagionResult,
  type RoundState,
} from '../../core/contagion';
import { applyPerimeter } from '../../core/perimeter';
import type { Snapshot } from '../../core/types';
import type { EngineResult } from '../engine';
import { useExplorer } from './index';
import type { ExplorerState } from './types';

/** The engine's results, only if they belong to the graph on screen (never one week's losses on another). */
export function currentResults(s: ExplorerState): EngineResult | null {
  return s.results && s.resultsFor === s.snapshot ? s.results : null;
}

/** The contagion result of the scenario on the graph on screen, if there is one. */
export function currentContagion(s: ExplorerState): ContagionResult | null {
  return currentResults(s)?.contagion ?? null;
}

const byRoundCache = new WeakMap<ContagionResult, Float64Array[]>();

/** Every node's loss after seeding and after each loss round (cached per result). */
export function roundLosses(result: ContagionResult): Float64Array[] {
  let rows = byRoundCache.get(result);
  if (!rows) byRoundCache.set(result, (rows = lossesByRound(result)));
  return rows;
}

/** What the playback shows: the state at its round, and how to name that round. */
export interface RoundView {
  snapshot: Snapshot;
  result: ContagionResult;
  state: RoundState;
  /** Loss rounds in all (the slider's end). */
  total: number;
  /** At the end of the playback: the numbers are the final ones. */
  final: boolean;
  /** "final", "after seeding" or "round k of N". */
  label: string;
}

export function roundView(snapshot: Snapshot, result: ContagionResult, round: number): RoundView {
  const total = result.rounds.length;
  const k = Math.max(0, Math.min(total, round));
  const state = stateAtRound(snapshot, result, k, roundLosses(result));
  const final = k === total;
  const label = final ? 'final' : k === 0 ? `after seeding (round 0 of ${total})` : `round ${k} of ${total}`;
  return { snapshot, result, state, total, final, label };
}

/** The round the playback is on, for every number on screen; null without a result. */
export function useRoundView(): RoundView | null {
  const snapshot = useExplorer((s) => s.snapshot);
  const result = useExplorer(currentContagion);
  const round = useExplorer((s) => s.round);
  return useMemo(() => (snapshot && result ? roundView(snapshot, result, round) : null), [snapshot, result, round]);
}

/** Whether the graph on screen is a forecast, and what its percentages compare with. */
export interface GraphInfo {
  forecast: boolean;
  horizon: number | null;
  /** Date of the graph shown (the forecast week for a forecast). */
  date: string;
  /** The observed week the forecast starts from (null when showing it). */
  observedDate: string | null;
  /** The observed week's denominator (Σ protocol TVL in the perimeter), to compare with a forecast's. */
  observedTotalTvl: number | null;
}

export function graphInfo(s: ExplorerState): GraphInfo | null {
  const { dataset, baseSnapshot, snapshot } = s;
  if (!dataset || !baseSnapshot || !snapshot) return null;
  const forecast = !dataset.weeks.includes(baseSnapshot);
  if (!forecast) return { forecast, horizon: null, date: snapshot.date, observedDate: null, observedTotalTvl: null };
  const observed =
    (s.weekDate && dataset.weeks.find((w) => w.date === s.weekDate)) || dataset.weeks[dataset.weeks.length - 1];
  return {
    forecast,
    horizon: s.horizon,
    date: snapshot.date,
    observedDate: observed.date,
    observedTotalTvl: prepareContagion(applyPerimeter(observed, s.scenario.perimeter)).totalTvl,
  };
}

export function useGraphInfo(): GraphInfo | null {
  const dataset = useExplorer((s) => s.dataset);
  const baseSnapshot = useExplorer((s) => s.baseSnapshot);
  const snapshot = useExplorer((s) => s.snapshot);
  const weekDate = useExplorer((s) => s.weekDate);
  const horizon = useExplorer((s) => s.horizon);
  return useMemo(
    () => graphInfo(useExplorer.getState()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dataset, baseSnapshot, snapshot, weekDate, horizon],
  );
}
