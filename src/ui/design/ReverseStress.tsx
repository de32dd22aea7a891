// Reverse stress test: the smallest shock reaching a target (system loss ≥ X% or ≥ N distressed),
// searched on demand, with its method and monotonicity assumption stated; and the curves of system
// loss against δ and τ for the scenario's current seeds.
import { useMemo, useState } from 'react';
import { ScenarioError } from '../../core/contagion';
import { PERIMETER_DESCRIPTIONS } from '../../core/perimeter';
import {
  reverseStress,
  stressCurves,
  type ReverseAnswer,
  type ReverseSearch,
  type ReverseTarget,
} from '../../core/scenario/reverseStress';
import { useExplorer } from '../store';
import { MAX_THRESHOLD } from '../url';
import { formatPct } from '../format';
import { CurveChart } from './CurveChart';
import { useDesignInputs } from './useDesignInputs';

const pctX = (x: number) => `${+(x * 100).toFixed(1)}%`;

export function ReverseStress() {
  const inputs = useDesignInputs();
  const perimeter = useExplorer((s) => s.scenario.perimeter);
  const [targetKind, setTargetKind] = useState<ReverseTarget['kind']>('lossPct');
  const [targetValue, setTargetValue] = useState('10');
  const [searchKind, setSearchKind] = useState<ReverseSearch['kind']>('protocol');
  const [key, setKey] = useState('');
  const [answer, setAnswer] = useState<{ value: ReverseAnswer; ms: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const curves = useMemo(
    () =>
      inputs && inputs.seeds.length
        ? stressCurves(inputs.snapshot, inputs.seeds, inputs.options, 50, MAX_THRESHOLD)
        : null,
    [inputs],
  );
  const tokens = useMemo(() => {
    if (!inputs) return [];
    const held = new Set<string>();
    const { holdings, tokens: table } = inputs.snapshot;
    for (let h = 0; h < holdings.count; h++) if (holdings.usd[h] > 0) held.add(table.symbols[holdings.token[h]]);
    return [...held].sort();
  }, [inputs]);
  if (!inputs) return null;

  const run = () => {
    const value = Number(targetValue);
    if (
      !(value > 0) ||
      (targetKind === 'lossPct' && value > 100) ||
      (targetKind === 'distressed' && !Number.isInteger(value))
    ) {
      setError(targetKind === 'lossPct' ? 'the target is a % from 0 to 100' : 'the target is a whole number ≥ 1');
      return;
    }
    let search: ReverseSearch;
    if (searchKind === 'set') {
      const f = Number(key === '' ? '0.5' : key) / (key === '' ? 1 : 100);
      if (!(f > 0 && f <= 1)) return setError('δ of the set is a % from 0 to 100');
      search = { kind: 'set', fraction: f };
    } else if (key.trim() === '') return setError(searchKind === 'protocol' ? 'give a protocol id' : 'pick a token');
    else search = searchKind === 'protocol' ? { kind: 'protocol', id: key.trim() } : { kind: 'token', symbol: key };
    try {
      const t0 = performance.now();
      const value2 = reverseStress(inputs.snapshot, search, { kind: targetKind, value }, inputs.options);
      setAnswer({ value: value2, ms: performance.now() - t0 });
      setError(null);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      setError(err.message);
    }
  };

  return (
    <section className="design-section" aria-labelledby="design-reverse">
      <h3 id="design-reverse">Reverse stress test</h3>
      <form
        className="iv-form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <span>Smallest</span>
        <select
          value={searchKind}
          onChange={(e) => {
            setSearchKind(e.target.value as ReverseSearch['kind']);
            setKey('');
          }}
          data-testid="reverse-search"
          aria-label="Search"
        >
          <option value="protocol">δ for one protocol</option>
          <option value="token">de-peg of one token</option>
          <option value="set">set of protocols at δ (greedy)</option>
        </select>
        {searchKind === 'token' ? (
          <select value={key} onChange={(e) => setKey(e.target.value)} aria-label="Token" data-testid="reverse-key">
            <option value="">token…</option>
            {tokens.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        ) : (
          <input
            list={searchKind === 'protocol' ? 'design-protocols' : undefined}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder={searchKind === 'protocol' ? 'protocol id' : 'δ in % (50)'}
            aria-label={searchKind === 'protocol' ? 'Protocol id' : 'δ in percent'}
            data-testid="reverse-key"
          />
        )}
        <span>that reaches</span>
        <select
          value={targetKind}
          onChange={(e) => setTargetKind(e.target.value as ReverseTarget['kind'])}
          aria-label="Target"
          data-testid="reverse-target-kind"
        >
          <option value="lossPct">system loss ≥ (%)</option>
          <option value="distressed">distressed ≥ (count)</option>
        </select>
        <input
          inputMode="decimal"
          value={targetValue}
          onChange={(e) => setTargetValue(e.target.value)}
          aria-label="Target value"
          data-testid="reverse-target"
          size={6}
        />
        <button type="submit" data-testid="reverse-run">
          Search
        </button>
      </form>
      {error && (
        <p className="warn small" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <Answer answer={answer.value} ms={answer.ms} denominator={PERIMETER_DESCRIPTIONS[perimeter].denominator} />
      )}
      <h4>System loss against δ and τ, for the current seeds</h4>
      {curves ? (
        <div className="curve-pair">
          <CurveChart points={curves.delta} xLabel="δ (every seed)" testId="reverse-chart-delta" formatX={pctX} />
          <CurveChart points={curves.threshold} xLabel="τ" testId="reverse-chart-tau" formatX={pctX} />
        </div>
      ) : (
        <p className="muted small">Shock a protocol or a token to see the curves.</p>
      )}
    </section>
  );
}

function Answer({ answer, ms, denominator }: { answer: ReverseAnswer; ms: number; denominator: string }) {
  return (
    <div className="reverse-answer" data-testid="reverse-answer" data-reached={answer.reached}>
      {answer.reached ? (
        <p>
          {answer.search.kind === 'set' ? (
            <>
              Smallest set found ({answer.set.length}):{' '}
              <strong data-testid="reverse-set">{answer.set.map((s) => `${s.name} (${s.id})`).join(', ')}</strong> at δ
              = {pctX(answer.fraction!)}
            </>
          ) : (
            <>
              Smallest {answer.search.kind === 'protocol' ? 'δ' : 'de-peg'}:{' '}
              <strong data-testid="reverse-fraction" data-fraction={answer.fraction!}>
                {formatPct(answer.fraction! * 100)}
              </strong>
            </>
          )}{' '}
          → system loss {formatPct(answer.lossPct)} of {denominator}, {answer.distressedCount} distressed.
        </p>
      ) : (
        <p className="warn" data-testid="reverse-unreached">
          {answer.note} (largest tried: {formatPct(answer.lossPct)}, {answer.distressedCount} distressed).
        </p>
      )}
      <p className="muted small" data-testid="reverse-method">
        Search: {answer.method}. {answer.runs} runs, {Math.round(ms)} ms.
      </p>
    </div>
  );
}
