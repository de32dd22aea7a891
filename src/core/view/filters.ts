// Exploration filters (what the canvas draws, never what is computed): they compose (every active
// filter must pass), are shown as chips and live in the URL. Pure: a snapshot and the scenario's
// touched set in, masks out.
import { SECTORS, type Sector, type Snapshot } from '../types';

/** Which edges are drawn between the nodes that pass: all, the N heaviest, or those ≥ a USD amount. */
export type EdgeRule = { kind: 'auto' } | { kind: 'all' } | { kind: 'top'; n: number } | { kind: 'min'; usd: number };

export interface ExploreFilters {
  /** Empty = every sector. */
  sectors: Sector[];
  categories: string[];
  chains: string[];
  /** TVL range in USD (null = open end). */
  tvlMin: number | null;
  tvlMax: number | null;
  edges: EdgeRule;
  /** Only nodes the current scenario touched (a seed or a loss > 0). */
  touched: boolean;
  /** Case-insensitive text in the name, id or category. */
  search: string;
  /** Also draw what the passing nodes hold (their out-neighbours), as "… and what they hold". */
  withHoldings: boolean;
}

export const NO_FILTERS: ExploreFilters = {
  sectors: [],
  categories: [],
  chains: [],
  tvlMin: null,
  tvlMax: null,
  edges: { kind: 'auto' },
  touched: false,
  search: '',
  withHoldings: false,
};

/** The default edge rule (`auto`): graphs above this many edges show only the heaviest ones. */
export const AUTO_EDGE_LIMIT = 600;
export const AUTO_EDGE_TOP = 400;

/** Short, URL-safe sector codes, in SECTORS order. */
export const SECTOR_CODES: Record<Sector, string> = {
  'Trading & Exchanges': 'trading',
  'Asset Management': 'asset',
  'Lending, Borrowing & Real World Assets': 'lending',
  'Infrastructure, Services & Financial Products': 'infra',
  'Privacy & Security': 'privacy',
  'Primary Market Tokens': 'primary',
  'Other / Unknown': 'other',
};
const SECTOR_BY_CODE = new Map(SECTORS.map((s) => [SECTOR_CODES[s], s]));

/** The edge rule the `auto` default stands for on a graph of m edges. */
export function resolveEdgeRule(rule: EdgeRule, m: number): Exclude<EdgeRule, { kind: 'auto' }> {
  if (rule.kind !== 'auto') return rule;
  return m > AUTO_EDGE_LIMIT ? { kind: 'top', n: AUTO_EDGE_TOP } : { kind: 'all' };
}

export function isFiltering(f: ExploreFilters): boolean {
  return (
    f.sectors.length > 0 ||
    f.categories.length > 0 ||
    f.chains.length > 0 ||
    f.tvlMin !== null ||
    f.tvlMax !== null ||
    f.touched ||
    f.search.trim() !== ''
  );
}

export interface FilteredView {
  /** 1 = the node is drawn. */
  node: Uint8Array;
  /** 1 = the edge is drawn (both ends drawn and the edge rule passes). */
  edge: Uint8Array;
  nodeCount: number;
  edgeCount: number;
  /** Edges between drawn nodes before the edge rule (to say "400 of 1,234 edges"). */
  edgeCandidates: number;
}

/** Applies every filter. `touched` marks the nodes the scenario reached (null: no scenario). */
export function applyFilters(snapshot: Snapshot, f: ExploreFilters, touched: ArrayLike<number> | null): FilteredView {
  const n = snapshot.n;
  const node = new Uint8Array(n);
  const sectors = f.sectors.length ? new Set<string>(f.sectors) : null;
  const categories = f.categories.length ? new Set(f.categories.map((c) => c.toLowerCase())) : null;
  const chains = f.chains.length ? new Set(f.chains.map((c) => c.toLowerCase())) : null;
  const text = f.search.trim().toLowerCase();
  for (let i = 0; i < n; i++) {
    if (sectors && !sectors.has(snapshot.sectors[i])) continue;
    if (categories && !categories.has(snapshot.categories[i].toLowerCase())) continue;
    if (chains && !snapshot.chains[i].some((c) => chains.has(c.toLowerCase()))) continue;
    const tvl = snapshot.tvl[i];
    if (f.tvlMin !== null && !(tvl >= f.tvlMin)) continue;
    if (f.tvlMax !== null && !(tvl <= f.tvlMax)) continue;
    if (f.touched && !(touched && touched[i] > 0)) continue;
    if (
      text &&
      !snapshot.names[i].toLowerCase().includes(text) &&
      !snapshot.ids[i].toLowerCase().includes(text) &&
      !snapshot.categories[i].toLowerCase().includes(text)
    )
      continue;
    node[i] = 1;
  }
  const { m, source, target, weight } = snapshot.edges;
  if (f.withHoldings) {
    const passing = node.slice();
    for (let e = 0; e < m; e++) if (passing[source[e]]) node[target[e]] = 1;
  }
  const edge = new Uint8Array(m);
  const candidates: number[] = [];
  for (let e = 0; e < m; e++) if (node[source[e]] && node[target[e]] && weight[e] > 0) candidates.push(e);
  const rule = resolveEdgeRule(f.edges, m);
  if (rule.kind === 'all') for (const e of candidates) edge[e] = 1;
  else if (rule.kind === 'min') for (const e of candidates) edge[e] = weight[e] >= rule.usd ? 1 : 0;
  else {
    // Ties broken by edge index, so the same URL always draws the same edges.
    candidates.sort((a, b) => weight[b] - weight[a] || a - b);
    for (let k = 0; k < Math.min(rule.n, candidates.length); k++) edge[candidates[k]] = 1;
  }
  let nodeCount = 0;
  for (let i = 0; i < n; i++) nodeCount += node[i];
  let edgeCount = 0;
  for (let e = 0; e < m; e++) edgeCount += edge[e];
  return { node, edge, nodeCount, edgeCount, edgeCandidates: candidates.length };
}

// ---- URL --------------------------------------------------------------------------------------
// sector=lending,trading  category=Lending|CDP  chain=Ethereum|Base  tvl=1e8..5e9  edges=all|top:N|min:USD
// touched=1  q=text  hold=1. Lists of free text use '|' (a category may contain a comma).

export function readFilterParams(get: (key: string) => string | null, problems: string[]): ExploreFilters {
  const f: ExploreFilters = { ...NO_FILTERS, sectors: [], categories: [], chains: [] };
  const sector = get('sector');
  if (sector) {
    for (const code of sector.split(',')) {
      const s = SECTOR_BY_CODE.get(code.trim());
      if (s) f.sectors.push(s);
      else problems.push(`sector="${code}" must be one of ${[...SECTOR_BY_CODE.keys()].join(', ')}`);
    }
  }
  const list = (key: string) =>
    (get(key) ?? '')
      .split('|')
      .map((x) => x.trim())
      .filter(Boolean);
  f.categories = list('category');
  f.chains = list('chain');
  const tvl = get('tvl');
  if (tvl !== null) {
    const cut = tvl.indexOf('..');
    const m = cut < 0 ? null : [tvl, tvl.slice(0, cut), tvl.slice(cut + 2)];
    const lo = m && m[1] !== '' ? Number(m[1]) : null;
    const hi = m && m[2] !== '' ? Number(m[2]) : null;
    if (!m || (lo !== null && !(lo >= 0)) || (hi !== null && !(hi >= 0)))
      problems.push(`tvl="${tvl}" must be MIN..MAX in USD (either end may be left out), e.g. tvl=1e8..`);
    else {
      f.tvlMin = lo;
      f.tvlMax = hi;
    }
  }
  const edges = get('edges');
  if (edges !== null) {
    const parsed = parseEdgeRule(edges);
    if (parsed) f.edges = parsed;
    else problems.push(`edges="${edges}" must be all, top:N or min:USD`);
  }
  f.touched = get('touched') === '1';
  f.search = get('q') ?? '';
  f.withHoldings = get('hold') === '1';
  return f;
}

function parseEdgeRule(raw: string): EdgeRule | null {
  if (raw === 'all') return { kind: 'all' };
  const [kind, value] = raw.split(':');
  const x = Number(value);
  if (kind === 'top' && Number.isInteger(x) && x >= 0) return { kind: 'top', n: x };
  if (kind === 'min' && Number.isFinite(x) && x >= 0) return { kind: 'min', usd: x };
  return null;
}

export function writeFilterParams(f: ExploreFilters, set: (key: string, value: string) => void): void {
  if (f.sectors.length) set('sector', f.sectors.map((s) => SECTOR_CODES[s]).join(','));
  if (f.categories.length) set('category', f.categories.join('|'));
  if (f.chains.length) set('chain', f.chains.join('|'));
  if (f.tvlMin !== null || f.tvlMax !== null) set('tvl', `${f.tvlMin ?? ''}..${f.tvlMax ?? ''}`);
  if (f.edges.kind === 'all') set('edges', 'all');
  else if (f.edges.kind === 'top') set('edges', `top:${f.edges.n}`);
  else if (f.edges.kind === 'min') set('edges', `min:${f.edges.usd}`);
  if (f.touched) set('touched', '1');
  if (f.search) set('q', f.search);
  if (f.withHoldings) set('hold', '1');
}
