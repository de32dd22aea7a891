// Command-line option checks shared by the CLI commands.

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
