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
  /** The reference's counts (as the CLI's affected_count and propagation_rounds): seeds + distressed; rounds that distressed someone new. */
  affectedCount: number;
  rounds: number;
  /** The app's counts (as the CLI's shocked_count, distressed_count, loss_rounds; src/core/vocabulary.ts). */
  shockedCount: number;
  distressedCount: number;
  lossRounds: number;
  topHit: { id: string; name: string; lossUsd: number; lossPctOfTvl: number }[];
}

export interface ErrorMessage {
  type: 'contagion:error';
  requestId?: string;
  message: string;
}

export type ExplorerMessage = ReadyMessage | ResultsMessage | ErrorMessage;

const HOST_TYPES = new Set(['contagion:set-scenario', 'contagion:get-results']);
const OUR_TYPES = new Set(['contagion:ready', 'contagion:results', 'contagion:error']);
const STRING_FIELDS = ['dataset', 'shock', 'token', 'scenario', 'rule', 'perimeter', 'graph'] as const;
const NUMBER_FIELDS = ['threshold', 'rounds', 'h'] as const;
/** Longer fields are refused: a URL of this explorer never needs them. */
const MAX_FIELD_LENGTH = 10_000;

/**
 * Reads an untrusted message event payload. Returns null for what is not addressed to the
 * explorer (no "contagion:" type: devtools, extensions, other widgets), `{ error }` for a
 * malformed one (answered with contagion:error), else the message with a clean scenario copy:
 * known fields only, each a string (numbers also as numbers), so nothing a host sends can run code
 * (a `toString` of its own) or reach the store unchecked. The URL validator then checks the values.
 */
export function readHostMessage(
  data: unknown,
): { message: HostMessage } | { error: string; requestId?: string } | null {
  if (typeof data !== 'object' || data === null) return null;
  const type = ownField(data, 'type');
  if (typeof type !== 'string' || !type.startsWith('contagion:') || OUR_TYPES.has(type)) return null;
  const rawRequestId = ownField(data, 'requestId');
  const requestId = typeof rawRequestId === 'string' && rawRequestId.length <= 200 ? rawRequestId : undefined;
  const fail = (error: string) => ({ error, ...(requestId !== undefined ? { requestId } : {}) });
  if (rawRequestId !== undefined && requestId === undefined)
    return fail('requestId must be a string of at most 200 characters');
  if (!HOST_TYPES.has(type))
    return fail(`unknown message type "${type.slice(0, 100)}" (use contagion:set-scenario or contagion:get-results)`);
  if (type === 'contagion:get-results')
    return { message: { type: 'contagion:get-results', ...(requestId !== undefined ? { requestId } : {}) } };
  const raw = ownField(data, 'scenario');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('scenario must be an object');
  const scenario: Record<string, string | number> = {};
  for (const key of Object.keys(raw)) {
    const value = ownField(raw, key);
    if (value === undefined) continue;
    const isString = (STRING_FIELDS as readonly string[]).includes(key);
    const isNumber = (NUMBER_FIELDS as readonly string[]).includes(key);
    if (!isString && !isNumber)
      return fail(
        `unknown scenario field "${key.slice(0, 100)}" (use ${[...STRING_FIELDS, ...NUMBER_FIELDS].join(', ')})`,
      );
    if (typeof value === 'string' && value.length <= MAX_FIELD_LENGTH) scenario[key] = value;
    else if (isNumber && typeof value === 'number' && Number.isFinite(value)) scenario[key] = value;
    else return fail(`scenario.${key} must be ${isNumber ? 'a number' : 'a string'}`);
  }
  return {
    message: {
      type: 'contagion:set-scenario',
      ...(requestId !== undefined ? { requestId } : {}),
      scenario: scenario as EmbedScenario,
    },
  };
}

/** An own property only (a getter or the prototype's would run or leak host code). */
function ownField(o: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d && 'value' in d ? (d.value as unknown) : undefined;
}

/** Narrow an untrusted payload to a well-formed host message (anything else: null). */
export function asHostMessage(data: unknown): HostMessage | null {
  const read = readHostMessage(data);
  return read && 'message' in read ? read.message : null;
}
