// Deterministic loss contagion on an exposure snapshot (DeXposure-FM, Sec. 6.2).
//
// Edge c→d (edges.source = c, edges.target = d, weight E_cd) means creditor c holds
// tokens issued by debtor d. Seeds give some nodes an initial loss (the direct loss); then, in
// synchronous rounds, every active debtor passes the loss it had at the start of the round to
// its creditors (the indirect loss):
//   rule 'bounded' (default):               c gains min(room_cd, Loss_d · E_cd / Σ_c' E_c'd)
//   rule 'paper'    (eq. 22, as published): c gains Loss_d · E_cd / Σ_c' E_c'd
//   rule 'debtrank' (Battiston et al. 2012): c gains E_cd · Loss_d / TVL_d   (0 if TVL_d = 0)
// room_cd = E_cd minus what c already lost on d's tokens through a token shock, so under
// 'bounded' no creditor loses more than it holds of a debtor. 'paper' can exceed it (a
// creditor holding 70 of a debtor whose 300 loss is shared by creditors holding 100 in all
// takes 210); such transfers are counted in `overExposure`. 'debtrank' never exceeds E_cd
// because Loss_d ≤ TVL_d.
// Interventions (options, by protocol id; src/core/scenario/interventions.ts builds them): a node's
// own τ replaces τ for it; a ring-fenced node takes losses but passes nothing on; added capital K
// absorbs the first K of a node's loss: it passes on, and is distressed by, only loss − K.
// Every loss is capped at the node's TVL. A creditor not yet distressed whose loss
// exceeds τ·TVL (strictly) becomes distressed and is active in the next round; a node is
// active at most once, so the process always ends (cycles included).
//
// Rounds, as the reference (DeXposure-FM's `simulate_contagion`) counts them:
// - `propagationRounds` = rounds that distressed at least one new node; `affectedHistory[0]` =
//   distressed count after seeding, then one entry per such round. The last round may pass loss
//   on without distressing anyone: its losses count, but it is not a propagation round.
// - `lossRounds` = rounds in which some loss was passed on (= rounds.length when recorded);
//   what the playback animates.
//
// Everything runs on typed arrays over the shared exposure graph (src/core/graph.ts) with
// scratch buffers cached per snapshot, so the UI and the sweep (one run per protocol) never
// rebuild them and the hot loop allocates nothing.
//
// Decisions (lead):
// - total TVL (the % denominator) = Σ TVL over nodes of kind 'protocol'. Token nodes
//   (sector 'Primary Market Tokens') hold the USD of a primary token such as USDC held in
//   the graph; they are not protocols, so counting them would double-count value. Which
//   protocols are in the graph at all is the perimeter's business (src/core/perimeter.ts).
// - total loss = Σ of all node losses, seeds included; directLoss = Σ seed losses (after the
//   TVL cap), indirectLoss = totalLoss − directLoss.
// - Shocking a token node by protocol id is an error (use a token shock); unknown ids or
//   symbols are errors naming them; δ must lie in [0, 1].
// Decisions (this module):
// - Snapshots are treated as immutable: the prepared structure is cached per Snapshot object.
// - Token symbols match exactly, else case-insensitively; every table entry with the symbol counts.
// Note: since a node passes only the loss it holds when it becomes active, total loss is not
// monotone in δ nor is the affected count monotone in τ in general (it is for τ = 0, resp. one
// round); tests/unit/contagion.test.ts has hand-built counterexamples.
import { exposureGraph, inSlot, type ExposureGraph } from './graph';
import type { PropagationRule, Snapshot } from './types';

export type Seed =
  { kind: 'protocol'; id: string; fraction: number } | { kind: 'token'; symbol: string; fraction: number };

export const PROPAGATION_RULES: readonly PropagationRule[] = ['bounded', 'paper', 'debtrank'];
export const DEFAULT_RULE: PropagationRule = 'bounded';

/** What each rule means, in one line (CLI help, UI, exports). */
export const RULE_DESCRIPTIONS: Record<PropagationRule, { label: string; meaning: string }> = {
  bounded: {
    label: 'Bounded (default)',
    meaning:
      "Creditors share a debtor's loss in proportion to their holdings (eq. 22), but none loses more than it holds of that debtor.",
  },
  paper: {
    label: 'Paper eq. 22',
    meaning:
      "Eq. 22 as published: creditors share a debtor's whole loss in proportion to their holdings, even beyond what they hold.",
  },
  debtrank: {
    label: 'DebtRank',
    meaning: 'Each creditor loses the share of its holding that the debtor lost of its TVL (Battiston et al. 2012).',
  },
};

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
  /** Per-protocol τ (id → τ in [0, 1]) replacing `threshold` for those protocols (an intervention). */
  thresholdById?: Readonly<Record<string, number>>;
  /** Ring-fenced protocols (ids): they take losses and can be distressed, but pass nothing on. */
  ringFenced?: readonly string[];
  /**
   * Loss-absorbing capital added per protocol (id → USD ≥ 0): the first K USD of its loss are borne
   * by the new capital, so it passes on, and is distressed by, only its loss beyond K. Its own loss
   * still counts in the system loss (the capital provider bears it).
   */
  addedCapital?: Readonly<Record<string, number>>;
}

/** One round in which loss was passed on, for the playback. */
export interface RoundRecord {
  /** 1-based round number. */
  round: number;
  /** Nodes whose loss grew this round (ascending index). */
  nodes: Int32Array;
  /** Loss increment of each of `nodes` after the TVL cap (same order). */
  increments: Float64Array;
  /** Nodes that became distressed this round (ascending index); they are active next round. */
  newlyDistressed: Int32Array;
  /** Edge indices (into snapshot.edges) that carried a positive loss this round (ascending). */
  edges: Int32Array;
  /** USD each of `edges` carried (under the rule, before the creditor's TVL cap). */
  amounts: Float64Array;
  /** Total system loss after this round (USD). */
  systemLoss: number;
  /** Distressed count after this round (seeds included, as affectedHistory). */
  affected: number;
}

/** Transfers larger than the creditor's room on the debtor (only the 'paper' rule makes them). */
export interface OverExposure {
  /** Edges whose transfer exceeded the creditor's holding of the debtor. */
  count: number;
  /** The largest excess, or null. Indices are node indices. */
  worst: { creditor: number; debtor: number; amount: number; exposure: number } | null;
}

export interface ContagionResult {
  totalLoss: number;
  /** 100 · totalLoss / totalTvl (0 when totalTvl is 0). */
  totalLossPct: number;
  /** Σ TVL over protocol-kind nodes: the denominator of every percentage. */
  totalTvl: number;
  /** Σ of the seeds' losses (capped at TVL): the shock itself. */
  directLoss: number;
  /** totalLoss − directLoss: what contagion added. */
  indirectLoss: number;
  /** Seeds plus nodes distressed by contagion (the reference's affected_count). */
  affectedCount: number;
  distressed: Uint8Array;
  /** Sorted (code-unit order). */
  distressedIds: string[];
  /** Rounds that distressed at least one new node (the reference's count). */
  propagationRounds: number;
  /** Length propagationRounds + 1 (the reference's history). */
  affectedHistory: number[];
  /** Rounds in which some loss was passed on (≥ propagationRounds; = rounds.length when recorded). */
  lossRounds: number;
  losses: Float64Array;
  /** Losses right after seeding (capped at TVL). */
  initialLosses: Float64Array;
  /** Nodes with a positive initial loss (ascending index). */
  seedIndices: Int32Array;
  rounds: RoundRecord[];
  overExposure: OverExposure;
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
  directLoss: number;
  indirectLoss: number;
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
  graph: ExposureGraph;
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
  /** By-debtor slots that carried loss, and the amounts; each debtor is active once, so one run uses each slot at most once. */
  carried: Int32Array;
  carriedAmount: Float64Array;
  /** Per-node loss increment of the current round (recording only; zeroed after use). */
  increment: Float64Array;
  /** Per by-debtor slot: what the creditor already lost on the debtor's tokens through token seeds. */
  seedUsed: Float64Array;
  /** Slots with a nonzero seedUsed (to reset them without a full pass). */
  seedUsedSlots: number[];
}

const preparedCache = new WeakMap<Snapshot, PreparedContagion>();

/** Builds (once per snapshot object) the holdings index and scratch buffers over the shared graph. */
export function prepareContagion(snapshot: Snapshot): PreparedContagion {
  const cached = preparedCache.get(snapshot);
  if (cached) return cached;
  const n = snapshot.n;
  const graph = exposureGraph(snapshot);

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
    graph,
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
      carried: new Int32Array(graph.m),
      carriedAmount: new Float64Array(graph.m),
      increment: new Float64Array(n),
      seedUsed: new Float64Array(graph.m),
      seedUsedSlots: [],
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
  /** Per-node τ when some protocol has its own (else null: `threshold` everywhere). */
  nodeThreshold: Float64Array | null;
  /** 1 = ring-fenced (passes nothing on), or null when none is. */
  ringFenced: Uint8Array | null;
  /** Added loss-absorbing capital per node (USD), or null when none. */
  capital: Float64Array | null;
}

/** Index of a protocol named by an intervention option; unknown ids are errors naming them. */
function interventionIndex(prepared: PreparedContagion, id: string, what: string): number {
  const i = prepared.idToIndex.get(id);
  if (i === undefined) throw new ScenarioError(`${what}: unknown protocol id "${id}"`);
  return i;
}

/** Turns the per-protocol options (by id) into per-node arrays. */
function resolveNodeOptions(
  options: ContagionOptions,
  prepared: PreparedContagion,
  threshold: number,
): Pick<ResolvedOptions, 'nodeThreshold' | 'ringFenced' | 'capital'> {
  let nodeThreshold: Float64Array | null = null;
  const tauEntries = Object.entries(options.thresholdById ?? {});
  if (tauEntries.length > 0) {
    nodeThreshold = new Float64Array(prepared.n).fill(threshold);
    for (const [id, tau] of tauEntries) {
      if (!Number.isFinite(tau) || tau < 0 || tau > 1)
        throw new ScenarioError(`τ for "${id}" must be a number between 0 and 1 (got ${String(tau)})`);
      nodeThreshold[interventionIndex(prepared, id, 'τ override')] = tau;
    }
  }
  let ringFenced: Uint8Array | null = null;
  if (options.ringFenced && options.ringFenced.length > 0) {
    ringFenced = new Uint8Array(prepared.n);
    for (const id of options.ringFenced) ringFenced[interventionIndex(prepared, id, 'ring-fence')] = 1;
  }
  let capital: Float64Array | null = null;
  const capitalEntries = Object.entries(options.addedCapital ?? {});
  if (capitalEntries.length > 0) {
    capital = new Float64Array(prepared.n);
    for (const [id, usd] of capitalEntries) {
      if (!Number.isFinite(usd) || usd < 0)
        throw new ScenarioError(`added capital for "${id}" must be a USD amount ≥ 0 (got ${String(usd)})`);
      capital[interventionIndex(prepared, id, 'recapitalisation')] += usd;
    }
  }
  return { nodeThreshold, ringFenced, capital };
}

function resolveOptions(options: ContagionOptions, prepared: PreparedContagion): ResolvedOptions {
  const rule = options.rule ?? DEFAULT_RULE;
  if (!PROPAGATION_RULES.includes(rule)) {
    throw new ScenarioError(`unknown propagation rule "${String(rule)}" (use ${PROPAGATION_RULES.join(', ')})`);
  }
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new ScenarioError(`threshold τ must be a number between 0 and 1 (got ${String(threshold)})`);
  }
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  if (!Number.isInteger(maxRounds) || maxRounds < 0) {
    throw new ScenarioError(`max rounds must be a whole number ≥ 0 (got ${String(maxRounds)})`);
  }
  return { rule, threshold, maxRounds, ...resolveNodeOptions(options, prepared, threshold) };
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
 * Adds the seeds' initial losses into `loss` (which must be zeroed) and caps them at TVL. A token
 * shock's loss on a holding also uses up that much of the holder's room on the token's issuer.
 * Throws ScenarioError for unknown ids/symbols, token nodes shocked by id, or δ out of range.
 */
function applySeeds(snapshot: Snapshot, prepared: PreparedContagion, seeds: Seed[], loss: Float64Array): void {
  const { seedUsed, seedUsedSlots } = prepared.scratch;
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
        const issuer = snapshot.tokens.issuer[t];
        for (let k = prepared.holdingOffset[t]; k < prepared.holdingOffset[t + 1]; k++) {
          const usd = prepared.holdingUsd[k];
          if (!(usd > 0)) continue;
          const holder = prepared.holdingNode[k];
          loss[holder] += seed.fraction * usd;
          const s = issuer >= 0 ? inSlot(prepared.graph, holder, issuer) : -1;
          if (s >= 0) {
            if (seedUsed[s] === 0) seedUsedSlots.push(s);
            seedUsed[s] += seed.fraction * usd;
          }
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
  lossRounds: number;
}

/** Collects the history (and, unless `rounds` is null, the playback records); absent on the sweep's fast path. */
interface Recorder {
  rounds: RoundRecord[] | null;
  affectedHistory: number[];
  overExposure: OverExposure;
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
  const { n, cap } = prepared;
  const { inStart, inSource, inWeight, inEdge, inTotal } = prepared.graph;
  const { loss, distressed, activeLoss, gain, touched, carried, carriedAmount, increment, seedUsed } = prepared.scratch;
  let active = prepared.scratch.active;
  let next = prepared.scratch.next;
  const tvl = snapshot.tvl;
  const debtrank = opts.rule === 'debtrank';
  const bounded = opts.rule === 'bounded';
  const { threshold, maxRounds, nodeThreshold, ringFenced, capital } = opts;
  const overExposure = recorder?.overExposure ?? null;
  const roundRecords = recorder?.rounds ?? null;
  const recordEdges = roundRecords !== null;

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

  let lossRounds = 0;
  let propagationRounds = 0;
  let carriedCount = 0;
  while (activeCount > 0 && lossRounds < maxRounds) {
    // Synchronous: every active debtor passes the loss it had at the start of the round.
    for (let k = 0; k < activeCount; k++) activeLoss[k] = loss[active[k]];

    let touchedCount = 0;
    const carriedStart = carriedCount;
    for (let k = 0; k < activeCount; k++) {
      const d = active[k];
      if (ringFenced !== null && ringFenced[d] === 1) continue; // absorbs, passes nothing on
      const denominator = debtrank ? tvl[d] : inTotal[d];
      if (!(denominator > 0)) continue; // no creditors, or debtrank with TVL_d = 0
      const passed = capital === null ? activeLoss[k] : activeLoss[k] - capital[d];
      const factor = passed / denominator;
      if (!(factor > 0)) continue;
      for (let s = inStart[d], end = inStart[d + 1]; s < end; s++) {
        let amount = inWeight[s] * factor;
        const room = inWeight[s] - seedUsed[s];
        if (amount > room) {
          if (bounded) amount = room;
          else if (overExposure && amount - room > 1e-9 * inWeight[s]) {
            overExposure.count++;
            const excess = amount - room;
            const w = overExposure.worst;
            if (!w || excess > w.amount - w.exposure)
              overExposure.worst = { creditor: inSource[s], debtor: d, amount, exposure: room };
          }
        }
        if (!(amount > 0)) continue;
        const c = inSource[s];
        if (gain[c] === 0) touched[touchedCount++] = c; // amounts are > 0, so 0 means untouched
        gain[c] += amount;
        if (recordEdges) {
          carried[carriedCount] = inEdge[s];
          carriedAmount[carriedCount++] = amount;
        }
      }
    }
    if (touchedCount === 0) break; // nothing passed on: not a round at all
    lossRounds++;

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
      const tau = nodeThreshold === null ? threshold : nodeThreshold[c];
      const uncovered = capital === null ? after : after - capital[c];
      if (distressed[c] === 0 && uncovered > tau * tvl[c]) {
        distressed[c] = 1;
        next[newCount++] = c;
      }
    }
    // Ascending order keeps the next round's summation order independent of touch order.
    next.subarray(0, newCount).sort();
    distressedCount += newCount;
    // The reference's history grows only with rounds that distress someone new.
    if (newCount > 0) {
      propagationRounds++;
      recorder?.affectedHistory.push(distressedCount);
    }

    if (roundRecords) {
      const nodes = touched.slice(0, incrementCount).sort();
      const increments = new Float64Array(incrementCount);
      for (let j = 0; j < incrementCount; j++) {
        increments[j] = increment[nodes[j]];
        increment[nodes[j]] = 0;
      }
      const count = carriedCount - carriedStart;
      const order = Array.from({ length: count }, (_, j) => carriedStart + j).sort((a, b) => carried[a] - carried[b]);
      const edges = Int32Array.from(order, (j) => carried[j]);
      const amounts = Float64Array.from(order, (j) => carriedAmount[j]);
      let systemLoss = 0;
      for (let i = 0; i < n; i++) systemLoss += loss[i];
      roundRecords.push({
        round: lossRounds,
        nodes,
        increments,
        newlyDistressed: next.slice(0, newCount),
        edges,
        amounts,
        systemLoss,
        affected: distressedCount,
      });
    }

    const swap = active;
    active = next;
    next = swap;
    activeCount = newCount;
  }
  return { distressedCount, propagationRounds, lossRounds };
}

function resetScratch(prepared: PreparedContagion): void {
  const s = prepared.scratch;
  s.loss.fill(0);
  s.distressed.fill(0);
  for (const slot of s.seedUsedSlots) s.seedUsed[slot] = 0;
  s.seedUsedSlots.length = 0;
  // gain and increment are left zeroed by every round; active/next/activeLoss/touched/carried are overwritten.
}

function sumLosses(loss: Float64Array): number {
  let total = 0;
  for (let i = 0; i < loss.length; i++) total += loss[i];
  return total;
}

/** Runs the contagion from the given seeds. Throws ScenarioError on bad input. */
export function runContagion(snapshot: Snapshot, seeds: Seed[], options: ContagionOptions = {}): ContagionResult {
  const prepared = prepareContagion(snapshot);
  const opts = resolveOptions(options, prepared);
  resetScratch(prepared);
  const { loss, distressed } = prepared.scratch;
  applySeeds(snapshot, prepared, seeds, loss);
  const initialLosses = loss.slice();

  const recorder: Recorder = {
    rounds: options.recordRounds === false ? null : [],
    affectedHistory: [],
    overExposure: { count: 0, worst: null },
  };
  const outcome = propagate(snapshot, prepared, opts, recorder);

  const seedIndices: number[] = [];
  for (let i = 0; i < prepared.n; i++) if (initialLosses[i] > 0) seedIndices.push(i);
  const distressedIds: string[] = [];
  for (let i = 0; i < prepared.n; i++) if (distressed[i]) distressedIds.push(snapshot.ids[i]);
  distressedIds.sort();

  const totalLoss = sumLosses(loss);
  const directLoss = sumLosses(initialLosses);
  return {
    totalLoss,
    totalLossPct: prepared.totalTvl > 0 ? (100 * totalLoss) / prepared.totalTvl : 0,
    totalTvl: prepared.totalTvl,
    directLoss,
    indirectLoss: Math.max(0, totalLoss - directLoss),
    affectedCount: outcome.distressedCount,
    distressed: distressed.slice(),
    distressedIds,
    propagationRounds: outcome.propagationRounds,
    affectedHistory: recorder.affectedHistory,
    lossRounds: outcome.lossRounds,
    losses: loss.slice(),
    initialLosses,
    seedIndices: Int32Array.from(seedIndices),
    rounds: recorder.rounds ?? [],
    overExposure: recorder.overExposure,
    rule: opts.rule,
    threshold: opts.threshold,
    maxRounds: opts.maxRounds,
  };
}

/** The JSON shape of a result (CLI output, exports): the reference's keys plus ours. */
export function contagionToJson(
  snapshot: Snapshot,
  result: ContagionResult,
): {
  total_loss: number;
  total_loss_pct: number;
  total_tvl: number;
  direct_loss: number;
  indirect_loss: number;
  affected_count: number;
  distressed_nodes: string[];
  propagation_rounds: number;
  affected_history: number[];
  loss_rounds: number;
  rule: PropagationRule;
  over_exposure: { count: number; worst: { creditor: string; debtor: string; loss: number; exposure: number } | null };
  losses: Record<string, number>;
} {
  const nonzero: { id: string; usd: number }[] = [];
  for (let i = 0; i < snapshot.n; i++) {
    if (result.losses[i] !== 0) nonzero.push({ id: snapshot.ids[i], usd: result.losses[i] });
  }
  nonzero.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const losses: Record<string, number> = {};
  for (const { id, usd } of nonzero) losses[id] = usd;
  const worst = result.overExposure.worst;
  return {
    total_loss: result.totalLoss,
    total_loss_pct: result.totalLossPct,
    total_tvl: result.totalTvl,
    direct_loss: result.directLoss,
    indirect_loss: result.indirectLoss,
    affected_count: result.affectedCount,
    distressed_nodes: [...result.distressedIds],
    propagation_rounds: result.propagationRounds,
    affected_history: [...result.affectedHistory],
    loss_rounds: result.lossRounds,
    rule: result.rule,
    over_exposure: {
      count: result.overExposure.count,
      worst: worst
        ? {
            creditor: snapshot.ids[worst.creditor],
            debtor: snapshot.ids[worst.debtor],
            loss: worst.amount,
            exposure: worst.exposure,
          }
        : null,
    },
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
  options: ContagionOptions & {
    fraction?: number;
    top?: number;
    /** Called after each run with that run's per-node losses (scratch: read, don't keep). */
    onRun?: (entry: SweepEntry, losses: Float64Array) => void;
  } = {},
): SweepEntry[] {
  const prepared = prepareContagion(snapshot);
  const opts = resolveOptions(options, prepared);
  const fraction = options.fraction ?? DEFAULT_SWEEP_FRACTION;
  checkFraction(fraction, 'sweep');
  const top = options.top;
  if (top !== undefined && (!Number.isInteger(top) || top < 0)) {
    throw new ScenarioError(`top must be a whole number ≥ 0 (got ${String(top)})`);
  }
  const { loss } = prepared.scratch;
  const entries: SweepEntry[] = [];
  for (let i = 0; i < prepared.n; i++) {
    if (snapshot.kinds[i] !== 'protocol' || !(prepared.cap[i] > 0)) continue;
    resetScratch(prepared);
    loss[i] = fraction * prepared.cap[i]; // same arithmetic as applySeeds for one protocol seed
    const directLoss = loss[i];
    const outcome = propagate(snapshot, prepared, opts, null);
    const totalLoss = sumLosses(loss);
    const entry: SweepEntry = {
      index: i,
      id: snapshot.ids[i],
      name: snapshot.names[i],
      totalLoss,
      totalLossPct: prepared.totalTvl > 0 ? (100 * totalLoss) / prepared.totalTvl : 0,
      directLoss,
      indirectLoss: Math.max(0, totalLoss - directLoss),
      affectedCount: outcome.distressedCount,
      propagationRounds: outcome.propagationRounds,
    };
    options.onRun?.(entry, loss);
    entries.push(entry);
  }
  entries.sort((a, b) => b.totalLoss - a.totalLoss || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return top === undefined ? entries : entries.slice(0, top);
}

/** Everything on screen at one playback position (0 = after seeding … lossRounds = final). */
export interface RoundState {
  round: number;
  /** Loss per node after `round` rounds. */
  losses: Float64Array;
  totalLoss: number;
  directLoss: number;
  indirectLoss: number;
  /** Seeds (nodes with a positive initial loss). */
  shockedCount: number;
  /** Nodes whose loss exceeds τ·TVL at this round, seeds included only if they crossed τ themselves. */
  distressedCount: number;
  /** Reference count at this round: seeds plus nodes distressed by contagion so far. */
  affectedCount: number;
  /** Propagation rounds (that distressed someone new) among the first `round` loss rounds. */
  propagationRounds: number;
}

/** Losses of every node after each loss round: [0] = after seeding, [k] = after round k. */
export function lossesByRound(result: ContagionResult): Float64Array[] {
  const out: Float64Array[] = [Float64Array.from(result.initialLosses)];
  for (const round of result.rounds) {
    const next = Float64Array.from(out[out.length - 1]);
    round.nodes.forEach((node, k) => (next[node] += round.increments[k]));
    out.push(next);
  }
  return out;
}

/** Whether node i's loss crosses the distress threshold (loss > τ·TVL, TVL > 0). */
export function crossesThreshold(
  snapshot: Snapshot,
  result: ContagionResult,
  losses: Float64Array,
  i: number,
): boolean {
  return snapshot.tvl[i] > 0 && losses[i] > result.threshold * snapshot.tvl[i];
}

/**
 * The state after `round` loss rounds (clamped to 0 … rounds.length), for the playback. Pass
 * `byRound` (lossesByRound of the result) when calling often, to build it once.
 */
export function stateAtRound(
  snapshot: Snapshot,
  result: ContagionResult,
  round: number,
  byRound?: Float64Array[],
): RoundState {
  const last = result.rounds.length;
  const k = Math.max(0, Math.min(last, Math.round(round)));
  const losses = k === last ? result.losses : (byRound ?? lossesByRound(result))[k];
  let distressedCount = 0;
  for (let i = 0; i < snapshot.n; i++) if (crossesThreshold(snapshot, result, losses, i)) distressedCount++;
  const totalLoss = k === last ? result.totalLoss : sumLosses(losses);
  let propagationRounds = 0;
  for (let j = 0; j < k; j++) if (result.rounds[j].newlyDistressed.length > 0) propagationRounds++;
  return {
    round: k,
    losses,
    totalLoss,
    directLoss: result.directLoss,
    indirectLoss: Math.max(0, totalLoss - result.directLoss),
    shockedCount: result.seedIndices.length,
    distressedCount,
    affectedCount: k === 0 ? result.seedIndices.length : result.rounds[k - 1].affected,
    propagationRounds,
  };
}
