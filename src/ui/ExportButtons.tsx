// Downloads of the current scenario's results: CSV (per-protocol losses round by round), JSON
// (scenario, provenance, results) and a PNG figure, from the same pure functions the CLI would use.
// File names name the scenario (exportStem).
import { exportStem, resultsToCsv, resultsToJson } from '../core/export';
import { RULE_DESCRIPTIONS, type ContagionResult, type Seed } from '../core/contagion';
import { PERIMETER_DESCRIPTIONS } from '../core/perimeter';
import { describeSeeds } from '../core/scenarios';
import { scenarioCounts } from '../core/vocabulary';
import type { Snapshot } from '../core/types';
import { useExplorer } from './store';
import { useGraphInfo, type GraphInfo } from './store/selectors';
import { ShareButtons } from './ShareButtons';
import { useForecast } from './forecast/forecastStore';
import { version } from '../../package.json';
import { downloadBlob } from './download';
import { formatPct, formatUsd } from './format';
import { lossColor, SECTOR_COLORS, SECTOR_SHORT } from './palette';
import { SECTORS } from '../core/types';
import type { FigureText } from './canvasExport';
import type { ScenarioSpec } from '../core/scenarioSpec';

function download(name: string, type: string, text: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** The PNG's title, scenario, rule, perimeter, date, key numbers, legend and source. */
export function figureText(
  snapshot: Snapshot,
  result: ContagionResult,
  seeds: Seed[],
  scenario: ScenarioSpec,
  info: GraphInfo | null,
): FigureText {
  const p = snapshot.provenance;
  const perimeter = PERIMETER_DESCRIPTIONS[scenario.perimeter];
  const present = new Set(snapshot.sectors);
  const shockedDistressedRounds = (r: ContagionResult) => {
    const c = scenarioCounts(r);
    return `${c.shocked} shocked, ${c.distressed} distressed, ${c.rounds} round${c.rounds === 1 ? '' : 's'}`;
  };
  return {
    title: `DeFi contagion: ${describeSeeds(snapshot, seeds)}`,
    lines: [
      `${info?.forecast ? `FORECAST h=${info.horizon} · week of ${snapshot.date} (from ${info.observedDate})` : `Week of ${snapshot.date}`} · ${snapshot.title} (${p.synthetic ? 'synthetic' : 'real'} data)`,
      `Rule: ${RULE_DESCRIPTIONS[result.rule].label} — ${RULE_DESCRIPTIONS[result.rule].meaning} τ = ${+(result.threshold * 100).toFixed(1)}%, at most ${result.maxRounds} rounds. Perimeter: ${perimeter.label}.`,
      `System loss ${formatUsd(result.totalLoss)} = ${formatPct(result.totalLossPct)} of ${formatUsd(result.totalTvl)} (${perimeter.denominator}): shock ${formatUsd(result.directLoss)} + contagion ${formatUsd(result.indirectLoss)}. ${shockedDistressedRounds(result)} (final state).`,
    ],
    legend: [
      ...SECTORS.filter((s) => present.has(s)).map((s) => ({ color: SECTOR_COLORS[s], label: SECTOR_SHORT[s] })),
      { color: lossColor(0.05), label: 'loss 5% of TVL' },
      { color: lossColor(1), label: 'loss 100% of TVL' },
    ],
    footer: [`Source: ${p.source} (${p.date}). ${p.credit}`, `defi-contagion-explorer ${version} · ${location.href}`],
  };
}

export function ExportButtons({
  snapshot,
  result,
  seeds,
}: {
  snapshot: Snapshot;
  result: ContagionResult;
  seeds: Seed[];
}) {
  const scenario = useExplorer((s) => s.scenario);
  const info = useGraphInfo();
  // The forecaster's version, recorded when the scenario ran on a forecast graph.
  const modelVersion = useForecast((s) => s.modelVersion);
  const forecast = info?.forecast ?? false;
  const horizon = info?.horizon ?? null;
  const stem = exportStem(snapshot, scenario, { forecast, horizon });
  return (
    <div className="export-buttons" role="group" aria-label="Download results">
      <button
        type="button"
        className="mini"
        onClick={() => download(`${stem}.csv`, 'text/csv', resultsToCsv(snapshot, result))}
        data-testid="export-csv"
      >
        ⤓ CSV
      </button>
      <button
        type="button"
        className="mini"
        onClick={() =>
          download(
            `${stem}.json`,
            'application/json',
            JSON.stringify(
              resultsToJson(snapshot, result, {
                seeds,
                graph: forecast ? 'forecast' : 'observed',
                ...(forecast && horizon !== null ? { horizon } : {}),
                ...(forecast && modelVersion ? { modelVersion } : {}),
                appVersion: version,
                url: location.href,
                perimeter: scenario.perimeter,
              }),
              null,
              2,
            ),
          )
        }
        data-testid="export-json"
      >
        ⤓ JSON
      </button>
      <ShareButtons stem={stem} figure={() => figureText(snapshot, result, seeds, scenario, info)} />
    </div>
  );
}
