// Which protocols a scenario, its percentages and every ranking are about.
//
// 'defi' (default) leaves out centralised exchanges (DefiLlama category "CEX"), as DefiLlama's own
// DeFi TVL does: their "TVL" is exchange wallet balances, 29 of them hold 287.5 bn of the default
// week's 543 bn, and counting them would make Binance the "largest protocol" that the top-1 preset
// shocks and the denominator of every percentage. 'all' keeps every node, as the DeXposure
// reference does.
//
// A perimeter is a view of the snapshot without the excluded nodes (and their edges, holdings and
// issued tokens), so contagion, metrics, presets, the sweep, the canvas and every denominator
// follow it with no special case anywhere else. Cached per (snapshot, perimeter); when nothing is
// excluded the snapshot itself is returned.
import type { Snapshot } from './types';

export const PERIMETERS = ['defi', 'all'] as const;
export type Perimeter = (typeof PERIMETERS)[number];
export const DEFAULT_PERIMETER: Perimeter = 'defi';

export const PERIMETER_DESCRIPTIONS: Record<Perimeter, { short: string; label: string; denominator: string }> = {
  defi: { short: 'DeFi', label: 'DeFi (excl. CEX)', denominator: 'DeFi protocol TVL, centralised exchanges excluded' },
  all: { short: 'DeFi + CEX', label: 'All (incl. CEX)', denominator: 'protocol TVL, centralised exchanges included' },
};

/** What every percentage is of, stated beside the numbers (CLI JSON and exports). */
export function perimeterJson(perimeter: Perimeter) {
  return { perimeter, denominator: PERIMETER_DESCRIPTIONS[perimeter].denominator };
}

export function isPerimeter(value: unknown): value is Perimeter {
  return (PERIMETERS as readonly unknown[]).includes(value);
}

/** DefiLlama's category for centralised exchanges (any case). */
export function isCexCategory(category: string): boolean {
  return category.trim().toLowerCase() === 'cex';
}

/** Whether node i of the snapshot lies inside the perimeter. */
export function inPerimeter(snapshot: Snapshot, i: number, perimeter: Perimeter): boolean {
  return perimeter === 'all' || !(snapshot.kinds[i] === 'protocol' && isCexCategory(snapshot.categories[i]));
}

const views = new WeakMap<Snapshot, Map<Perimeter, Snapshot>>();

/** The snapshot restricted to the perimeter (the same object when nothing is left out). */
export function applyPerimeter(snapshot: Snapshot, perimeter: Perimeter): Snapshot {
  let byPerimeter = views.get(snapshot);
  const cached = byPerimeter?.get(perimeter);
  if (cached) return cached;
  const view = restrict(snapshot, perimeter);
  if (!byPerimeter) views.set(snapshot, (byPerimeter = new Map()));
  byPerimeter.set(perimeter, view);
  return view;
}

function restrict(snapshot: Snapshot, perimeter: Perimeter): Snapshot {
  const keep: number[] = [];
  for (let i = 0; i < snapshot.n; i++) if (inPerimeter(snapshot, i, perimeter)) keep.push(i);
  if (keep.length === snapshot.n) return snapshot;

  const newIndex = new Int32Array(snapshot.n).fill(-1);
  keep.forEach((old, i) => (newIndex[old] = i));
  const pick = <T>(values: T[]) => keep.map((i) => values[i]);

  const { edges, holdings, tokens } = snapshot;
  const edgeKeep: number[] = [];
  for (let e = 0; e < edges.m; e++) {
    if (newIndex[edges.source[e]] >= 0 && newIndex[edges.target[e]] >= 0) edgeKeep.push(e);
  }
  const holdingKeep: number[] = [];
  for (let h = 0; h < holdings.count; h++) if (newIndex[holdings.node[h]] >= 0) holdingKeep.push(h);

  return {
    ...snapshot,
    n: keep.length,
    ids: pick(snapshot.ids),
    names: pick(snapshot.names),
    categories: pick(snapshot.categories),
    sectors: pick(snapshot.sectors),
    kinds: pick(snapshot.kinds),
    chains: pick(snapshot.chains),
    tvl: Float64Array.from(keep, (i) => snapshot.tvl[i]),
    edges: {
      m: edgeKeep.length,
      source: Int32Array.from(edgeKeep, (e) => newIndex[edges.source[e]]),
      target: Int32Array.from(edgeKeep, (e) => newIndex[edges.target[e]]),
      weight: Float64Array.from(edgeKeep, (e) => edges.weight[e]),
    },
    holdings: {
      count: holdingKeep.length,
      node: Int32Array.from(holdingKeep, (h) => newIndex[holdings.node[h]]),
      token: Int32Array.from(holdingKeep, (h) => holdings.token[h]),
      usd: Float64Array.from(holdingKeep, (h) => holdings.usd[h]),
    },
    // Tokens issued by an excluded node keep their holdings but no longer have an issuer here.
    tokens: {
      symbols: tokens.symbols,
      issuer: Int32Array.from(tokens.issuer, (i) => (i >= 0 ? newIndex[i] : -1)),
    },
    layout: snapshot.layout
      ? {
          x: Float32Array.from(keep, (i) => snapshot.layout!.x[i]),
          y: Float32Array.from(keep, (i) => snapshot.layout!.y[i]),
        }
      : undefined,
  };
}

/** Nodes and TVL the perimeter leaves out of a snapshot (for "excludes 29 CEX, 287.5 bn"). */
export function excludedByPerimeter(snapshot: Snapshot, perimeter: Perimeter): { count: number; tvl: number } {
  let count = 0;
  let tvl = 0;
  for (let i = 0; i < snapshot.n; i++) {
    if (inPerimeter(snapshot, i, perimeter)) continue;
    count++;
    if (snapshot.tvl[i] > 0) tvl += snapshot.tvl[i];
  }
  return { count, tvl };
}
