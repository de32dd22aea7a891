// Parameters and fixed constants of the synthetic history generator (src/core/synthetic/):
// target scales, the model parameters written to each file's provenance, the options of a run,
// and the sector indices the generator works with.
import { SECTORS } from '../types';

/** Number of sectors: sector-pair totals are indexed a * S + b (SECTORS order). */
export const S = SECTORS.length;
/** Index of 'Primary Market Tokens', the sector of token nodes (USDT, USDC, WETH…). */
export const PMT = SECTORS.indexOf('Primary Market Tokens');

/** The paper's average weekly graph: 5,676 nodes (protocols + primary token nodes), 30,424 edges. */
export const PAPER_SCALE = { nodes: 5676, edges: 30424 } as const;
/** About the largest real week (2025-01: 11,088 nodes). */
export const LARGE_SCALE = { nodes: 11000, edges: 65000 } as const;

export const SYNTHETIC_SOURCE = 'Synthetic: seeded generator calibrated to the DeXposure sector series';
export const SYNTHETIC_CREDIT =
  'Synthetic history. Calibrated to the weekly sector aggregates of the DeXposure dataset (Wu et al. 2025), with its node metadata and token→issuer mapping; protocol names, categories and TVL ranks: DefiLlama.';

/** Model parameters (also written to each file's provenance notes). */
export const HISTORY_PARAMS = {
  /**
   * Share of a week's edges still there the next week (|E_t ∩ E_t+1| / |E_t|). The paper quotes
   * 98.5% for DeXposure's token-level graphs; our real DefiLlama dates (2026-08-24 → 08-31, seven
   * days; holder → issuer pairs) keep 95.4% (Jaccard 0.908), so the generator follows the real rate.
   */
  retention: 0.955,
  /** Weekly share of alive protocols (and token nodes) that leave. */
  exitRate: 0.003,
  /** Edges per node (protocols + token nodes): the paper's 30,424 / 5,676. */
  edgesPerNode: PAPER_SCALE.edges / PAPER_SCALE.nodes,
  /** TVL: weight of the sector trend, and its smoothing half-life (weeks). */
  trendBeta: 0.5,
  trendHalfLife: 6,
  /** TVL idiosyncratic process: momentum persistence and noise, level noise, pull to 0, jumps. */
  momentumPhi: 0.85,
  momentumSd: 0.012,
  noiseSd: 0.03,
  meanReversion: 0.01,
  jumpProb: 0.01,
  jumpSd: 0.25,
  /** Entrants start at this share of their size (uniform range) and grow over rampWeeks. */
  entryStart: [0.03, 0.2] as [number, number],
  rampWeeks: [6, 20] as [number, number],
  /** Exits: weeks of decline before leaving, and the log-TVL lost per week meanwhile. */
  declineWeeks: 8,
  declinePerWeek: [0.08, 0.25] as [number, number],
  /** Edge log-weight AR(1): pull to the edge's level, noise, coupling to the issuer's TVL moves. */
  edgeTheta: 0.1,
  edgeSd: 0.08,
  edgeLevelSd: 1.0,
  issuerCoupling: 0.5,
  /** New edges start this far (log) below their level. */
  newEdgeShortfall: [1, 2.5] as [number, number],
  /** Share of new edges drawn among 2-hop neighbours. */
  twoHopShare: 0.35,
  /** Target sector of a new edge ∝ (trailing mean real total of the pair)^pairExponent. */
  pairExponent: 0.5,
  pairWindow: 8,
  /** Degree target ∝ TVL^degreeTvlExponent × lognormal(degreeNoiseSd). */
  degreeTvlExponent: 0.3,
  degreeNoiseSd: 0.5,
} as const;

export interface HistoryOptions {
  seed?: number;
  /** Protocols over the whole history (union of all weeks); default 600. */
  protocols?: number;
  /** Alternative size: nodes (protocols + token nodes) in the last week. */
  nodesLastWeek?: number;
  /** Number of weeks; default 160 (the latest ones unless `start` is given). */
  weeks?: number;
  /** First week (YYYY-MM-DD; the first calibration week on or after it). */
  start?: string;
  /** Overrides HISTORY_PARAMS.edgesPerNode. */
  edgesPerNode?: number;
  /** Overrides HISTORY_PARAMS.retention. */
  retention?: number;
  /** Overrides HISTORY_PARAMS.exitRate. */
  exitRate?: number;
  name?: string;
  title?: string;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
