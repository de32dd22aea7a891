// Display formatting shared by the panels.
export function formatUsd(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e9) return `$${(x / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `$${(x / 1e6).toFixed(1)} M`;
  if (abs >= 1e3) return `$${(x / 1e3).toFixed(1)} k`;
  return `$${x.toFixed(0)}`;
}

export function formatPct(x: number, digits = 2): string {
  return `${x.toFixed(digits)}%`;
}
