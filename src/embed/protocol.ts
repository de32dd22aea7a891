// The postMessage API between a host page and an embedded explorer (iframe with ?embed=1, or
// the <contagion-explorer> element, which wraps one). Documented in the README ("Embedding").

/** Host -> explorer: set (part of) the scenario. Omitted fields keep their current value. */
export interface SetScenarioMessage {
  type: 'contagion:set-scenario';
  /** Echoed back in the results, so a host can match answers to requests. */
  requestId?: string;
  scenario: EmbedScenario;
}

export interface EmbedScenario {
  dataset?: string;
  /** Protocol shocks, as in the URL: "182:0.3,1599:0.5"; "" clears them. */
  shock?: string;
  /** Token de-pegs, as in the URL: "WSTETH:0.3"; "" clears them. */
  token?: string;
  scenario?: 'top1' | 'top5' | 'bridge' | '';
  rule?: 'bounded' | 'paper' | 'debtrank';
  /** 'defi' (default) leaves centralised exchanges out; 'all' keeps them. */
  perimeter?: 'defi' | 'all';
  threshold?: number;
  rounds?: number;
  /** Forecast horizon in weeks, and which graph the scenario runs on. */
  h?: 1 | 4 | 8 | 12;
  graph?: 'observed' | 'forecast';
}

/** Host -> explorer: ask for the current results without changing anything. */
export interface GetResultsMessage {
  type: 'contagion:get-results';
  requestId?: string;
}

/**
 * Host -> explorer: scenario design on the explorer's current week and scenario (nothing on screen
 * changes). Answered by one contagion:design-results (or contagion:error). Any subset of the parts.
 */
export interface DesignMessage {
  type: 'contagion:design';
  requestId?: string;
  /** A historical event preset (usdc-2023, ust-2022, steth-2022, ftx-2022, drawdown), in its own perimeter. */
  event?: string;
  /** Interventions on the current scenario, as the URL's iv=, e.g. "ringfence:1599,recap:118:5e8". */
  interventions?: string;
  /** Also rank candidate interventions by loss saved per USD. */
  rank?: boolean;
  /** Reverse stress test: one target and one search. */
  reverse?: {
    target: { lossPct?: number; distressed?: number };
    protocol?: string;
    token?: string;
    /** δ of the greedy set search. */
    setDelta?: number;
  };
  /** Two saved scenarios, as the URL's save= values ("NAME~PARAMS"). */
  compare?: { a: string; b: string };
}

export type HostMessage = SetScenarioMessage | GetResultsMessage | DesignMessage;

/** Explorer -> host: sent once the explorer listens, then after every finished computation. */
export interface ReadyMessage {
  type: 'contagion:ready';
  version: string;
}

export interface ResultsMessage {
  type: 'contagion:results';
  requestId?: string;
  dataset: string;
  graph: 'observed' | 'forecast';
  horizon: number | null;
  perimeter: 'defi' | 'all';
  /** The denominator of systemLossPct: Σ protocol TVL in the perimeter. */
  totalTvlUsd: number;
  systemLossPct: number;
  systemLossUsd: number;
  /** systemLossUsd split: the shock itself, and what contagion added. */
  directLossUsd: number;
  indirectLossUsd: number;
  affectedCount: number;
  rounds: number;
  topHit: { id: string; name: string; lossUsd: number; lossPctOfTvl: number }[];
}

export interface ErrorMessage {
  type: 'contagion:error';
  requestId?: string;
  message: string;
}

/** Explorer -> host: the answer to a contagion:design message (the CLI's JSON keys, per part). */
export interface DesignResultsMessage {
  type: 'contagion:design-results';
  requestId?: string;
  dataset: string;
  date: string;
  /** As `cli -- event`; `scenario` is what to send in set-scenario to put the event on screen (null when not applicable). */
  event?: Record<string, unknown> & { scenario: { token: string; perimeter: 'defi' | 'all' } | null };
  /** As `cli -- intervene` (before, after, loss_saved, usd_cost, loss_saved_per_usd, ranking). */
  interventions?: Record<string, unknown>;
  /** As `cli -- reverse`. */
  reverse?: Record<string, unknown>;
  /** As `cli -- compare` (JSON). */
  compare?: Record<string, unknown>;
}

export type ExplorerMessage = ReadyMessage | ResultsMessage | ErrorMessage | DesignResultsMessage;

const HOST_TYPES = new Set(['contagion:set-scenario', 'contagion:get-results', 'contagion:design']);

/** Narrow an untrusted message event payload to a host message (anything else is ignored). */
export function asHostMessage(data: unknown): HostMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !HOST_TYPES.has(type)) return null;
  if (type === 'contagion:set-scenario') {
    const scenario = (data as { scenario?: unknown }).scenario;
    if (typeof scenario !== 'object' || scenario === null) return null;
  }
  return data as HostMessage;
}
