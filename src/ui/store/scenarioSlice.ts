// The scenario and its results: every change recomputes at once (no "run" button).
import { SCENARIO_DEFAULT_FRACTION } from '../../core/scenarios';
import { emptyScenario, MAX_ROUNDS, type ScenarioSpec } from '../../core/scenarioSpec';
import { applyPerimeter } from '../../core/perimeter';
import { MAX_THRESHOLD } from '../url';
import type { GetState, ScenarioSlice, SetState } from './types';

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export function createScenarioSlice(set: SetState, get: GetState, recompute: () => void): ScenarioSlice {
  const updateScenario = (patch: Partial<ScenarioSpec>) => {
    set({ scenario: { ...get().scenario, ...patch } });
    recompute();
  };

  return {
    scenario: emptyScenario(),
    delta: 0.5,
    status: 'idle',
    results: null,
    resultsFor: null,
    engineError: null,
    enginePath: 'inline',

    applyPreset(name) {
      const fraction = SCENARIO_DEFAULT_FRACTION[name];
      set({ delta: fraction, selected: null });
      updateScenario({ preset: name, presetFraction: fraction, shocks: [], tokens: [] });
    },

    depegTokens(symbols, delta) {
      const d = clamp(delta, 0, 1);
      set({ delta: d, selected: null });
      updateScenario({ preset: null, shocks: [], tokens: symbols.map((symbol) => ({ symbol, fraction: d })) });
    },

    addProtocolShock(id) {
      const { scenario, delta, snapshot } = get();
      const i = snapshot ? snapshot.ids.indexOf(id) : -1;
      if (snapshot && i >= 0 && snapshot.kinds[i] === 'token') return get().addTokenShock(id);
      if (scenario.shocks.some((s) => s.id === id)) return;
      updateScenario({ shocks: [...scenario.shocks, { id, fraction: delta }] });
    },

    addTokenShock(symbol) {
      const { scenario, delta } = get();
      if (scenario.tokens.some((t) => t.symbol === symbol)) return;
      updateScenario({ tokens: [...scenario.tokens, { symbol, fraction: delta }] });
    },

    removeShock(kind, key) {
      const { scenario } = get();
      if (kind === 'preset') updateScenario({ preset: null });
      else if (kind === 'protocol') updateScenario({ shocks: scenario.shocks.filter((s) => s.id !== key) });
      else updateScenario({ tokens: scenario.tokens.filter((t) => t.symbol !== key) });
    },

    setSeedFraction(kind, key, fraction) {
      const f = clamp(fraction, 0, 1);
      const { scenario } = get();
      if (kind === 'preset') updateScenario({ presetFraction: f });
      else if (kind === 'protocol')
        updateScenario({ shocks: scenario.shocks.map((s) => (s.id === key ? { ...s, fraction: f } : s)) });
      else updateScenario({ tokens: scenario.tokens.map((t) => (t.symbol === key ? { ...t, fraction: f } : t)) });
    },

    clearScenario() {
      updateScenario({ preset: null, shocks: [], tokens: [] });
    },

    setDelta(delta) {
      const d = clamp(delta, 0, 1);
      const { scenario } = get();
      set({ delta: d });
      // The slider is the scenario's shock size: every seed follows it.
      updateScenario({
        presetFraction: scenario.preset ? d : scenario.presetFraction,
        shocks: scenario.shocks.map((s) => ({ ...s, fraction: d })),
        tokens: scenario.tokens.map((t) => ({ ...t, fraction: d })),
      });
    },

    setThreshold(threshold) {
      updateScenario({ threshold: clamp(threshold, 0, MAX_THRESHOLD) });
    },

    setMaxRounds(rounds) {
      updateScenario({ maxRounds: clamp(Math.round(rounds), 1, MAX_ROUNDS) });
    },

    setRule(rule) {
      updateScenario({ rule });
    },

    setPerimeter(perimeter) {
      const { baseSnapshot, scenario } = get();
      if (perimeter === scenario.perimeter) return;
      // The graph itself changes: every panel and the canvas follow the new view.
      set({
        scenario: { ...scenario, perimeter },
        snapshot: baseSnapshot ? applyPerimeter(baseSnapshot, perimeter) : null,
        results: null,
        resultsFor: null,
      });
      recompute();
    },

    replaceScenario(scenario) {
      const { baseSnapshot, scenario: before } = get();
      set({
        scenario,
        ...(scenario.perimeter !== before.perimeter
          ? {
              snapshot: baseSnapshot ? applyPerimeter(baseSnapshot, scenario.perimeter) : null,
              results: null,
              resultsFor: null,
            }
          : {}),
      });
      recompute();
    },
  };
}
