// The scenario attributes of <contagion-explorer>, named as the URL parameters.
import type { EmbedScenario } from './protocol';

export const SCENARIO_ATTRIBUTES = [
  'dataset',
  'shock',
  'token',
  'scenario',
  'rule',
  'threshold',
  'rounds',
  'perimeter',
  'h',
  'graph',
] as const;

export function scenarioFromAttributes(el: Element): EmbedScenario {
  const out: Record<string, string | number> = {};
  for (const name of SCENARIO_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value === null) continue;
    out[name] = name === 'threshold' || name === 'rounds' || name === 'h' ? Number(value) : value;
  }
  return out as EmbedScenario;
}
