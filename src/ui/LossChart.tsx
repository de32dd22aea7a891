// Loss by round: cumulative system loss after seeding and after each round, the shown round
// highlighted. Plain SVG on purpose: at most 21 bars with no zoom or brushing, so a charting
// library (uPlot draws on a canvas) would add weight and hide the numbers from screen readers;
// the same numbers are in a visually hidden table.
import { formatUsd, formatUsdTick } from './format';

interface Props {
  /** System loss after seeding (index 0) and after each round. */
  losses: number[];
  /** Distressed count after seeding and after each round. */
  affected: number[];
  round: number;
  totalTvl: number;
  onPick?: (round: number) => void;
}

const W = 340;
const H = 150;
const PAD = { left: 50, right: 8, top: 10, bottom: 26 };

export function LossChart({ losses, affected, round, totalTvl, onPick }: Props) {
  const max = Math.max(...losses, 1);
  const nice = niceCeil(max);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const band = innerW / losses.length;
  const barW = Math.max(4, Math.min(34, band * 0.7));
  const y = (v: number) => PAD.top + innerH - (v / nice) * innerH;
  const ticks = [0, nice / 2, nice];
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`System loss by round, from ${formatUsd(losses[0])} after seeding to ${formatUsd(losses[losses.length - 1])}`}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="tick">
              {formatUsdTick(t)}
            </text>
          </g>
        ))}
        {losses.map((v, r) => {
          const x = PAD.left + band * r + (band - barW) / 2;
          const prev = r > 0 ? losses[r - 1] : 0;
          return (
            <g
              key={r}
              className={`bar-group ${r === round ? 'current' : ''} ${r > round ? 'future' : ''}`}
              onClick={onPick ? () => onPick(r) : undefined}
            >
              <title>{`${r === 0 ? 'After seeding' : `Round ${r}`}: ${formatUsd(v)}${totalTvl > 0 ? ` (${((100 * v) / totalTvl).toFixed(2)}% of TVL)` : ''}, ${affected[r] ?? '?'} distressed`}</title>
              <rect x={x} y={y(prev)} width={barW} height={Math.max(0, y(0) - y(prev))} className="bar-base" />
              <rect x={x} y={y(v)} width={barW} height={Math.max(0, y(prev) - y(v))} className="bar-gain" />
              <text x={x + barW / 2} y={H - 10} textAnchor="middle" className="tick">
                {r === 0 ? 'seed' : r}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        Cumulative system loss after seeding and each round; the light part of a bar is what that round added.
      </figcaption>
      <table className="sr-only">
        <caption>System loss by round</caption>
        <thead>
          <tr>
            <th scope="col">Round</th>
            <th scope="col">System loss</th>
            <th scope="col">Distressed</th>
          </tr>
        </thead>
        <tbody>
          {losses.map((v, r) => (
            <tr key={r}>
              <th scope="row">{r === 0 ? 'After seeding' : r}</th>
              <td>{formatUsd(v)}</td>
              <td>{affected[r]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function niceCeil(x: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 4, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
