// `npm run --silent cli -- <command> …`: JSON on stdout, errors on stderr with a non-zero exit.
import { parseArgs } from 'node:util';
import { loadDatasetFile } from './io';
import { numberOption, UsageError } from './options';
import { pickWeek } from '../core/snapshot/pickWeek';
import { SnapshotError } from '../core/snapshot/errors';
import {
  contagionToJson,
  DEFAULT_MAX_ROUNDS,
  DEFAULT_RULE,
  DEFAULT_THRESHOLD,
  PROPAGATION_RULES,
  runContagion,
  sweep,
  type Seed,
} from '../core/contagion';
import { parseShockList, parseTokenShock, scenarioSeeds, ScenarioError, type ScenarioName } from '../core/scenarios';
import { metricsToJson, SPILLOVER_GROUPS, type SpilloverGroup } from '../core/metrics';
import {
  applyPerimeter,
  DEFAULT_PERIMETER,
  isPerimeter,
  PERIMETER_DESCRIPTIONS,
  type Perimeter,
} from '../core/perimeter';
import type { PropagationRule } from '../core/types';
import { systemicRankings, SIS_TAIL_NOTE } from '../core/metrics/rankings';
import { systemicImportance, topK } from '../core/metrics';
import { DESIGN_USAGE, designCommand } from './design';

const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  contagion --snapshot FILE [--meta CSV] [--date YYYY-MM-DD] [--perimeter defi|all]
            (--shock ID=δ[,ID=δ…] | --shock-token SYMBOL=δ | --scenario top1|top5|bridge)
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
--perimeter: defi (default) leaves out centralised exchanges (category CEX), as DefiLlama's DeFi TVL
  does; all keeps every node, as the DeXposure reference does.
--rule: bounded (default): pro-rata shares of a debtor's loss, never more than the creditor holds
  of it; paper: eq. 22 as published (may exceed the holding); debtrank: Battiston et al. 2012.
--group: spillovers by DeXposure sector (default) or by raw category (the reference's default).`;

const SNAPSHOT_OPTIONS = {
  snapshot: { type: 'string' },
  meta: { type: 'string' },
  date: { type: 'string' },
  perimeter: { type: 'string' },
  rule: { type: 'string' },
  threshold: { type: 'string' },
  'max-rounds': { type: 'string' },
} as const;

function ruleOption(value: string | undefined): PropagationRule | undefined {
  if (value === undefined) return undefined;
  if (!(PROPAGATION_RULES as readonly string[]).includes(value))
    throw new UsageError(`--rule: expected ${PROPAGATION_RULES.join(', ')}, got "${value}"`);
  return value as PropagationRule;
}

function perimeterOption(value: string | undefined): Perimeter {
  if (value === undefined) return DEFAULT_PERIMETER;
  if (!isPerimeter(value)) throw new UsageError(`--perimeter: expected defi or all, got "${value}"`);
  return value;
}

/** The week asked for, restricted to the perimeter (every command works on that view). */
async function loadWeek(values: { snapshot?: string; meta?: string; date?: string; perimeter?: string }) {
  if (!values.snapshot) throw new UsageError('--snapshot FILE is required');
  const perimeter = perimeterOption(values.perimeter);
  const dataset = await loadDatasetFile(values.snapshot, { meta: values.meta });
  for (const w of dataset.warnings) process.stderr.write(`warning: ${w}\n`);
  return { snapshot: applyPerimeter(pickWeek(dataset, values.date), perimeter), perimeter };
}

/** What every percentage is of, stated beside the numbers. */
function perimeterJson(perimeter: Perimeter) {
  return { perimeter, denominator: PERIMETER_DESCRIPTIONS[perimeter].denominator };
}

function contagionOptions(values: { rule?: string; threshold?: string; 'max-rounds'?: string }) {
  return {
    rule: ruleOption(values.rule),
    threshold: numberOption(values.threshold, 'threshold', 0, 1),
    maxRounds: numberOption(values['max-rounds'], 'max-rounds', 1, 1000, true),
  };
}

async function contagionCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      ...SNAPSHOT_OPTIONS,
      shock: { type: 'string' },
      'shock-token': { type: 'string' },
      scenario: { type: 'string' },
      flows: { type: 'boolean' },
      attribute: { type: 'string' },
    },
  });
  const { snapshot, perimeter } = await loadWeek(values);
  const seeds: Seed[] = [];
  if (values.shock) seeds.push(...parseShockList(values.shock));
  if (values['shock-token']) seeds.push(...parseTokenShock(values['shock-token']));
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
  const { values } = parseArgs({
    args,
    options: {
      snapshot: SNAPSHOT_OPTIONS.snapshot,
      meta: SNAPSHOT_OPTIONS.meta,
      date: SNAPSHOT_OPTIONS.date,
      perimeter: SNAPSHOT_OPTIONS.perimeter,
      group: { type: 'string' },
    },
  });
  const group = values.group ?? 'sector';
  if (!(SPILLOVER_GROUPS as readonly string[]).includes(group))
    throw new UsageError(`--group: expected sector or category, got "${group}"`);
  const { snapshot, perimeter } = await loadWeek(values);
  return { ...metricsToJson(snapshot, group as SpilloverGroup), ...perimeterJson(perimeter) };
}

async function sweepCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { ...SNAPSHOT_OPTIONS, fraction: { type: 'string' }, top: { type: 'string' } },
  });
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
    })),
  };
}

async function rankingsCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { ...SNAPSHOT_OPTIONS, fraction: { type: 'string' }, top: { type: 'string' } },
  });
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
    process.stderr.write(`error: ${(err as Error).message}\n`);
    if (!known && !fsError) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    process.exitCode = known || fsError ? 2 : 1;
  },
);
