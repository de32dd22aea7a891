// The drawing plan of the graph on screen, shared by the canvas and the Explore bar (one
// computation per change of its inputs).
import { useMemo } from 'react';
import { useExplorer } from '../store';
import { currentContagion } from '../store/selectors';
import { effectiveMode, planDrawing, type DrawPlan } from './drawPlan';

export function usePlan(): DrawPlan | null {
  const snapshot = useExplorer((s) => s.snapshot);
  const filters = useExplorer((s) => s.filters);
  const hood = useExplorer((s) => s.hood);
  const viewMode = useExplorer((s) => s.viewMode);
  const expandedSectors = useExplorer((s) => s.expandedSectors);
  const result = useExplorer(currentContagion);
  // The selection only shapes a summary (it stays itself there); in the full view a click must
  // not rebuild the graph.
  const selected = useExplorer((s) =>
    s.snapshot && effectiveMode(s.snapshot, s.viewMode) === 'summary' ? s.selected : null,
  );
  return useMemo(() => {
    if (!snapshot) return null;
    const carried: number[] = [];
    if (result) for (const r of result.rounds) carried.push(...r.edges);
    return cachedPlan({
      snapshot,
      filters,
      hood,
      viewMode,
      expandedSectors,
      losses: result?.losses ?? null,
      seeds: result ? Array.from(result.seedIndices) : [],
      carried,
      selected,
    });
  }, [snapshot, filters, hood, viewMode, expandedSectors, result, selected]);
}

let last: { key: unknown[]; plan: DrawPlan } | null = null;
let lastWithSelection: { key: unknown[]; plan: DrawPlan } | null = null;

/**
 * One plan per input; a selection that the summary already draws as itself reuses the plan made
 * without it, so clicking a drawn node never rebuilds the canvas (only one that was folded into a
 * sector disc brings it out).
 */
function cachedPlan(input: Parameters<typeof planDrawing>[0]): DrawPlan {
  const key = [input.snapshot, input.filters, input.hood, input.viewMode, input.expandedSectors, input.losses];
  const same = (k: unknown[]) => k.every((x, i) => x === key[i]);
  if (!last || !same(last.key)) last = { key, plan: planDrawing({ ...input, selected: null }) };
  const base = last.plan;
  if (input.selected === null || base.kind !== 'summary') return base;
  const i = input.snapshot.ids.indexOf(input.selected);
  const g = i >= 0 ? base.summary.groupOf[i] : -1;
  if (i < 0 || g < 0 || base.summary.nodes[g].index === i) return base;
  const withKey = [...key, input.selected];
  if (!lastWithSelection || !lastWithSelection.key.every((x, k) => x === withKey[k]))
    lastWithSelection = { key: withKey, plan: planDrawing(input) };
  return lastWithSelection.plan;
}
