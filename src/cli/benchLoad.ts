// The large-file row of `npm run bench` (issue 18, item 6): a ~100 MB file in the DeXposure layout,
// given to "Load your data". Measures the time to the loaded message and to the network drawn, the
// page's longest main-thread task meanwhile (PerformanceObserver 'longtask'), the page's JS heap
// (CDP) and the resident memory of the page's renderer process, which holds the page and its
// workers (Linux /proc), each as a multiple of the file size.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { BenchRow } from './benchUtil';

/**
 * A DeXposure-layout file of about `targetBytes` (ids numeric, as DeXposure's protocols are):
 * the given compact week repeated over consecutive weeks, sizes drifting by 1% a week.
 */
export function dexposureFileOfSize(compact: CompactWeekFile, targetBytes: number): { text: string; weeks: number } {
  const ids = new Map(compact.protocols.map((p, k) => [p.id, String(100_000 + k)]));
  const week0 = compact.weeks[0];
  const composition = new Map<string, Record<string, number>>();
  for (const [holder, token, usd] of week0.holdings) {
    const c = composition.get(holder) ?? {};
    c[token] = (c[token] ?? 0) + usd;
    composition.set(holder, c);
  }
  // Edge ends that are not protocols are primary-token nodes (USDC, …): string ids, as in DeXposure,
  // sized by what is held of them.
  const tokenSize = new Map<string, number>();
  for (const [, t, usd] of week0.edges ?? []) if (!ids.has(t)) tokenSize.set(t, (tokenSize.get(t) ?? 0) + usd);
  const idOf = (x: string) => (ids.has(x) ? Number(ids.get(x)) : x);
  const weekText = (k: number) => {
    const f = 1 + 0.01 * k;
    const nodes: { id: number | string; size: number; composition?: Record<string, number> }[] = compact.protocols.map(
      (p) => ({
        id: Number(ids.get(p.id)),
        size: Math.round((week0.tvl?.[p.id] ?? p.tvl) * f),
        composition: Object.fromEntries(
          Object.entries(composition.get(p.id) ?? {}).map(([t, usd]) => [t, Math.round(usd * f)]),
        ),
      }),
    );
    for (const [t, usd] of tokenSize) nodes.push({ id: t, size: Math.round(usd * f) });
    const links = (week0.edges ?? [])
      .filter(([s]) => ids.has(s))
      .map(([s, t, usd]) => ({ source: idOf(s), target: idOf(t), size: Math.round(usd * f) }));
    return JSON.stringify({ nodes, links });
  };
  const first = weekText(0);
  const weeks = Math.max(1, Math.round(targetBytes / first.length));
  const parts: string[] = [];
  const day = (k: number) => new Date(Date.UTC(2025, 0, 6) + k * 7 * 86_400_000).toISOString().slice(0, 10);
  for (let k = 0; k < weeks; k++) parts.push(`${JSON.stringify(day(k))}:${k === 0 ? first : weekText(k)}`);
  return { text: `{"data":{${parts.join(',')}}}`, weeks };
}

export interface CompactWeekFile {
  protocols: { id: string; tvl: number }[];
  weeks: { tvl?: Record<string, number>; holdings: [string, string, number][]; edges?: [string, string, number][] }[];
}

/** Every process below this one (the browser, its zygote, renderers, GPU process). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length)
    for (const c of children.get(stack.pop()!) ?? []) {
      out.push(c);
      stack.push(c);
    }
  return out;
}

/** Resident bytes of this run's Chromium renderer processes (the page and its dedicated workers
 * live in one), or NaN where /proc is not there. */
function rendererResidentBytes(): number {
  try {
    let sum = 0;
    for (const pid of descendants(process.pid)) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (rss) sum += Number(rss[1]) * 1024;
      } catch {
        // the process ended meanwhile
      }
    }
    return sum;
  } catch {
    return NaN;
  }
}

/**
 * Loads the file through the file input; `BENCH_PROFILE=file.cpuprofile` also records the page's
 * main thread (CDP Profiler) for Chromium's DevTools.
 */
export async function benchLargeLoad(
  page: Page,
  base: string,
  filePath: string,
  fileBytes: number,
): Promise<BenchRow[]> {
  await page.goto(base);
  await page.locator('[data-testid="network-canvas"][data-ready="true"]').waitFor({ timeout: 120_000 });
  await page.evaluate(`(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
  })()`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const profilePath = process.env.BENCH_PROFILE;
  if (profilePath) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const heap = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  };
  const heapBefore = await heap();
  const rssBefore = rendererResidentBytes();
  let heapPeak = heapBefore;
  let rssPeak = rssBefore;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      heapPeak = Math.max(heapPeak, await heap().catch(() => 0));
      rssPeak = Math.max(rssPeak, rendererResidentBytes());
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(filePath);
  await page.getByTestId('load-done').waitFor({ timeout: 600_000 });
  const loadMs = Date.now() - t0;
  // Then the network of the file's latest week drawn (its layout computed in a worker).
  await page.waitForFunction(
    () => {
      const s = (
        window as unknown as { __explorer: { state(): { datasetName: string | null; positions: unknown } } }
      ).__explorer.state();
      return s.datasetName === 'your-file' && s.positions !== null;
    },
    undefined,
    { timeout: 600_000, polling: 100 },
  );
  await page.locator('[data-testid="network-canvas"][data-ready="true"]').waitFor({ timeout: 600_000 });
  const drawnMs = Date.now() - t0;
  await page.waitForTimeout(2000); // what the page does right after (panels, the Nodes table)
  sampling = false;
  await sampler;
  if (profilePath) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    await writeFile(profilePath, JSON.stringify(profile));
    console.error(`bench load: page CPU profile written to ${profilePath}`);
  }
  const tasks = (await page.evaluate('window.__longTasks')) as [number, number][];
  const longest = tasks.reduce((m, [, d]) => Math.max(m, d), 0);
  const over = tasks.filter(([, d]) => d > 200).length;
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  const times = (b: number) => `${(b / fileBytes).toFixed(2)}× the file`;
  const dataset = `DeXposure layout, ${mb(fileBytes)} (paper-scale week repeated)`;
  console.error(`bench load: long tasks ${tasks.map(([, d]) => d.toFixed(0)).join(', ')} ms`);
  return [
    {
      dataset,
      task: 'load your file: read + parse + build (worker), to the loaded message',
      median_ms: loadMs,
      runs: 1,
      note: `the network drawn at ${(drawnMs / 1000).toFixed(1)} s`,
    },
    {
      dataset,
      task: 'load your file: longest main-thread task, from the pick to 2 s after the network is drawn',
      median_ms: longest,
      runs: 1,
      target: '≤ 200 ms',
      note: `${tasks.length} tasks over 50 ms, ${over} over 200 ms`,
    },
    {
      dataset,
      task: 'load your file: peak memory of the page and its workers (renderer process, resident)',
      median_ms: null,
      value: `+${mb(rssPeak - rssBefore)} (${times(rssPeak - rssBefore)})`,
      runs: 1,
      target: '≤ ≈3× the file',
      note: `renderer resident ${mb(rssBefore)} before → peak ${mb(rssPeak)}; page JS heap ${mb(heapBefore)} → peak ${mb(heapPeak)} (+${times(heapPeak - heapBefore)}; the workers' heaps are not in it)`,
    },
  ];
}
