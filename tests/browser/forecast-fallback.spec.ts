// The forecaster with WebGPU unavailable: Chromium launched without the WebGPU flags and with
// the feature disabled; the model must fall back to webgl (or cpu) and still forecast.
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium';

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS.filter((a) => !/webgpu/i.test(a)), '--disable-features=WebGPU'],
  },
});

test('falls back to webgl or cpu and still forecasts', async ({ page }) => {
  await page.goto('./?dataset=synthetic-history&graph=forecast&h=1');
  await expect(page.getByTestId('model-status')).toHaveText('ready', { timeout: 90_000 });
  await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });
  expect(
    await page.evaluate(
      async () => typeof navigator.gpu === 'undefined' || (await navigator.gpu.requestAdapter()) === null,
    ),
  ).toBe(true);
  await expect(page.getByTestId('model-backend')).toHaveText(/^(webgl|cpu)$/);
  await expect(page.getByTestId('forecast-summary')).toContainText('+1w');
  const backend = await page.getByTestId('model-backend').textContent();
  console.log(`fallback forecast: ${backend}, ${await page.getByTestId('forecast-ms').textContent()} ms`);
});
