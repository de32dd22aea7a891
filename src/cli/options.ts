// Command-line option checks shared by the CLI commands.
import { PROPAGATION_RULES, type ContagionOptions } from '../core/contagion';
import { DEFAULT_PERIMETER, isPerimeter, type Perimeter } from '../core/perimeter';
import { parseShockList, parseTokenShock, type Seed } from '../core/scenarios';
import type { PropagationRule } from '../core/types';

/** A mistake in the command line: reported without a stack, exit code 2. */
export class UsageError extends Error {}

/** A numeric option within [min, max] (whole if `integer`), or undefined when not given. */
export function numberOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x)))
    throw new UsageError(
      `--${name}: expected ${integer ? 'a whole number' : 'a number'} between ${min} and ${max}, got "${value}"`,
    );
  return x;
}

/**
 * One rule for repeated flags, in every command: the multi-valued flags (declared `multiple`:
 * --shock, --shock-token) accumulate; any other flag given twice is an error rather than the
 * last one silently winning. Pass parseArgs's `tokens` (call it with `tokens: true`).
 */
export function rejectRepeats(tokens: readonly { kind: string; name?: string }[] | undefined, multiple: string[]) {
  const seen = new Set<string>();
  for (const t of tokens ?? []) {
    if (t.kind !== 'option' || !t.name || multiple.includes(t.name)) continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name} is given more than once; give it once`);
    seen.add(t.name);
  }
}

/** The multi-valued shock flags, as parseArgs options. */
export const SHOCK_OPTIONS = {
  shock: { type: 'string', multiple: true },
  'shock-token': { type: 'string', multiple: true },
} as const;
export const MULTIPLE_FLAGS = Object.keys(SHOCK_OPTIONS);

/**
 * Every --shock and --shock-token, in order (each may also hold a comma list). The same protocol
 * or token twice is refused: summing or keeping one of them would each surprise someone.
 */
export function seedsFromFlags(values: { shock?: string[]; 'shock-token'?: string[] }): Seed[] {
  const seeds: Seed[] = [];
  for (const list of values.shock ?? []) seeds.push(...parseShockList(list));
  for (const list of values['shock-token'] ?? []) seeds.push(...parseTokenShock(list));
  const seen = new Set<string>();
  for (const s of seeds) {
    const key = s.kind === 'protocol' ? `protocol "${s.id}"` : `token "${s.symbol}"`;
    if (seen.has(key)) throw new UsageError(`${key} is shocked more than once (--shock/--shock-token); give each once`);
    seen.add(key);
  }
  return seeds;
}

/** The options of every command that reads one week and runs the engine on it. */
export const SNAPSHOT_OPTIONS = {
  snapshot: { type: 'string' },
  meta: { type: 'string' },
  date: { type: 'string' },
  perimeter: { type: 'string' },
  rule: { type: 'string' },
  threshold: { type: 'string' },
  'max-rounds': { type: 'string' },
} as const;

/** --perimeter defi|all; `fallback` when not given (an event preset brings its own). */
export function perimeterOption(value: string | undefined, fallback: Perimeter = DEFAULT_PERIMETER): Perimeter {
  if (value === undefined) return fallback;
  if (!isPerimeter(value)) throw new UsageError(`--perimeter: expected defi or all, got "${value}"`);
  return value;
}

/** --rule, --threshold and --max-rounds as engine options (undefined: the engine's default). */
export function contagionOptions(values: {
  rule?: string;
  threshold?: string;
  'max-rounds'?: string;
}): ContagionOptions {
  if (values.rule !== undefined && !(PROPAGATION_RULES as readonly string[]).includes(values.rule))
    throw new UsageError(`--rule: expected ${PROPAGATION_RULES.join(', ')}, got "${values.rule}"`);
  return {
    rule: values.rule as PropagationRule | undefined,
    threshold: numberOption(values.threshold, 'threshold', 0, 1),
    maxRounds: numberOption(values['max-rounds'], 'max-rounds', 1, 1000, true),
  };
}
