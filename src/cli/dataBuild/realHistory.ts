// The real multi-date dataset (pure): the dated DefiLlama pool snapshots of defillama-history/
// (every pool ≥ 10 M USD, six dates 2026-08-12 … 09-02) with the protocol TVLs of the same dates,
// mapped token -> issuer exactly as the default week (mapping.ts), with SOURCES.md's sanity rules.
// Real, not synthetic; the dates are 2–7 days apart, not weekly.
import {
  compactSnapshotSchema,
  COMPACT_FORMAT,
  COMPACT_VERSION,
  type CompactSnapshotFile,
} from '../../core/snapshot/compactSchema';
import type { Sector } from '../../core/types';
import { dedupePools, sectorOfNode, shares } from './defillama2026';
import { forceLayout } from './layout';
import { tokenMapping, type MappingInput } from './mapping';
import { nameOfSlug } from './names';
import { CREDIT } from './provenance';
import type { PoolRow } from './types';
import { attributePools, capHoldingsAtTvl, dropImpossiblePools, type DroppedPool, type HolderPool } from './week';

export const DATASET_REAL_HISTORY = {
  name: 'defillama-history-2026-08',
  title: 'DefiLlama, six dates 2026-08-12 … 09-02 (pools ≥ 10 M USD)',
} as const;

export interface DatedSource {
  date: string;
  pools: PoolRow[];
  tvls: { id: string; slug: string; tvlUsd: number }[];
}

export interface RealHistoryResult {
  file: CompactSnapshotFile;
  perDate: {
    date: string;
    pools: number;
    edges: number;
    holdings: number;
    protocols: number;
    poolUsd: number;
    dropped: DroppedPool[];
    scaled: number;
    estimatedTvl: number;
    unmappedShare: number;
  }[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const floor2 = (x: number) => Math.floor(x * 100) / 100;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const poolKey = (p: PoolRow) => JSON.stringify([p.project, p.chain, p.symbol, p.poolMeta]);

/**
 * A pool that jumps more than tenfold between adjacent dates while its project does not is a
 * reporting error (SOURCES.md: 2026-08-24's 31.4 bn aerodrome-slipstream and 16.4 bn fluid-dex pools).
 */
export function jumpErrors(dates: { pools: PoolRow[]; tvlOfSlug: Map<string, number> }[], factor = 10): Set<string>[] {
  return dates.map((d, i) => {
    const bad = new Set<string>();
    for (const p of d.pools) {
      const k = poolKey(p);
      for (const j of [i - 1, i + 1]) {
        const other = dates[j];
        if (!other) continue;
        const prev = other.pools.find((q) => poolKey(q) === k);
        if (!prev || prev.tvlUsd <= 0) continue;
        const projectNow = d.tvlOfSlug.get(p.project);
        const projectThen = other.tvlOfSlug.get(p.project);
        const projectJump = projectNow && projectThen ? projectNow / projectThen : 1;
        if (p.tvlUsd > factor * prev.tvlUsd && projectJump < factor) bad.add(k);
      }
    }
    return bad;
  });
}

export function buildRealHistory(
  input: MappingInput & { pools2026: PoolRow[] },
  sources: DatedSource[],
): RealHistoryResult {
  const slugs = sources.flatMap((s) => s.pools.map((p) => p.project));
  const m = tokenMapping(input, input.pools2026, slugs);
  const listed = new Map(input.protocols.map((p) => [p.id, p]));
  const meta = input.meta;
  const pj = new Map(input.protocols2023.map((p) => [p.id, p]));
  const dated = sources.map((s) => ({
    ...s,
    pools: dedupePools(s.pools).pools,
    tvlOfSlug: new Map(s.tvls.map((t) => [t.slug, t.tvlUsd])),
    tvlOfId: new Map(s.tvls.map((t) => [t.id, t.tvlUsd])),
  }));
  const jumps = jumpErrors(dated);
  const nodeInfo = new Map<string, { name: string; category: string; sector: Sector; chains: Set<string> }>();
  const info = (id: string) => {
    let n = nodeInfo.get(id);
    if (!n) {
      const name = listed.get(id)?.name ?? meta.get(id)?.name ?? input.idToInfo.get(id)?.name ?? pj.get(id)?.name;
      const category = m.categoryOf(id) ?? 'Unknown';
      n = {
        name: name ?? nameOfSlug(id),
        category,
        sector: sectorOfNode(id, category, input.idToInfo),
        chains: new Set(),
      };
      nodeInfo.set(id, n);
    }
    return n;
  };
  const weeks: CompactSnapshotFile['weeks'] = [];
  const perDate: RealHistoryResult['perDate'] = [];
  let lastEdges: [string, string, number][] = [];
  const primaryHeld = new Set<string>();
  const tokenRows = new Map<string, { symbol: string; issuer: string | null; primary: boolean; rule: string }>();
  dated.forEach((d, i) => {
    const holderPools: HolderPool[] = d.pools.filter((p) => !jumps[i].has(poolKey(p))).map(m.holderPool);
    const jumpDropped: DroppedPool[] = d.pools
      .filter((p) => jumps[i].has(poolKey(p)))
      .map((p) => ({
        project: p.project,
        chain: p.chain,
        symbol: p.symbol,
        usd: p.tvlUsd,
        projectTvl: d.tvlOfSlug.get(p.project) ?? 0,
        reason: 'more than tenfold its size at an adjacent date while its project was not',
      }));
    const tvlOf = (id: string) => d.tvlOfId.get(id);
    const { kept, dropped } = dropImpossiblePools(holderPools, tvlOf, m.isOwnSupply);
    const attribution = attributePools(kept, m.resolve, m.hand, m.nodeOf);
    const scaled = capHoldingsAtTvl(attribution, tvlOf);
    // Week TVL: DefiLlama's at that date (≥ 10 M USD); holders below the cut are sized by their own
    // pools and issuers by the USD held of their tokens (lower bounds, counted in the notes).
    const tvl: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [id, usd] of d.tvlOfId) tvl[id] = round2(usd);
    let estimated = 0;
    const poolUsd = new Map<string, number>();
    for (const p of kept) {
      poolUsd.set(p.holder, (poolUsd.get(p.holder) ?? 0) + p.usd);
      info(p.holder).chains.add(p.chain);
    }
    for (const [id, usd] of poolUsd)
      if (!(id in tvl)) {
        tvl[id] = round2(usd);
        estimated++;
      }
    const heldOfIssuer = new Map<string, number>();
    for (const [key, usd] of attribution.holdings) {
      const t = attribution.held.get(key.slice(key.indexOf('\0') + 1));
      if (t?.kind === 'issuer') heldOfIssuer.set(t.issuer!, (heldOfIssuer.get(t.issuer!) ?? 0) + usd);
    }
    for (const [id, usd] of heldOfIssuer)
      if (!(id in tvl) && usd > 0) {
        tvl[id] = round2(usd);
        estimated++;
      }
    for (const id of Object.keys(tvl)) info(id);
    for (const t of attribution.held.values()) {
      tokenRows.set(t.symbol, {
        symbol: t.symbol,
        issuer: t.kind === 'issuer' ? t.issuer! : null,
        primary: t.kind === 'primary',
        rule: t.via,
      });
      if (t.kind === 'primary') primaryHeld.add(t.symbol);
    }
    const split = (key: string) => key.split('\0') as [string, string];
    const holdings = [...attribution.holdings]
      .filter(([, usd]) => usd > 0)
      .map(([k, usd]) => [...split(k), floor2(usd)] as [string, string, number])
      .sort((a, b) => b[2] - a[2] || byString(a[0], b[0]) || byString(a[1], b[1]));
    const edges = [...attribution.edges]
      .filter(([k, usd]) => usd > 0 && (split(k)[1] in tvl || primaryHeld.has(split(k)[1])))
      .map(([k, usd]) => [...split(k), floor2(usd)] as [string, string, number])
      .sort((a, b) => b[2] - a[2] || byString(a[0], b[0]) || byString(a[1], b[1]));
    lastEdges = edges;
    weeks.push({ date: d.date, tvl, holdings, edges });
    const total = kept.reduce((s, p) => s + p.usd, 0);
    perDate.push({
      date: d.date,
      pools: kept.length,
      edges: edges.length,
      holdings: holdings.length,
      protocols: Object.keys(tvl).length,
      poolUsd: total,
      dropped: [...jumpDropped, ...dropped],
      scaled: scaled.length,
      estimatedTvl: estimated,
      unmappedShare: shares(attribution.coverageUsd, total).unmapped,
    });
  });
  const ids = [...nodeInfo.keys()].sort(byString);
  const latestTvl = (id: string) => {
    for (let i = weeks.length - 1; i >= 0; i--) if (id in weeks[i].tvl!) return weeks[i].tvl![id];
    return 0;
  };
  const protocols = ids
    .map((id) => ({
      id,
      name: nodeInfo.get(id)!.name,
      category: nodeInfo.get(id)!.category,
      sector: nodeInfo.get(id)!.sector,
      chains: [...nodeInfo.get(id)!.chains].sort(byString),
      tvl: latestTvl(id),
    }))
    .sort((a, b) => b.tvl - a.tvl || byString(a.id, b.id));
  const layout = forceLayout(
    [
      ...protocols.map((p) => ({ id: p.id, sector: p.sector, tvl: p.tvl })),
      ...[...primaryHeld].sort(byString).map((s) => ({ id: s, sector: 'Primary Market Tokens' as Sector, tvl: 0 })),
    ],
    lastEdges,
  );
  const dropped = perDate.flatMap((p) =>
    p.dropped.map((x) => `${p.date} ${x.project} ${x.symbol} ${(x.usd / 1e9).toFixed(2)} bn (${x.reason})`),
  );
  const file: CompactSnapshotFile = {
    format: COMPACT_FORMAT,
    version: COMPACT_VERSION,
    name: DATASET_REAL_HISTORY.name,
    title: DATASET_REAL_HISTORY.title,
    provenance: {
      source:
        'DefiLlama yield pools ≥ 10 M USD and protocol TVLs ≥ 10 M USD at six scrape dates (open-defi-data data/yields.csv and data/protocols.csv), token→issuer mapped as the default week',
      date: weeks[weeks.length - 1].date,
      synthetic: false,
      credit: CREDIT,
      licence:
        'ConorsCode/open-defi-data at commits 47a8bbbe…, c857ac96…, 5b5d1097…, 3f079aa1…, 1159c812…, 051e6d8c… (code MIT; data DefiLlama\'s, "please credit DefiLlama"). DeXposure metadata: JiaxinYang123/PythonProject @ b1597d6c4f64 (no licence file).',
      notes: [
        `Real multi-date data, not weekly: ${weeks.map((w) => w.date).join(', ')} (2–7 days apart). Only pools ≥ 10 M USD, so part of the churn between dates is pools crossing the cut.`,
        `Each date: DefiLlama protocol TVLs ≥ 10 M USD; holders below the cut are sized by their own pools and issuers below it by the USD held of their tokens (lower bounds; ${perDate.map((p) => `${p.date}: ${p.estimatedTvl}`).join(', ')} estimated).`,
        `Holdings are scaled to each holder's TVL where they exceed it (${perDate.map((p) => `${p.date}: ${p.scaled}`).join(', ')} holders).`,
        `Reporting errors dropped: ${dropped.join('; ') || 'none'}.`,
        `Unmapped share of pool USD per date: ${perDate.map((p) => `${p.date} ${(100 * p.unmappedShare).toFixed(1)}%`).join(', ')}.`,
      ].join(' '),
    },
    protocols,
    tokens: [...tokenRows.values()]
      .filter((t) => t.issuer === null || ids.includes(t.issuer))
      .sort((a, b) => byString(a.symbol, b.symbol)),
    weeks,
    layout,
  };
  compactSnapshotSchema.parse(file);
  return { file, perDate };
}
