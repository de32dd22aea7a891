// What every bench module shares: the row type and the timing helpers. Its own module, so that
// bench.ts (the entry point) imports benchForecast/benchBrowser and they import this, never bench.ts.

export interface BenchRow {
  dataset: string;
  task: string;
  /** Null for a row that reports a size, not a time (see `value`). */
  median_ms: number | null;
  value?: string;
  runs: number;
  target?: string;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs fn `runs` times after one warm-up and returns the median wall time in ms. */
export async function timeIt(fn: () => unknown, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}
