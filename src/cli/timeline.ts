// `npm run --silent cli -- timeline`: the real DeXposure sector series and the early-warning signals, as JSON.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { numberOption, UsageError } from './options';
import { earlyWarnings, TIMELINE_FORMAT, timelineSeries, type SectorTimelineFile } from '../core/timeline';

export const DEFAULT_TIMELINE = 'public/data/sectors/dexposure-sector-timeline.json';

export async function timelineCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: 'string' },
      window: { type: 'string' },
      sigmas: { type: 'string' },
      lead: { type: 'string' },
      after: { type: 'string' },
    },
  });
  const path = values.file ?? DEFAULT_TIMELINE;
  const file = JSON.parse(await readFile(path, 'utf8')) as SectorTimelineFile;
  if (file.format !== TIMELINE_FORMAT) throw new UsageError(`${path}: not a ${TIMELINE_FORMAT} file`);
  const series = timelineSeries(file);
  const report = earlyWarnings(file, {
    window: numberOption(values.window, 'window', 4, 104, true),
    sigmas: numberOption(values.sigmas, 'sigmas', 0.5, 10),
    lead: numberOption(values.lead, 'lead', 0, 52, true),
    after: numberOption(values.after, 'after', 0, 52, true),
  });
  const signal = (s: (typeof report.series)[number]) => ({
    key: s.key,
    label: s.label,
    fired: s.fired,
    lead_weeks: s.leadWeeks,
    false_alarms: s.falseAlarms,
    false_alarm_rate: Math.round(s.falseAlarmRate * 1e4) / 1e4,
  });
  return {
    provenance: file.provenance,
    real: !file.provenance.synthetic,
    definitions: {
      total_exposure: 'Σ over the 7×7 sector matrix (USD)',
      cross_sector_exposure: 'Σ over holder sector ≠ issuer sector (USD)',
      spillover_index: 'HHI of the 42 cross-sector pairs’ shares of cross-sector exposure',
      sector_hhi: 'HHI of the 7 holder sectors’ shares of total exposure',
      nodes: 'Σ node_count over sectors',
      signals: report.definition,
    },
    events: report.events,
    series: {
      weeks: series.weeks,
      total_exposure: series.totalExposure,
      cross_sector_exposure: series.crossSectorExposure,
      spillover_index: series.spilloverIndex.map((x) => Math.round(x * 1e6) / 1e6),
      sector_hhi: series.sectorHhi.map((x) => Math.round(x * 1e6) / 1e6),
      nodes: series.nodes,
    },
    signals: {
      options: report.options,
      quiet_weeks: report.quietWeeks,
      any_system: signal(report.anySystem),
      any_pair: signal(report.anyPair),
      series: report.series.map(signal),
    },
  };
}
