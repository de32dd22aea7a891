// Interventions (what-ifs) on the scenario on screen: the list, a form to add one, the scenario
// before and after side by side, and candidate interventions ranked by loss saved per USD. The
// canvas and the key numbers keep the scenario as it is; only this section shows the "after".
import { useMemo, useState } from 'react';
import { ScenarioError } from '../../core/contagion';
import {
  applyInterventions,
  describeIntervention,
  evaluateInterventions,
  rankInterventions,
  type Intervention,
  type OutcomeSummary,
} from '../../core/scenario/interventions';
import { PERIMETER_DESCRIPTIONS } from '../../core/perimeter';
import { useExplorer } from '../store';
import { formatNumber, formatPct, formatUsd } from '../format';
import { addIntervention, clearInterventions, removeIntervention, useDesign } from './designStore';
import { useDesignInputs, useProtocolOptions } from './useDesignInputs';

type Kind = Intervention['kind'];
const KIND_LABELS: Record<Kind, string> = {
  cap: 'Cap an exposure (USD)',
  remove: 'Remove an exposure',
  recap: 'Recapitalise a protocol (USD)',
  ringfence: 'Ring-fence a protocol',
  tau: 'Own τ for a protocol',
};

export function Interventions() {
  const inputs = useDesignInputs();
  const list = useDesign((s) => s.interventions);
  const perimeter = useExplorer((s) => s.scenario.perimeter);
  const protocols = useProtocolOptions(inputs?.snapshot ?? null);

  const outcome = useMemo(() => {
    if (!inputs || inputs.seeds.length === 0) return null;
    try {
      return { value: evaluateInterventions(inputs.snapshot, inputs.seeds, inputs.options, list), error: null };
    } catch (err) {
      if (err instanceof ScenarioError) return { value: null, error: err.message };
      throw err;
    }
  }, [inputs, list]);
  const ranking = useMemo(
    () => (inputs && inputs.seeds.length ? rankInterventions(inputs.snapshot, inputs.seeds, inputs.options) : []),
    [inputs],
  );

  if (!inputs) return null;
  const denominator = PERIMETER_DESCRIPTIONS[perimeter].denominator;
  return (
    <section className="design-section" aria-labelledby="design-interventions">
      <h3 id="design-interventions">Interventions</h3>
      <datalist id="design-protocols">
        {protocols.map((p) => (
          <option key={p.id} value={p.id} label={p.label} />
        ))}
      </datalist>
      <InterventionForm />
      {list.length > 0 && (
        <ul className="iv-list" data-testid="iv-list">
          {list.map((iv, k) => (
            <li key={k}>
              {describeIntervention(inputs.snapshot, iv)}{' '}
              <button type="button" className="icon-button" aria-label="Remove" onClick={() => removeIntervention(k)}>
                ×
              </button>
            </li>
          ))}
          <li>
            <button type="button" onClick={clearInterventions}>
              Clear all
            </button>
          </li>
        </ul>
      )}
      {inputs.seeds.length === 0 ? (
        <p className="muted small">Shock a protocol or a token first: interventions are compared on a scenario.</p>
      ) : outcome?.error ? (
        <p className="warn small" role="alert">
          {outcome.error}
        </p>
      ) : (
        outcome?.value && (
          <>
            <BeforeAfter before={outcome.value.before} after={outcome.value.after} denominator={denominator} />
            <p className="small" data-testid="iv-saved" data-loss-saved={outcome.value.lossSaved}>
              Loss saved: <strong>{formatUsd(outcome.value.lossSaved)}</strong>
              {outcome.value.savedPerUsd !== null ? (
                <span data-testid="iv-per-usd">
                  {' '}
                  = {formatNumber(outcome.value.savedPerUsd)} per USD of {formatUsd(outcome.value.usdCost!)} (capital
                  added plus exposure removed)
                </span>
              ) : (
                <span className="muted"> (no USD cost: ring-fencing and τ changes have no per-USD figure)</span>
              )}
            </p>
          </>
        )
      )}
      {ranking.length > 0 && (
        <>
          <h4>Candidate interventions, by loss saved per USD</h4>
          <p className="muted small">
            Tried on this scenario: removing each edge that carried the most loss, and recapitalising (with its loss) or
            ring-fencing each protocol that passed on the most. Ring-fencing has no USD cost, so no per-USD figure.
          </p>
          <table className="data-table compact" data-testid="iv-rank-table">
            <thead>
              <tr>
                <th>Intervention</th>
                <th className="num">Loss saved</th>
                <th className="num">USD cost</th>
                <th className="num">Saved per USD</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {ranking.map((r, k) => (
                <tr key={k}>
                  <td>{r.description}</td>
                  <td className="num">{formatUsd(r.lossSaved)}</td>
                  <td className="num">{r.usdCost === null ? '—' : formatUsd(r.usdCost)}</td>
                  <td className="num">{r.savedPerUsd === null ? 'n/a' : formatNumber(r.savedPerUsd)}</td>
                  <td>
                    <button type="button" onClick={() => addIntervention(r.intervention)}>
                      Add
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function BeforeAfter({
  before,
  after,
  denominator,
}: {
  before: OutcomeSummary;
  after: OutcomeSummary;
  denominator: string;
}) {
  const rows: [string, (s: OutcomeSummary) => string, string][] = [
    ['System loss', (s) => formatUsd(s.totalLoss), 'loss'],
    [`% of ${denominator}`, (s) => formatPct(s.totalLossPct), 'pct'],
    ['of which the shock itself', (s) => formatUsd(s.directLoss), 'direct'],
    ['of which added by contagion', (s) => formatUsd(s.indirectLoss), 'indirect'],
    [
      'Distressed (crossed τ through contagion, net of added capital; seeds not counted)',
      (s) => String(s.distressedCount),
      'distressed',
    ],
    ['Affected (seeds + distressed by contagion)', (s) => String(s.affectedCount), 'affected'],
    ['Most hit', (s) => s.mostHit.map((h) => `${h.name} ${formatUsd(h.lossUsd)}`).join(', ') || '—', 'hit'],
  ];
  return (
    <table className="data-table compact before-after" data-testid="iv-before-after">
      <thead>
        <tr>
          <th />
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, f, key]) => (
          <tr key={key}>
            <th scope="row" className={key === 'direct' || key === 'indirect' ? 'sub' : undefined}>
              {label}
            </th>
            <td data-testid={`iv-before-${key}`}>{f(before)}</td>
            <td data-testid={`iv-after-${key}`}>{f(after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function InterventionForm() {
  const inputs = useDesignInputs();
  const [kind, setKind] = useState<Kind>('recap');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const edge = kind === 'cap' || kind === 'remove';
  const needsValue = kind === 'cap' || kind === 'recap' || kind === 'tau';

  const submit = () => {
    if (!inputs) return;
    const x = Number(value);
    let iv: Intervention;
    if (kind === 'cap') iv = { kind, holder: a.trim(), issuer: b.trim(), usd: x };
    else if (kind === 'remove') iv = { kind, holder: a.trim(), issuer: b.trim() };
    else if (kind === 'recap') iv = { kind, id: a.trim(), usd: x };
    else if (kind === 'ringfence') iv = { kind, id: a.trim() };
    else iv = { kind, id: a.trim(), threshold: x / 100 };
    if (needsValue && (value.trim() === '' || !(x >= 0) || (kind === 'tau' && x > 100))) {
      setError(kind === 'tau' ? 'τ must be a percentage from 0 to 100' : 'the USD amount must be a number ≥ 0');
      return;
    }
    try {
      applyInterventions(inputs.snapshot, [iv]); // validates ids and edges
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    setError(null);
    addIntervention(iv);
  };

  return (
    <form
      className="iv-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="iv-kind" aria-label="Kind">
        {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <input
        list="design-protocols"
        value={a}
        onChange={(e) => setA(e.target.value)}
        placeholder={edge ? 'holder id' : 'protocol id'}
        aria-label={edge ? 'Holder id' : 'Protocol id'}
        data-testid="iv-id"
      />
      {edge && (
        <input
          list="design-protocols"
          value={b}
          onChange={(e) => setB(e.target.value)}
          placeholder="issuer id"
          aria-label="Issuer id"
          data-testid="iv-issuer"
        />
      )}
      {needsValue && (
        <input
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={kind === 'tau' ? 'τ in %' : 'USD'}
          aria-label={kind === 'tau' ? 'τ in percent' : 'USD'}
          data-testid="iv-value"
        />
      )}
      <button type="submit" data-testid="iv-add">
        Add
      </button>
      {error && (
        <span className="warn small" role="alert" data-testid="iv-error">
          {error}
        </span>
      )}
    </form>
  );
}
