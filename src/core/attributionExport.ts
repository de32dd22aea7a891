// Loss attribution as files and CLI output: the per-edge flows (CSV, JSON) and one protocol's paths.
// USD to the cent, names as text (CSV-safe), same keys in the CLI and the app's downloads.
import Papa from 'papaparse';
import { attributeLoss, carryingEdges, flowIndex, type AttributionOptions } from './attribution';
import type { ContagionResult } from './contagion';
import { cleanUsd, csvSafeText } from './export';
import type { Snapshot } from './types';

const share = (x: number) => Math.round(x * 1e6) / 1e6;

/** Every credited flow: round, from (debtor, whose loss passes), to (creditor, who holds its tokens), USD. */
export function flowsToJson(snapshot: Snapshot, result: ContagionResult) {
  return flowIndex(snapshot, result).flows.map((f) => ({
    round: f.round,
    from: snapshot.ids[f.debtor],
    to: snapshot.ids[f.creditor],
    usd: cleanUsd(f.usd),
  }));
}

/** Edges by the contagion loss they carried, with their share of the run's indirect loss. */
export function carryingEdgesToJson(snapshot: Snapshot, result: ContagionResult, top?: number) {
  return carryingEdges(snapshot, result, top).map((e) => ({
    from: snapshot.ids[e.debtor],
    to: snapshot.ids[e.creditor],
    usd: cleanUsd(e.usd),
    share_of_indirect_loss: share(e.share),
  }));
}

/** One protocol's contagion loss: by seed, by incoming edge and path by path (they all sum to it). */
export function attributionToJson(
  snapshot: Snapshot,
  result: ContagionResult,
  target: number,
  options?: AttributionOptions,
) {
  const a = attributeLoss(snapshot, result, target, options);
  const id = (i: number) => snapshot.ids[i];
  return {
    id: id(target),
    name: snapshot.names[target],
    indirect_loss: cleanUsd(a.indirectLoss),
    by_seed: a.bySeed.map((s) => ({ seed: id(s.seed), usd: cleanUsd(s.usd) })),
    incoming: a.incoming.map((f) => ({ round: f.round, from: id(f.debtor), usd: cleanUsd(f.usd) })),
    paths: a.paths.map((p) => ({ nodes: p.nodes.map(id), rounds: p.rounds, usd: cleanUsd(p.usd) })),
    other_paths: { count: a.rest.paths, usd: cleanUsd(a.rest.usd) },
  };
}

/** The flows as CSV: one row per edge and round, with names. */
export function flowsToCsv(snapshot: Snapshot, result: ContagionResult): string {
  const rows = flowIndex(snapshot, result).flows.map((f) => [
    f.round,
    csvSafeText(snapshot.ids[f.debtor]),
    csvSafeText(snapshot.names[f.debtor]),
    csvSafeText(snapshot.ids[f.creditor]),
    csvSafeText(snapshot.names[f.creditor]),
    cleanUsd(f.usd),
  ]);
  return Papa.unparse({
    fields: ['round', 'from_id', 'from_name', 'to_id', 'to_name', 'usd'],
    data: rows,
  });
}

/** One protocol's paths as CSV (path as "A > B > C", rounds "1 > 2"), plus the row of smaller paths. */
export function pathsToCsv(snapshot: Snapshot, result: ContagionResult, target: number): string {
  const a = attributeLoss(snapshot, result, target, { minShare: 0, maxPaths: 10_000 });
  const data = a.paths.map((p) => [
    csvSafeText(p.nodes.map((i) => snapshot.names[i]).join(' > ')),
    p.nodes.map((i) => snapshot.ids[i]).join(' > '),
    p.rounds.join(' > '),
    cleanUsd(p.usd),
  ]);
  if (a.rest.paths > 0) data.push([`(${a.rest.paths} more paths)`, '', '', cleanUsd(a.rest.usd)]);
  return Papa.unparse({ fields: ['path', 'path_ids', 'rounds', 'usd'], data });
}
