// Exploration: the filters, the neighbourhood and the view mode (full graph, summary, sectors).
// They change what the canvas draws, never what is computed: the engine never reads this slice.
import { NO_FILTERS, type ExploreFilters } from '../../core/view/filters';
import type { Sector } from '../../core/types';
import type { ExploreSlice, GetState, SetState } from './types';

export function createExploreSlice(set: SetState, get: GetState): ExploreSlice {
  return {
    filters: NO_FILTERS,
    hood: null,
    viewMode: 'auto',
    expandedSectors: [],

    setFilters(patch: Partial<ExploreFilters>) {
      set({ filters: { ...get().filters, ...patch } });
    },

    clearFilters() {
      set({ filters: { ...NO_FILTERS, edges: get().filters.edges } });
    },

    setHood(hood) {
      set({ hood });
    },

    setViewMode(viewMode) {
      set({ viewMode, expandedSectors: [] });
    },

    toggleSector(sector: Sector) {
      const open = get().expandedSectors;
      set({ expandedSectors: open.includes(sector) ? open.filter((s) => s !== sector) : [...open, sector] });
    },
  };
}
