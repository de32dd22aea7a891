// Which candidate pairs make the shipped forecast graph. The rule is chosen per horizon on the
// validation weeks (fewest edge errors against the realized graph), among the expected count
// (top round(Σp), which keeps the edge count right but swaps edges at a loss) and thresholds on the
// calibrated probability. Pure.
import { expectedCountSelection } from './forecastGraph';

export type SelectionRule = 'expected-count' | 'p>=0.3' | 'p>=0.4' | 'p>=0.5' | 'p>=0.6' | 'p>=0.7';
export const SELECTION_RULES: SelectionRule[] = ['expected-count', 'p>=0.3', 'p>=0.4', 'p>=0.5', 'p>=0.6', 'p>=0.7'];

export function isSelectionRule(x: unknown): x is SelectionRule {
  return SELECTION_RULES.includes(x as SelectionRule);
}

/** Indices of the kept pairs, ascending. */
export function selectPairs(probability: ArrayLike<number>, rule: SelectionRule = 'expected-count'): Int32Array {
  if (rule === 'expected-count') return expectedCountSelection(probability);
  const p = Number(rule.slice(3));
  const out: number[] = [];
  for (let i = 0; i < probability.length; i++) if (probability[i] >= p) out.push(i);
  return Int32Array.from(out);
}

export function describeRule(rule: SelectionRule): string {
  return rule === 'expected-count'
    ? 'the top round(Σp) pairs (the expected edge count)'
    : `every pair with calibrated p ≥ ${rule.slice(3)}`;
}

/** The rule with the fewest errors (ties: the earlier rule in SELECTION_RULES). */
export function bestRule(errors: Partial<Record<SelectionRule, number>>): SelectionRule {
  let best: SelectionRule = 'expected-count';
  for (const r of SELECTION_RULES) {
    const e = errors[r];
    if (e !== undefined && e < (errors[best] ?? Infinity)) best = r;
  }
  return best;
}
