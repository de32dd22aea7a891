// Row shapes of the raw sources, as the pure build steps take them.

/** protocols_5m.csv + protocols_1m_5m.csv (every DefiLlama protocol with TVL ≥ 1 M USD), or a dated protocols_DATE_10m.csv. */
export interface ProtocolRow {
  rank: number;
  /** DefiLlama protocol id (the node id of the DeXposure graphs). */
  id: string;
  name: string;
  /** DefiLlama slug: what yield pools name as their `project`. */
  slug: string;
  category: string;
  tvlUsd: number;
  /** DefiLlama's listing time (ISO), when it has one. */
  listedAt?: string;
}

/** yield_pools_5m.csv + yield_pools_1m_5m.csv: one pool = the `project` holds `tvlUsd` of `symbol` on `chain`. */
export interface PoolRow {
  project: string;
  chain: string;
  symbol: string;
  tvlUsd: number;
  poolMeta: string;
}

/** meta_df.csv row (granular DefiLlama category). */
export interface MetaEntry {
  name: string;
  category: string;
}

/** token_to_protocol.json: group (MAP | LP | UNKNOWN | PRIMARY | OTHER) -> TOKEN -> {id}. */
export type DexposureTokenMap = Record<string, Record<string, { id: string; frequency?: number }>>;

/** defillama-2023-10-19/protocols.json, the fields we use. */
export interface Protocol2023 {
  id: string;
  name: string;
  category: string;
  chains: string[];
  tvlUsd: number;
  /** DefiLlama's parent (e.g. "parent#aave"): the protocol family. */
  parentProtocol?: string;
  /** The protocol's own (governance) token symbol, when it has one. */
  symbol?: string;
}
