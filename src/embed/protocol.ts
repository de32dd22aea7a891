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

export type HostMessage = SetScenarioMessage | GetResultsMessage;

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

export type ExplorerMessage = ReadyMessage | ResultsMessage | ErrorMessage;

const HOST_TYPES = new Set(['contagion:set-scenario', 'contagion:get-results']);

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
