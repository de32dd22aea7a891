// Deterministic loss contagion on an exposure snapshot (DeXposure-FM, Sec. 6.2).
//
// Edge c→d (edges.source = c, edges.target = d, weight E_cd) means creditor c holds
// tokens issued by debtor d. Seeds give some nodes an initial loss; then, in synchronous
// rounds, every active debtor passes the loss it had at the start of the round to its
// creditors:
//   rule 'paper'    (eq. 22):               c gains Loss_d · E_cd / Σ_c' E_c'd
//   rule 'debtrank' (Battiston et al. 2012): c gains E_cd · Loss_d / TVL_d   (0 if TVL_d = 0)
// Every loss is capped at the node's TVL. A creditor not yet distressed whose loss
// exceeds τ·TVL (strictly) becomes distressed and is active in the next round; a node is
// active at most once, so the process always ends (cycles included).
//
// Everything runs on typed arrays with a per-snapshot CSR structure (creditors grouped by
// debtor) and scratch buffers cached in a WeakMap, so the UI and the sweep (one run per
// protocol) never rebuild them and the hot loop allocates nothing.
//
// Decisions (lead):
// - total TVL (the % denominator) = Σ TVL over nodes of kind 'protocol'. Token nodes
//   (sector 'Primary Market Tokens') hold the USD of a primary token such as USDC held in
//   the graph; they are not protocols, so counting them would double-count value.
// - total loss = Σ of all node losses, seeds included.
// - propagationRounds = number of rounds in which some positive loss was passed on to a
//   creditor (a positive transfer before the TVL cap). affectedHistory[0] = distressed count
//   after seeding, then one entry per propagation round. If maxRounds stops the process,
//   propagationRounds = maxRounds.
// - Shocking a token node by protocol id is an error (use a token shock); unknown ids or
//   symbols are errors naming them; δ must lie in [0, 1].
// Decisions (this module):
// - Self-loops (a node holding its own token) and edges with a weight ≤ 0 are ignored, both
//   as transfers and in Σ_c' E_c'd: a node cannot be its own creditor.
// - Snapshots are treated as immutable: the prepared structure is cached per Snapshot object.
// - Token symbols match exactly, else case-insensitively; every table entry with the symbol counts.
// Note: since a node passes only the loss it holds when it becomes active, total loss is not
// monotone in δ nor is the affected count monotone in τ in general (it is for τ = 0, resp. one
// round); tests/unit/contagion.test.ts has hand-built counterexamples.
import type { PropagationRule, Snapshot } from './types';

export type Seed =
  { kind: 'protocol'; id: string; fraction: number } | { kind: 'token'; symbol: string; fraction: number };

export interface ContagionOptions {
  rule?: PropagationRule;
  /** Distress threshold τ in [0, 1]: distressed when loss > τ·TVL. Default 0.1. */
  threshold?: number;
  /** Maximum number of propagation rounds (integer ≥ 0). Default 10. */
  maxRounds?: number;
  /**
   * Internal: set false to skip the per-round records (rounds = []), as the sweep does.
   * Default true.
   */
  recordRounds?: boolean;
}

/** One propagation round, for animation. */
export interface RoundRecord {
  /** 1-based round number. */
  round: number;
  /** Nodes whose loss grew this round (ascending index). */
  nodes: Int32Array;
  /** Loss increment of each of `nodes` after the TVL cap (same order). */
  increments: Float64Array;
  /** Nodes that became distressed this round (ascending index); they are active next round. */
  newlyDistressed: Int32Array;
  /** Edge indices (into snapshot.edges) that carried a positive loss this round. */
  edges: Int32Array;
  /** Total system loss after this round (USD). */
  systemLoss: number;
  /** Distressed count after this round. */
  affected: number;
}

export interface ContagionResult {
  totalLoss: number;
  /** 100 · totalLoss / totalTvl (0 when totalTvl is 0). */
  totalLossPct: number;
  /** Σ TVL over protocol-kind nodes. */
  totalTvl: number;
  affectedCount: number;
  distressed: Uint8Array;
  /** Sorted (code-unit order). */
  distressedIds: string[];
  propagationRounds: number;
  /** Length propagationRounds + 1. */
  affectedHistory: number[];
  losses: Float64Array;
  /** Losses right after seeding (capped at TVL). */
  initialLosses: Float64Array;
  /** Nodes with a positive initial loss (ascending index). */
  seedIndices: Int32Array;
  rounds: RoundRecord[];
  rule: PropagationRule;
  threshold: number;
  maxRounds: number;
}

export interface SweepEntry {
  index: number;
  id: string;
  name: string;
  totalLoss: number;
  totalLossPct: number;
  affectedCount: number;
  propagationRounds: number;
}

/** Bad user input to a shock or scenario (unknown id, δ out of range, malformed spec…). */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

export const DEFAULT_THRESHOLD = 0.1;
export const DEFAULT_MAX_ROUNDS = 10;
export const DEFAULT_SWEEP_FRACTION = 0.5;

/** Per-snapshot structure shared by every run on that snapshot. */
export interface PreparedContagion {
  n: number;
  /** CSR by debtor: creditors of d are creditor[offset[d] .. offset[d+1]). */
  offset: Int32Array;
  creditor: Int32Array;
  weight: Float64Array;
  /** Original edge index of each CSR slot (for the animation records). */
  edgeIndex: Int32Array;
  /** Σ_c E_cd per debtor d (the 'paper' rule's denominator). */
  creditorSum: Float64Array;
  /** Loss cap per node: max(TVL, 0). */
  cap: Float64Array;
  /** Σ TVL over protocol-kind nodes. */
  totalTvl: number;
  idToIndex: Map<string, number>;
  /** Holdings grouped by token: holders of token t are holdingNode[holdingOffset[t] .. holdingOffset[t+1]). */
  holdingOffset: Int32Array;
  holdingNode: Int32Array;
  holdingUsd: Float64Array;
  /** Token indices by exact symbol (a symbol may appear more than once in the table). */
  symbolToTokens: Map<string, number[]>;
  scratch: Scratch;
}

interface Scratch {
  loss: Float64Array;
  distressed: Uint8Array;
  active: Int32Array;
  next: Int32Array;
  /** Loss each active node had at the start of the round. */
  activeLoss: Float64Array;
  /** Gain accumulated by each creditor within the current round. */
  gain: Float64Array;
  /** Creditors touched this round, in first-touch order. */
  touched: Int32Array;
  /** Edges that carried loss; each debtor is active once, so one run uses each edge at most once. */
  carried: Int32Array;
  /** Per-node loss increment of the current round (recording only; zeroed after use). */
  increment: Float64Array;
}

const preparedCache = new WeakMap<Snapshot, PreparedContagion>();

/** Builds (once per snapshot object) the CSR structure and scratch buffers. */
export function prepareContagion(snapshot: Snapshot): PreparedContagion {
  const cached = preparedCache.get(snapshot);
  if (cached) return cached;
  const n = snapshot.n;
  const { m, source, target, weight: edgeWeight } = snapshot.edges;

  const offset = new Int32Array(n + 1);
  const creditorSum = new Float64Array(n);
  const usable = (e: number) => source[e] !== target[e] && edgeWeight[e] > 0;
  for (let e = 0; e < m; e++) {
    if (!usable(e)) continue;
    offset[target[e] + 1]++;
    creditorSum[target[e]] += edgeWeight[e];
  }
  for (let d = 0; d < n; d++) offset[d + 1] += offset[d];
  const slots = offset[n];
  const creditor = new Int32Array(slots);
  const weight = new Float64Array(slots);
  const edgeIndex = new Int32Array(slots);
  const fill = offset.slice(0, n);
  for (let e = 0; e < m; e++) {
    if (!usable(e)) continue;
    const k = fill[target[e]]++;
    creditor[k] = source[e];
    weight[k] = edgeWeight[e];
    edgeIndex[k] = e;
  }

  const cap = new Float64Array(n);
  let totalTvl = 0;
  const idToIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const tvl = snapshot.tvl[i];
    cap[i] = tvl > 0 ? tvl : 0; // also maps NaN to 0
    if (snapshot.kinds[i] === 'protocol') totalTvl += cap[i];
    idToIndex.set(snapshot.ids[i], i);
  }

  const { symbols } = snapshot.tokens;
  const holdings = snapshot.holdings;
  const holdingOffset = new Int32Array(symbols.length + 1);
  for (let h = 0; h < holdings.count; h++) holdingOffset[holdings.token[h] + 1]++;
  for (let t = 0; t < symbols.length; t++) holdingOffset[t + 1] += holdingOffset[t];
  const holdingNode = new Int32Array(holdings.count);
  const holdingUsd = new Float64Array(holdings.count);
  const holdingFill = holdingOffset.slice(0, symbols.length);
  for (let h = 0; h < holdings.count; h++) {
    const k = holdingFill[holdings.token[h]]++;
    holdingNode[k] = holdings.node[h];
    holdingUsd[k] = holdings.usd[h];
  }
  const symbolToTokens = new Map<string, number[]>();
  symbols.forEach((symbol, t) => {
    const list = symbolToTokens.get(symbol);
    if (list) list.push(t);
    else symbolToTokens.set(symbol, [t]);
  });

  const prepared: PreparedContagion = {
    n,
    offset,
    creditor,
    weight,
    edgeIndex,
    creditorSum,
    cap,
    totalTvl,
    idToIndex,
    holdingOffset,
    holdingNode,
    holdingUsd,
    symbolToTokens,
    scratch: {
      loss: new Float64Array(n),
      distressed: new Uint8Array(n),
      active: new Int32Array(n),
      next: new Int32Array(n),
      activeLoss: new Float64Array(n),
      gain: new Float64Array(n),
      touched: new Int32Array(n),
      carried: new Int32Array(slots),
      increment: new Float64Array(n),
    },
  };
  preparedCache.set(snapshot, prepared);
  return prepared;
}

function checkFraction(fraction: number, what: string): void {
  if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new ScenarioError(`${what}: δ must be a number between 0 and 1 (got ${String(fraction)})`);
  }
}

interface ResolvedOptions {
  rule: PropagationRule;
  threshold: number;
  maxRounds: number;
}

function resolveOptions(options: ContagionOptions): ResolvedOptions {
  const rule = options.rule ?? 'paper';
  if (rule !== 'paper' && rule !== 'debtrank') {
    throw new ScenarioError(`unknown propagation rule "${String(rule)}" (use 'paper' or 'debtrank')`);
  }
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new ScenarioError(`threshold τ must be a number between 0 and 1 (got ${String(threshold)})`);
  }
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  if (!Number.isInteger(maxRounds) || maxRounds < 0) {
    throw new ScenarioError(`max rounds must be a whole number ≥ 0 (got ${String(maxRounds)})`);
  }
  return { rule, threshold, maxRounds };
}

/** Token indices for a symbol: exact match first, else a case-insensitive one. */
function tokensForSymbol(snapshot: Snapshot, prepared: PreparedContagion, symbol: string): number[] {
  const exact = prepared.symbolToTokens.get(symbol);
  if (exact) return exact;
  const wanted = symbol.toLowerCase();
  const found: number[] = [];
  snapshot.tokens.symbols.forEach((s, t) => {
    if (s.toLowerCase() === wanted) found.push(t);
  });
  return found;
}

/** Suggests the token symbol matching a token node, for the error message. */
function tokenSymbolOfNode(snapshot: Snapshot, node: number): string {
  const candidates = [snapshot.ids[node], snapshot.names[node]].map((s) => s.toLowerCase());
  const symbol = snapshot.tokens.symbols.find((s) => candidates.includes(s.toLowerCase()));
  return symbol ?? snapshot.names[node];
}

/**
 * Adds the seeds' initial losses into `loss` (which must be zeroed) and caps them at TVL.
 * Throws ScenarioError for unknown ids/symbols, token nodes shocked by id, or δ out of range.
 */
function applySeeds(snapshot: Snapshot, prepared: PreparedContagion, seeds: Seed[], loss: Float64Array): void {
  for (const seed of seeds) {
    if (seed.kind === 'protocol') {
      checkFraction(seed.fraction, `shock "${seed.id}=${seed.fraction}"`);
      const i = prepared.idToIndex.get(seed.id);
      if (i === undefined) throw new ScenarioError(`unknown protocol id "${seed.id}"`);
      if (snapshot.kinds[i] === 'token') {
        const symbol = tokenSymbolOfNode(snapshot, i);
        throw new ScenarioError(
          `"${seed.id}" is a token node (${snapshot.names[i]}), not a protocol; ` +
            `use a token shock instead, e.g. ${symbol}=${seed.fraction}`,
        );
      }
      loss[i] += seed.fraction * prepared.cap[i];
    } else if (seed.kind === 'token') {
      checkFraction(seed.fraction, `token shock "${seed.symbol}=${seed.fraction}"`);
      const tokens = tokensForSymbol(snapshot, prepared, seed.symbol);
      if (tokens.length === 0) throw new ScenarioError(`unknown token symbol "${seed.symbol}"`);
      for (const t of tokens) {
        for (let k = prepared.holdingOffset[t]; k < prepared.holdingOffset[t + 1]; k++) {
          const usd = prepared.holdingUsd[k];
          if (usd > 0) loss[prepared.holdingNode[k]] += seed.fraction * usd;
        }
      }
    } else {
      throw new ScenarioError(`unknown seed kind "${String((seed as { kind: unknown }).kind)}"`);
    }
  }
  const { cap } = prepared;
  for (let i = 0; i < prepared.n; i++) if (loss[i] > cap[i]) loss[i] = cap[i];
}

interface PropagationOutcome {
  distressedCount: number;
  propagationRounds: number;
}

/** Collects the history (and, unless `rounds` is null, the animation records); absent on the sweep's fast path. */
interface Recorder {
  rounds: RoundRecord[] | null;
  affectedHistory: number[];
}

/**
 * Runs the rounds on prepared.scratch, whose `loss` already holds the capped initial
 * losses and whose other buffers are zeroed. Leaves final losses/distress in the scratch.
 */
function propagate(
  snapshot: Snapshot,
  prepared: PreparedContagion,
  opts: ResolvedOptions,
  recorder: Recorder | null,
): PropagationOutcome {
  const { n, offset, creditor, weight, edgeIndex, creditorSum, cap } = prepared;
  const { loss, distressed, activeLoss, gain, touched, carried, increment } = prepared.scratch;
  let active = prepared.scratch.active;
  let next = prepared.scratch.next;
  const tvl = snapshot.tvl;
  const paper = opts.rule === 'paper';
  const { threshold, maxRounds } = opts;

  // Seeds with a positive loss start distressed and active (ascending index, so the
  // floating-point summation order is the same on every path).
  let activeCount = 0;
  for (let i = 0; i < n; i++) {
    if (loss[i] > 0) {
      distressed[i] = 1;
      active[activeCount++] = i;
    }
  }
  let distressedCount = activeCount;
  recorder?.affectedHistory.push(distressedCount);

  const roundRecords = recorder?.rounds ?? null;
  let rounds = 0;
  let carriedCount = 0;
  while (activeCount > 0 && rounds < maxRounds) {
    // Synchronous: every active debtor passes the loss it had at the start of the round.
    for (let k = 0; k < activeCount; k++) activeLoss[k] = loss[active[k]];

    let touchedCount = 0;
    const carriedStart = carriedCount;
    for (let k = 0; k < activeCount; k++) {
      const d = active[k];
      const denominator = paper ? creditorSum[d] : tvl[d];
      if (!(denominator > 0)) continue; // no creditors, or debtrank with TVL_d = 0
      const factor = activeLoss[k] / denominator;
      if (!(factor > 0)) continue;
      for (let s = offset[d], end = offset[d + 1]; s < end; s++) {
        const amount = weight[s] * factor;
        if (!(amount > 0)) continue;
        const c = creditor[s];
        if (gain[c] === 0) touched[touchedCount++] = c; // amounts are > 0, so 0 means untouched
        gain[c] += amount;
        if (roundRecords) carried[carriedCount++] = edgeIndex[s];
      }
    }
    if (touchedCount === 0) break; // nothing passed on: not a propagation round
    rounds++;

    let newCount = 0;
    let incrementCount = 0; // recording: touched[0 .. incrementCount) get the nodes whose loss grew
    for (let t = 0; t < touchedCount; t++) {
      const c = touched[t];
      const before = loss[c];
      let after = before + gain[c];
      gain[c] = 0;
      if (after > cap[c]) after = cap[c];
      loss[c] = after;
      if (roundRecords && after > before) {
        increment[c] = after - before;
        touched[incrementCount++] = c; // incrementCount ≤ t, so this never overwrites an unread entry
      }
      if (distressed[c] === 0 && after > threshold * tvl[c]) {
        distressed[c] = 1;
        next[newCount++] = c;
      }
    }
    // Ascending order keeps the next round's summation order independent of touch order.
    next.subarray(0, newCount).sort();
    distressedCount += newCount;

    recorder?.affectedHistory.push(distressedCount);
    if (roundRecords) {
      const nodes = touched.slice(0, incrementCount).sort();
      const increments = new Float64Array(incrementCount);
      for (let j = 0; j < incrementCount; j++) {
        increments[j] = increment[nodes[j]];
        increment[nodes[j]] = 0;
      }
      const carriedEdges = carried.slice(carriedStart, carriedCount).sort();
      let systemLoss = 0;
      for (let i = 0; i < n; i++) systemLoss += loss[i];
      roundRecords.push({
        round: rounds,
        nodes,
        increments,
        newlyDistressed: next.slice(0, newCount),
        edges: carriedEdges,
        systemLoss,
        affected: distressedCount,
      });
    }

    const swap = active;
    active = next;
    next = swap;
    activeCount = newCount;
  }
  return { distressedCount, propagationRounds: rounds };
}

function resetScratch(prepared: PreparedContagion): void {
  const s = prepared.scratch;
  s.loss.fill(0);
  s.distressed.fill(0);
  // gain and increment are left zeroed by every round; active/next/activeLoss/touched/carried are overwritten.
}

function sumLosses(loss: Float64Array): number {
  let total = 0;
  for (let i = 0; i < loss.length; i++) total += loss[i];
  return total;
}

/** Runs the contagion from the given seeds. Throws ScenarioError on bad input. */
export function runContagion(snapshot: Snapshot, seeds: Seed[], options: ContagionOptions = {}): ContagionResult {
  const opts = resolveOptions(options);
  const prepared = prepareContagion(snapshot);
  resetScratch(prepared);
  const { loss, distressed } = prepared.scratch;
  applySeeds(snapshot, prepared, seeds, loss);
  const initialLosses = loss.slice();

  const recorder: Recorder = { rounds: options.recordRounds === false ? null : [], affectedHistory: [] };
  const outcome = propagate(snapshot, prepared, opts, recorder);

  const seedIndices: number[] = [];
  for (let i = 0; i < prepared.n; i++) if (initialLosses[i] > 0) seedIndices.push(i);
  const distressedIds: string[] = [];
  for (let i = 0; i < prepared.n; i++) if (distressed[i]) distressedIds.push(snapshot.ids[i]);
  distressedIds.sort();

  const totalLoss = sumLosses(loss);
  return {
    totalLoss,
    totalLossPct: prepared.totalTvl > 0 ? (100 * totalLoss) / prepared.totalTvl : 0,
    totalTvl: prepared.totalTvl,
    affectedCount: outcome.distressedCount,
    distressed: distressed.slice(),
    distressedIds,
    propagationRounds: outcome.propagationRounds,
    affectedHistory: recorder.affectedHistory,
    losses: loss.slice(),
    initialLosses,
    seedIndices: Int32Array.from(seedIndices),
    rounds: recorder.rounds ?? [],
    rule: opts.rule,
    threshold: opts.threshold,
    maxRounds: opts.maxRounds,
  };
}

/** The JSON shape of a result (CLI output, exports). */
export function contagionToJson(
  snapshot: Snapshot,
  result: ContagionResult,
): {
  total_loss: number;
  total_loss_pct: number;
  affected_count: number;
  distressed_nodes: string[];
  propagation_rounds: number;
  affected_history: number[];
  losses: Record<string, number>;
} {
  const nonzero: { id: string; usd: number }[] = [];
  for (let i = 0; i < snapshot.n; i++) {
    if (result.losses[i] !== 0) nonzero.push({ id: snapshot.ids[i], usd: result.losses[i] });
  }
  nonzero.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const losses: Record<string, number> = {};
  for (const { id, usd } of nonzero) losses[id] = usd;
  return {
    total_loss: result.totalLoss,
    total_loss_pct: result.totalLossPct,
    affected_count: result.affectedCount,
    distressed_nodes: [...result.distressedIds],
    propagation_rounds: result.propagationRounds,
    affected_history: [...result.affectedHistory],
    losses,
  };
}

/**
 * Shocks every protocol-kind node with TVL > 0 alone at δ = fraction (default 0.5) and ranks
 * them by total loss (descending, ties by id). Uses the scratch buffers and skips the
 * per-round records, so one run costs only its propagation.
 */
export function sweep(
  snapshot: Snapshot,
  options: ContagionOptions & { fraction?: number; top?: number } = {},
): SweepEntry[] {
  const opts = resolveOptions(options);
  const fraction = options.fraction ?? DEFAULT_SWEEP_FRACTION;
  checkFraction(fraction, 'sweep');
  const top = options.top;
  if (top !== undefined && (!Number.isInteger(top) || top < 0)) {
    throw new ScenarioError(`top must be a whole number ≥ 0 (got ${String(top)})`);
  }
  const prepared = prepareContagion(snapshot);
  const { loss } = prepared.scratch;
  const entries: SweepEntry[] = [];
  for (let i = 0; i < prepared.n; i++) {
    if (snapshot.kinds[i] !== 'protocol' || !(prepared.cap[i] > 0)) continue;
    resetScratch(prepared);
    loss[i] = fraction * prepared.cap[i]; // same arithmetic as applySeeds for one protocol seed
    const outcome = propagate(snapshot, prepared, opts, null);
    const totalLoss = sumLosses(loss);
    entries.push({
      index: i,
      id: snapshot.ids[i],
      name: snapshot.names[i],
      totalLoss,
      totalLossPct: prepared.totalTvl > 0 ? (100 * totalLoss) / prepared.totalTvl : 0,
      affectedCount: outcome.distressedCount,
      propagationRounds: outcome.propagationRounds,
    });
  }
  entries.sort((a, b) => b.totalLoss - a.totalLoss || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return top === undefined ? entries : entries.slice(0, top);
}
