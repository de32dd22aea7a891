// Datasets and the graph on screen: the catalogue, the loaded dataset, the week shown (or its
// forecast), the perimeter view of it and the canvas positions.
import { fetchCatalogue, fetchDataset, LOCAL_DATASET } from '../data';
import type { Dataset, Snapshot } from '../../core/types';
import { applyPerimeter } from '../../core/perimeter';
import { emptyScenario, seedFractions } from '../../core/scenarioSpec';
import { shippedPositions, unionGraph } from '../layout';
import { parseUrl } from '../url';
import { engine } from './engineRun';
import type { DataSlice, GetState, SetState } from './types';

function currentWeek(dataset: Dataset, date: string | null): Snapshot {
  return (date && dataset.weeks.find((w) => w.date === date)) || dataset.weeks[dataset.weeks.length - 1];
}

/** A dataset with no week, or only empty weeks: nothing to draw or shock. */
export function isEmptyDataset(dataset: Dataset): boolean {
  return dataset.weeks.every((w) => w.n === 0);
}

export function createDataSlice(
  set: SetState,
  get: GetState,
  recompute: () => void,
  onUrlReady: () => void,
): DataSlice {
  /** Puts a graph on screen, through the scenario's perimeter. */
  const show = (base: Snapshot) => ({ baseSnapshot: base, snapshot: applyPerimeter(base, get().scenario.perimeter) });

  return {
    catalogue: [],
    datasetName: null,
    dataset: null,
    weekDate: null,
    baseSnapshot: null,
    snapshot: null,
    positions: null,
    loadState: 'idle',
    error: null,

    async init() {
      const url = parseUrl(location.search);
      const deltas = seedFractions(url.scenario);
      set({
        loadState: 'loading',
        error: null,
        scenario: url.scenario,
        delta: deltas.length ? deltas[0] : 0.5,
        weekDate: url.date,
        selected: url.selected,
        embed: url.embed,
        horizon: url.horizon,
        graphKind: url.graph,
        filters: url.explore?.filters ?? get().filters,
        hood: url.explore?.hood ?? null,
        viewMode: url.explore?.view ?? 'auto',
        // A link to the forecast graph opens on the tab that explains it.
        panelTab: url.graph === 'forecast' ? 'forecast' : 'results',
        urlProblems: url.problems,
      });
      try {
        const catalogue = await fetchCatalogue();
        set({ catalogue });
        let first = catalogue.find((c) => c.name === url.dataset);
        if (url.dataset === LOCAL_DATASET)
          set({
            urlProblems: [
              ...get().urlProblems,
              "the link was made on someone's own file, which a link cannot carry; showing the default dataset",
            ],
          });
        else if (url.dataset && !first)
          set({ urlProblems: [...get().urlProblems, `no dataset named "${url.dataset}"; showing the default`] });
        first ??= catalogue[0];
        if (!first) throw new Error('no datasets are listed in data/index.json');
        onUrlReady();
        await get().selectDataset(first.name, true);
      } catch (err) {
        set({ loadState: 'error', error: (err as Error).message });
      }
    },

    async selectDataset(name, keepScenario = false) {
      const entry = get().catalogue.find((c) => c.name === name);
      if (!entry) {
        set({ loadState: 'error', error: `unknown dataset "${name}"` });
        return;
      }
      const { rule, threshold, maxRounds, perimeter } = get().scenario;
      set({
        loadState: 'loading',
        datasetName: name,
        error: null,
        baseSnapshot: null,
        snapshot: null,
        positions: null,
        results: null,
        resultsFor: null,
        status: 'idle',
        // A new dataset keeps the rule and its settings, not the seeds (ids differ between datasets).
        ...(keepScenario
          ? {}
          : {
              scenario: { ...emptyScenario(), rule, threshold, maxRounds, perimeter },
              selected: null,
              weekDate: null,
            }),
      });
      try {
        const local = name === LOCAL_DATASET ? get().localDataset : null;
        const dataset = local ?? (await fetchDataset(entry));
        if (get().datasetName !== name) return; // the user switched again meanwhile
        if (isEmptyDataset(dataset)) throw new Error(`${entry.file} has no nodes`);
        const week = currentWeek(dataset, get().weekDate);
        if (get().weekDate && week.date !== get().weekDate) {
          set({
            urlProblems: [...get().urlProblems, `no week ${get().weekDate} in ${dataset.title}; showing ${week.date}`],
            weekDate: null,
          });
        }
        set({ dataset, ...show(week), loadState: 'ready' });
        recompute();
        // A file of the user's own is laid out by its load's worker; anything else in the engine
        // worker, from the union of its weeks built here (small shipped datasets).
        const laidOut = shippedPositions(dataset) ?? (local && (await get().localPositions));
        if (get().dataset !== dataset) return;
        const positions = laidOut || (await engine.layout(unionGraph(dataset)));
        if (get().dataset === dataset) set({ positions });
      } catch (err) {
        if (get().datasetName === name) set({ loadState: 'error', error: (err as Error).message });
      }
    },

    selectWeek(date) {
      const { dataset } = get();
      if (!dataset) return;
      const latest = dataset.weeks[dataset.weeks.length - 1].date;
      set({
        weekDate: date === latest ? null : date,
        ...show(currentWeek(dataset, date)),
        results: null,
        resultsFor: null,
      });
      recompute();
    },

    showSnapshot(snapshot) {
      if (get().baseSnapshot === snapshot) return;
      set({ ...show(snapshot), results: null, resultsFor: null });
      recompute();
    },
  };
}
