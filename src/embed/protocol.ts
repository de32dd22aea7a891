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
const OUR_TYPES = new Set(['contagion:ready', 'contagion:results', 'contagion:error', 'contagion:design-results']);
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
    return fail(
      `unknown message type "${type.slice(0, 100)}" (use contagion:set-scenario, contagion:get-results or contagion:design)`,
    );
  if (type === 'contagion:get-results')
    return { message: { type: 'contagion:get-results', ...(requestId !== undefined ? { requestId } : {}) } };
  if (type === 'contagion:design') {
    const design = readDesign(data);
    if (typeof design === 'string') return fail(design);
    return { message: { type: 'contagion:design', ...(requestId !== undefined ? { requestId } : {}), ...design } };
  }
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

type DesignParts = Omit<DesignMessage, 'type' | 'requestId'>;

/** A clean copy of a design message's parts (own fields, checked types), or what is wrong with it. */
function readDesign(data: object): DesignParts | string {
  const out: DesignParts = {};
  const str = (o: object, key: string): string | undefined | null => {
    const v = ownField(o, key);
    if (v === undefined) return undefined;
    return typeof v === 'string' && v.length <= MAX_FIELD_LENGTH ? v : null;
  };
  const num = (o: object, key: string): number | undefined | null => {
    const v = ownField(o, key);
    if (v === undefined) return undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const event = str(data, 'event');
  if (event === null) return 'event must be a string';
  if (event !== undefined) out.event = event;
  const interventions = str(data, 'interventions');
  if (interventions === null) return 'interventions must be a string';
  if (interventions !== undefined) out.interventions = interventions;
  const rank = ownField(data, 'rank');
  if (rank !== undefined && typeof rank !== 'boolean') return 'rank must be true or false';
  if (rank !== undefined) out.rank = rank;
  const reverse = ownField(data, 'reverse');
  if (reverse !== undefined) {
    if (typeof reverse !== 'object' || reverse === null || Array.isArray(reverse)) return 'reverse must be an object';
    const target = ownField(reverse, 'target');
    if (typeof target !== 'object' || target === null || Array.isArray(target))
      return 'reverse.target must be an object';
    const lossPct = num(target, 'lossPct');
    const distressed = num(target, 'distressed');
    if (lossPct === null || distressed === null) return 'reverse.target.lossPct and .distressed must be numbers';
    const protocol = str(reverse, 'protocol');
    const token = str(reverse, 'token');
    const setDelta = num(reverse, 'setDelta');
    if (protocol === null || token === null) return 'reverse.protocol and reverse.token must be strings';
    if (setDelta === null) return 'reverse.setDelta must be a number';
    out.reverse = {
      target: { ...(lossPct !== undefined ? { lossPct } : {}), ...(distressed !== undefined ? { distressed } : {}) },
      ...(protocol !== undefined ? { protocol } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(setDelta !== undefined ? { setDelta } : {}),
    };
  }
  const compare = ownField(data, 'compare');
  if (compare !== undefined) {
    if (typeof compare !== 'object' || compare === null || Array.isArray(compare)) return 'compare must be an object';
    const a = str(compare, 'a');
    const b = str(compare, 'b');
    if (typeof a !== 'string' || typeof b !== 'string') return 'compare.a and compare.b must be strings';
    out.compare = { a, b };
  }
  return out;
}
