// Downloads of the current scenario's results: CSV (per-protocol losses round by round) and JSON
// (scenario, provenance, results), from the same pure functions the CLI would use.
import { resultsToCsv, resultsToJson } from '../core/export';
import type { ContagionResult, Seed } from '../core/contagion';
import type { Snapshot } from '../core/types';
import { useExplorer } from './store';
import { ShareButtons } from './ShareButtons';
import { useForecast } from './forecast/forecastStore';
import { version } from '../../package.json';
import { downloadBlob } from './download';

function download(name: string, type: string, text: string): void {
  downloadBlob(name, new Blob([text], { type }));
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
  const graphKind = useExplorer((s) => s.graphKind);
  const horizon = useExplorer((s) => s.horizon);
  // The forecaster's version, recorded when the scenario ran on a forecast graph.
  const modelVersion = useForecast((s) => s.modelVersion);
  const stem = `contagion-${snapshot.dataset}-${snapshot.date}`;
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
                graph: graphKind ?? 'observed',
                ...(graphKind === 'forecast' && horizon !== null ? { horizon } : {}),
                ...(graphKind === 'forecast' && modelVersion ? { modelVersion } : {}),
                appVersion: version,
                url: location.href,
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
      <ShareButtons stem={stem} />
    </div>
  );
}
