// `npm run --silent cli -- <command> …`: JSON on stdout, errors on stderr with a non-zero exit.
import { parseArgs } from 'node:util';
import { readWeek } from './io';
import {
  contagionOptions,
  MULTIPLE_FLAGS,
  numberOption,
  perimeterOption,
  rejectRepeats,
  seedsFromFlags,
  SHOCK_OPTIONS,
  SNAPSHOT_OPTIONS,
  UsageError,
} from './options';
import { SnapshotError } from '../core/snapshot/errors';
import {
  contagionToJson,
  DEFAULT_MAX_ROUNDS,
  DEFAULT_RULE,
  DEFAULT_THRESHOLD,
  runContagion,
  sweep,
} from '../core/contagion';
import { scenarioSeeds, ScenarioError, type ScenarioName } from '../core/scenarios';
import { sweepCounts } from '../core/vocabulary';
import { seedProblems } from '../core/seedCheck';
import { metricsToJson, SPILLOVER_GROUPS, type SpilloverGroup } from '../core/metrics';
import { applyPerimeter, perimeterJson } from '../core/perimeter';
import { systemicRankings, SIS_TAIL_NOTE } from '../core/metrics/rankings';
import { systemicImportance, topK } from '../core/metrics';
import { DESIGN_USAGE, designCommand } from './design';

const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  contagion --snapshot FILE [--meta CSV] [--date YYYY-MM-DD] [--perimeter defi|all]
            (--shock ID=δ[,ID=δ…] | --shock-token SYMBOL=δ[,…] | --scenario top1|top5|bridge)
            [--rule bounded|paper|debtrank] [--threshold τ] [--max-rounds N]
            [--flows] [--attribute ID[,ID…]]   per-edge flows; one protocol's loss paths
  rankings  --snapshot FILE [same week/perimeter/rule options] [--fraction δ] [--top K]
            SIS (paper), systemic impact and vulnerability, side by side
  timeline  [--file FILE] [--window N] [--sigmas S] [--lead N] [--after N]
            the real DeXposure sector series (2020–2025) and early-warning signals
  metrics   --snapshot FILE [--meta CSV] [--date YYYY-MM-DD] [--perimeter defi|all]
            [--group sector|category]
  sweep     --snapshot FILE [--meta CSV] [--date YYYY-MM-DD] [--perimeter defi|all]
            [--fraction δ] [--top K] [--rule bounded|paper|debtrank] [--threshold τ] [--max-rounds N]
  train     [options]     train the forecaster (see --help)
  evaluate  --json        evaluate the shipped model against persistence
  forecast  [--data FILE] [--horizon 1|4|8|12] (--scenario top1|top5|bridge | --shock ID=δ | --shock-token SYMBOL=δ)
            [--samples K] [--seed S]   forecast h weeks ahead; stress loss on the point forecast
            and its median and 10–90% band over K sampled forecast graphs (see --help)
  audit-tokens [--snapshot FILE] [--min-usd USD] [--markdown]
            the token → issuer mapping table (symbol, issuer, rule or hand entry, USD held)
${DESIGN_USAGE}

--snapshot accepts our compact format or the DeXposure layout (with --meta meta_df.csv).
--date picks a week (default: the latest).
--shock and --shock-token may be repeated (they add up to one scenario); any other flag is given once.
Files: a missing file, a directory or a file over 256 MB is refused before reading; a UTF-8 BOM is fine.
--perimeter: defi (default) leaves out centralised exchanges (category CEX), as DefiLlama's DeFi TVL
  does; all keeps every node, as the DeXposure reference does.
--rule: bounded (default): pro-rata shares of a debtor's loss, never more than the creditor holds
  of it; paper: eq. 22 as published (may exceed the holding); debtrank: Battiston et al. 2012.
--group: spillovers by DeXposure sector (default) or by raw category (the reference's default).`;

/** The week asked for, restricted to the perimeter (every command works on that view). */
async function loadWeek(values: { snapshot?: string; meta?: string; date?: string; perimeter?: string }) {
  const perimeter = perimeterOption(values.perimeter);
  const week = await readWeek(values);
  return { snapshot: applyPerimeter(week, perimeter), week, perimeter };
}

async function contagionCommand(args: string[]) {
  const { values, tokens } = parseArgs({
    args,
    options: {
      ...SNAPSHOT_OPTIONS,
      ...SHOCK_OPTIONS,
      scenario: { type: 'string' },
      flows: { type: 'boolean' },
      attribute: { type: 'string' },
    },
    tokens: true,
  });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  const seeds = seedsFromFlags(values);
  const { snapshot, week, perimeter } = await loadWeek(values);
  const problems = seedProblems(week, perimeter, seeds, 'add --perimeter all');
  if (problems.length) throw new ScenarioError(problems.join('; '));
  if (values.scenario) {
    if (!['top1', 'top5', 'bridge'].includes(values.scenario))
      throw new UsageError(`--scenario: expected top1, top5 or bridge, got "${values.scenario}"`);
    seeds.push(...scenarioSeeds(snapshot, values.scenario as ScenarioName));
  }
  if (seeds.length === 0)
    throw new UsageError('give a shock: --shock ID=δ, --shock-token SYMBOL=δ or --scenario top1|top5|bridge');
  const result = runContagion(snapshot, seeds, contagionOptions(values));
  const attributeIds = (values.attribute ?? '').split(',').filter(Boolean);
  // Loaded only when asked for: the export module brings the CSV library.
  const explain = values.flows || attributeIds.length ? await import('../core/attributionExport') : null;
  const attribute = attributeIds.map((id) => {
    const i = snapshot.ids.indexOf(id);
    if (i < 0) throw new UsageError(`--attribute: unknown protocol id "${id}"`);
    return explain!.attributionToJson(snapshot, result, i);
  });
  return {
    ...contagionToJson(snapshot, result),
    ...perimeterJson(perimeter),
    ...(values.flows && explain
      ? { flows: explain.flowsToJson(snapshot, result), top_edges: explain.carryingEdgesToJson(snapshot, result, 20) }
      : {}),
    ...(attribute.length ? { attribution: attribute } : {}),
  };
}

async function metricsCommand(args: string[]) {
  const { values, tokens } = parseArgs({
    args,
    options: {
      snapshot: SNAPSHOT_OPTIONS.snapshot,
      meta: SNAPSHOT_OPTIONS.meta,
      date: SNAPSHOT_OPTIONS.date,
      perimeter: SNAPSHOT_OPTIONS.perimeter,
      group: { type: 'string' },
    },
    tokens: true,
  });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  const group = values.group ?? 'sector';
  if (!(SPILLOVER_GROUPS as readonly string[]).includes(group))
    throw new UsageError(`--group: expected sector or category, got "${group}"`);
  const { snapshot, perimeter } = await loadWeek(values);
  return { ...metricsToJson(snapshot, group as SpilloverGroup), ...perimeterJson(perimeter) };
}

async function sweepCommand(args: string[]) {
  const { values, tokens } = parseArgs({
    args,
    options: { ...SNAPSHOT_OPTIONS, fraction: { type: 'string' }, top: { type: 'string' } },
    tokens: true,
  });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  const { snapshot, perimeter } = await loadWeek(values);
  const fraction = numberOption(values.fraction, 'fraction', 0, 1) ?? 0.5;
  const top = numberOption(values.top, 'top', 1, 1e9, true);
  const ranking = sweep(snapshot, { ...contagionOptions(values), fraction, top });
  return {
    date: snapshot.date,
    fraction,
    ...perimeterJson(perimeter),
    ranking: ranking.map((e) => ({
      id: e.id,
      name: e.name,
      total_loss: e.totalLoss,
      total_loss_pct: e.totalLossPct,
      direct_loss: e.directLoss,
      indirect_loss: e.indirectLoss,
      affected_count: e.affectedCount,
      propagation_rounds: e.propagationRounds,
      // The app's words (src/core/vocabulary.ts): the failing protocol is shocked, not distressed.
      distressed_count: sweepCounts(e).distressed,
      loss_rounds: sweepCounts(e).rounds,
    })),
  };
}

async function rankingsCommand(args: string[]) {
  const { values, tokens } = parseArgs({
    args,
    options: { ...SNAPSHOT_OPTIONS, fraction: { type: 'string' }, top: { type: 'string' } },
    tokens: true,
  });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  const { snapshot, perimeter } = await loadWeek(values);
  const fraction = numberOption(values.fraction, 'fraction', 0, 1) ?? 0.5;
  const top = numberOption(values.top, 'top', 1, 1e9, true) ?? 20;
  const options = contagionOptions(values);
  const r = systemicRankings(snapshot, { ...options, fraction });
  const sis = systemicImportance(snapshot);
  const bySis = topK(sis.sis, top); // every node, as the app's SIS table and `metrics`
  return {
    date: snapshot.date,
    fraction,
    rule: options.rule ?? DEFAULT_RULE,
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
    max_rounds: options.maxRounds ?? DEFAULT_MAX_ROUNDS,
    ...perimeterJson(perimeter),
    failures: r.failures,
    sis: bySis.map((i) => ({
      id: snapshot.ids[i],
      name: snapshot.names[i],
      kind: snapshot.kinds[i],
      sis: sis.sis[i],
      pagerank_term: sis.pagerankTerm[i],
      tail: sis.tail[i],
      size: sis.size[i],
    })),
    sis_tail_note: SIS_TAIL_NOTE,
    systemic_impact: r.impact.slice(0, top).map((e) => ({
      id: e.id,
      name: e.name,
      total_loss: e.totalLoss,
      total_loss_pct: e.totalLossPct,
      indirect_loss: e.indirectLoss,
      affected_count: e.affectedCount,
    })),
    vulnerability: r.vulnerability.slice(0, top).map((v) => ({
      id: v.id,
      name: v.name,
      tvl: v.tvl,
      suffered_usd: v.sufferedUsd,
      failures_reaching: v.failuresReaching,
      failures_distressing: v.failuresDistressing,
      worst_failure: v.worstFailure >= 0 ? snapshot.ids[v.worstFailure] : null,
      worst_usd: v.worstUsd,
    })),
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  let output: unknown;
  switch (command) {
    case 'contagion':
    case 'scenario':
      output = await contagionCommand(rest);
      break;
    case 'metrics':
      output = await metricsCommand(rest);
      break;
    case 'sweep':
      output = await sweepCommand(rest);
      break;
    case 'rankings':
      output = await rankingsCommand(rest);
      break;
    case 'timeline':
      output = await (await import('./timeline')).timelineCommand(rest);
      break;
    case 'train':
      await (await import('./train')).runTrain(rest);
      return 0;
    case 'evaluate':
      await (await import('./evaluate')).runEvaluate(rest);
      return 0;
    case 'audit-tokens': {
      const out = (await (await import('./auditTokens')).auditTokensCommand(rest)) as { markdown?: string };
      if (out.markdown !== undefined) {
        process.stdout.write(`${out.markdown}\n`);
        return 0;
      }
      output = out;
      break;
    }
    case 'forecast': {
      output = await (await import('./forecast')).forecastCommand(rest);
      break;
    }
    case 'event':
    case 'intervene':
    case 'reverse':
    case 'compare': {
      output = await designCommand(command, rest);
      if (typeof output === 'string') {
        process.stdout.write(output); // CSV
        return 0;
      }
      break;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

/** Control characters (a file of NUL bytes quoted by JSON.parse) escaped, and a bounded length. */
function printable(message: string): string {
  const escaped = message.replace(/(?![\n\t])\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 4000 ? `${escaped.slice(0, 4000)}… (${escaped.length} characters)` : escaped;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known =
      err instanceof UsageError ||
      err instanceof SnapshotError ||
      err instanceof ScenarioError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const fsError = (err as { code?: string }).code === 'ENOENT';
    process.stderr.write(`error: ${printable((err as Error).message)}\n`);
    if (!known && !fsError) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    process.exitCode = known || fsError ? 2 : 1;
  },
);
