// The forecaster in the browser: WebGPU (SwiftShader) when available, the same numbers as the
// Node cpu backend on the same input, tensors freed after each forecast (the run without
// WebGPU is forecast-fallback.spec.ts: it needs its own browser launch).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { initNodeBackend } from '../../src/model/node';
import { forecast, loadModel } from '../../src/model/forecast';
import { parseDatasetText } from '../../src/core/snapshot';
import { REPO_ROOT } from './helpers';

const HISTORY = 'synthetic-history.json';

interface Outputs {
  horizon: number;
  tvl: number[];
  src: number[];
  dst: number[];
  probability: number[];
}

async function nodeOutputs(): Promise<Outputs[]> {
  await initNodeBackend();
  const model = await loadModel(
    async (path) => (await readFile(join(REPO_ROOT, path))).buffer as ArrayBuffer,
    'models/',
  );
  const dataset = parseDatasetText(await readFile(join(REPO_ROOT, 'public/data', HISTORY), 'utf8'), {
    fileName: HISTORY,
  });
  const results = await forecast(model, dataset);
  model.dispose();
  return results.map((r) => ({
    horizon: r.horizon,
    tvl: Array.from(r.snapshot.tvl),
    src: Array.from(r.candidates.src),
    dst: Array.from(r.candidates.dst),
    probability: Array.from(r.candidates.probability),
  }));
}

async function openForecast(page: Page, query: string): Promise<void> {
  await page.goto(`./?${query}`);
  await expect(page.getByTestId('model-status')).toHaveText('ready', { timeout: 90_000 });
  await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });
}

/** Largest |a−b| relative to max(1, |b|): TVLs are in USD (up to 1e9), probabilities in [0, 1]. */
function maxRelDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

test.describe('forecaster with WebGPU', () => {
  test('by default picks cpu on the software (SwiftShader) adapter and says why', async ({ page }) => {
    await openForecast(page, 'dataset=synthetic-history&graph=forecast&h=4');
    const soft = await page.evaluate(async () => {
      const a = (await navigator.gpu.requestAdapter()) as unknown as {
        info?: { architecture?: string; vendor?: string; isFallbackAdapter?: boolean };
      } | null;
      return !!a && (!!a.info?.isFallbackAdapter || /swiftshader/i.test(`${a.info?.vendor} ${a.info?.architecture}`));
    });
    await expect(page.getByTestId('model-backend')).toHaveText(soft ? 'cpu' : 'webgpu');
    await expect(page.getByTestId('model-backend-reason')).toContainText(soft ? 'software WebGPU adapter' : 'hardware');
    // The choice is cached per adapter: a reload says so.
    await openForecast(page, 'dataset=synthetic-history&graph=forecast&h=4');
    await expect(page.getByTestId('model-backend-reason')).toContainText('cached choice');
  });

  test('on the real single-week default dataset: out of domain, TVLs held, the reason shown', async ({ page }) => {
    await openForecast(page, 'graph=forecast&h=4&scenario=top1');
    const domain = page.getByTestId('forecast-domain');
    await expect(domain).toHaveAttribute('data-in-domain', 'false');
    await expect(domain).toContainText('1 week of history, the model reads 8');
    await expect(domain).toContainText("held at today's values");
    // top1 under the default rule, perimeter and τ: the calibrated band, whose coverage was measured in domain only.
    await expect(page.getByTestId('compare-band-coverage')).toContainText('not measured for out-of-domain input');
    // No TVL trend at any horizon: every forecast TVL is the same across horizons (held).
    const outputs = (await page.evaluate(() => window.__forecast!.forecastOutputs())) as Outputs[];
    for (const o of outputs.slice(1)) expect(o.tvl).toEqual(outputs[0].tvl);
  });

  test('runs on webgpu when asked, equals the Node cpu forecast to 1e-3 and frees its tensors', async ({ page }) => {
    // Software WebGPU takes 10–40 s per forecast on a shared 2-core machine, and this test runs two.
    test.setTimeout(300_000);
    await openForecast(page, 'dataset=synthetic-history&graph=forecast&h=4&backend=webgpu');
    await expect(page.getByTestId('model-backend')).toHaveText('webgpu');
    // The default path: inference on the page's thread (the worker is opt-in, see forecastStore.ts).
    expect(await page.evaluate(() => window.__forecast!.forecastThread())).toBe('main');
    const browser = (await page.evaluate(() => window.__forecast!.forecastOutputs())) as Outputs[];
    const node = await nodeOutputs();
    expect(browser.map((o) => o.horizon)).toEqual([1, 4, 8, 12]);
    for (let k = 0; k < node.length; k++) {
      expect(browser[k].src).toEqual(node[k].src);
      expect(browser[k].dst).toEqual(node[k].dst);
      expect(maxRelDiff(browser[k].probability, node[k].probability)).toBeLessThan(1e-3);
      expect(maxRelDiff(browser[k].tvl, node[k].tvl)).toBeLessThan(1e-3);
    }

    // Tensors: the count returns to its baseline after another forecast.
    const firstMs = await page.getByTestId('forecast-ms').textContent();
    const before = await page.evaluate(() => window.__forecast!.tfMemory());
    expect(before).not.toBeNull();
    await page.evaluate(() => window.__forecast!.rerunForecast());
    expect(await page.evaluate(() => window.__forecast!.tfMemory())).toBe(before);
    // Timings go to the log (no timing assertions): the first forecast includes shader compilation.
    await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/);
    console.log(
      `webgpu forecast: first ${firstMs} ms, rerun ${await page.getByTestId('forecast-ms').textContent()} ms`,
    );

    // The forecast view: summary, comparison and legend; switching h does not recompute.
    await expect(page.getByTestId('forecast-summary')).toContainText('+4w');
    const ms = await page.getByTestId('forecast-ms').textContent();
    await page.getByTestId('horizon-12').check({ force: true });
    await expect(page.getByTestId('forecast-summary')).toContainText('+12w');
    await expect(page.getByTestId('forecast-ms')).toHaveText(ms!);
    expect(page.url()).toContain('h=12');
    expect(page.url()).toContain('graph=forecast');
    await expect(page.getByText('new (forecast)')).toBeVisible();

    // A scenario recomputes on the forecast graph and the comparison shows both losses.
    await page.goto('./?dataset=synthetic-history&graph=forecast&h=4&scenario=top5');
    await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });
    await expect(page.getByTestId('compare-loss-observed')).toContainText('$');
    await expect(page.getByTestId('compare-loss-forecast')).toContainText('$');
    // Uncertainty: the scenario's loss over sampled forecast graphs, median and 10–90% band.
    await expect(page.getByTestId('compare-loss-band')).toContainText(/median .*calibrated 10–90%/);
    // The calibrated band carries its measured coverage on the synthetic test weeks.
    await expect(page.getByTestId('compare-band-coverage')).toContainText(
      /held the realized loss in \d+% of \d+ synthetic test cases \(top5, h=4\)/,
    );
    await expect(page.getByTestId('scenario-status')).toHaveText('done', { timeout: 60_000 });
    await page.getByTestId('model-card').locator('summary').click();
    // The honest metrics: subsets and graph errors per horizon, and each goal as met / not met.
    await expect(page.getByTestId('model-subsets')).toBeVisible();
    // The heuristic baseline beside the model, and the real-data check as measured.
    await expect(page.getByTestId('model-heuristic')).toBeVisible();
    await expect(page.getByTestId('heuristic-new-4')).toContainText('×');
    await expect(page.getByTestId('model-real')).toContainText('out of domain');
    await expect(page.getByTestId('graph-errors-1')).toContainText('/');
    await expect(page.getByTestId('model-goals')).toContainText(/(Met|Not met): /);
    await page.screenshot({ path: 'test-results/forecast-webgpu.png', fullPage: true });
    await page.getByTestId('forecast-panel').screenshot({ path: 'test-results/forecast-panel.png' });
  });
});
