// Memory stays flat: 200 scenario changes and 50 forecasts in a row leave the JS heap,
// tf.memory().numTensors and the number of live WebGL contexts where they started; switching
// datasets and remounting the canvas give back every WebGL context sigma took.
//
// How it is measured:
// - JS heap: a CDP session, HeapProfiler.collectGarbage (twice) then Runtime.getHeapUsage()
//   (usedSize + backingStorageSize: typed arrays, which hold most of a graph, live in the backing
//   store), plus the self size of the JS data in a heap snapshot (HeapProfiler.takeHeapSnapshot,
//   compiled code and Blink objects left out: that figure barely moves, so its bound is tight).
//   Once after a warm-up (lazy chunks, caches, the first results exist, hot code optimised) and
//   once after the loop.
// - WebGL contexts: an init script wraps getContext (HTMLCanvasElement and OffscreenCanvas) and
//   WEBGL_lose_context.loseContext, and listens for 'webglcontextlost'. live = created − lost.
//   A loss the page did not ask for (Chromium evicting the oldest context past its limit of 16)
//   is counted apart and must be zero: otherwise a leak would hide behind the browser's eviction.
// - Tensors: window.__forecast.tfMemory() (tf.memory().numTensors where the model runs).
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { openExplorer } from './helpers';

const DEFAULT = 'defillama-2026-09-02';
const OTHERS = ['defillama-protocols-2023-10-19', 'synthetic-history'];
const SCENARIO_CHANGES = 200;
const WARM_UP = 30;
const FORECASTS = 50;
/**
 * Allowed growth over a loop, after GC, for the two heap figures (see heapFigures). Measured
 * without a leak: heap +0.6 … +1.0 MB (V8's optimised code and the performance timeline grow on
 * their own), JS objects +5 … +61 KB. Checked against leaks put in on purpose: keeping each
 * scenario change's results object (200 of them) adds +2.2 MB heap / +0.9 MB objects; keeping
 * each forecast graph (50) +9.4 MB / +0.3 MB (its typed arrays live outside the objects); keeping
 * each dataset switched away from +10.7 MB / +2.9 MB. Each of those breaks at least one bound.
 */
const HEAP_SLACK_BYTES = 2 * 1024 * 1024;
const OBJECT_SLACK_BYTES = 192 * 1024;

interface GlStats {
  created: number;
  lost: number;
  /** Losses the page did not ask for (browser eviction, GPU reset). */
  forced: number;
  live: number;
}

declare global {
  interface Window {
    __glStats?: () => GlStats;
  }
}

/** Counts WebGL contexts from the first script on: created, released by the page, forcibly lost. */
function countWebglContexts(): void {
  const stats = { created: 0, lost: 0, forced: 0 };
  const contexts = new WeakSet<object>();
  const released = new WeakSet<object>();
  const wrappedExt = new WeakSet<object>();
  const isGl = (type: unknown) => type === 'webgl' || type === 'webgl2' || type === 'experimental-webgl';
  const wrapGetContext = (proto: { getContext: (...args: unknown[]) => unknown }) => {
    const original = proto.getContext;
    proto.getContext = function (this: EventTarget, ...args: unknown[]) {
      const ctx = original.apply(this, args) as object | null;
      if (ctx && isGl(args[0]) && !contexts.has(ctx)) {
        contexts.add(ctx);
        stats.created++;
        this.addEventListener('webglcontextlost', () => {
          stats.lost++;
          if (!released.has(ctx)) stats.forced++;
        });
      }
      return ctx;
    };
  };
  const wrapGetExtension = (proto: { getExtension: (name: string) => unknown } | undefined) => {
    if (!proto) return;
    const original = proto.getExtension;
    proto.getExtension = function (this: object, name: string) {
      const ext = original.call(this, name) as { loseContext?: () => void } | null;
      if (ext && name === 'WEBGL_lose_context' && !wrappedExt.has(ext)) {
        wrappedExt.add(ext);
        const lose = ext.loseContext!.bind(ext);
        ext.loseContext = () => {
          released.add(this);
          lose();
        };
      }
      return ext;
    };
  };
  wrapGetContext(HTMLCanvasElement.prototype as never);
  if (typeof OffscreenCanvas !== 'undefined') wrapGetContext(OffscreenCanvas.prototype as never);
  wrapGetExtension(
    typeof WebGLRenderingContext !== 'undefined' ? (WebGLRenderingContext.prototype as never) : undefined,
  );
  wrapGetExtension(
    typeof WebGL2RenderingContext !== 'undefined' ? (WebGL2RenderingContext.prototype as never) : undefined,
  );
  window.__glStats = () => ({ ...stats, live: stats.created - stats.lost });
}

async function glStats(page: Page): Promise<GlStats> {
  return page.evaluate(() => window.__glStats!());
}

interface HeapFigures {
  /** Runtime.getHeapUsage after GC: usedSize + backingStorageSize (typed arrays live there). */
  heap: number;
  /** Self size of the JS objects, arrays, closures, strings and numbers in a heap snapshot. */
  objects: number;
}

/** Node types of a V8 heap snapshot that are the page's own data (not compiled code, not Blink). */
const DATA_NODE_TYPES = new Set([
  'object',
  'array',
  'closure',
  'string',
  'concatenated string',
  'sliced string',
  'number',
  'regexp',
  'bigint',
  'symbol',
  'object shape',
]);

/**
 * The JS heap after full garbage collections (timers and pending frames settled first). The
 * snapshot figure leaves out what V8 and the browser grow on their own whatever the page keeps
 * (optimised code, the performance timeline), so it can be held to a much tighter bound.
 */
async function heapFigures(page: Page, cdp: CDPSession): Promise<HeapFigures> {
  await page.waitForTimeout(300);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  let objects = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (DATA_NODE_TYPES.has(types[snapshot.nodes[i + typeAt]])) objects += snapshot.nodes[i + sizeAt];
  }
  return { heap: u.usedSize + (u.backingStorageSize ?? 0), objects };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const growth = (a: HeapFigures, b: HeapFigures) =>
  `heap ${mb(a.heap)} → ${mb(b.heap)} (${b.heap >= a.heap ? '+' : ''}${mb(b.heap - a.heap)}), ` +
  `JS objects ${mb(a.objects)} → ${mb(b.objects)} (${b.objects >= a.objects ? '+' : ''}${((b.objects - a.objects) / 1024).toFixed(1)} KB)`;

/** Both heap figures within their bounds. */
function expectFlat(a: HeapFigures, b: HeapFigures): void {
  expect(b.heap - a.heap, 'heap growth (bytes)').toBeLessThan(HEAP_SLACK_BYTES);
  expect(b.objects - a.objects, 'JS object growth (bytes)').toBeLessThan(OBJECT_SLACK_BYTES);
}

/** Waits (in the page) until loading and the scenario run have finished, the graph is drawn and the page shows the status. */
async function settled(page: Page): Promise<{ status: string; datasetName: string | null }> {
  const s = await page.evaluate(async () => {
    const st = () => window.__explorer!.state();
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t0 = performance.now();
    while (
      st().status === 'running' ||
      st().loadState === 'loading' ||
      !st().positions ||
      (st().results && st().resultsFor !== st().snapshot)
    ) {
      if (performance.now() - t0 > 60_000) throw new Error(`scenario did not settle: ${st().status}/${st().loadState}`);
      await frame();
    }
    await frame();
    await frame();
    return { status: st().status, datasetName: st().datasetName };
  });
  // The page shows what the store says (React has committed the result).
  await expect(page.getByTestId('scenario-status')).toHaveText(s.status);
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true');
  return s;
}

interface Targets {
  protocols: string[];
  tokens: string[];
}

/** The largest protocols and primary tokens of the snapshot shown (the seeds of the loop). */
async function targets(page: Page): Promise<Targets> {
  return page.evaluate(() => {
    const s = window.__explorer!.state().snapshot!;
    const by = (kind: string) =>
      s.ids
        .map((id, i) => ({ id, i }))
        .filter(({ i }) => s.kinds[i] === kind && s.tvl[i] > 0)
        .sort((a, b) => s.tvl[b.i] - s.tvl[a.i])
        .slice(0, 12)
        .map(({ id }) => id);
    return { protocols: by('protocol'), tokens: by('token') };
  });
}

/**
 * Scenario changes number `from` … `to`−1 through the store's own actions (the ones the sidebar,
 * the canvas and the token list call), each waited for in the page before the next: every action
 * recomputes, so it must produce a new results object (none of them is a no-op), the run must
 * finish, a frame must pass, and the page must then show the store's status. Batched in one
 * evaluate per call: on a loaded 2-core machine a protocol round trip per change costs more than
 * the change.
 */
async function scenarioChanges(page: Page, from: number, to: number, t: Targets): Promise<void> {
  const records = await page.evaluate(
    async ({ from, to, p, tk }) => {
      const st = () => window.__explorer!.state();
      const out: { k: number; status: string; shown: string | null; ready: string | null }[] = [];
      for (let k = from; k < to; k++) {
        const s = st();
        const prev = s.results;
        const round = Math.floor(k / 10);
        switch (k % 10) {
          case 0:
            s.applyPreset((['top1', 'top5', 'bridge'] as const)[round % 3]);
            break;
          case 1:
            s.setThreshold(0.02 + (round % 20) * 0.02);
            break;
          case 2:
            s.setRule('debtrank');
            break;
          case 3:
            s.addProtocolShock(p[round % p.length]);
            break;
          case 4:
            s.setMaxRounds(2 + (round % 15));
            break;
          case 5:
            s.setDelta(0.1 + (round % 9) * 0.1);
            break;
          case 6:
            s.depegTokens([tk[round % tk.length]], 0.2 + (round % 7) * 0.1);
            break;
          case 7:
            s.addProtocolShock(p[(round + 5) % p.length]);
            break;
          case 8:
            s.setRule('paper');
            break;
          default:
            s.clearScenario();
        }
        const t0 = performance.now();
        while (st().status === 'running' || st().results === prev || st().resultsFor !== st().snapshot) {
          if (performance.now() - t0 > 30_000) break;
          await new Promise((r) => setTimeout(r, 0));
        }
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        out.push({
          k,
          status: st().results === prev ? 'no new results' : st().status,
          shown: document.querySelector('[data-testid="scenario-status"]')?.textContent ?? null,
          ready: document.querySelector('[data-testid="network-canvas"]')?.getAttribute('data-ready') ?? null,
        });
      }
      return out;
    },
    { from, to, p: t.protocols, tk: t.tokens },
  );
  expect(records).toHaveLength(to - from);
  // Status idle only after clearScenario (no seeds), done otherwise; the page shows it.
  for (const r of records)
    expect(r, `change ${r.k}`).toEqual({
      k: r.k,
      status: r.k % 10 === 9 ? 'idle' : 'done',
      shown: r.status,
      ready: 'true',
    });
}

async function selectDataset(page: Page, name: string): Promise<void> {
  await page.evaluate((n) => void window.__explorer!.state().selectDataset(n), name);
  await page.waitForFunction((n) => window.__explorer!.state().datasetName === n, name);
  const s = await settled(page);
  expect(s.datasetName).toBe(name);
  await expect(page.getByTestId('dataset-select')).toHaveValue(name);
}

test.describe('memory stays flat', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(countWebglContexts);
  });

  test(`${SCENARIO_CHANGES} scenario changes: heap and WebGL contexts where they started`, async ({ page }) => {
    test.setTimeout(180_000);
    const cdp = await page.context().newCDPSession(page);
    await openExplorer(page);
    const t = await targets(page);
    expect(t.protocols.length).toBeGreaterThanOrEqual(10);
    expect(t.tokens.length).toBeGreaterThanOrEqual(3);

    // Warm-up: three of each kind of change (lazy caches, sweep rows, panels rendered, hot code
    // optimised: the heap grows ≈ 1 MB over the first few hundred changes, then stays flat).
    await scenarioChanges(page, 0, WARM_UP, t);
    const glBefore = await glStats(page);
    // Sigma draws on one WebGL2 context; a canvas that leaked contexts would show more.
    expect(glBefore.live).toBe(1);
    const heapBefore = await heapFigures(page, cdp);

    const started = Date.now();
    for (let k = WARM_UP; k < WARM_UP + SCENARIO_CHANGES; k += 20) await scenarioChanges(page, k, k + 20, t);
    const seconds = (Date.now() - started) / 1000;

    const heapAfter = await heapFigures(page, cdp);
    const glAfter = await glStats(page);
    console.log(
      `scenario changes: ${SCENARIO_CHANGES} in ${seconds.toFixed(1)} s; ${growth(heapBefore, heapAfter)}; ` +
        `WebGL live ${glBefore.live} → ${glAfter.live}, created ${glAfter.created}`,
    );
    expectFlat(heapBefore, heapAfter);
    expect(glAfter).toEqual(glBefore); // no context created, none lost
  });

  test('dataset switches and canvas remounts release their WebGL contexts', async ({ page }) => {
    test.setTimeout(180_000);
    const cdp = await page.context().newCDPSession(page);
    await openExplorer(page);
    await expect.poll(() => glStats(page).then((g) => g.live)).toBe(1);

    /**
     * One cycle: every other dataset, back to the default, then the canvas unmounted (a failed
     * load shows the error in its place) and mounted again: sigma.kill() must give its context
     * back, and the new canvas takes exactly one.
     */
    const cycle = async () => {
      for (const name of OTHERS) await selectDataset(page, name);
      await selectDataset(page, DEFAULT);
      await page.evaluate(() => void window.__explorer!.state().selectDataset('no-such-dataset'));
      await expect(page.getByTestId('network-canvas')).toHaveCount(0);
      await expect.poll(() => glStats(page).then((g) => g.live)).toBe(0);
      await selectDataset(page, DEFAULT);
      await expect.poll(() => glStats(page).then((g) => g.live)).toBe(1);
    };

    // Warm-up: one cycle (every dataset's parse, layout and worker once), so both measurements
    // are taken on a freshly mounted canvas: a canvas that has drawn the 3,443-node graph holds
    // ≈ 0.5 MB more JS objects than a fresh one (bounded, released when it unmounts).
    await cycle();
    const heapBefore = await heapFigures(page, cdp);
    const glBefore = await glStats(page);
    expect(glBefore.live).toBe(1);

    const CYCLES = 3;
    const started = Date.now();
    for (let c = 0; c < CYCLES; c++) await cycle();

    const heapAfter = await heapFigures(page, cdp);
    const glAfter = await glStats(page);
    console.log(
      `dataset cycles: ${CYCLES} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${growth(heapBefore, heapAfter)}; ` +
        `WebGL live ${glBefore.live} → ${glAfter.live}, created ${glBefore.created} → ${glAfter.created}, lost ${glAfter.lost}, forced ${glAfter.forced}`,
    );
    expect(glAfter.live).toBe(glBefore.live);
    expect(glAfter.created - glBefore.created).toBe(CYCLES); // one new canvas per remount
    expect(glAfter.forced).toBe(0);
    // Old datasets (3,443 nodes; 16 weeks of ≈850 nodes) are let go of: any of them kept adds MBs.
    expectFlat(heapBefore, heapAfter);
  });

  // Backend: cpu (`backend=cpu` caps the choice). SwiftShader's WebGPU (and WebGL, also software
  // here) takes seconds per forecast, so 50 would not fit in the file's ~3 minutes; on cpu the
  // model takes ≈ 0.2–0.3 s per forecast (≈ 1.3 s with the canvas and the engine rerun on the
  // forecast graph). tf.tidy and the explicit disposes are the same on every backend, so a leaked
  // tensor shows on cpu too (checked: one undisposed scalar per forecast fails this test).
  // WebGPU's own "back to baseline after a rerun" is checked in forecast.spec.ts.
  test(`${FORECASTS} forecasts: tensors, heap and WebGL contexts where they started`, async ({ page }) => {
    test.setTimeout(180_000);
    const cdp = await page.context().newCDPSession(page);
    await page.goto('./?dataset=synthetic-history&graph=forecast&h=4&backend=cpu');
    await expect(page.getByTestId('model-status')).toHaveText('ready', { timeout: 90_000 });
    await expect(page.getByTestId('model-backend')).toHaveText('cpu');
    await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });

    /**
     * `count` forecasts in a row (batched in one evaluate, see scenarioChanges), each followed by
     * what a user sees: the canvas switches to the new forecast graph, the scenario reruns on it
     * and a frame is drawn. tf.memory().numTensors is read after each one.
     */
    const forecasts = async (count: number) => {
      const records = await page.evaluate(async (count) => {
        const st = () => window.__explorer!.state();
        const out: {
          horizons: number[];
          switched: boolean;
          status: string;
          ready: string | null;
          tensors: number | null;
          ms: number;
        }[] = [];
        for (let k = 0; k < count; k++) {
          const before = st().snapshot;
          await window.__forecast!.rerunForecast();
          const horizons = window.__forecast!.forecastOutputs()?.map((o) => o.horizon) ?? [];
          const t0 = performance.now();
          const ready = () =>
            document.querySelector('[data-testid="network-canvas"]')?.getAttribute('data-ready') === 'true';
          while (
            st().snapshot === before ||
            st().status === 'running' ||
            st().resultsFor !== st().snapshot ||
            !ready()
          ) {
            if (performance.now() - t0 > 30_000) break;
            await new Promise((r) => setTimeout(r, 5));
          }
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          out.push({
            horizons,
            switched: st().snapshot !== before,
            status: st().resultsFor === st().snapshot ? st().status : 'not settled',
            ready: document.querySelector('[data-testid="network-canvas"]')?.getAttribute('data-ready') ?? null,
            tensors: await window.__forecast!.tfMemory(),
            ms: Number(document.querySelector('[data-testid="forecast-ms"]')?.textContent),
          });
        }
        return out;
      }, count);
      expect(records).toHaveLength(count);
      for (const r of records) {
        expect(r.horizons).toEqual([1, 4, 8, 12]);
        expect(r.switched).toBe(true); // a new forecast graph (a new snapshot object) is shown
        expect(r.status).toBe('idle'); // no seeds in this URL: the metrics and sweep reran
        expect(r.ready).toBe('true');
      }
      return records;
    };

    // Warm-up: the first forecast (on load) plus three reruns.
    const warm = await forecasts(3);
    const baseline = warm[0].tensors;
    expect(warm.map((r) => r.tensors)).toEqual([baseline, baseline, baseline]);
    expect(baseline).not.toBeNull();
    expect(baseline).toBeGreaterThan(0); // the model's weights
    const heapBefore = await heapFigures(page, cdp);
    const glBefore = await glStats(page);
    expect(glBefore.live).toBe(1); // sigma's; the cpu backend takes none

    const started = Date.now();
    const records = [];
    for (let k = 0; k < FORECASTS; k += 10) records.push(...(await forecasts(10)));
    const counts = records.map((r) => r.tensors);
    const totalMs = records.reduce((a, r) => a + r.ms, 0);
    const seconds = (Date.now() - started) / 1000;
    const heapAfter = await heapFigures(page, cdp);
    const glAfter = await glStats(page);
    console.log(
      `forecasts: ${FORECASTS} in ${seconds.toFixed(1)} s (model ${Math.round(totalMs / FORECASTS)} ms each); tensors ${baseline} → ${counts[counts.length - 1]}; ` +
        `${growth(heapBefore, heapAfter)}; WebGL live ${glBefore.live} → ${glAfter.live}`,
    );
    // Exactly back to the baseline after every single forecast (not only at the end).
    expect(counts).toEqual(Array(FORECASTS).fill(baseline));
    expectFlat(heapBefore, heapAfter);
    expect(glAfter).toEqual(glBefore);
  });
});
