// The one store: dataset, scenario and derived results. Components read it and call actions.
import { create } from 'zustand';
import { fetchCatalogue, fetchDataset, type CatalogueEntry } from './data';
import type { Dataset } from '../core/types';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface ExplorerState {
  catalogue: CatalogueEntry[];
  datasetName: string | null;
  dataset: Dataset | null;
  loadState: LoadState;
  error: string | null;
  init(): Promise<void>;
  selectDataset(name: string): Promise<void>;
}

export const useExplorer = create<ExplorerState>((set, get) => ({
  catalogue: [],
  datasetName: null,
  dataset: null,
  loadState: 'idle',
  error: null,
  async init() {
    set({ loadState: 'loading', error: null });
    try {
      const catalogue = await fetchCatalogue();
      set({ catalogue });
      const wanted = new URLSearchParams(location.search).get('dataset');
      const first = catalogue.find((c) => c.name === wanted) ?? catalogue[0];
      if (!first) throw new Error('no datasets are listed in data/index.json');
      await get().selectDataset(first.name);
    } catch (err) {
      set({ loadState: 'error', error: (err as Error).message });
    }
  },
  async selectDataset(name) {
    const entry = get().catalogue.find((c) => c.name === name);
    if (!entry) {
      set({ loadState: 'error', error: `unknown dataset "${name}"` });
      return;
    }
    set({ loadState: 'loading', datasetName: name, error: null });
    try {
      const dataset = await fetchDataset(entry);
      set({ dataset, loadState: 'ready' });
    } catch (err) {
      set({ loadState: 'error', error: (err as Error).message });
    }
  },
}));
