// A small line chart (uPlot, imported on first use so the first screen never loads it): system
// loss (% of the perimeter's TVL) and distressed count against one parameter. The numbers are also
// in a table under the chart (screen readers, copying).
import { useEffect, useRef } from 'react';
import type { CurvePoint } from '../../core/scenario/reverseStress';

export function CurveChart({
  points,
  xLabel,
  testId,
  formatX,
}: {
  points: CurvePoint[];
  xLabel: string;
  testId: string;
  formatX: (x: number) => string;
}) {
  const host = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || points.length === 0) return;
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      if (cancelled) return;
      chart = new UPlot(
        {
          width: Math.max(220, Math.floor(el.getBoundingClientRect().width) || 320),
          height: 170,
          legend: { show: false },
          scales: { x: { time: false }, loss: { range: (_u, _min, max) => [0, Math.max(1e-9, max) * 1.05] } },
          series: [
            { label: xLabel, value: (_u, v) => (v == null ? '' : formatX(v)) },
            {
              label: 'system loss %',
              scale: 'loss',
              stroke: '#c0392b',
              width: 2,
              value: (_u, v) => (v == null ? '' : `${v.toFixed(2)}%`),
            },
            { label: 'distressed', scale: 'count', stroke: '#2c7fb8', width: 1, dash: [4, 3] },
          ],
          axes: [
            { label: xLabel, values: (_u, ticks) => ticks.map(formatX) },
            { scale: 'loss', label: 'loss %', values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(2)}%`) },
            { scale: 'count', side: 1, label: 'distressed', grid: { show: false } },
          ],
        },
        [points.map((p) => p.x), points.map((p) => p.lossPct), points.map((p) => p.distressedCount)],
        el,
      );
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [points, xLabel, formatX]);
  return (
    <figure className="curve-chart" data-testid={testId} data-points={points.length}>
      <figcaption className="small">
        Against {xLabel}: <span className="curve-key-loss">system loss, % of the perimeter&apos;s TVL</span> (left
        axis), <span className="curve-key-count">distressed count</span> (right axis)
      </figcaption>
      <div ref={host} className="curve-host" />
      <details>
        <summary className="small">Numbers</summary>
        <table className="data-table compact">
          <thead>
            <tr>
              <th className="num">{xLabel}</th>
              <th className="num">system loss %</th>
              <th className="num">distressed</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.x}>
                <td className="num">{formatX(p.x)}</td>
                <td className="num">{p.lossPct.toFixed(4)}</td>
                <td className="num">{p.distressedCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
