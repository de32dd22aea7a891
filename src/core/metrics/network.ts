// Network-level risk metrics of one snapshot, and the JSON the CLI `metrics` command prints.
//
// Which nodes each metric is over:
// - TVL concentration (tvl_hhi, tvl_gini, top10_tvl_share, total_tvl): protocol-kind nodes
//   only. A token node's "TVL" is the USD of a primary token (e.g. USDC) held by protocols
//   in the graph; that value already sits in the holders' TVL, so counting it would
//   double-count and let stablecoins dominate the concentration figures.
// - Everything structural (density, degrees, SIS, node_count): all nodes, protocol and token,
//   because token nodes are real counterparties in the exposure graph (as in DeXposure).
// - Edges: the canonical graph of graph.ts (positive weight, no self-loops, duplicates summed).
// Degree = in-degree + out-degree (distinct creditors + distinct debtors, as networkx's
// DiGraph.degree): a node matters to the network both as a holder and as an issuer.
import type { Snapshot } from '../types';
import { exposureGraph } from '../graph';
import { cleanAmount, gini, hhi } from './stats';
import { systemicImportance, type SisResult } from './sis';
import { sectorSpillover, type SpilloverGroup } from './spillover';

export interface NetworkRiskMetrics {
  /** HHI of protocol TVL shares. */
  tvl_hhi: number;
  /** Gini of protocol TVLs. */
  tvl_gini: number;
  /** Share of protocol TVL held by the 10 largest protocols. */
  top10_tvl_share: number;
  /** HHI of edge-weight shares of total exposure. */
  edge_weight_hhi: number;
  /** E / (N(N−1)) over all nodes; 0 when N < 2. */
  density: number;
  /** Mean number of distinct creditors per node (= E / N). */
  mean_in_degree: number;
  max_in_degree: number;
  /** Gini of total degree (in + out) over all nodes. */
  degree_gini: number;
  mean_sis: number;
  max_sis: number;
  /** All nodes, protocol and token. */
  node_count: number;
  /** Distinct positive-weight edges. */
  edge_count: number;
  /** Σ protocol TVL (USD). */
  total_tvl: number;
  /** Σ edge weight (USD). */
  total_exposure: number;
}

export function networkRiskMetrics(
  snapshot: Snapshot,
  sis: SisResult = systemicImportance(snapshot),
): NetworkRiskMetrics {
  const g = exposureGraph(snapshot);
  const n = g.n;

  const protocolTvl: number[] = [];
  for (let i = 0; i < n; i++) if (snapshot.kinds[i] === 'protocol') protocolTvl.push(cleanAmount(snapshot.tvl[i]));
  let totalTvl = 0;
  for (const v of protocolTvl) totalTvl += v;
  const largestFirst = Float64Array.from(protocolTvl).sort().reverse();
  let top10 = 0;
  for (let r = 0; r < Math.min(10, largestFirst.length); r++) top10 += largestFirst[r];

  let maxIn = 0;
  const degree = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (g.inDegree[i] > maxIn) maxIn = g.inDegree[i];
    degree[i] = g.inDegree[i] + g.outDegree[i];
  }

  let sumSis = 0;
  let maxSis = 0;
  for (let i = 0; i < n; i++) {
    sumSis += sis.sis[i];
    if (sis.sis[i] > maxSis) maxSis = sis.sis[i];
  }

  return {
    tvl_hhi: hhi(protocolTvl),
    tvl_gini: gini(protocolTvl),
    top10_tvl_share: totalTvl > 0 ? top10 / totalTvl : 0,
    edge_weight_hhi: hhi(g.outWeight),
    density: n > 1 ? g.m / (n * (n - 1)) : 0,
    mean_in_degree: n > 0 ? g.m / n : 0,
    max_in_degree: maxIn,
    degree_gini: gini(degree),
    mean_sis: n > 0 ? sumSis / n : 0,
    max_sis: maxSis,
    node_count: n,
    edge_count: g.m,
    total_tvl: totalTvl,
    total_exposure: g.totalWeight,
  };
}

export interface MetricsJson extends NetworkRiskMetrics {
  /** SIS by node id. */
  sis: Record<string, number>;
  /** SIS's three terms by node id: PageRank / max PageRank, tail exposure, log(1+TVL) / max. */
  sis_components: Record<string, { pagerank: number; tail_exposure: number; log_tvl: number }>;
  spillover_total: number;
  spillover_index: number;
  spillover_matrix: { group: SpilloverGroup; groups: string[]; matrix: number[][] };
}

/** Everything above for one snapshot, JSON-ready (the CLI `metrics` command prints this). */
export function metricsToJson(snapshot: Snapshot, group: SpilloverGroup = 'sector'): MetricsJson {
  const sis = systemicImportance(snapshot);
  const spillover = sectorSpillover(snapshot, group);
  // Null-prototype records: ids are data, "__proto__" included.
  const byId = Object.create(null) as Record<string, number>;
  const components = Object.create(null) as MetricsJson['sis_components'];
  for (let i = 0; i < snapshot.n; i++) {
    byId[snapshot.ids[i]] = sis.sis[i];
    components[snapshot.ids[i]] = { pagerank: sis.pagerankTerm[i], tail_exposure: sis.tail[i], log_tvl: sis.size[i] };
  }
  return {
    sis: byId,
    sis_components: components,
    spillover_total: spillover.total,
    spillover_index: spillover.index,
    spillover_matrix: { group: spillover.group, groups: spillover.groups, matrix: spillover.matrix },
    ...networkRiskMetrics(snapshot, sis),
  };
}

/**
 * Indices of the k largest values, largest first, ties broken by the lower index; NaN ranks
 * last. `candidates` restricts the ranking to those indices (e.g. protocol nodes only).
 */
export function topK(values: ArrayLike<number>, k: number, candidates?: ArrayLike<number>): number[] {
  const pool = candidates ? Array.from(candidates) : Array.from({ length: values.length }, (_, i) => i);
  const key = (i: number) => (Number.isNaN(values[i]) ? -Infinity : values[i]);
  pool.sort((a, b) => key(b) - key(a) || a - b);
  return pool.slice(0, Math.max(0, Math.floor(k)));
}
