// The explorer's one store, in slices: data (datasets, the graph on screen), scenario (the
// scenario and its results), view (selection, tabs, playback, embed and forecast settings) and
// upload (your own files). Each slice's state and actions are declared here; the slices live
// beside this file and are combined in index.ts.
import type { CatalogueEntry } from '../data';
import type { LoadFailure } from '../load/fileLoadCore';
import type { Dataset, PropagationRule, Snapshot } from '../../core/types';
import type { ScenarioName } from '../../core/scenarios';
import type { Perimeter } from '../../core/perimeter';
import type { ScenarioSpec } from '../../core/scenarioSpec';
import type { EnginePath } from '../engineClient';
import type { EngineResult } from '../engine';
import type { Positions } from '../layout';
import type { GraphKind, Horizon, ViewMode } from '../url';
import type { ExploreFilters } from '../../core/view/filters';
import type { Neighbourhood } from '../../core/view/neighbourhood';
import type { Sector } from '../../core/types';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';
export type ScenarioStatus = 'idle' | 'running' | 'done';
export type ClickMode = 'shock' | 'inspect';
export type PanelTab =
  'results' | 'inspect' | 'vulnerability' | 'network' | 'nodes' | 'forecast' | 'timeline' | 'design';

export interface DataSlice {
  catalogue: CatalogueEntry[];
  datasetName: string | null;
  dataset: Dataset | null;
  /** Week shown (multi-week datasets); null = the latest. */
  weekDate: string | null;
  /** The graph shown before the perimeter: the observed week, or a forecast of it. */
  baseSnapshot: Snapshot | null;
  /** baseSnapshot restricted to the scenario's perimeter: what every panel, the canvas and the engine use. */
  snapshot: Snapshot | null;
  positions: Positions | null;
  loadState: LoadState;
  error: string | null;

  init(): Promise<void>;
  selectDataset(name: string, keepScenario?: boolean): Promise<void>;
  selectWeek(date: string): void;
  /** Shows another graph on the same nodes (the forecast view) and reruns the scenario on it. */
  showSnapshot(snapshot: Snapshot): void;
}

export interface ScenarioSlice {
  scenario: ScenarioSpec;
  /** The δ slider: δ of new seeds, and of every seed when moved. */
  delta: number;
  status: ScenarioStatus;
  results: EngineResult | null;
  /** Snapshot the results belong to (guards against showing one week's losses on another). */
  resultsFor: Snapshot | null;
  engineError: string | null;
  enginePath: EnginePath;

  applyPreset(name: ScenarioName): void;
  /** Replaces the seeds with token de-pegs at δ (the quick starts of the empty state). */
  depegTokens(symbols: string[], delta: number): void;
  addProtocolShock(id: string): void;
  addTokenShock(symbol: string): void;
  removeShock(kind: 'protocol' | 'token' | 'preset', key: string): void;
  setSeedFraction(kind: 'protocol' | 'token' | 'preset', key: string, fraction: number): void;
  clearScenario(): void;
  setDelta(delta: number): void;
  setThreshold(threshold: number): void;
  setMaxRounds(rounds: number): void;
  setRule(rule: PropagationRule): void;
  setPerimeter(perimeter: Perimeter): void;
  /** Replaces the whole scenario (a host page's message) and recomputes. */
  replaceScenario(scenario: ScenarioSpec): void;
}

export interface ViewSlice {
  /** Playback position: 0 = after seeding … rounds.length = final. */
  round: number;
  playing: boolean;
  selected: string | null;
  clickMode: ClickMode;
  panelTab: PanelTab;
  /** Bumped to ask the canvas to fly to `selected`. */
  flyRequest: number;
  embed: boolean;
  horizon: Horizon | null;
  graphKind: GraphKind | null;
  urlProblems: string[];

  setRound(round: number): void;
  setPlaying(playing: boolean): void;
  select(id: string | null, fly?: boolean): void;
  setClickMode(mode: ClickMode): void;
  setPanelTab(tab: PanelTab): void;
  /** Inspect a node: select it, fly to it, open the Inspect tab. */
  inspect(id: string): void;
  /** Canvas click on a node: shock it (or inspect it, in inspect mode). */
  clickNode(id: string): void;
  dismissProblems(): void;
}

/** Loading the user's own files: progress, then either the new dataset or what was wrong. */
export interface UploadState {
  /** reading the bytes, parsing and building in the worker, receiving the built weeks, then done. */
  phase: 'idle' | 'reading' | 'parsing' | 'building' | 'error' | 'loaded';
  files: string[];
  loaded: number;
  total: number;
  error: LoadFailure | null;
  /** The loader's warnings for the file just loaded (dropped self-loops, unknown endpoints …). */
  warnings: string[];
  /** What the worker built from the file: nodes and edges of its latest week, and its week count. */
  built?: { nodes: number; edges: number; weeks: number };
  /** While the built weeks arrive: how many of how many, and the last one's nodes and edges. */
  received?: { weeks: number; of: number; nodes: number; edges: number };
}

export interface UploadSlice {
  upload: UploadState;
  /** The user's own dataset (catalogue entry LOCAL_DATASET), kept in memory only. */
  localDataset: Dataset | null;
  /** Its canvas positions, computed in the load's worker (null: lay it out as any other dataset). */
  localPositions: Promise<Positions | null> | null;

  /** Parses the user's files in a worker; on success switches to them, on failure stays put. */
  loadFiles(files: File[]): Promise<void>;
  cancelLoad(): void;
  dismissUpload(): void;
}

/** What the canvas draws (src/core/view/): filters, a k-hop neighbourhood, the level of detail. */
export interface ExploreSlice {
  filters: ExploreFilters;
  hood: Neighbourhood | null;
  viewMode: ViewMode;
  /** Sectors of the summary shown node by node. */
  expandedSectors: Sector[];

  setFilters(patch: Partial<ExploreFilters>): void;
  /** Removes every node filter (the edge rule stays: it is a display density, not a filter). */
  clearFilters(): void;
  setHood(hood: Neighbourhood | null): void;
  setViewMode(mode: ViewMode): void;
  toggleSector(sector: Sector): void;
}

export type ExplorerState = DataSlice & ScenarioSlice & ViewSlice & UploadSlice & ExploreSlice;

export type SetState = (partial: Partial<ExplorerState>) => void;
export type GetState = () => ExplorerState;
