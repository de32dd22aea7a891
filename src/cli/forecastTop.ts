// `forecast --top K [--protocol ID]`: the ranked likely new and vanishing exposures of a forecast
// horizon (src/model/topExposures.ts) with the precision@k measured on the synthetic test weeks
// (DIR/evaluation.json; "not measured" when absent or older than the ranked lists).
import { readFile } from 'node:fs/promises';
import type { Snapshot } from '../core/types';
import type { ForecastResult } from '../model/forecast';
import {
  describePrecision,
  describeScope,
  measuredPrecision,
  rankExposures,
  scoreExposures,
  type ExposureLists,
  type ExposureListKind,
  type ExposureRow,
  type ExposureScope,
} from '../model/topExposures';

async function readEvaluation(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return null; // no evaluation: every precision is "not measured"
  }
}

const rowJson = (r: ExposureRow) => ({
  rank: r.rank,
  holder: r.holder,
  holder_name: r.holderName,
  issuer: r.issuer,
  issuer_name: r.issuerName,
  probability: r.probability,
  usd: r.usd,
  base_usd: r.baseUsd,
});

function listsJson(lists: ExposureLists, scope: ExposureScope, last: Snapshot, k: number, evaluation: unknown) {
  const precision = (kind: ExposureListKind) => {
    const m = measuredPrecision(evaluation, lists.horizon, kind, scope.kind, k);
    return { line: describePrecision(m, kind, lists.inDomain), measured: m };
  };
  return {
    scope: describeScope(scope, last),
    pool: lists.pool,
    new: { rows: lists.new.map(rowJson), precision: precision('new') },
    vanishing: { rows: lists.vanishing.map(rowJson), precision: precision('vanishing') },
  };
}

export async function topExposuresJson(
  result: ForecastResult,
  last: Snapshot,
  k: number,
  protocol: string | undefined,
  evaluationPath: string,
) {
  const evaluation = await readEvaluation(evaluationPath);
  const scored = scoreExposures(result, last);
  const scopes: ExposureScope[] = protocol
    ? [
        { kind: 'holder', id: protocol },
        { kind: 'issuer', id: protocol },
      ]
    : [{ kind: 'graph' }];
  const lists = scopes.map((scope) => ({ scope, lists: rankExposures(result, last, k, scope, scored) }));
  return {
    k,
    horizon: result.horizon,
    anchor_week: last.date,
    forecast_date: result.snapshot.date,
    in_domain: result.domain.inDomain,
    note: lists[0].lists.note,
    usd: 'new: expected USD = p × predicted USD if the link appears (base_usd); vanishing: USD at risk = (1 − p) × USD held now (base_usd)',
    ...(protocol
      ? {
          as_holder: listsJson(lists[0].lists, lists[0].scope, last, k, evaluation),
          as_issuer: listsJson(lists[1].lists, lists[1].scope, last, k, evaluation),
        }
      : { graph: listsJson(lists[0].lists, lists[0].scope, last, k, evaluation) }),
  };
}
