// Offline: after one visit the service worker has precached the app, data and model weights;
// with the network cut, a reload still runs a scenario (and a forecast) with the CLI's numbers.
// Also: a normal session never talks to anything but the explorer's own origin.
import { expect, test } from '@playwright/test';
import { cliContagion, DEFAULT_SNAPSHOT, expectMatchesCli, openExplorer } from './helpers';

const AAVE_V3 = '1599';

test('a normal session sends no request outside its own origin', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  const own = new URL(baseURL!).host;
  page.on('request', (r) => {
    const url = new URL(r.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host !== own) foreign.push(r.url());
  });
  await openExplorer(page, `?shock=${AAVE_V3}:0.5`);
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', `${AAVE_V3}=0.5`]));
  await page.goto('./?dataset=synthetic-history&graph=forecast&h=4');
  await expect(page.getByTestId('model-status')).toHaveText('ready', { timeout: 90_000 });
  await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });
  expect(foreign).toEqual([]);
});

test('works offline after one visit: scenario and forecast', async ({ page, context }) => {
  // Any CSP violation (tfjs, sigma, workers run under the built page's strict policy) fails the test.
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to: CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await openExplorer(page);
  // The service worker installs (precaching everything), says so, and after a reload controls the page.
  await expect(page.getByTestId('pwa-offline-ready')).toBeVisible({ timeout: 60_000 });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 })
    .toBe(true);

  // Cut everything: the browser is offline, and any request that still reaches the network fails.
  await context.setOffline(true);
  const leaked: string[] = [];
  await context.route('**', (route) => {
    leaked.push(route.request().url());
    return route.abort();
  });

  await openExplorer(page, `?shock=${AAVE_V3}:0.5`);
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', `${AAVE_V3}=0.5`]));

  await page.goto('./?dataset=synthetic-history&graph=forecast&h=4');
  await expect(page.getByTestId('model-status')).toHaveText('ready', { timeout: 90_000 });
  await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });
  // Everything came from the service worker's cache.
  expect(leaked).toEqual([]);
  expect(violations).toEqual([]);
});
