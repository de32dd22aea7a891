// Shock presets of the paper (Sec. 6.2) and parsers for the shock strings used by the CLI
// ("ID=δ,ID=δ") and the URL ("ID:δ").
import { BRIDGE_CATEGORIES, type Snapshot } from './types';
import { ScenarioError, type Seed } from './contagion';

export { ScenarioError } from './contagion';
export type { Seed } from './contagion';

export type ScenarioName = 'top1' | 'top5' | 'bridge';

export const SCENARIO_NAMES: readonly ScenarioName[] = ['top1', 'top5', 'bridge'];

/** The paper's default δ per preset. */
export const SCENARIO_DEFAULT_FRACTION: Record<ScenarioName, number> = { top1: 0.5, top5: 0.3, bridge: 1.0 };

const bridgeCategories = new Set(BRIDGE_CATEGORIES.map((c) => c.toLowerCase()));

/** Bridge sector: a category listed in BRIDGE_CATEGORIES (any case) or one containing "bridge". */
export function isBridgeCategory(category: string): boolean {
  const lower = category.trim().toLowerCase();
  return bridgeCategories.has(lower) || lower.includes('bridge');
}

function checkFraction(fraction: number, what: string): void {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new ScenarioError(`${what}: δ must be a number between 0 and 1 (got ${String(fraction)})`);
  }
}

/** Protocol-kind nodes with TVL > 0, largest TVL first (ties by id, for determinism). */
function protocolsByTvl(snapshot: Snapshot): number[] {
  const picked: number[] = [];
  for (let i = 0; i < snapshot.n; i++) {
    if (snapshot.kinds[i] === 'protocol' && snapshot.tvl[i] > 0) picked.push(i);
  }
  const ids = snapshot.ids;
  return picked.sort((a, b) => snapshot.tvl[b] - snapshot.tvl[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
}

/**
 * Seeds of a preset: top1 = the largest protocol by TVL at δ = 0.5; top5 = the five largest
 * at 0.3 each; bridge = every protocol in the bridge sector at 1.0. Token nodes are never
 * picked. `fraction` overrides the preset's δ. Throws ScenarioError when the snapshot has
 * no node the preset can shock (an empty seed list would silently report zero loss).
 */
export function scenarioSeeds(snapshot: Snapshot, name: ScenarioName, fraction?: number): Seed[] {
  if (!SCENARIO_NAMES.includes(name)) {
    throw new ScenarioError(`unknown scenario "${String(name)}" (use ${SCENARIO_NAMES.join(', ')})`);
  }
  const delta = fraction ?? SCENARIO_DEFAULT_FRACTION[name];
  checkFraction(delta, `scenario ${name}`);
  let nodes: number[];
  if (name === 'bridge') {
    nodes = [];
    for (let i = 0; i < snapshot.n; i++) {
      if (snapshot.kinds[i] === 'protocol' && isBridgeCategory(snapshot.categories[i])) nodes.push(i);
    }
    if (nodes.length === 0) throw new ScenarioError('scenario bridge: this snapshot has no Bridge-category protocol');
  } else {
    nodes = protocolsByTvl(snapshot).slice(0, name === 'top1' ? 1 : 5);
    if (nodes.length === 0) throw new ScenarioError(`scenario ${name}: this snapshot has no protocol with TVL > 0`);
  }
  return nodes.map((i) => ({ kind: 'protocol', id: snapshot.ids[i], fraction: delta }));
}

const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Splits "KEY=δ,KEY:δ" into [key, δ] pairs; the last '=' (else ':') separates, so keys may contain ':'. */
function parsePairs(spec: string, what: string): [string, number][] {
  if (typeof spec !== 'string' || spec.trim() === '') throw new ScenarioError(`no ${what} given`);
  return spec.split(',').map((raw) => {
    const item = raw.trim();
    let at = item.lastIndexOf('=');
    if (at < 0) at = item.lastIndexOf(':');
    if (at < 0) throw new ScenarioError(`${what} "${item}": expected KEY=δ or KEY:δ`);
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === '') throw new ScenarioError(`${what} "${item}": missing ${what === 'token shock' ? 'symbol' : 'id'}`);
    const fraction = NUMBER.test(value) ? Number(value) : NaN;
    // The item is quoted in the message, so the bad value is visible without repeating it.
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new ScenarioError(`${what} "${item}": δ must be a number between 0 and 1`);
    }
    return [key, fraction];
  });
}

/** "ID=δ[,ID=δ…]" (CLI) or "ID:δ[,…]" (URL) → protocol shocks. */
export function parseShockList(spec: string): Seed[] {
  return parsePairs(spec, 'shock').map(([id, fraction]) => ({ kind: 'protocol', id, fraction }));
}

/** "SYMBOL=δ[,…]" or "SYMBOL:δ[,…]" → token shocks. */
export function parseTokenShock(spec: string): Seed[] {
  return parsePairs(spec, 'token shock').map(([symbol, fraction]) => ({ kind: 'token', symbol, fraction }));
}

/** Human-readable seed list, e.g. "Aave V3 (1599) at 50%; token USDC at 30%". */
export function describeSeeds(snapshot: Snapshot, seeds: Seed[]): string {
  if (seeds.length === 0) return 'no shock';
  const nameOf = new Map(snapshot.ids.map((id, i) => [id, snapshot.names[i]]));
  const pct = (f: number) => `${+(f * 100).toFixed(2)}%`;
  return seeds
    .map((seed) => {
      if (seed.kind === 'token') return `token ${seed.symbol} at ${pct(seed.fraction)}`;
      const name = nameOf.get(seed.id);
      return `${name && name !== seed.id ? `${name} (${seed.id})` : seed.id} at ${pct(seed.fraction)}`;
    })
    .join('; ');
}
