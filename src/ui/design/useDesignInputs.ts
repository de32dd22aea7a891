// What every Design section starts from: the graph on screen (in the scenario's perimeter), the
// scenario's seeds and engine options, memoised so the sections recompute only when they change.
import { useMemo } from 'react';
import { contagionOptions, resolveSeeds } from '../../core/scenarioSpec';
import type { ContagionOptions, Seed } from '../../core/contagion';
import type { Snapshot } from '../../core/types';
import { useExplorer } from '../store';

export interface DesignInputs {
  snapshot: Snapshot;
  seeds: Seed[];
  options: ContagionOptions;
}

export function useDesignInputs(): DesignInputs | null {
  const snapshot = useExplorer((s) => s.snapshot);
  const scenario = useExplorer((s) => s.scenario);
  return useMemo(() => {
    if (!snapshot) return null;
    return { snapshot, seeds: resolveSeeds(snapshot, scenario).seeds, options: contagionOptions(scenario) };
  }, [snapshot, scenario]);
}

/** Protocol ids and names for the pickers (datalist), largest TVL first. */
export function useProtocolOptions(snapshot: Snapshot | null): { id: string; label: string }[] {
  return useMemo(() => {
    if (!snapshot) return [];
    const idx: number[] = [];
    for (let i = 0; i < snapshot.n; i++) if (snapshot.kinds[i] === 'protocol') idx.push(i);
    idx.sort((a, b) => snapshot.tvl[b] - snapshot.tvl[a]);
    return idx.map((i) => ({ id: snapshot.ids[i], label: `${snapshot.names[i]} (${snapshot.ids[i]})` }));
  }, [snapshot]);
}
