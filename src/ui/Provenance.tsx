// Where the numbers come from: always on screen (source, date, real or synthetic, coverage,
// credit); the full notes and licence one click away.
import { useExplorer } from './store';
import { LOCAL_DATASET } from './data';

const COVERAGE_LABELS: Record<string, string> = {
  toIssuer: 'mapped to an issuing protocol',
  toPrimaryToken: 'to a primary token',
  issuerOwnSupply: "issuers' own supply (no edge)",
  unmapped: 'unmapped',
};

export function Provenance({ compact = false }: { compact?: boolean }) {
  const dataset = useExplorer((s) => s.dataset);
  const snapshot = useExplorer((s) => s.snapshot);
  const local = useExplorer((s) => s.datasetName === LOCAL_DATASET);
  if (!dataset || !snapshot) return null;
  const p = dataset.provenance;
  const coverage = p.coverage
    ? Object.entries(p.coverage)
        .map(([k, v]) => `${(v * 100).toFixed(1)}% ${Object.hasOwn(COVERAGE_LABELS, k) ? COVERAGE_LABELS[k] : k}`)
        .join(', ')
    : null;
  const edgeless = snapshot.edges.m === 0;
  return (
    <footer
      className={`provenance ${compact ? 'compact' : ''}`}
      data-testid="dataset-provenance"
      aria-label="Data provenance"
    >
      {local ? (
        // We cannot vouch for a user's file: say whose it is (and if it calls itself synthetic).
        <span className={`badge ${p.synthetic ? 'synthetic' : 'local'}`}>
          {p.synthetic ? 'Your file (synthetic)' : 'Your file'}
        </span>
      ) : (
        <span className={`badge ${p.synthetic ? 'synthetic' : 'real'}`}>
          {p.synthetic ? 'Synthetic data' : 'Real data'}
        </span>
      )}
      <span className="prov-main">
        <strong>{dataset.title}</strong>
        {dataset.weeks.length > 1 && <> · week {snapshot.date}</>} · {snapshot.n.toLocaleString('en-US')} nodes,{' '}
        {snapshot.edges.m.toLocaleString('en-US')} edges
        {edgeless && <strong className="warn"> · no exposure edges: shocks cannot spread</strong>}
        {dataset.warnings.length > 0 && !compact && (
          <span className="warn">
            {' '}
            · {dataset.warnings.length} loader warning{dataset.warnings.length > 1 ? 's' : ''} (in Notes)
          </span>
        )}
      </span>
      {!compact && (
        <span className="prov-source">
          Source: {p.source} ({p.date}){coverage && <> · pool USD coverage: {coverage}</>}
        </span>
      )}
      <span className="prov-credit">{p.credit}</span>
      {!compact && (p.notes || p.licence || dataset.warnings.length > 0) && (
        <details className="prov-details">
          <summary>Notes &amp; licence</summary>
          <div className="prov-popover">
            {p.notes && <p>{p.notes}</p>}
            {p.licence && (
              <p>
                <strong>Licence: </strong>
                {p.licence}
              </p>
            )}
            {dataset.warnings.length > 0 && (
              <>
                <p>
                  <strong>Loader warnings:</strong>
                </p>
                <ul>
                  {dataset.warnings.map((w, k) => (
                    <li key={k}>{w}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </details>
      )}
    </footer>
  );
}
