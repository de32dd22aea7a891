// `npm run data [-- snapshots] [--shared DIR]`: builds our compact real-data snapshots in
// public/data/ from the raw sources in ../shared/data (never copied into the repository).
// `npm run data -- history …`: the synthetic history (src/cli/history.ts).
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CATEGORY_TO_SECTOR } from '../core/sectors';
import { catalogueEntryFor, writeCatalogue } from './dataBuild/catalogue';
import { buildDefillama2026, DATASET_2026, unmappedSymbols, type Build2026Result } from './dataBuild/defillama2026';
import { HAND_TOKENS } from './dataBuild/handTokens';
import { buildProtocols2023, DATASET_2023 } from './dataBuild/protocols2023';
import { missingSourceVersions } from './dataBuild/provenance';
import { buildRealHistory, DATASET_REAL_HISTORY } from './dataBuild/realHistory';
import { readHistorySources, readSources } from './dataBuild/sources';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PUBLIC_DATA = join(REPO, 'public/data');

const USAGE = `Usage: npm run data [-- snapshots] [--shared DIR]
       npm run data -- history [options]   (the synthetic history; see --help there)
       npm run data -- timeline [--shared DIR]   (the real DeXposure sector timeline)

snapshots (default)  build public/data/${DATASET_2026.name}.json, public/data/${DATASET_2023.name}.json,
                     public/data/${DATASET_REAL_HISTORY.name}.json (the real six-date history)
                     and public/data/index.json from the raw sources
--shared DIR         raw source folder (default ../shared/data, relative to the repository root)`;

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/**
 * JSON with one protocol, token, holding, edge or layout entry per line (no indentation): barely
 * bigger than minified, and diffs of the committed files stay readable.
 */
function serialise(value: unknown, depth = 0, inWeeks = false): string {
  const expand = depth <= 1 || (inWeeks && depth <= 3);
  if (!expand || value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => serialise(v, depth + 1, inWeeks)).join(',\n')}\n]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const body = entries.map(
    ([k, v]) => `${JSON.stringify(k)}:${serialise(v, depth + 1, inWeeks || (depth === 0 && k === 'weeks'))}`,
  );
  return `{\n${body.join(',\n')}\n}`;
}

function printSummary2026(r: Build2026Result): void {
  const c = r.coverage;
  console.log(
    `${DATASET_2026.name}: ${r.protocolNodes} protocol nodes + ${r.tokenNodes} token nodes, ${r.edges} edges, ${r.holdings} holdings`,
  );
  console.log(
    `  pool USD ${(r.totalPoolUsd / 1e9).toFixed(2)} bn: to issuer ${pct(c.toIssuer)}, to primary token ${pct(c.toPrimaryToken)}, ` +
      `issuer own supply ${pct(c.issuerOwnSupply)}, unmapped ${pct(c.unmapped)}`,
  );
  console.log(
    `  holders outside the protocol list: ${pct(r.notInListUsd / r.totalPoolUsd)} of pool USD; with no DefiLlama id in our sources (slug kept as id): ${pct(r.noIdUsd / r.totalPoolUsd)}`,
  );
  console.log(
    `  node TVL basis: ${r.tvlBasisCounts.defillama} DefiLlama, ${r.tvlBasisCounts.pools} own pools (lower bound), ${r.tvlBasisCounts.held} tokens held (lower bound)`,
  );
  console.log(
    `  dropped ${r.dropped.length} impossible pool(s): ${r.dropped.map((d) => `${d.project}/${d.symbol} ${(d.usd / 1e6).toFixed(1)} M > TVL ${(d.projectTvl / 1e6).toFixed(1)} M`).join('; ') || 'none'}`,
  );
  console.log(
    `  scaled ${r.scaled.length} holder(s) to their TVL: ${r.scaled.map((x) => `${x.holder} ×${x.factor.toFixed(3)}`).join(', ') || 'none'}`,
  );
  console.log(`  derived names: ${r.derivedNames.map((d) => `${d.slug} → ${d.name}`).join(', ') || 'none'}`);
  const via = new Map<string, number>();
  for (const { resolution, usd } of r.resolutions) {
    const key = resolution.kind === 'unmapped' ? 'unmapped' : resolution.via;
    via.set(key, (via.get(key) ?? 0) + usd);
  }
  console.log(
    `  token resolution by step (pool USD): ${[...via].map(([k, v]) => `${k} ${pct(v / r.totalPoolUsd)}`).join(', ')}`,
  );
  console.log(`  unmapped tokens: ${unmappedSymbols(r).join(', ') || 'none'}`);
}

async function runSnapshots(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { shared: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const shared = resolve(REPO, values.shared ?? '../shared/data');
  if (!existsSync(join(shared, 'SOURCES.md')))
    throw new Error(`no raw sources at ${shared} (expected its SOURCES.md); pass --shared DIR\n${USAGE}`);
  const sources = await readSources(shared);
  const allCategories = new Set([
    ...sources.protocols.map((p) => p.category),
    ...[...sources.meta.values()].map((m) => m.category),
    ...sources.protocols2023.map((p) => p.category),
  ]);
  const untabled = [...allCategories].filter((c) => !(c in CATEGORY_TO_SECTOR)).sort();
  if (untabled.length)
    console.warn(
      `warning: categories missing from CATEGORY_TO_SECTOR (sent to Other / Unknown): ${untabled.join(', ')}`,
    );
  const stale = missingSourceVersions(sources.sourcesMd);
  if (stale.length)
    console.warn(`warning: SOURCES.md no longer names ${stale.join(', ')}; update src/cli/dataBuild/provenance.ts`);

  const r2026 = buildDefillama2026(sources);
  const r2023 = buildProtocols2023(sources.protocols2023, sources.idToInfo);
  const rHistory = buildRealHistory({ ...sources, pools2026: sources.pools }, await readHistorySources(shared));

  await mkdir(PUBLIC_DATA, { recursive: true });
  const outputs = [
    { name: DATASET_2026.name, file: r2026.file },
    { name: DATASET_2023.name, file: r2023.file },
    { name: DATASET_REAL_HISTORY.name, file: rHistory.file },
  ];
  const sizes: string[] = [];
  for (const o of outputs) {
    const text = serialise(o.file) + '\n';
    await writeFile(join(PUBLIC_DATA, `${o.name}.json`), text);
    sizes.push(`${o.name}.json ${kb(Buffer.byteLength(text))}`);
  }
  const entries = await writeCatalogue(PUBLIC_DATA, [
    catalogueEntryFor(
      `${DATASET_2026.name}.json`,
      r2026.file,
      `Real: DefiLlama's 2026-09-02 scrape — every protocol and every yield pool with TVL ≥ 1 M USD (${r2026.protocolNodes.toLocaleString('en')} protocols, ${r2026.edges.toLocaleString('en')} exposure edges; token→issuer by reviewed rules after DeXposure, ${Object.keys(HAND_TOKENS).length} hand entries).`,
    ),
    catalogueEntryFor(
      `${DATASET_REAL_HISTORY.name}.json`,
      rHistory.file,
      `Real: DefiLlama pools ≥ 10 M USD at six dates (${rHistory.perDate[0].date} … ${rHistory.perDate[rHistory.perDate.length - 1].date}, 2–7 days apart), mapped token→issuer as the default week; for checking the forecaster on real churn.`,
    ),
    catalogueEntryFor(
      `${DATASET_2023.name}.json`,
      r2023.file,
      `Real: all ${r2023.nodes.toLocaleString('en')} protocols DefiLlama listed about 2023-10-19, with TVL, category and chains. No holdings in this source, so no edges.`,
    ),
  ]);

  printSummary2026(r2026);
  console.log(
    `${DATASET_REAL_HISTORY.name}: ${rHistory.file.protocols.length} protocol nodes over ${rHistory.perDate.length} dates`,
  );
  for (const d of rHistory.perDate)
    console.log(
      `  ${d.date}: ${d.pools} pools ${(d.poolUsd / 1e9).toFixed(1)} bn, ${d.protocols} protocols, ${d.edges} edges, ${d.holdings} holdings, unmapped ${pct(d.unmappedShare)}, ${d.scaled} scaled, dropped ${d.dropped.map((x) => `${x.project}/${x.symbol} ${(x.usd / 1e9).toFixed(2)} bn`).join(', ') || 'none'}`,
    );
  console.log(
    `${DATASET_2023.name}: ${r2023.nodes} protocol nodes, 0 edges (none in the source), TVL ${(r2023.totalTvl / 1e9).toFixed(2)} bn USD`,
  );
  console.log(
    `  sectors: ${Object.entries(r2023.sectorCounts)
      .map(([s, n]) => `${s} ${n}`)
      .join('; ')}`,
  );
  console.log(`wrote ${sizes.join(', ')}; index.json lists ${entries.map((e) => e.name).join(', ')}`);
}

async function main(argv: string[]): Promise<void> {
  const args = argv.slice();
  if (args[0] === 'history') return (await import('./history')).runHistory(args.slice(1));
  if (args[0] === 'timeline') {
    const { values } = parseArgs({ args: args.slice(1), options: { shared: { type: 'string' } } });
    const shared = resolve(REPO, values.shared ?? '../shared/data');
    return (await import('./dataBuild/timeline')).runTimeline(args.slice(1), REPO, shared);
  }
  if (args[0] === 'snapshots') args.shift();
  if (args[0] !== undefined && !args[0].startsWith('-')) throw new Error(`unknown command "${args[0]}"\n${USAGE}`);
  return runSnapshots(args);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
