// "Load your data": a file picker in the header and a drop zone over the whole page, then a
// panel with the progress (cancellable), or the precise problems of a rejected file (the
// explorer stays on the dataset it had), or the warnings of an accepted one. Everything from
// the file is rendered as React text, never as HTML.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useExplorer } from '../store';
import { isBusy } from '../store/uploadSlice';
import './load.css';

const ACCEPT = '.json,.csv,application/json,text/csv';

export function LoadFileButton() {
  const input = useRef<HTMLInputElement>(null);
  const busy = useExplorer((s) => isBusy(s.upload));
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = ''; // picking the same file again must fire again
    if (files.length) void useExplorer.getState().loadFiles(files);
  };
  return (
    <>
      <button
        type="button"
        className="load-button"
        onClick={() => input.current?.click()}
        disabled={busy}
        title="A DeXposure week (historical-network_week_*.json, with meta_df.csv), our compact JSON, or edges.csv + nodes.csv. You can also drop files anywhere on the page."
      >
        Load your data…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        onChange={onPick}
        hidden
        data-testid="file-input"
        aria-label="Load your data"
      />
    </>
  );
}

/** Full-page drop target, shown while files are dragged over the window. */
export function DropZone() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // allows the drop
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // never let the browser navigate away to the file
      depth = 0;
      setOver(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length) void useExplorer.getState().loadFiles(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="drop-zone" aria-hidden="true">
      <div>
        <strong>Drop to load your data</strong>
        <span>A DeXposure week JSON (+ meta_df.csv), our compact JSON, or edges.csv + nodes.csv</span>
      </div>
    </div>
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/** Progress, problems or warnings of the last load; nothing when idle. */
export function LoadStatus() {
  const upload = useExplorer((s) => s.upload);
  const dataset = useExplorer((s) => s.dataset);
  if (upload.phase === 'idle') return null;
  const names = upload.files.join(', ');
  const dismiss = () => useExplorer.getState().dismissUpload();

  if (isBusy(upload)) {
    const { phase, received } = upload;
    const count = (n: number) => n.toLocaleString('en-US');
    return (
      <section
        className="load-status busy"
        role="status"
        aria-live="polite"
        data-testid="load-status"
        data-phase={phase}
      >
        <div className="load-line">
          <span className="load-title">
            {phase === 'reading' ? 'Reading' : phase === 'parsing' ? 'Checking' : 'Building'}{' '}
            <span className="load-files">{names}</span>
          </span>
          <button type="button" onClick={() => useExplorer.getState().cancelLoad()} data-testid="load-cancel">
            Cancel
          </button>
        </div>
        {phase === 'reading' ? (
          <progress
            max={Math.max(upload.total, 1)}
            value={upload.loaded}
            aria-label="Bytes read"
            data-testid="load-progress"
          />
        ) : phase === 'building' && received ? (
          <progress max={received.of} value={received.weeks} aria-label="Weeks built" data-testid="load-progress" />
        ) : (
          <progress aria-label="Validating" data-testid="load-progress" />
        )}
        <span className="muted small" data-testid="load-progress-text">
          {phase === 'reading'
            ? `${megabytes(upload.loaded)} of ${megabytes(upload.total)} read`
            : phase === 'building' && received
              ? `${megabytes(upload.total)} read and checked; built week ${count(received.weeks)} of ${count(received.of)}: ${count(received.nodes)} nodes, ${count(received.edges)} edges`
              : `${megabytes(upload.total)} read; validating every node, edge and holding (off the page’s thread; the explorer keeps working).`}
        </span>
      </section>
    );
  }

  if (upload.phase === 'error' && upload.error) {
    const e = upload.error;
    return (
      <section className="load-status error" role="alert" data-testid="load-error">
        <div className="load-line">
          <span className="load-title">
            Could not load <span className="load-files">{e.file ?? names}</span>
            {dataset && <span className="muted"> · still showing {dataset.title}</span>}
          </span>
          <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
        <ul className="load-issues">
          {e.issues.map((issue, k) => (
            <li key={k}>
              {issue.path && <code>{issue.path}</code>}
              {issue.path && ': '}
              {issue.message}
            </li>
          ))}
        </ul>
        {e.total > e.issues.length && (
          <p className="muted small">… and {e.total - e.issues.length} more problems of the same kind.</p>
        )}
      </section>
    );
  }

  // loaded
  return (
    <section className="load-status ok" role="status" data-testid="load-done">
      <div className="load-line">
        <span className="load-title">
          Loaded <span className="load-files">{names}</span>
          {upload.built && (
            <span data-testid="load-built">
              {' '}
              ({megabytes(upload.total)} read; built {upload.built.nodes.toLocaleString('en-US')} nodes and{' '}
              {upload.built.edges.toLocaleString('en-US')} edges
              {upload.built.weeks > 1 ? ` in the latest of ${upload.built.weeks} weeks` : ''})
            </span>
          )}
          {upload.warnings.length === 0
            ? ' with no warnings.'
            : ` with ${upload.warnings.length} warning${upload.warnings.length > 1 ? 's' : ''}:`}
        </span>
        <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss">
          ×
        </button>
      </div>
      {upload.warnings.length > 0 && (
        <ul className="load-issues" data-testid="load-warnings">
          {upload.warnings.map((w, k) => (
            <li key={k}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
