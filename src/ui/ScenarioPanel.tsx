// Scenario controls: presets from the paper, the seed list, δ / τ / rounds / rule. Every change
// recomputes at once (the store calls the engine); there is no "run" button.
import { useMemo, useId } from 'react';
import { useExplorer } from './store';
import { MAX_THRESHOLD } from './url';
import { MAX_ROUNDS } from '../core/scenarioSpec';
import { SCENARIO_DEFAULT_FRACTION, type ScenarioName } from '../core/scenarios';
import { PROPAGATION_RULES, RULE_DESCRIPTIONS } from '../core/contagion';
import { excludedByPerimeter, PERIMETER_DESCRIPTIONS, PERIMETERS } from '../core/perimeter';
import type { PropagationRule } from '../core/types';
import { formatPercentInt, formatUsd } from './format';

const PRESETS: { name: ScenarioName; label: string; detail: string }[] = [
  { name: 'top1', label: 'Top-1', detail: 'largest protocol by TVL at 50%' },
  { name: 'top5', label: 'Top-5', detail: 'five largest protocols at 30% each' },
  { name: 'bridge', label: 'Bridges', detail: 'every Bridge-sector protocol at 100%' },
];

export function ScenarioPanel() {
  const scenario = useExplorer((s) => s.scenario);
  const delta = useExplorer((s) => s.delta);
  const snapshot = useExplorer((s) => s.snapshot);
  const baseSnapshot = useExplorer((s) => s.baseSnapshot);
  const results = useExplorer((s) => s.results);
  const clickMode = useExplorer((s) => s.clickMode);
  const actions = useExplorer.getState();
  const ids = useId();

  const nameOf = useMemo(() => {
    const map = new Map<string, string>();
    snapshot?.ids.forEach((id, i) => map.set(id, snapshot.names[i]));
    return map;
  }, [snapshot]);
  const presetSeedIds: string[] = [];
  if (scenario.preset && results)
    for (const s of results.seeds)
      if (s.kind === 'protocol' && !scenario.shocks.some((x) => x.id === s.id)) presetSeedIds.push(s.id);
  const seedCount = (scenario.preset ? 1 : 0) + scenario.shocks.length + scenario.tokens.length;
  // What the DeFi perimeter leaves out of the graph shown (CEX wallets), said beside the toggle.
  const excluded = useMemo(
    () => (baseSnapshot ? excludedByPerimeter(baseSnapshot, 'defi') : { count: 0, tvl: 0 }),
    [baseSnapshot],
  );

  return (
    <section className="panel-section" aria-labelledby={`${ids}-scenario`}>
      <h2 id={`${ids}-scenario`}>Scenario</h2>

      <fieldset className="perimeter" data-testid="perimeter-toggle">
        <legend>Perimeter</legend>
        <div className="segmented">
          {PERIMETERS.map((p) => (
            <label key={p}>
              <input
                type="radio"
                name={`${ids}-perimeter`}
                value={p}
                checked={scenario.perimeter === p}
                onChange={() => actions.setPerimeter(p)}
                data-testid={`perimeter-${p}`}
              />
              <span title={PERIMETER_DESCRIPTIONS[p].label}>{PERIMETER_DESCRIPTIONS[p].short}</span>
            </label>
          ))}
        </div>
        <span className="hint" data-testid="perimeter-hint">
          {excluded.count === 0
            ? 'No centralised exchange in this graph: both perimeters are the same.'
            : scenario.perimeter === 'defi'
              ? `${excluded.count} exchanges (${formatUsd(excluded.tvl)}) left out, as in DefiLlama's DeFi TVL.`
              : `${excluded.count} exchanges (${formatUsd(excluded.tvl)}) in presets, rankings and denominators.`}
        </span>
      </fieldset>

      <div className="presets" role="group" aria-label="Preset scenarios from the paper">
        {PRESETS.map((p) => (
          <button
            key={p.name}
            type="button"
            className={`preset ${scenario.preset === p.name ? 'active' : ''}`}
            aria-pressed={scenario.preset === p.name}
            onClick={() => actions.applyPreset(p.name)}
            title={p.detail}
            data-testid={`preset-${p.name}`}
          >
            <span className="preset-name">{p.label}</span>
            <span className="preset-detail">{formatPercentInt(SCENARIO_DEFAULT_FRACTION[p.name])}</span>
          </button>
        ))}
      </div>

      <fieldset className="click-mode">
        <legend>Click on map</legend>
        <div className="segmented">
          <label>
            <input
              type="radio"
              name={`${ids}-click`}
              checked={clickMode === 'shock'}
              onChange={() => actions.setClickMode('shock')}
            />
            <span>shocks</span>
          </label>
          <label>
            <input
              type="radio"
              name={`${ids}-click`}
              checked={clickMode === 'inspect'}
              onChange={() => actions.setClickMode('inspect')}
            />
            <span>inspects</span>
          </label>
        </div>
      </fieldset>

      <div className="seeds" aria-live="polite">
        <div className="seeds-head">
          <h3>Seeds {seedCount > 0 && <span className="count">{seedCount}</span>}</h3>
          {seedCount > 0 && (
            <button type="button" className="link-button" onClick={() => actions.clearScenario()}>
              Clear all
            </button>
          )}
        </div>
        {seedCount === 0 && (
          <p className="empty">No shock yet. Click a protocol on the map, de-peg a token below, or pick a preset.</p>
        )}
        <ul className="seed-list" data-testid="seed-list">
          {scenario.preset && (
            <SeedChip
              kindLabel="preset"
              label={PRESETS.find((p) => p.name === scenario.preset)!.label + ' preset'}
              detail={presetSeedIds.map((id) => nameOf.get(id) ?? id).join(', ')}
              fraction={scenario.presetFraction}
              onFraction={(f) => actions.setSeedFraction('preset', '', f)}
              onRemove={() => actions.removeShock('preset', '')}
            />
          )}
          {scenario.shocks.map((s) => (
            <SeedChip
              key={`p-${s.id}`}
              kindLabel="protocol"
              label={nameOf.get(s.id) ?? s.id}
              fraction={s.fraction}
              onFraction={(f) => actions.setSeedFraction('protocol', s.id, f)}
              onRemove={() => actions.removeShock('protocol', s.id)}
              onInspect={() => actions.inspect(s.id)}
            />
          ))}
          {scenario.tokens.map((t) => (
            <SeedChip
              key={`t-${t.symbol}`}
              kindLabel="token de-peg"
              label={t.symbol}
              fraction={t.fraction}
              onFraction={(f) => actions.setSeedFraction('token', t.symbol, f)}
              onRemove={() => actions.removeShock('token', t.symbol)}
            />
          ))}
        </ul>
      </div>

      <div className="sliders">
        <Slider
          id={`${ids}-delta`}
          label="Shock size δ"
          hint="loss of each seed, share of its TVL (token: of the USD held)"
          min={0}
          max={100}
          value={Math.round(delta * 100)}
          display={`${Math.round(delta * 100)}%`}
          onChange={(v) => actions.setDelta(v / 100)}
          testId="delta-slider"
        />
        <Slider
          id={`${ids}-tau`}
          label="Distress threshold τ"
          hint="a node passes loss on once its loss exceeds τ of its TVL"
          min={0}
          max={MAX_THRESHOLD * 100}
          value={Math.round(scenario.threshold * 100)}
          display={`${+(scenario.threshold * 100).toFixed(1)}%`}
          onChange={(v) => actions.setThreshold(v / 100)}
          testId="threshold-slider"
        />
        <Slider
          id={`${ids}-rounds`}
          label="Max rounds"
          hint="propagation stops after this many rounds"
          min={1}
          max={MAX_ROUNDS}
          value={scenario.maxRounds}
          display={String(scenario.maxRounds)}
          onChange={(v) => actions.setMaxRounds(v)}
          testId="rounds-slider"
        />
        <div className="field">
          <label htmlFor={`${ids}-rule`}>Propagation rule</label>
          <select
            id={`${ids}-rule`}
            value={scenario.rule}
            onChange={(e) => actions.setRule(e.target.value as PropagationRule)}
            aria-describedby={`${ids}-rule-hint`}
            data-testid="rule-select"
          >
            {PROPAGATION_RULES.map((r) => (
              <option key={r} value={r}>
                {RULE_DESCRIPTIONS[r].label}
              </option>
            ))}
          </select>
          <span id={`${ids}-rule-hint`} className="hint" data-testid="rule-meaning">
            {RULE_DESCRIPTIONS[scenario.rule].meaning}
          </span>
        </div>
      </div>
    </section>
  );
}

function Slider(props: {
  id: string;
  label: string;
  hint: string;
  min: number;
  max: number;
  value: number;
  display: string;
  onChange: (v: number) => void;
  testId: string;
}) {
  return (
    <div className="field slider-field">
      <div className="slider-head">
        <label htmlFor={props.id}>{props.label}</label>
        <output htmlFor={props.id} className="slider-value">
          {props.display}
        </output>
      </div>
      <input
        id={props.id}
        type="range"
        min={props.min}
        max={props.max}
        step={1}
        value={Math.min(props.max, Math.max(props.min, props.value))}
        onChange={(e) => props.onChange(Number(e.target.value))}
        aria-describedby={`${props.id}-hint`}
        aria-valuetext={props.display}
        data-testid={props.testId}
      />
      <span id={`${props.id}-hint`} className="hint">
        {props.hint}
      </span>
    </div>
  );
}

function SeedChip(props: {
  kindLabel: string;
  label: string;
  detail?: string;
  fraction: number;
  onFraction: (f: number) => void;
  onRemove: () => void;
  onInspect?: () => void;
}) {
  const id = useId();
  return (
    <li className="seed-chip">
      <div className="seed-main">
        <span className="seed-kind">{props.kindLabel}</span>
        {props.onInspect ? (
          <button type="button" className="seed-label link-button" onClick={props.onInspect} title="Inspect">
            {props.label}
          </button>
        ) : (
          <span className="seed-label">{props.label}</span>
        )}
        {props.detail && <span className="seed-detail">{props.detail}</span>}
      </div>
      <label className="seed-delta" htmlFor={id}>
        <span className="sr-only">δ for {props.label}, percent</span>
        <input
          id={id}
          type="number"
          min={0}
          max={100}
          step={5}
          value={Math.round(props.fraction * 1000) / 10}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v)) props.onFraction(v / 100);
          }}
        />
        <span aria-hidden="true">%</span>
      </label>
      <button
        type="button"
        className="icon-button"
        onClick={props.onRemove}
        aria-label={`Remove ${props.label}`}
        title="Remove"
      >
        ×
      </button>
    </li>
  );
}
