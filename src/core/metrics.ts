// Network metrics of an exposure snapshot (DeXposure-FM, Sec. 6.1): PageRank, tail exposure,
// Systemic Importance Score, sector spillover and network-level risk metrics.
// Implementation in ./metrics/; see each file's header for the definitions and decisions.
export { pagerank, type PagerankOptions } from './metrics/pagerank';
export { tailExposure, systemicImportance, type SisResult } from './metrics/sis';
export { sectorSpillover, SPILLOVER_GROUPS, type SpilloverGroup, type SpilloverResult } from './metrics/spillover';
export { networkRiskMetrics, metricsToJson, topK, type NetworkRiskMetrics, type MetricsJson } from './metrics/network';
export { gini, hhi } from './metrics/stats';
