// Legend strip under the canvas: sector colours, node shapes, the loss ramp, seed rings and
// what the arrows mean. A strip rather than an overlay, so it never hides a node.
import { useExplorer } from './store';
import { lossGradientCss, SECTOR_COLORS, SECTOR_SHORT } from './palette';
import { SECTORS, type Sector } from '../core/types';
import { forecastEdgeMarks } from './forecast/edgeMarks';
import './explain/explain.css';

export function Legend() {
  const snapshot = useExplorer((s) => s.snapshot);
  const baseSnapshot = useExplorer((s) => s.baseSnapshot);
  const scenarioActive = useExplorer((s) => s.status === 'done');
  if (!snapshot) return null;
  const present = new Set(snapshot.sectors);
  return (
    <div className="legend" aria-label="Legend">
      <ul className="legend-sectors" aria-label="Sector colours">
        {SECTORS.filter((s) => present.has(s)).map((s: Sector) => (
          <li key={s} title={s}>
            <span
              className={`swatch ${s === 'Primary Market Tokens' ? 'square' : ''}`}
              style={{ background: SECTOR_COLORS[s] }}
            />
            {SECTOR_SHORT[s]}
          </li>
        ))}
      </ul>
      <span className="legend-item" title="Node colour once a scenario runs: loss as a share of the node's own TVL">
        <span className="legend-label">loss/TVL</span>
        <span className="ramp-0">0</span>
        <span className="ramp" style={{ background: lossGradientCss() }} aria-hidden="true" />
        <span className="ramp-0">100%</span>
      </span>
      <span className="legend-item">
        <span className="seed-ring" aria-hidden="true" /> seed
      </span>
      <span className="legend-item">size ∝ log TVL</span>
      <span
        className="legend-item"
        title="Edge direction: the holder points at the issuer of the tokens it holds; width ∝ USD"
      >
        <span className="edge-sample" aria-hidden="true" /> holder → issuer
      </span>
      {baseSnapshot && forecastEdgeMarks(baseSnapshot) && (
        <>
          <span className="legend-item" title="Forecast edges absent from the observed week">
            <span className="edge-sample forecast-new" aria-hidden="true" /> new (forecast)
          </span>
          <span className="legend-item" title="Observed edges the forecast drops">
            <span className="edge-sample forecast-vanish" aria-hidden="true" /> vanishing
          </span>
        </>
      )}
      {scenarioActive && (
        <span
          className="legend-item"
          title="Edges that passed loss on in the round shown; the arrow points at the creditor that took the loss"
        >
          <span className="edge-sample carried" aria-hidden="true" /> loss this round
        </span>
      )}
      {scenarioActive && (
        <span
          className="legend-item"
          title="The fewest edges that together carried 80% of the contagion loss so far (Results tab lists them)"
        >
          <span className="edge-sample main-carrier" aria-hidden="true" /> main carriers
        </span>
      )}
    </div>
  );
}
