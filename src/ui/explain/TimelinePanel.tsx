// The real DeXposure sector timeline (2020–2025): cross-sector and total exposure with the node
// count, the spillover index and the sector HHI, Terra and FTX marked, and the early-warning signals
// with their lead weeks and false alarms. Loaded only when the tab opens (uPlot and the data file
// stay out of the main chunk).
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {
  earlyWarnings,
  EVENTS,
  timelineSeries,
  type SectorTimelineFile,
  type SignalReport,
  type SignalSeries,
  type TimelineSeries,
} from '../../core/timeline';
import { loadTimeline } from './timelineData';
import { formatPct, formatUsd } from '../format';
import './explain.css';

const weekSeconds = (w: string) => Date.parse(`${w}T00:00:00Z`) / 1000;

/** Event weeks as dashed vertical lines with their label; firing weeks of `signals` as ticks at the bottom. */
function markersPlugin(firing: string[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.fillStyle = 'rgba(244, 63, 94, 0.9)';
        for (const w of firing) {
          const x = u.valToPos(weekSeconds(w), 'x', true);
          ctx.fillRect(x - 1, top + height - 8 * devicePixelRatio, 2 * devicePixelRatio, 8 * devicePixelRatio);
        }
        ctx.strokeStyle = '#fbbf24';
        ctx.fillStyle = '#fbbf24';
        ctx.setLineDash([5, 4]);
        ctx.lineWidth = devicePixelRatio;
        ctx.font = `${11 * devicePixelRatio}px sans-serif`;
        EVENTS.forEach((e, k) => {
          const x = u.valToPos(weekSeconds(e.week), 'x', true);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          // Short names, staggered: the two events are six months apart and would overlap.
          ctx.fillText(e.short, x + 3 * devicePixelRatio, top + (12 + 13 * k) * devicePixelRatio);
        });
        ctx.restore();
      },
    },
  };
}

function useChart(
  target: React.RefObject<HTMLDivElement | null>,
  build: (width: number) => { opts: Omit<uPlot.Options, 'width'>; data: uPlot.AlignedData } | null,
  onDrawn: () => void,
) {
  useEffect(() => {
    const el = target.current;
    const spec = el ? build(el.clientWidth || 800) : null;
    if (!el || !spec) return;
    const plot = new uPlot({ ...spec.opts, width: el.clientWidth || 800 }, spec.data, el);
    onDrawn();
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 800, height: spec.opts.height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [build]);
}

const AXIS = {
  stroke: '#94a3b8',
  grid: { stroke: 'rgba(148,163,184,0.15)' },
  ticks: { stroke: 'rgba(148,163,184,0.3)' },
};

export default function TimelinePanel() {
  const [file, setFile] = useState<SectorTimelineFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(0);
  // When the file arrived: the render time (series, signals, both charts) is counted from here.
  const dataAt = useRef(0);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const exposureRef = useRef<HTMLDivElement>(null);
  const indexRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    loadTimeline()
      .then((f) => {
        if (!live) return;
        dataAt.current = performance.now();
        setFile(f);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, []);

  const series: TimelineSeries | null = useMemo(() => (file ? timelineSeries(file) : null), [file]);
  const report: SignalReport | null = useMemo(() => (file ? earlyWarnings(file) : null), [file]);
  const x = useMemo(() => (series ? series.weeks.map(weekSeconds) : []), [series]);

  const buildExposure = useMemo(
    () => () =>
      series && report
        ? {
            opts: {
              height: 260,
              title: 'Exposure between DeXposure sectors (USD bn) and nodes',
              scales: { x: { time: true }, usd: {}, nodes: {} },
              axes: [
                AXIS,
                { ...AXIS, scale: 'usd', label: 'USD bn', size: 56 },
                { ...AXIS, scale: 'nodes', side: 1, label: 'nodes', grid: { show: false }, size: 56 },
              ],
              series: [
                {},
                {
                  label: 'Total exposure',
                  scale: 'usd',
                  stroke: '#60a5fa',
                  width: 1.5,
                  value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} bn`),
                },
                {
                  label: 'Cross-sector',
                  scale: 'usd',
                  stroke: '#fb923c',
                  width: 1.5,
                  value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} bn`),
                },
                { label: 'Nodes', scale: 'nodes', stroke: '#a3a3a3', width: 1, dash: [4, 3] },
              ],
              plugins: [markersPlugin(report.anySystem.fired)],
            } satisfies Omit<uPlot.Options, 'width'>,
            data: [
              x,
              series.totalExposure.map((v) => v / 1e9),
              series.crossSectorExposure.map((v) => v / 1e9),
              series.nodes,
            ] as uPlot.AlignedData,
          }
        : null,
    [series, report, x],
  );
  const buildIndex = useMemo(
    () => () =>
      series && report
        ? {
            opts: {
              height: 220,
              title: 'Concentration: spillover index and sector HHI',
              scales: { x: { time: true }, y: { range: [0, 1] } },
              axes: [AXIS, { ...AXIS, label: 'HHI', size: 56 }],
              series: [
                {},
                {
                  label: 'Spillover index',
                  stroke: '#34d399',
                  width: 1.5,
                  value: (_u, v) => (v == null ? '—' : v.toFixed(3)),
                },
                {
                  label: 'Sector HHI',
                  stroke: '#c084fc',
                  width: 1.5,
                  value: (_u, v) => (v == null ? '—' : v.toFixed(3)),
                },
              ],
              plugins: [markersPlugin(report.anySystem.fired)],
            } satisfies Omit<uPlot.Options, 'width'>,
            data: [x, series.spilloverIndex, series.sectorHhi] as uPlot.AlignedData,
          }
        : null,
    [series, report, x],
  );
  const onDrawn = () => setDrawn((d) => d + 1);
  useChart(exposureRef, buildExposure, onDrawn);
  useChart(indexRef, buildIndex, onDrawn);
  useEffect(() => {
    if (drawn >= 2 && renderMs === null) setRenderMs(performance.now() - dataAt.current);
  }, [drawn, renderMs]);

  if (error)
    return (
      <p className="warning" role="alert">
        {error}
      </p>
    );
  if (!file || !series || !report) return <p className="empty-state">Loading the sector timeline…</p>;
  const p = file.provenance;
  const last = series.weeks.length - 1;
  return (
    <div className="timeline-panel" data-testid="timeline-panel">
      <p className="muted small" data-testid="timeline-provenance">
        <span className="badge real">real</span> {p.source}, {series.weeks.length} weeks ({series.weeks[0]} …{' '}
        {series.weeks[last]}), from {p.repository} @ {p.commit}. {p.credit} Weekly sums over DeXposure's 7 sectors (not
        the protocol graph on the map). Latest week: cross-sector {formatUsd(series.crossSectorExposure[last])} of{' '}
        {formatUsd(series.totalExposure[last])} total (
        {formatPct((100 * series.crossSectorExposure[last]) / series.totalExposure[last], 1)}),{' '}
        {series.nodes[last].toLocaleString('en')} nodes.
      </p>
      <div
        ref={exposureRef}
        className="timeline-chart"
        data-testid="timeline-chart"
        data-ready={drawn >= 2 ? 'true' : 'false'}
        data-ready-at={drawn >= 2 && renderMs !== null ? String(dataAt.current + renderMs) : undefined}
        data-render-ms={renderMs !== null ? renderMs.toFixed(1) : undefined}
      />
      <div ref={indexRef} className="timeline-chart" />
      <p className="muted small">
        Dashed lines: {EVENTS.map((e) => `${e.label} (week of ${e.week})`).join(', ')}. Red ticks: weeks a system signal
        fired. Cross-sector = exposure between different sectors; spillover index = HHI of the 42 sector pairs’ shares
        of it (the app’s definition); sector HHI = HHI of the 7 holder sectors’ shares of all exposure.
      </p>
      <SignalTable report={report} />
    </div>
  );
}

function SignalTable({ report }: { report: SignalReport }) {
  const rows: SignalSeries[] = [report.anySystem, ...report.series.slice(0, 3), report.anyPair];
  const pairs = report.series.slice(3).filter((s) => Object.values(s.leadWeeks).some((v) => v !== null));
  const lead = (v: number | null) => (v === null ? 'no warning' : v === 0 ? 'event week' : `${v} wk before`);
  return (
    <section aria-labelledby="signals-h">
      <h3 id="signals-h">Early-warning signals</h3>
      <p className="muted small" data-testid="signal-definition">
        {report.definition}
      </p>
      <table className="data-table compact signals" data-testid="signal-table">
        <thead>
          <tr>
            <th scope="col">Signal on</th>
            {report.events.map((e) => (
              <th key={e.id} scope="col">
                {e.label}
              </th>
            ))}
            <th scope="col" className="num">
              Fired
            </th>
            <th
              scope="col"
              className="num"
              title={`False alarms / ${report.quietWeeks} weeks outside every event window`}
            >
              False alarms
            </th>
          </tr>
        </thead>
        <tbody>
          {[...rows, ...pairs].map((s) => (
            <tr key={s.key} data-testid={`signal-${s.key}`}>
              <th scope="row">{s.label}</th>
              {report.events.map((e) => (
                <td key={e.id}>{lead(s.leadWeeks[e.id])}</td>
              ))}
              <td className="num">{s.fired.length}</td>
              <td className="num">
                {s.falseAlarms} <span className="muted">({formatPct(100 * s.falseAlarmRate, 1)} of quiet weeks)</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Sector pairs listed: those that warned before an event; every pair's firings are in the CLI (
        <code>npm run --silent cli -- timeline</code>).
      </p>
    </section>
  );
}
