// Credit, licence and source versions written into every file's provenance (from SOURCES.md).

export const CREDIT =
  'Protocol and pool data: DefiLlama. Node metadata, token→issuer mapping and sector aggregates: the DeXposure dataset (Wu et al. 2025).';

/** The 2023 list uses DefiLlama's protocol list and DeXposure's sectors only: no pools, no token mapping. */
export const CREDIT_2023 = 'Protocol list: DefiLlama. Sectors: the DeXposure dataset (Wu et al. 2025).';

/** Source versions as SOURCES.md records them; the build checks SOURCES.md still names each. */
export const SOURCE_VERSIONS = {
  openDefiData: { repo: 'ConorsCode/open-defi-data', commit: '051e6d8c12cb' },
  dexposureMeta: { repo: 'JiaxinYang123/PythonProject', commit: 'b1597d6c4f64' },
  defiTvl: { repo: 'dthinkr/defi-tvl', commit: '17924344', file: 'gini/A_protocols.parquet' },
} as const;

export const LICENCE_2026 =
  `Pools and protocols: ${SOURCE_VERSIONS.openDefiData.repo} @ ${SOURCE_VERSIONS.openDefiData.commit} (code MIT; data DefiLlama's, "please credit DefiLlama"), scraped 2026-09-02T11:57Z. ` +
  `DeXposure metadata (meta_df.csv, id_to_info.json, token_to_protocol.json): ${SOURCE_VERSIONS.dexposureMeta.repo} @ ${SOURCE_VERSIONS.dexposureMeta.commit}, a repository with no licence file; used for attribution-credited facts only.`;

export const LICENCE_2023 =
  `Protocol list: ${SOURCE_VERSIONS.defiTvl.repo} @ ${SOURCE_VERSIONS.defiTvl.commit} (${SOURCE_VERSIONS.defiTvl.file}; no licence file; data DefiLlama's, "please credit DefiLlama"). ` +
  `Sectors: DeXposure id_to_info.json and meta_df.csv from ${SOURCE_VERSIONS.dexposureMeta.repo} @ ${SOURCE_VERSIONS.dexposureMeta.commit} (no licence file).`;

/** Versions that SOURCES.md no longer mentions (the raw data changed under us). */
export function missingSourceVersions(sourcesMd: string): string[] {
  return Object.values(SOURCE_VERSIONS)
    .filter((v) => !sourcesMd.includes(v.commit) || !sourcesMd.includes(v.repo))
    .map((v) => `${v.repo} @ ${v.commit}`);
}
