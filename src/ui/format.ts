// Display formatting shared by the panels.
export function formatUsd(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e12) return `$${(x / 1e12).toFixed(2)} tn`;
  if (abs >= 1e9) return `$${(x / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `$${(x / 1e6).toFixed(1)} M`;
  if (abs >= 1e3) return `$${(x / 1e3).toFixed(1)} k`;
  return `$${x.toFixed(0)}`;
}

export function formatPct(x: number, digits = 2): string {
  return `${x.toFixed(digits)}%`;
}

/** A share in [0, 1] as a percentage. */
export function formatShare(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Slider read-out: whole percent. */
export function formatPercentInt(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** Exact USD with thousands separators, for tooltips and titles. */
export function formatUsdExact(x: number): string {
  return `$${Math.round(x).toLocaleString('en-US')}`;
}

export function formatNumber(x: number, digits = 3): string {
  if (x === 0) return '0';
  if (Number.isInteger(x)) return x.toLocaleString('en-US'); // a count never gets decimals
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  if (abs >= 1) return x.toFixed(Math.max(0, digits - 1));
  return x.toPrecision(digits);
}

/** Short USD for chart axes: $0, $25 bn, $2.5 M. */
export function formatUsdTick(x: number): string {
  if (x === 0) return '$0';
  const units: [number, string][] = [
    [1e12, ' tn'],
    [1e9, ' bn'],
    [1e6, ' M'],
    [1e3, ' k'],
  ];
  for (const [u, name] of units) if (Math.abs(x) >= u) return `$${+(x / u).toFixed(1)}${name}`;
  return `$${+x.toFixed(0)}`;
}

/** Very short USD for dense cells: $145M, $1.2B, $25.6B (3 significant digits). */
export function formatUsdCompact(x: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [u, name] of units) if (Math.abs(x) >= u) return `$${+(x / u).toPrecision(3)}${name}`;
  return `$${Math.round(x)}`;
}

/** A metric read-out: an integer (a count) as it is, other values with `digits` decimals; '—' if missing. */
export function formatMetric(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}
