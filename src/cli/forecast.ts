// `npm run --silent cli -- forecast …`: forecast the exposure graph h weeks ahead with the shipped
// model and stress it: system loss on the point forecast and over K sampled forecast graphs
// (median and 10–90% band). Every number is a forecast, labelled with the data's provenance (real or
// synthetic) and the model's input-domain check (out of domain: TVLs and current weights held).

import { parseArgs } from 'node:util';
import { loadDatasetFile, readBinary } from './io';
import { MULTIPLE_FLAGS, numberOption, rejectRepeats, seedsFromFlags, SHOCK_OPTIONS, UsageError } from './options';
import { initNodeBackend } from '../model/node';
import { forecast, loadModel, HORIZONS, type Horizon } from '../model/forecast';
import { DEFAULT_SAMPLES, stressBand } from '../model/forecastGraph';
import { selectPairs } from '../model/selection';
import { applyPerimeter, DEFAULT_PERIMETER, isPerimeter, type Perimeter } from '../core/perimeter';
import { PROPAGATION_RULES, runContagion, type Seed } from '../core/contagion';
import { scenarioSeeds, type ScenarioName } from '../core/scenarios';
import type { PropagationRule, Snapshot } from '../core/types';
import { topExposuresJson } from './forecastTop';

// The shipped last 16 weeks (enough for the 8-week window): works on a fresh clone, unlike the
// full training file that `npm run data -- history` writes to data/history/.
export const DEFAULT_FORECAST_HISTORY = 'public/data/synthetic-history.json';

export const FORECAST_USAGE = `Usage: npm run --silent cli -- forecast [--data FILE] [--meta CSV] [--date YYYY-MM-DD]
            [--horizon 1|4|8|12] (--scenario top1|top5|bridge | --shock ID=δ[,…] | --shock-token SYMBOL=δ)
            [--samples K] [--seed S] [--perimeter defi|all] [--rule bounded|paper|debtrank]
            [--threshold τ] [--max-rounds N] [--model DIR] [--top K [--protocol ID]]
Forecasts FILE (default ${DEFAULT_FORECAST_HISTORY}) from the week --date (default: the latest) and prints
the forecast graph's size and the scenario's system loss on it: the point forecast (top round(Σp)
pairs) and the median and 10–90% band over K (default ${DEFAULT_SAMPLES}) sampled graphs.
--top K: also the K likely new exposures (by expected USD = p × predicted USD) and the K likely to
vanish (by USD at risk = (1 − p) × current USD) of the whole graph, or of --protocol ID as holder
and as issuer, with their precision@k measured on the synthetic test weeks (DIR/evaluation.json);
with --top the shock is optional (no shock: no stress numbers).`;

export async function forecastCommand(args: string[]): Promise<unknown> {
  const { values, tokens } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      meta: { type: 'string' },
      date: { type: 'string' },
      horizon: { type: 'string' },
      scenario: { type: 'string' },
      ...SHOCK_OPTIONS,
      samples: { type: 'string' },
      seed: { type: 'string' },
      perimeter: { type: 'string' },
      rule: { type: 'string' },
      threshold: { type: 'string' },
      'max-rounds': { type: 'string' },
      model: { type: 'string' },
      top: { type: 'string' },
      protocol: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    tokens: true,
  });
  rejectRepeats(tokens, MULTIPLE_FLAGS);
  if (values.help) return { usage: FORECAST_USAGE };
  const horizon = (numberOption(values.horizon, 'horizon', 1, 12, true) ?? 4) as Horizon;
  if (!(HORIZONS as readonly number[]).includes(horizon))
    throw new UsageError(`--horizon: expected one of ${HORIZONS.join(', ')}, got "${values.horizon}"`);
  const samples = numberOption(values.samples, 'samples', 1, 1000, true) ?? DEFAULT_SAMPLES;
  const seed = numberOption(values.seed, 'seed', 0, 2 ** 31 - 1, true) ?? 1;
  const perimeterRaw = values.perimeter ?? DEFAULT_PERIMETER;
  if (!isPerimeter(perimeterRaw)) throw new UsageError(`--perimeter: expected defi or all, got "${perimeterRaw}"`);
  const perimeter: Perimeter = perimeterRaw;
  if (values.rule !== undefined && !(PROPAGATION_RULES as readonly string[]).includes(values.rule))
    throw new UsageError(`--rule: expected ${PROPAGATION_RULES.join(', ')}, got "${values.rule}"`);
  const options = {
    rule: values.rule as PropagationRule | undefined,
    threshold: numberOption(values.threshold, 'threshold', 0, 1),
    maxRounds: numberOption(values['max-rounds'], 'max-rounds', 1, 1000, true),
    recordRounds: false,
  };
  const fixed: Seed[] = seedsFromFlags(values);
  const scenario = values.scenario as ScenarioName | undefined;
  if (scenario !== undefined && !['top1', 'top5', 'bridge'].includes(scenario))
    throw new UsageError(`--scenario: expected top1, top5 or bridge, got "${scenario}"`);
  const top = numberOption(values.top, 'top', 1, 1000, true);
  if (values.protocol !== undefined && top === undefined) throw new UsageError('--protocol needs --top K');
  const shocked = scenario !== undefined || fixed.length > 0;
  if (!shocked && top === undefined)
    throw new UsageError('give a shock: --scenario top1|top5|bridge, --shock ID=δ or --shock-token SYMBOL=δ');

  const file = values.data ?? DEFAULT_FORECAST_HISTORY;
  const dataset = await loadDatasetFile(file, { meta: values.meta, flag: '--data' });
  let end = dataset.weeks.length;
  if (values.date) {
    end = dataset.weeks.findIndex((w) => w.date === values.date) + 1;
    if (end === 0) throw new UsageError(`--date: no week ${values.date} in ${file}`);
  }
  const weeks = dataset.weeks.slice(0, end);
  const last = weeks[weeks.length - 1];
  if (values.protocol !== undefined && !last.ids.includes(values.protocol))
    throw new UsageError(`--protocol: no node ${values.protocol} in the week ${last.date} of ${file}`);

  await initNodeBackend();
  const dir = values.model ?? 'models';
  const model = await loadModel(readBinary, `${dir}/`);
  try {
    const [result] = await forecast(model, weeks, [horizon]);
    // Sampled graphs share the point forecast's TVLs; only their edges are drawn.
    const tvl = result.snapshot.tvl;
    const lossOf = (g: Snapshot): number | null => {
      const view = applyPerimeter(g, perimeter);
      try {
        const seeds = [...(scenario ? scenarioSeeds(view, scenario) : []), ...fixed];
        return runContagion(view, seeds, options).totalLossPct;
      } catch {
        return null;
      }
    };
    const started = performance.now();
    // The conformal widening holds for the presets alone under the settings it was fitted for.
    const cal = result.bandCalibration;
    const calibrated =
      cal &&
      scenario &&
      fixed.length === 0 &&
      cal.widen[scenario] !== undefined &&
      (options.rule ?? 'bounded') === cal.rule &&
      perimeter === cal.perimeter &&
      (options.threshold ?? 0.1) === cal.threshold &&
      options.maxRounds === undefined;
    // Without a shock (--top alone) there is nothing to stress.
    const band = !shocked
      ? null
      : stressBand(
          last,
          result.candidates,
          tvl,
          { horizon, date: result.snapshot.date, notes: result.snapshot.provenance.notes ?? '' },
          lossOf,
          {
            // The calibrated band is drawn with as many graphs as it was calibrated with, unless asked.
            samples: calibrated && values.samples === undefined ? cal.samples : samples,
            seed,
            tvlSd: result.tvlSd,
            select: (p) => selectPairs(p, result.selection),
            widen: calibrated ? cal.widen[scenario] : undefined,
          },
        );
    const synthetic = last.provenance.synthetic;
    const source = `${synthetic ? 'SYNTHETIC' : 'REAL'} data (${last.provenance.source}, ${last.date})`;
    return {
      synthetic,
      note: `Model forecast from ${source}: every number below is a forecast, not an observation. The model was trained on synthetic weeks only.`,
      in_domain: result.domain.inDomain,
      domain: result.domain.reason,
      history_weeks: result.domain.historyWeeks,
      window: result.domain.window,
      model_version: model.version,
      data: file,
      anchor_week: last.date,
      horizon,
      forecast_date: result.snapshot.date,
      observed_edges: last.edges.m,
      forecast_edges: result.snapshot.edges.m,
      expected_edges: result.expectedEdges,
      threshold: result.threshold,
      selection_rule: result.selection,
      new_edges: result.newEdges.length,
      vanished_edges: result.vanishedEdges.length,
      perimeter,
      rule: options.rule ?? 'bounded',
      scenario: scenario ?? null,
      shocks: fixed,
      stress: band && {
        observed_loss_pct: lossOf(last),
        point_loss_pct: band.point,
        median_loss_pct: band.median,
        p10_loss_pct: band.p10,
        p90_loss_pct: band.p90,
        calibrated_p10_loss_pct: band.calibrated?.low ?? null,
        calibrated_p90_loss_pct: band.calibrated?.high ?? null,
        band_note: band.calibrated
          ? `calibrated band: the raw 10–90% band widened by ${band.calibrated.widen.toFixed(2)} pp (split-conformal, fitted on the synthetic validation weeks for ${scenario} at h=${horizon}); its coverage on the synthetic test weeks is in models/evaluation.json${result.domain.inDomain ? '' : '; not measured for out-of-domain input like this one'}`
          : `raw 10–90% band, uncalibrated: the calibration holds for the presets top1/top5/bridge alone with the bounded rule, defi perimeter and τ = 0.1`,
        samples: band.samples,
        seed,
        tvl_sd: result.tvlSd,
      },
      ...(top !== undefined
        ? { top_exposures: await topExposuresJson(result, last, top, values.protocol, `${dir}/evaluation.json`) }
        : {}),
      forecast_ms: result.ms,
      stress_ms: performance.now() - started,
    };
  } finally {
    model.dispose();
  }
}
