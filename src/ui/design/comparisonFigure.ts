// The comparison as a PNG figure: both scenarios in words, their key numbers side by side with
// B − A, a bar chart of the largest per-protocol differences, and the data source.
import type { Comparison } from '../../core/scenario/compare';
import { PERIMETER_DESCRIPTIONS } from '../../core/perimeter';
import type { Snapshot } from '../../core/types';
import { formatPct, formatUsd } from '../format';
import { wrapText } from '../canvasExport';
import { version } from '../../../package.json';

const W = 1000;
const FONT = 'Inter, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const BARS = 12;

export function comparisonPng(c: Comparison, week: Snapshot): Promise<Blob> {
  const canvas = document.createElement('canvas');
  const scale = 2;
  const bars = c.nodes.filter((r) => r.difference !== 0).slice(0, BARS);
  const height = 420 + bars.length * 22;
  canvas.width = W * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#0f1420';
  ctx.fillRect(0, 0, W, height);
  let y = 30;
  const text = (s: string, x: number, size = 13, color = '#e6e9ef', bold = false) => {
    ctx.font = `${bold ? '600 ' : ''}${size}px ${FONT}`;
    ctx.fillStyle = color;
    ctx.fillText(s, x, y);
  };
  text(`Scenario comparison: ${c.a.saved.name} (A) vs ${c.b.saved.name} (B)`, 20, 18, '#fff', true);
  y += 22;
  const p = week.provenance;
  text(`Week of ${week.date} · ${week.title} (${p.synthetic ? 'synthetic' : 'real'} data)`, 20, 12, '#aab');
  for (const [label, run] of [
    ['A', c.a],
    ['B', c.b],
  ] as const) {
    ctx.font = `12px ${FONT}`;
    const s = run.saved.scenario;
    const line = `${label}: ${run.description}. Rule ${s.rule}, τ = ${+(s.threshold * 100).toFixed(1)}%, ≤ ${s.maxRounds} rounds, perimeter ${PERIMETER_DESCRIPTIONS[s.perimeter].label}.`;
    for (const l of wrapText(ctx, line, W - 40)) {
      y += 17;
      text(l, 20, 12);
    }
  }
  y += 28;
  const cols = [20, 380, 580, 780];
  const header = ['', `A: ${c.a.saved.name}`, `B: ${c.b.saved.name}`, 'B − A'];
  header.forEach((h, k) => text(h, cols[k], 13, '#fff', true));
  const sign = (x: number, f: (x: number) => string) => (x > 0 ? `+${f(x)}` : x < 0 ? `−${f(-x)}` : f(0));
  const rows: [string, string, string, string][] = [
    [
      'System loss',
      formatUsd(c.a.summary.totalLoss),
      formatUsd(c.b.summary.totalLoss),
      sign(c.difference.totalLoss, formatUsd),
    ],
    [
      '% of the perimeter’s TVL',
      `${formatPct(c.a.summary.totalLossPct)} of ${formatUsd(c.a.summary.totalTvl)}`,
      `${formatPct(c.b.summary.totalLossPct)} of ${formatUsd(c.b.summary.totalTvl)}`,
      c.sameDenominator ? `${sign(c.difference.totalLossPct, (x) => x.toFixed(2))} pp` : 'n/a',
    ],
    [
      'Added by contagion',
      formatUsd(c.a.summary.indirectLoss),
      formatUsd(c.b.summary.indirectLoss),
      sign(c.difference.indirectLoss, formatUsd),
    ],
    [
      'Distressed (loss > τ·TVL)',
      String(c.a.summary.distressedCount),
      String(c.b.summary.distressedCount),
      sign(c.difference.distressedCount, String),
    ],
    [
      'Affected (seeds + contagion)',
      String(c.a.summary.affectedCount),
      String(c.b.summary.affectedCount),
      sign(c.difference.affectedCount, String),
    ],
  ];
  for (const row of rows) {
    y += 20;
    row.forEach((cell, k) => text(cell, cols[k], 13));
  }
  y += 34;
  text(
    bars.length
      ? 'Largest differences in loss, B − A (red: B loses more; green: B loses less)'
      : 'No protocol’s loss differs between A and B',
    20,
    13,
    '#fff',
    true,
  );
  const maxAbs = Math.max(1e-9, ...bars.map((r) => Math.abs(r.difference)));
  const mid = 620;
  for (const r of bars) {
    y += 22;
    ctx.font = `12px ${FONT}`;
    ctx.fillStyle = '#e6e9ef';
    ctx.fillText(`${r.name} (${r.id})`.slice(0, 48), 20, y);
    const w = (Math.abs(r.difference) / maxAbs) * 300;
    ctx.fillStyle = r.difference > 0 ? '#e74c3c' : '#27ae60';
    ctx.fillRect(r.difference > 0 ? mid : mid - w, y - 11, w, 14);
    // The figure goes on the other side of the axis, so it never overlaps its bar.
    ctx.fillStyle = '#e6e9ef';
    ctx.textAlign = r.difference > 0 ? 'right' : 'left';
    ctx.fillText(sign(r.difference, formatUsd), r.difference > 0 ? mid - 6 : mid + 6, y);
    ctx.textAlign = 'left';
  }
  y += 34;
  ctx.font = `11px ${FONT}`;
  for (const l of wrapText(
    ctx,
    `Source: ${p.source} (${p.date}). ${p.credit} · defi-contagion-explorer ${version}`,
    W - 40,
  )) {
    text(l, 20, 11, '#99a');
    y += 15;
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'),
  );
}
