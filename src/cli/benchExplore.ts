// Browser rows for the exploration views (issue 18): on each benchmark week, the default view (the
// level-of-detail summary above 3,000 edges) and the full graph (`view=full`): frame time while
// panning and how long a click on a node takes to be answered (pointer down → the frame that shows
// it selected, inspect mode). Called by benchBrowser with its page and pan measure.
import type { Page } from 'playwright-core';
import type { BenchRow } from './benchUtil';
import { median } from './benchUtil';

type PanMeasure = (page: Page) => Promise<{ median: number; p95: number; frames: number; moved: number | null }>;

interface Hooks {
  visibleNodeIds?: () => string[];
  nodeScreenPosition?: (id: string) => { x: number; y: number } | null;
  state: () => { setClickMode(m: string): void; select(id: string | null): void; selected: string | null };
}

/** Pointer down on a drawn node to the first animation frame after the selection is set (a miss counts as NaN). */
export async function clickLatency(page: Page, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const target = await page.evaluate((k) => {
      const h = (window as unknown as { __explorer: Hooks }).__explorer;
      h.state().setClickMode('inspect');
      h.state().select(null);
      const ids = (h.visibleNodeIds?.() ?? []).filter((id) => !id.startsWith('sector:'));
      const id = ids[(k * 7) % Math.max(1, ids.length)];
      return id ? { id, at: h.nodeScreenPosition!(id) } : null;
    }, r);
    if (!target?.at) break;
    await page.waitForTimeout(400);
    // A string, not a function (see benchBrowser's panFrameTimes).
    await page.evaluate(`(() => {
      window.__down = null; window.__answered = null;
      addEventListener('pointerdown', () => { window.__down = performance.now(); }, { capture: true, once: true });
      // Any selection counts: a click between two overlapping discs may pick the neighbour.
      const tick = () => {
        if (window.__explorer.state().selected !== null) {
          requestAnimationFrame(() => { window.__answered = performance.now(); });
          return;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    await page.mouse.click(target.at.x, target.at.y);
    const t = await page
      .waitForFunction(
        () => {
          const w = window as unknown as { __down: number | null; __answered: number | null };
          return w.__answered !== null && w.__down !== null ? w.__answered - w.__down : null;
        },
        undefined,
        { timeout: 10_000 },
      )
      .then((h) => h.jsonValue() as Promise<number>)
      .catch(() => NaN);
    times.push(t);
  }
  return times;
}

export async function benchExplore(
  page: Page,
  base: string,
  datasets: { label: string; name: string }[],
  pan: PanMeasure,
  quick: boolean,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const { label, name } of datasets) {
    // One visit per week (its layout is computed once); the full graph is then one click away.
    await page.goto(`${base}?dataset=${name}&scenario=top5`);
    await page.getByTestId('scenario-status').filter({ hasText: 'done' }).waitFor({ timeout: 300_000 });
    for (const view of ['auto', 'full'] as const) {
      if (view === 'full') await page.getByTestId('view-mode-full').click();
      await page.locator('[data-testid="network-canvas"][data-ready="true"]').waitFor({ timeout: 300_000 });
      await page.waitForTimeout(1000);
      const drawn = await page.getByTestId('explore-drawn').evaluate((el) => ({
        nodes: Number(el.getAttribute('data-nodes')),
        edges: Number(el.getAttribute('data-edges')),
        text: el.textContent ?? '',
      }));
      const what =
        view === 'full'
          ? 'full graph (view=full)'
          : `default view (${/summary|sectors/.test(drawn.text) || drawn.text.includes('discs') ? 'summary' : 'full graph'})`;
      const f = await pan(page);
      const big = !label.startsWith('default');
      rows.push({
        dataset: label,
        task: `explore: ${what}, frame time while panning (software GL)`,
        median_ms: f.median,
        runs: f.frames,
        target:
          big && view === 'auto'
            ? label.startsWith('paper')
              ? '≥ 15 frames/s (≤ 67 ms)'
              : '≥ 5 frames/s (≤ 200 ms)'
            : undefined,
        note: `${(1000 / f.median).toFixed(1)} frames/s, p95 ${f.p95.toFixed(0)} ms; ${drawn.nodes} nodes/discs and ${drawn.edges} edges drawn; ${
          f.moved === null ? 'pan not checked' : f.moved > 1 ? 'pan moved the graph' : 'PAN DID NOT MOVE THE GRAPH'
        }`,
      });
      console.error(`bench explore: ${label}, ${what}: ${f.median.toFixed(1)} ms per frame`);
      const clicks = await clickLatency(page, quick ? 3 : 5);
      const answered = clicks.filter((t) => Number.isFinite(t));
      rows.push({
        dataset: label,
        task: `explore: ${what}, click on a node → selection drawn`,
        median_ms: answered.length ? median(answered) : NaN,
        runs: answered.length,
        target: big && view === 'auto' ? '≤ 300 ms' : undefined,
        note: `runs ${clicks.map((t) => t.toFixed(0)).join(', ')} ms (NaN: the click hit no node)`,
      });
    }
  }
  return rows;
}

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

/**
 * Loading a ~100 MB DeXposure file through "Load your data" (the worker): time to the loaded
 * message, the page's longest task meanwhile (PerformanceObserver 'longtask'), and the page's peak
 * JS heap (CDP, sampled every 250 ms; the worker's own heap is not included).
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
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  })()`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  };
  const heapBefore = await heap();
  let heapPeak = heapBefore;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      heapPeak = Math.max(heapPeak, await heap().catch(() => 0));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(filePath);
  await page.getByTestId('load-done').waitFor({ timeout: 600_000 });
  const loadMs = Date.now() - t0;
  await page.waitForTimeout(2000); // what the page does right after (summary, panels)
  sampling = false;
  await sampler;
  const tasks = (await page.evaluate('window.__longTasks')) as number[];
  const longest = tasks.length ? Math.max(...tasks) : 0;
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  return [
    {
      dataset: `DeXposure layout, ${mb(fileBytes)} (large week repeated)`,
      task: 'load your file: worker read + parse + build, to the loaded message',
      median_ms: loadMs,
      runs: 1,
      note: `longest page task ${longest.toFixed(0)} ms (${tasks.filter((t) => t > 200).length} over 200 ms); page JS heap ${mb(heapBefore)} → peak ${mb(heapPeak)} (the worker's heap not included)`,
      target: 'no page task > 200 ms; memory ≈ 3× the file',
    },
  ];
}
