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
