// Browser figures for `npm run bench`, in headless Debian Chromium (software GL and SwiftShader
// WebGPU on a machine without a GPU): canvas frame time while panning, per dataset, and the
// forecast time per tfjs backend (webgpu, webgl, cpu). Serves a copy of the production build
// with the generated benchmark weeks added to its dataset catalogue.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { median, type BenchRow } from './benchUtil';
import { ensureBuild } from './benchBuild';
import { benchEmbedFlood } from './benchEmbed';

// BENCH_DIST / BENCH_PORT let a bench run use its own build folder and port, so it does not
// collide with a build or a preview server of someone else working in the same checkout.
const DIST = process.env.BENCH_DIST ?? 'dist';
const PORT = Number(process.env.BENCH_PORT ?? 4188);

async function startPreview(outDir: string): Promise<ChildProcess> {
  // Vite's own script under this Node, not `npx vite`: killing npx would leave the server running.
  const vite = join('node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(
    process.execPath,
    [vite, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('vite preview did not start')), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(String(PORT))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`vite preview exited with ${code}`)));
  });
  return child;
}

/**
 * Cold first visit: a new browser context each run (empty HTTP cache, no service worker), from
 * navigation start to the canvas's data-ready="true" (the network drawn), recorded in the page by
 * a MutationObserver so that polling adds nothing. Also when the default week's data was fetched.
 */
async function coldCanvasReady(
  browser: Browser,
  url: string,
  runs: number,
): Promise<{ median: number; times: number[]; dataAt: number }> {
  const times: number[] = [];
  const dataAt: number[] = [];
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      // A string, not a function (see panFrameTimes).
      await page.addInitScript(`(() => {
        new MutationObserver(() => {
          if (window.__canvasReadyAt === undefined &&
              document.querySelector('[data-testid="network-canvas"][data-ready="true"]'))
            window.__canvasReadyAt = performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
      })()`);
      await page.goto(url);
      await page.locator('[data-testid="network-canvas"][data-ready="true"]').waitFor({ timeout: 120_000 });
      const t = await page.evaluate(() => {
        const data = performance
          .getEntriesByType('resource')
          .map((e) => e as PerformanceResourceTiming)
          .find((e) => /\/data\/[^/]+\.json/.test(e.name) && !e.name.endsWith('index.json'));
        return {
          ready: (window as unknown as { __canvasReadyAt: number }).__canvasReadyAt,
          data: data ? data.responseEnd : NaN,
        };
      });
      times.push(t.ready);
      dataAt.push(t.data);
    } finally {
      await context.close();
    }
  }
  return { median: median(times), times, dataAt: median(dataAt) };
}

/** Median and 95th-percentile frame interval while dragging the canvas for about 3 s. */
export async function panFrameTimes(
  page: Page,
): Promise<{ median: number; p95: number; frames: number; moved: number | null }> {
  const box = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect());
    canvases.sort((a, b) => b.width * b.height - a.width * a.height);
    const r = canvases[0];
    return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  });
  if (!box) throw new Error('no canvas on the page');
  // A string, not a function: tsx (esbuild keepNames) would wrap a named inner function in a
  // `__name(...)` helper that does not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__framing = true;
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__framing) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  // A node's screen position before and during the drag, to check the drag really pans the camera.
  type Hooks = {
    visibleNodeIds?: () => string[];
    nodeScreenPosition?: (id: string) => { x: number; y: number } | null;
  };
  const probe = await page.evaluate(() => {
    const h = (window as unknown as { __explorer?: Hooks }).__explorer;
    const id = h?.visibleNodeIds?.()[0];
    return id && h?.nodeScreenPosition ? { id, at: h.nodeScreenPosition(id) } : null;
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const started = Date.now();
  for (let i = 0; Date.now() - started < 3000; i++) {
    const angle = i / 15;
    await page.mouse.move(cx + Math.cos(angle) * box.width * 0.25, cy + Math.sin(angle) * box.height * 0.25, {
      steps: 2,
    });
  }
  const after = probe
    ? await page.evaluate(
        (id) => (window as unknown as { __explorer?: Hooks }).__explorer?.nodeScreenPosition?.(id) ?? null,
        probe.id,
      )
    : null;
  await page.mouse.up();
  const moved = probe?.at && after ? Math.hypot(after.x - probe.at.x, after.y - probe.at.y) : null;
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framing: boolean };
    w.__framing = false;
    return w.__frames;
  });
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
  const sorted = [...gaps].sort((a, b) => a - b);
  return { median: median(gaps), p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN, frames: gaps.length, moved };
}

export async function benchBrowser(
  datasets: { label: string; text: string }[],
  quick: boolean,
  /** 'explore': only the exploration rows (issue 18), no first visit, forecasts or plain pans;
   * 'load': only the large-file load. */
  only: 'explore' | 'load' | null = null,
): Promise<BenchRow[]> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn('bench: /usr/bin/chromium is missing (apt-get install -y chromium); browser figures skipped');
    return [];
  }
  await ensureBuild(DIST);
  const dir = await mkdtemp(join(tmpdir(), 'contagion-bench-'));
  await cp(DIST, dir, { recursive: true });
  const catalogue = JSON.parse(await readFile(join(dir, 'data', 'index.json'), 'utf8')) as Record<string, unknown>[];
  const names: { label: string; name: string }[] = [];
  for (const [i, d] of datasets.entries()) {
    const name = `bench-${i}`;
    const file = JSON.parse(d.text) as { name: string; title: string };
    file.name = name;
    await writeFile(join(dir, 'data', `${name}.json`), JSON.stringify(file));
    catalogue.push({
      ...catalogue[0],
      name,
      title: file.title,
      file: `${name}.json`,
      synthetic: true,
      description: 'benchmark week',
    });
    names.push({ label: d.label, name });
  }
  await writeFile(join(dir, 'data', 'index.json'), JSON.stringify(catalogue));

  const server = await startPreview(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const rows: BenchRow[] = [];
  try {
    const base = `http://127.0.0.1:${PORT}/`;
    if (only) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const { benchExplore } = await import('./benchExplore');
      if (only === 'explore') rows.push(...(await benchExplore(page, base, names, panFrameTimes, quick)));
      rows.push(...(await largeLoadRows(page, base, datasets, dir)));
      return rows;
    }
    const readyRuns = quick ? 3 : 7;
    const ready = await coldCanvasReady(browser, base, readyRuns);
    rows.push({
      dataset: 'default (DefiLlama 2026-09-02)',
      task: 'first visit: navigation start to canvas ready (cold cache, Chromium, software GL)',
      median_ms: ready.median,
      runs: readyRuns,
      target: '≤ 1000 ms',
      note: `runs ${ready.times.map((t) => t.toFixed(0)).join(', ')} ms; the week's data arrived at ${ready.dataAt.toFixed(0)} ms`,
    });
    rows.push(await benchEmbedFlood(browser, dir, base));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const { benchTimelineTab } = await import('./benchExplain');
    rows.push(...(await benchTimelineTab(page, base, quick ? 3 : 7)));
    for (const { label, name } of names) {
      await page.goto(`${base}?dataset=${name}&scenario=top5`);
      await page.getByTestId('scenario-status').filter({ hasText: 'done' }).waitFor({ timeout: 120_000 });
      // Wait until the network is laid out and drawn: the scenario is done long before that on
      // the big weeks, and panning an empty canvas would time nothing.
      await page.locator('[data-testid="network-canvas"][data-ready="true"]').waitFor({ timeout: 300_000 });
      await page.waitForTimeout(1000);
      const f = await panFrameTimes(page);
      rows.push({
        dataset: label,
        task: 'canvas frame time while panning (Chromium, software GL)',
        median_ms: f.median,
        runs: f.frames,
        target: label.startsWith('paper') ? '≥ 30 frames/s (≤ 33 ms)' : undefined,
        note: `${(1000 / f.median).toFixed(0)} frames/s median, p95 ${f.p95.toFixed(0)} ms, ${
          f.moved === null
            ? 'pan not checked'
            : f.moved > 1
              ? `pan moved the graph ${f.moved.toFixed(0)} px`
              : 'PAN DID NOT MOVE THE GRAPH'
        }`,
      });
    }
    // Scenario design in the page (the Design tab's code, window.__design), on the default week.
    await page.goto(`${base}?scenario=top1`);
    await page.getByTestId('scenario-status').filter({ hasText: 'done' }).waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => (window as unknown as { __design?: unknown }).__design !== undefined);
    const design = await page.evaluate(
      (runs) => {
        const hook = (window as unknown as { __design: { timings(runs: number): unknown } }).__design;
        return hook.timings(runs) as { task: string; median_ms: number; runs: number; target: string }[];
      },
      quick ? 3 : 7,
    );
    for (const t of design)
      rows.push({
        dataset: 'default (DefiLlama 2026-09-02), in the page',
        task: `design: ${t.task}`,
        median_ms: t.median_ms,
        runs: t.runs,
        target: t.target,
      });
    const { benchExplore } = await import('./benchExplore');
    rows.push(...(await benchExplore(page, base, names, panFrameTimes, quick)));
    rows.push(...(await largeLoadRows(page, base, datasets, dir)));
    // Forecast per backend on the synthetic history (the app's forecast input); 'auto' is the app's
    // default choice (by the adapter's kind: cpu on this machine's software WebGPU).
    for (const backend of ['auto', 'webgpu', 'webgl', 'cpu'] as const) {
      const times: number[] = [];
      let ran = '';
      for (let r = 0; r < (quick ? 1 : 3); r++) {
        await page.goto(
          `${base}?dataset=synthetic-history&graph=forecast&h=4${backend === 'auto' ? '' : `&backend=${backend}`}`,
        );
        await page
          .getByTestId('model-status')
          .filter({ hasText: /ready|error/ })
          .waitFor({ timeout: 300_000 });
        await page.getByTestId('forecast-ms').filter({ hasText: /\d/ }).waitFor({ timeout: 300_000 });
        ran = (await page.getByTestId('model-backend').textContent())?.trim() ?? '';
        times.push(Number((await page.getByTestId('forecast-ms').textContent())?.replace(/[^\d.]/g, '')));
      }
      rows.push({
        dataset: 'synthetic-history (in the browser)',
        task: `forecast h=1,4,8,12, tfjs ${backend} (ran: ${ran})`,
        median_ms: median(times),
        runs: times.length,
        note:
          backend === 'webgpu'
            ? 'SwiftShader (CPU) WebGPU here, not a GPU'
            : backend === 'auto'
              ? "the app's default: chosen by the adapter's kind"
              : undefined,
      });
    }
  } finally {
    await browser.close();
    server.kill();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** A ~100 MB DeXposure file made from the biggest benchmark week, loaded through the file input. */
async function largeLoadRows(page: Page, base: string, datasets: { label: string; text: string }[], dir: string) {
  const { benchLargeLoad, dexposureFileOfSize } = await import('./benchLoad');
  const biggest = datasets.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const { text } = dexposureFileOfSize(JSON.parse(biggest.text), 100e6);
  const path = join(dir, 'dexposure-100mb.json');
  await writeFile(path, text);
  return benchLargeLoad(page, base, path, Buffer.byteLength(text));
}
