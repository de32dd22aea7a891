// Saved scenarios and the comparison of two: save the scenario on screen (with its interventions)
// under a name, kept in the link and in local storage; pick A and B; see both side by side with
// B − A, the protocols whose loss differs most, and export CSV / JSON / PNG carrying both.
import { useMemo, useState } from 'react';
import {
  compareSaved,
  comparisonToCsv,
  comparisonToJson,
  isScenarioName,
  type Comparison,
} from '../../core/scenario/compare';
import type { OutcomeSummary } from '../../core/scenario/interventions';
import { PERIMETER_DESCRIPTIONS } from '../../core/perimeter';
import { useExplorer } from '../store';
import { downloadBlob } from '../download';
import { formatPct, formatUsd } from '../format';
import { deleteSaved, loadSaved, saveCurrent, setCompare, useDesign } from './designStore';
import { comparisonPng } from './comparisonFigure';

const TOP_DIFFERENCES = 10;

export function Compare() {
  const week = useExplorer((s) => s.baseSnapshot);
  const datasetName = useExplorer((s) => s.datasetName);
  const saved = useDesign((s) => s.saved);
  const pair = useDesign((s) => s.compare);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const comparison = useMemo(() => {
    if (!week || !pair) return null;
    const a = saved.find((s) => s.name === pair[0]);
    const b = saved.find((s) => s.name === pair[1]);
    if (!a || !b) return null;
    try {
      return { value: compareSaved(week, a, b), error: null };
    } catch (err) {
      return { value: null, error: (err as Error).message };
    }
  }, [week, saved, pair]);

  const save = () => {
    const n = name.trim();
    if (!isScenarioName(n)) return setError('a name of 1–40 letters, digits, spaces, ".", "-" or "_"');
    setError(null);
    saveCurrent(n);
    setName('');
  };
  const names = saved.map((s) => s.name);
  const pick = (side: 0 | 1, value: string) => {
    const next: [string, string] = pair ? [...pair] : [names[0] ?? '', names[1] ?? names[0] ?? ''];
    next[side] = value;
    setCompare(next[0] && next[1] ? next : null);
  };
  const stem = pair ? `compare_${pair[0]}_vs_${pair[1]}_${datasetName ?? 'data'}`.replace(/[^\w.-]+/g, '-') : '';

  return (
    <section className="design-section" aria-labelledby="design-compare">
      <h3 id="design-compare">Saved scenarios and comparison</h3>
      <form
        className="iv-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="name"
          aria-label="Scenario name"
          data-testid="save-name"
          maxLength={40}
        />
        <button type="submit" data-testid="save-button">
          Save the scenario on screen
        </button>
        {error && (
          <span className="warn small" role="alert">
            {error}
          </span>
        )}
      </form>
      {saved.length > 0 && (
        <ul className="iv-list" data-testid="saved-list">
          {saved.map((s) => (
            <li key={s.name}>
              <strong>{s.name}</strong>{' '}
              <span className="muted small">
                {PERIMETER_DESCRIPTIONS[s.scenario.perimeter].short}
                {s.event ? `, event ${s.event}` : ''}
                {s.interventions.length ? `, ${s.interventions.length} intervention(s)` : ''}
              </span>{' '}
              <button type="button" onClick={() => loadSaved(s.name)}>
                Load
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Delete ${s.name}`}
                onClick={() => deleteSaved(s.name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {saved.length >= 2 ? (
        <div className="iv-form">
          <label>
            A{' '}
            <select value={pair?.[0] ?? ''} onChange={(e) => pick(0, e.target.value)} data-testid="compare-a">
              <option value="">—</option>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            B{' '}
            <select value={pair?.[1] ?? ''} onChange={(e) => pick(1, e.target.value)} data-testid="compare-b">
              <option value="">—</option>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        </div>
      ) : (
        <p className="muted small">Save two scenarios to compare them.</p>
      )}
      {comparison?.error && (
        <p className="warn small" role="alert">
          {comparison.error}
        </p>
      )}
      {comparison?.value && (
        <>
          <ComparisonTable c={comparison.value} />
          <div className="export-buttons">
            <button
              type="button"
              data-testid="compare-export-csv"
              onClick={() =>
                downloadBlob(`${stem}.csv`, new Blob([comparisonToCsv(comparison.value!)], { type: 'text/csv' }))
              }
            >
              CSV
            </button>
            <button
              type="button"
              data-testid="compare-export-json"
              onClick={() =>
                downloadBlob(
                  `${stem}.json`,
                  new Blob(
                    [
                      JSON.stringify(
                        {
                          dataset: datasetName,
                          date: week?.date,
                          provenance: week?.provenance,
                          ...comparisonToJson(comparison.value!),
                        },
                        null,
                        2,
                      ),
                    ],
                    { type: 'application/json' },
                  ),
                )
              }
            >
              JSON
            </button>
            <button
              type="button"
              data-testid="compare-export-png"
              onClick={() =>
                void comparisonPng(comparison.value!, week!).then((blob) => downloadBlob(`${stem}.png`, blob))
              }
            >
              PNG
            </button>
          </div>
        </>
      )}
    </section>
  );
}

const SIGNED = (x: number, f: (x: number) => string) => (x > 0 ? `+${f(x)}` : x < 0 ? `−${f(-x)}` : f(0));

function ComparisonTable({ c }: { c: Comparison }) {
  const rows: [string, (s: OutcomeSummary) => string, string, string][] = [
    ['System loss', (s) => formatUsd(s.totalLoss), SIGNED(c.difference.totalLoss, formatUsd), 'loss'],
    [
      '% of the perimeter’s TVL',
      (s) => formatPct(s.totalLossPct),
      c.sameDenominator ? `${SIGNED(c.difference.totalLossPct, (x) => x.toFixed(2))} pp` : 'n/a (denominators differ)',
      'pct',
    ],
    ['Added by contagion', (s) => formatUsd(s.indirectLoss), SIGNED(c.difference.indirectLoss, formatUsd), 'indirect'],
    [
      'Distressed (loss > τ·TVL)',
      (s) => String(s.distressedCount),
      SIGNED(c.difference.distressedCount, String),
      'distressed',
    ],
    [
      'Affected (seeds + distressed by contagion)',
      (s) => String(s.affectedCount),
      SIGNED(c.difference.affectedCount, String),
      'affected',
    ],
    ['Propagation rounds', (s) => String(s.propagationRounds), '', 'rounds'],
  ];
  return (
    <>
      <table className="data-table compact" data-testid="compare-table">
        <thead>
          <tr>
            <th />
            <th>A: {c.a.saved.name}</th>
            <th>B: {c.b.saved.name}</th>
            <th>B − A</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Scenario</th>
            <td className="small">{c.a.description}</td>
            <td className="small">{c.b.description}</td>
            <td />
          </tr>
          {rows.map(([label, f, diff, key]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td data-testid={`compare-a-${key}`}>{f(c.a.summary)}</td>
              <td data-testid={`compare-b-${key}`}>{f(c.b.summary)}</td>
              <td data-testid={`compare-diff-${key}`} data-value={key === 'loss' ? c.difference.totalLoss : undefined}>
                {diff}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.notes.length > 0 && <p className="muted small">{c.notes.join('; ')}</p>}
      <p className="small">
        Distressed only in A: {c.distressedOnlyA.length ? c.distressedOnlyA.join(', ') : 'none'}; only in B:{' '}
        {c.distressedOnlyB.length ? c.distressedOnlyB.join(', ') : 'none'}.
      </p>
      {c.nodes.every((r) => r.difference === 0) && (
        <p className="small" data-testid="compare-no-difference">
          No protocol&apos;s loss differs between A and B.
        </p>
      )}
      <table className="data-table compact" data-testid="compare-nodes">
        <caption>Largest differences in loss (of {c.nodes.length} protocols hit in either)</caption>
        <thead>
          <tr>
            <th>Protocol</th>
            <th className="num">Loss A</th>
            <th className="num">Loss B</th>
            <th className="num">B − A</th>
          </tr>
        </thead>
        <tbody>
          {c.nodes.slice(0, TOP_DIFFERENCES).map((r) => (
            <tr key={r.id}>
              <td>
                {r.name} <span className="muted">({r.id})</span>
              </td>
              <td className="num">{formatUsd(r.lossA)}</td>
              <td className="num">{formatUsd(r.lossB)}</td>
              <td className="num">{SIGNED(r.difference, formatUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
