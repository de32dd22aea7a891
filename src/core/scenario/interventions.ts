// Interventions (what-ifs) on a scenario: cap or remove an exposure edge, recapitalise a protocol,
// ring-fence one, or give one its own τ. Edge caps are a transform of the snapshot (a new snapshot
// whose edge and the matching token holdings are scaled down); the other three are engine options
// (src/core/contagion.ts). Before/after summaries and a ranking of candidate interventions by loss
// saved per USD (recapitalisation: per USD of capital added; edge removal: per USD of exposure
// removed; ring-fencing and τ have no USD cost, so no per-USD figure, only the loss saved).
import { scenarioCounts } from '../vocabulary';
import { runContagion, ScenarioError, type ContagionOptions, type ContagionResult, type Seed } from '../contagion';
import type { Snapshot } from '../types';

export type Intervention =
  | { kind: 'cap'; holder: string; issuer: string; usd: number }
  | { kind: 'remove'; holder: string; issuer: string }
  | { kind: 'recap'; id: string; usd: number }
  | { kind: 'ringfence'; id: string }
  | { kind: 'tau'; id: string; threshold: number };

export const INTERVENTION_KINDS = ['cap', 'remove', 'recap', 'ringfence', 'tau'] as const;

/** One line per intervention, e.g. "recapitalise Aave V3 (1599) with $500.00 M". */
export function describeIntervention(snapshot: Snapshot, iv: Intervention): string {
  const index = new Map(snapshot.ids.map((id, i) => [id, i]));
  const name = (id: string) => {
    const i = index.get(id);
    return i !== undefined && snapshot.names[i] !== id ? `${snapshot.names[i]} (${id})` : id;
  };
  const usd = (x: number) => `$${x.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  switch (iv.kind) {
    case 'cap':
      return `cap ${name(iv.holder)}'s exposure to ${name(iv.issuer)} at ${usd(iv.usd)}`;
    case 'remove':
      return `remove ${name(iv.holder)}'s exposure to ${name(iv.issuer)}`;
    case 'recap':
      return `recapitalise ${name(iv.id)} with ${usd(iv.usd)} of loss-absorbing capital`;
    case 'ringfence':
      return `ring-fence ${name(iv.id)} (absorbs its losses, passes nothing on)`;
    case 'tau':
      return `τ = ${+(iv.threshold * 100).toFixed(2)}% for ${name(iv.id)}`;
  }
}

const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+]?\d+)?$/;

function parseNumber(raw: string, what: string, max = Infinity): number {
  const x = NUMBER.test(raw.trim()) ? Number(raw) : NaN;
  if (!(x >= 0 && x <= max)) throw new ScenarioError(`${what}: expected a number from 0 to ${max}, got "${raw}"`);
  return x;
}

/**
 * Parses "cap:HOLDER>ISSUER:USD", "remove:HOLDER>ISSUER", "recap:ID:USD", "ringfence:ID", "tau:ID:τ",
 * comma-separated (the URL's `iv=` and the CLI's --intervene). The value follows the last ':'.
 */
export function parseInterventions(spec: string): Intervention[] {
  if (spec.trim() === '') return [];
  return spec.split(',').map((raw) => {
    const item = raw.trim();
    const colon = item.indexOf(':');
    const kind = colon < 0 ? item : item.slice(0, colon);
    const rest = colon < 0 ? '' : item.slice(colon + 1);
    const lastColon = rest.lastIndexOf(':');
    const head = lastColon < 0 ? rest : rest.slice(0, lastColon);
    const value = lastColon < 0 ? '' : rest.slice(lastColon + 1);
    const edge = (text: string) => {
      const at = text.indexOf('>');
      if (at <= 0 || at === text.length - 1) throw new ScenarioError(`intervention "${item}": expected HOLDER>ISSUER`);
      return { holder: text.slice(0, at), issuer: text.slice(at + 1) };
    };
    switch (kind) {
      case 'cap':
        return { kind, ...edge(head), usd: parseNumber(value, `intervention "${item}"`) };
      case 'remove':
        return { kind, ...edge(rest) };
      case 'recap':
        return { kind, id: head, usd: parseNumber(value, `intervention "${item}"`) };
      case 'ringfence':
        if (rest === '') throw new ScenarioError(`intervention "${item}": expected ringfence:ID`);
        return { kind, id: rest };
      case 'tau':
        return { kind, id: head, threshold: parseNumber(value, `intervention "${item}"`, 1) };
      default:
        throw new ScenarioError(`intervention "${item}": kind must be one of ${INTERVENTION_KINDS.join(', ')}`);
    }
  });
}

/** The inverse of parseInterventions. */
export function formatInterventions(list: readonly Intervention[]): string {
  return list
    .map((iv) => {
      switch (iv.kind) {
        case 'cap':
          return `cap:${iv.holder}>${iv.issuer}:${+iv.usd.toPrecision(12)}`;
        case 'remove':
          return `remove:${iv.holder}>${iv.issuer}`;
        case 'recap':
          return `recap:${iv.id}:${+iv.usd.toPrecision(12)}`;
        case 'ringfence':
          return `ringfence:${iv.id}`;
        case 'tau':
          return `tau:${iv.id}:${+iv.threshold.toFixed(4)}`;
      }
    })
    .join(',');
}

export interface AppliedInterventions {
  /** The snapshot with edge caps applied (the same object when there are none). */
  snapshot: Snapshot;
  options: ContagionOptions;
  /** USD of loss-absorbing capital added plus USD of exposure removed by caps: the cost, or 0. */
  usdCost: number;
  /** Whether any intervention has a USD size (recapitalisation or a cap/removal). */
  hasUsdCost: boolean;
}

/** Applies the interventions on top of the scenario's options. Unknown ids and missing edges are ScenarioErrors. */
export function applyInterventions(
  snapshot: Snapshot,
  list: readonly Intervention[],
  base: ContagionOptions = {},
): AppliedInterventions {
  const index = new Map(snapshot.ids.map((id, i) => [id, i]));
  const at = (id: string, what: string) => {
    const i = index.get(id);
    if (i === undefined) throw new ScenarioError(`${what}: unknown protocol id "${id}"`);
    return i;
  };
  const thresholdById: Record<string, number> = { ...base.thresholdById };
  const ringFenced = new Set(base.ringFenced ?? []);
  const addedCapital: Record<string, number> = { ...base.addedCapital };
  const caps: { holder: number; issuer: number; usd: number }[] = [];
  let usdCost = 0;
  let hasUsdCost = false;
  for (const iv of list) {
    if (iv.kind === 'cap' || iv.kind === 'remove') {
      caps.push({
        holder: at(iv.holder, 'exposure cap'),
        issuer: at(iv.issuer, 'exposure cap'),
        usd: iv.kind === 'remove' ? 0 : iv.usd,
      });
      hasUsdCost = true;
    } else if (iv.kind === 'recap') {
      at(iv.id, 'recapitalisation');
      addedCapital[iv.id] = (addedCapital[iv.id] ?? 0) + iv.usd;
      usdCost += iv.usd;
      hasUsdCost = true;
    } else if (iv.kind === 'ringfence') {
      at(iv.id, 'ring-fence');
      ringFenced.add(iv.id);
    } else {
      at(iv.id, 'τ override');
      thresholdById[iv.id] = iv.threshold;
    }
  }
  let out = snapshot;
  if (caps.length > 0) {
    const capped = withEdgeCaps(snapshot, caps);
    out = capped.snapshot;
    usdCost += capped.removedUsd;
  }
  return {
    snapshot: out,
    options: {
      ...base,
      ...(Object.keys(thresholdById).length ? { thresholdById } : {}),
      ...(ringFenced.size ? { ringFenced: [...ringFenced] } : {}),
      ...(Object.keys(addedCapital).length ? { addedCapital } : {}),
    },
    usdCost,
    hasUsdCost,
  };
}

/**
 * A copy of the snapshot whose holder→issuer exposure is at most `usd` (scaled down; 0 removes it),
 * with the holder's holdings of the issuer's tokens scaled by the same factor, so a token de-peg
 * sees the capped exposure too. Throws when there is no such edge.
 */
export function withEdgeCaps(
  snapshot: Snapshot,
  caps: readonly { holder: number; issuer: number; usd: number }[],
): { snapshot: Snapshot; removedUsd: number } {
  const { source, target, weight, m } = snapshot.edges;
  const newWeight = Float64Array.from(weight);
  const newUsd = Float64Array.from(snapshot.holdings.usd);
  let removedUsd = 0;
  for (const cap of caps) {
    let total = 0;
    for (let e = 0; e < m; e++) if (source[e] === cap.holder && target[e] === cap.issuer) total += newWeight[e];
    if (!(total > 0)) {
      throw new ScenarioError(
        `exposure cap: ${snapshot.names[cap.holder]} (${snapshot.ids[cap.holder]}) holds nothing of ` +
          `${snapshot.names[cap.issuer]} (${snapshot.ids[cap.issuer]}) in this graph`,
      );
    }
    const factor = Math.min(1, cap.usd / total);
    removedUsd += total * (1 - factor);
    for (let e = 0; e < m; e++) if (source[e] === cap.holder && target[e] === cap.issuer) newWeight[e] *= factor;
    const { node, token } = snapshot.holdings;
    for (let h = 0; h < snapshot.holdings.count; h++) {
      if (node[h] === cap.holder && snapshot.tokens.issuer[token[h]] === cap.issuer) newUsd[h] *= factor;
    }
  }
  return {
    snapshot: {
      ...snapshot,
      edges: { m, source, target, weight: newWeight },
      holdings: { ...snapshot.holdings, usd: newUsd },
    },
    removedUsd,
  };
}

export interface HitEntry {
  id: string;
  name: string;
  lossUsd: number;
  /** Loss as a share of the protocol's own TVL (%). */
  lossPctOfTvl: number;
}

/** The figures shown before and after (and for each saved scenario). */
export interface OutcomeSummary {
  totalLoss: number;
  totalLossPct: number;
  totalTvl: number;
  directLoss: number;
  indirectLoss: number;
  /** Seeds plus nodes distressed by contagion (the reference's affected_count). */
  affectedCount: number;
  /** Distressed as everywhere (src/core/vocabulary.ts): crossed their own τ, net of added capital, through contagion; seeds not counted. */
  distressedCount: number;
  propagationRounds: number;
  mostHit: HitEntry[];
}

export function summarise(snapshot: Snapshot, result: ContagionResult, _options: ContagionOptions = {}, top = 5) {
  // The engine applies per-protocol τ and added capital when it marks a node distressed.
  const distressedCount = scenarioCounts(result).distressed;
  const hits: HitEntry[] = [];
  for (let i = 0; i < snapshot.n; i++) {
    const tvl = snapshot.tvl[i];
    const id = snapshot.ids[i];
    const loss = result.losses[i];
    if (loss > 0 && snapshot.kinds[i] === 'protocol')
      hits.push({ id, name: snapshot.names[i], lossUsd: loss, lossPctOfTvl: tvl > 0 ? (100 * loss) / tvl : 0 });
  }
  hits.sort((a, b) => b.lossUsd - a.lossUsd || (a.id < b.id ? -1 : 1));
  const summary: OutcomeSummary = {
    totalLoss: result.totalLoss,
    totalLossPct: result.totalLossPct,
    totalTvl: result.totalTvl,
    directLoss: result.directLoss,
    indirectLoss: result.indirectLoss,
    affectedCount: result.affectedCount,
    distressedCount,
    propagationRounds: result.propagationRounds,
    mostHit: hits.slice(0, top),
  };
  return summary;
}

export interface InterventionOutcome {
  before: OutcomeSummary;
  after: OutcomeSummary;
  /** before.totalLoss − after.totalLoss (negative when the intervention makes things worse). */
  lossSaved: number;
  /** USD of capital added plus exposure removed; null when no intervention has a USD size. */
  usdCost: number | null;
  /** lossSaved / usdCost, or null where that is not defined (no USD cost, or a cost of 0). */
  savedPerUsd: number | null;
}

/** The scenario without and with the interventions, side by side. */
export function evaluateInterventions(
  snapshot: Snapshot,
  seeds: Seed[],
  options: ContagionOptions,
  list: readonly Intervention[],
  baseline?: ContagionResult,
): InterventionOutcome {
  const base = baseline ?? runContagion(snapshot, seeds, { ...options, recordRounds: false });
  const applied = applyInterventions(snapshot, list, options);
  const after = runContagion(applied.snapshot, seeds, { ...applied.options, recordRounds: false });
  const lossSaved = base.totalLoss - after.totalLoss;
  const usdCost = applied.hasUsdCost ? applied.usdCost : null;
  return {
    before: summarise(snapshot, base, options),
    after: summarise(applied.snapshot, after, applied.options),
    lossSaved,
    usdCost,
    savedPerUsd: usdCost !== null && usdCost > 0 ? lossSaved / usdCost : null,
  };
}

export interface RankedCandidate {
  intervention: Intervention;
  description: string;
  lossSaved: number;
  usdCost: number | null;
  savedPerUsd: number | null;
}

/**
 * Candidate interventions for this scenario, ranked by loss saved per USD (those with no USD cost
 * after, by loss saved). Candidates: remove each of the `top` edges that carried the most loss;
 * recapitalise each of the `top` protocols that passed on the most loss with capital equal to its
 * loss, rounded up to the dollar (enough that it passes nothing on); ring-fence the same protocols.
 */
export function rankInterventions(
  snapshot: Snapshot,
  seeds: Seed[],
  options: ContagionOptions,
  top = 6,
): RankedCandidate[] {
  const base = runContagion(snapshot, seeds, { ...options, recordRounds: true });
  const carriedByEdge = new Map<number, number>();
  const passedByNode = new Float64Array(snapshot.n);
  for (const round of base.rounds) {
    round.edges.forEach((e, k) => {
      carriedByEdge.set(e, (carriedByEdge.get(e) ?? 0) + round.amounts[k]);
      passedByNode[snapshot.edges.target[e]] += round.amounts[k];
    });
  }
  const candidates: Intervention[] = [];
  const edgeKeys = new Set<string>();
  for (const [e] of [...carriedByEdge].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    const holder = snapshot.ids[snapshot.edges.source[e]];
    const issuer = snapshot.ids[snapshot.edges.target[e]];
    const key = `${holder}>${issuer}`;
    if (edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    candidates.push({ kind: 'remove', holder, issuer });
    if (edgeKeys.size >= top) break;
  }
  const passers = Array.from(passedByNode.keys())
    .filter((i) => passedByNode[i] > 0 && snapshot.kinds[i] === 'protocol')
    .sort((a, b) => passedByNode[b] - passedByNode[a] || a - b)
    .slice(0, top);
  for (const i of passers) {
    // Whole dollars, so the candidate reads back from a link exactly.
    candidates.push({ kind: 'recap', id: snapshot.ids[i], usd: Math.ceil(base.losses[i]) });
    candidates.push({ kind: 'ringfence', id: snapshot.ids[i] });
  }
  // Only the total loss matters here (no before/after summaries: they cost a sort per run).
  const ranked = candidates.map((intervention) => {
    const applied = applyInterventions(snapshot, [intervention], options);
    const after = runContagion(applied.snapshot, seeds, { ...applied.options, recordRounds: false });
    const lossSaved = base.totalLoss - after.totalLoss;
    const usdCost = applied.hasUsdCost ? applied.usdCost : null;
    return {
      intervention,
      description: describeIntervention(snapshot, intervention),
      lossSaved,
      usdCost,
      savedPerUsd: usdCost !== null && usdCost > 0 ? lossSaved / usdCost : null,
    };
  });
  return ranked.sort((a, b) => {
    if (a.savedPerUsd !== null && b.savedPerUsd !== null) return b.savedPerUsd - a.savedPerUsd;
    if (a.savedPerUsd !== null) return -1;
    if (b.savedPerUsd !== null) return 1;
    return b.lossSaved - a.lossSaved;
  });
}
