// The app's copy of a history: its last weeks, with only what they use.
import type { CompactSnapshotFile } from '../snapshot/compactSchema';

/**
 * The last `weeks` weeks of a history, for the app: only the protocols and tokens they use,
 * edges left out (the loader derives them from the holdings: edge = Σ holdings of the issuer's tokens).
 */
export function sliceHistory(
  file: CompactSnapshotFile,
  weeks: number,
  opts: { dropEdges?: boolean; title?: string; name?: string } = {},
): CompactSnapshotFile {
  const kept = file.weeks
    .slice(-weeks)
    .map((w) => (opts.dropEdges === false ? w : { date: w.date, tvl: w.tvl, holdings: w.holdings }));
  const ids = new Set<string>();
  const symbols = new Set<string>();
  for (const w of kept) {
    for (const id of Object.keys(w.tvl ?? {})) ids.add(id);
    for (const [, symbol] of w.holdings ?? []) symbols.add(symbol);
  }
  const lastDate = kept[kept.length - 1].date;
  return {
    ...file,
    name: opts.name ?? file.name,
    title: opts.title ?? file.title,
    provenance: {
      ...file.provenance,
      date: lastDate,
      notes: `${file.provenance.notes ?? ''} This file holds the last ${kept.length} weeks (${kept[0].date} … ${lastDate}); edges are derived from the holdings.`,
    },
    protocols: file.protocols.filter((p) => ids.has(String(p.id))),
    tokens: (file.tokens ?? []).filter((t) => symbols.has(t.symbol)),
    weeks: kept,
  };
}
