// The one store. Components read it and call its actions; the slices (types.ts) keep its parts
// apart, the selectors (selectors.ts) answer the questions many components ask.
import { create } from 'zustand';
import { buildSearch } from '../url';
import { createDataSlice } from './dataSlice';
import { createExploreSlice } from './exploreSlice';
import { makeRecompute } from './engineRun';
import { createScenarioSlice } from './scenarioSlice';
import { createUploadSlice } from './uploadSlice';
import { createViewSlice } from './viewSlice';
import type { ExplorerState } from './types';

export type * from './types';

let urlReady = false;

export const useExplorer = create<ExplorerState>((set, get) => {
  const recompute = makeRecompute(set, get);
  return {
    ...createDataSlice(set, get, recompute, () => (urlReady = true)),
    ...createScenarioSlice(set, get, recompute),
    ...createViewSlice(set, get),
    ...createUploadSlice(set, get),
    ...createExploreSlice(set, get),
  };
});

/** Keeps the query string in step with the scenario (replaceState: no history spam). */
useExplorer.subscribe((s) => {
  if (!urlReady || !s.datasetName) return;
  const search = buildSearch(
    {
      dataset: s.datasetName,
      date: s.weekDate,
      scenario: s.scenario,
      selected: s.selected,
      embed: s.embed,
      horizon: s.horizon,
      graph: s.graphKind,
      explore: { filters: s.filters, hood: s.hood, view: s.viewMode },
    },
    location.search,
  );
  if (search !== location.search)
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
});
