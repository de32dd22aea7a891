// The contagion explorer in real Chromium: shock by clicking the WebGL canvas, de-peg a token,
// move every control, step the propagation, and check that a link reproduces the CLI's numbers.
import { expect, test } from '@playwright/test';
import {
  cliContagion,
  currentQuery,
  DEFAULT_SNAPSHOT,
  expectDone,
  expectMatchesCli,
  nodeScreenPosition,
  openExplorer,
  readResults,
} from './helpers';

const AAVE_V3 = '1599';

test('clicking a protocol node on the canvas shocks it, with the CLI numbers', async ({ page }, testInfo) => {
  await openExplorer(page);
  await expect(page.getByTestId('scenario-status')).toHaveText('idle');
  await page.screenshot({ path: testInfo.outputPath('01-first-screen.png') });

  const box = (await page.getByTestId('network-canvas').boundingBox())!;
  const p = await nodeScreenPosition(page, AAVE_V3);
  expect(p.x).toBeGreaterThan(box.x + 10);
  expect(p.x).toBeLessThan(box.x + box.width - 10);
  expect(p.y).toBeGreaterThan(box.y + 40); // clear of the zoom buttons
  expect(p.y).toBeLessThan(box.y + box.height - 10);

  await page.mouse.move(p.x, p.y);
  await expect(page.getByRole('tooltip')).toContainText('Aave V3');
  await expect(page.getByRole('tooltip')).toContainText('TVL');
  await page.screenshot({ path: testInfo.outputPath('02-hover-tooltip.png') });
  await page.mouse.click(p.x, p.y);

  await expectDone(page);
  await expect(page.getByTestId('seed-list')).toContainText('Aave V3');
  expect((await currentQuery(page)).get('shock')).toBe(`${AAVE_V3}:0.5`);
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', `${AAVE_V3}=0.5`]));
  await expect(page.getByTestId('top-hit-table')).toContainText('Aave V3');
  await page.screenshot({ path: testInfo.outputPath('03-after-click-shock.png') });
});

test('de-pegging a token from the searchable list', async ({ page }, testInfo) => {
  await openExplorer(page);
  await page.getByTestId('token-filter').fill('usdc');
  const usdc = page.getByTestId('token-USDC');
  await expect(usdc).toContainText('holders');
  await expect(usdc).toContainText('primary');
  await usdc.click();
  await expectDone(page);
  await expect(page.getByTestId('seed-list')).toContainText('USDC');
  expect((await currentQuery(page)).get('token')).toBe('USDC:0.5');
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock-token', 'USDC=0.5']));

  // A second seed combines with the first: the link carries both, and so does the result.
  await page.getByTestId('token-filter').fill('wsteth');
  await page.getByTestId('token-WSTETH').click();
  await expectDone(page);
  expect((await currentQuery(page)).get('token')).toBe('USDC:0.5,WSTETH:0.5');
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock-token', 'USDC=0.5,WSTETH=0.5']));
  await page.screenshot({ path: testInfo.outputPath('04-token-depeg.png') });
});

test('every slider and the rule recompute at once and keep the URL in step', async ({ page }, testInfo) => {
  await openExplorer(page, '?shock=182:0.5');
  await expectDone(page);
  const before = await readResults(page);

  // δ: keyboard on the range input (as a keyboard user would), 50% → 80%.
  const delta = page.getByTestId('delta-slider');
  await delta.focus();
  for (let k = 0; k < 30; k++) await delta.press('ArrowRight');
  await expect(delta).toHaveValue('80');
  await expectDone(page);
  expect((await currentQuery(page)).get('shock')).toBe('182:0.8');
  expect((await readResults(page)).usd).not.toBe(before.usd);

  // τ: 10% → 3%.
  const tau = page.getByTestId('threshold-slider');
  await tau.focus();
  for (let k = 0; k < 7; k++) await tau.press('ArrowLeft');
  await expect(tau).toHaveValue('3');
  await expectDone(page);
  expect((await currentQuery(page)).get('threshold')).toBe('0.03');

  // Max rounds: 10 → 1.
  const rounds = page.getByTestId('rounds-slider');
  await rounds.focus();
  await rounds.press('Home');
  await expect(rounds).toHaveValue('1');
  await expectDone(page);
  expect((await currentQuery(page)).get('rounds')).toBe('1');
  await expect(page.getByTestId('propagation-rounds')).toHaveText('1');

  // Rule: paper → DebtRank.
  await page.getByTestId('rule-select').selectOption('debtrank');
  await expectDone(page);
  expect((await currentQuery(page)).get('rule')).toBe('debtrank');

  await expectMatchesCli(
    page,
    cliContagion([
      '--snapshot',
      DEFAULT_SNAPSHOT,
      '--shock',
      '182=0.8',
      '--threshold',
      '0.03',
      '--max-rounds',
      '1',
      '--rule',
      'debtrank',
    ]),
  );
  await page.screenshot({ path: testInfo.outputPath('05-sliders-moved.png') });
});

test('the propagation steps round by round, with the running loss and carried edges', async ({ page }, testInfo) => {
  const cli = cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--scenario', 'top5', '--rule', 'debtrank']);
  expect(cli.propagation_rounds).toBeGreaterThanOrEqual(2);
  await openExplorer(page, '?scenario=top5&rule=debtrank');
  await expectDone(page);
  const final = cli.propagation_rounds;
  const label = page.getByTestId('round-label');
  await expect(label).toContainText(`Round ${final}`);
  const finalLoss = await page.getByTestId('running-loss').textContent();

  await page.getByRole('button', { name: 'Step back one round' }).click();
  await expect(label).toContainText(`Round ${final - 1}`);
  await page.getByTestId('round-slider').fill('0');
  await expect(label).toContainText('Seeding');
  const seedLoss = await page.getByTestId('running-loss').textContent();
  expect(seedLoss).not.toBe(finalLoss);
  await page.getByTestId('step-forward').click();
  await expect(label).toContainText('Round 1');
  await expect(page.locator('.playback-readout')).toContainText('carried loss');
  await page.screenshot({ path: testInfo.outputPath('06-round-1.png') });

  // Play runs to the end and stops by itself.
  await page.getByTestId('play-button').click();
  await expect(label).toContainText(`Round ${final}`, { timeout: 30_000 });
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('running-loss')).toHaveText(finalLoss!);
  // The key numbers are the final ones whatever round is shown.
  await expectMatchesCli(page, cli);
});

const URL_CASES: { query: string; cli: string[] }[] = [
  { query: '?scenario=top5&rule=debtrank', cli: ['--scenario', 'top5', '--rule', 'debtrank'] },
  {
    query: '?scenario=top1&rule=paper&threshold=0.05&rounds=5',
    cli: ['--scenario', 'top1', '--rule', 'paper', '--threshold', '0.05', '--max-rounds', '5'],
  },
  {
    query: '?scenario=bridge&rule=debtrank&threshold=0',
    cli: ['--scenario', 'bridge', '--rule', 'debtrank', '--threshold', '0'],
  },
  { query: '?token=WSTETH:0.3&rule=debtrank', cli: ['--shock-token', 'WSTETH=0.3', '--rule', 'debtrank'] },
];

for (const c of URL_CASES) {
  test(`a link reproduces the CLI numbers: ${c.query}`, async ({ page }) => {
    const cli = cliContagion(['--snapshot', DEFAULT_SNAPSHOT, ...c.cli]);
    await openExplorer(page, c.query);
    await expectDone(page);
    await expectMatchesCli(page, cli);
  });
}

test('embed=1 shows only the canvas and the key numbers', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 640, height: 420 });
  await openExplorer(page, '?scenario=top5&rule=debtrank&embed=1');
  await expectDone(page);
  await expect(page.getByTestId('system-loss-pct')).toBeVisible();
  await expect(page.getByTestId('dataset-provenance')).toContainText('DefiLlama');
  await expect(page.getByRole('tablist')).toHaveCount(0);
  await expect(page.getByTestId('delta-slider')).toHaveCount(0);
  expect((await currentQuery(page)).get('embed')).toBe('1');
  await page.screenshot({ path: testInfo.outputPath('07-embed.png') });
});

test('the dataset switcher keeps provenance in view and says when there are no edges', async ({ page }, testInfo) => {
  await openExplorer(page);
  const provenance = page.getByTestId('dataset-provenance');
  await expect(provenance).toContainText('Real data');

  await page.getByTestId('dataset-select').selectOption('defillama-protocols-2023-10-19');
  await expect(provenance).toContainText('no exposure edges');
  await expect(page.getByRole('note')).toContainText('no exposure edges');
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  expect((await currentQuery(page)).get('dataset')).toBe('defillama-protocols-2023-10-19');
  await page.getByTestId('preset-top1').click();
  await expectDone(page);
  await expect(page.getByTestId('propagation-rounds')).toHaveText('0');
  await page.screenshot({ path: testInfo.outputPath('08-protocols-2023.png') });

  await page.getByTestId('dataset-select').selectOption('synthetic-history');
  await expect(provenance).toContainText('Synthetic data');
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByTestId('preset-top5').click();
  await expectDone(page);
  // 847 nodes and 4,718 edges: above the inline threshold, so the worker computed this.
  expect(await page.evaluate(() => window.__explorer?.enginePath())).toBe('worker');
  await expectMatchesCli(
    page,
    cliContagion(['--snapshot', 'public/data/synthetic-history.json', '--scenario', 'top5']),
  );
  await page.screenshot({ path: testInfo.outputPath('09-synthetic-worker.png') });
});

test('a keyboard user can find a protocol, shock it and read the results table', async ({ page }) => {
  await openExplorer(page);
  const search = page.getByTestId('protocol-search');
  await search.focus();
  await page.keyboard.type('Lido');
  await expect(page.getByRole('listbox', { name: 'Matching protocols' }).getByRole('option').first()).toContainText(
    'Lido',
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspect-panel')).toContainText('Lido');
  await page.getByTestId('inspect-shock').focus();
  await page.keyboard.press('Enter');
  await expectDone(page);
  expect((await currentQuery(page)).get('shock')).toBe('182:0.5');
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', '182=0.5']));
  await page.getByRole('tab', { name: 'Results' }).focus();
  await page.keyboard.press('Enter');
  const table = page.getByRole('table', { name: /Most hit protocols/ });
  await expect(table.getByRole('columnheader', { name: /Loss/ }).first()).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('row').nth(1)).toContainText('Lido');
  // Sorting by name is one button press away.
  await table.getByRole('button', { name: /Protocol/ }).press('Enter');
  await expect(table.getByRole('columnheader', { name: /Protocol/ })).toHaveAttribute('aria-sort', 'ascending');
});

test('the inspect, vulnerability and network panels', async ({ page }, testInfo) => {
  await openExplorer(page, '?scenario=top5&rule=debtrank&sel=2929');
  await expectDone(page);
  await page.getByTestId('tab-inspect').click();
  const inspect = page.getByTestId('inspect-panel');
  await expect(inspect).toContainText('Debtors');
  await expect(inspect).toContainText('Creditors');
  await expect(page.getByTestId('loss-path')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('10-inspect.png') });

  await page.getByTestId('tab-vulnerability').click();
  const sweep = page.getByTestId('sweep-table');
  await expect(sweep.getByRole('row')).not.toHaveCount(1);
  await sweep
    .getByRole('button', { name: /^Add .* to the scenario$/ })
    .first()
    .click();
  await expectDone(page);
  expect((await currentQuery(page)).get('shock')).toMatch(/:0\.3$/);
  await page.screenshot({ path: testInfo.outputPath('11-vulnerability.png') });

  await page.getByTestId('tab-network').click();
  await expect(page.getByTestId('sis-table').getByRole('row')).toHaveCount(13);
  await expect(page.getByTestId('spillover-heatmap')).toBeVisible();
  await expect(page.getByTestId('risk-metrics')).toContainText('TVL HHI');
  await page.screenshot({ path: testInfo.outputPath('12-network.png') });
});

test('degrades to one column on a narrow screen', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openExplorer(page, '?scenario=top5&rule=debtrank');
  await expectDone(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByTestId('system-loss-pct')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('13-narrow.png'), fullPage: true });
});

test('a broken data file shows an error with a retry, and bad link parts are reported', async ({ page }) => {
  await page.route('**/data/index.json', (route) => route.fulfill({ status: 500, body: 'down' }));
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('Could not load');
  await page.unroute('**/data/index.json');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  await openExplorer(page, '?shock=no-such-protocol:0.5&rounds=99');
  await expect(page.getByRole('alert').first()).toContainText('rounds="99"');
  await expect(page.getByTestId('scenario-status')).toHaveText('idle');
});

test('ForceAtlas2 relaxes the layout in a worker and stops by itself', async ({ page }) => {
  await openExplorer(page, '?scenario=top1');
  const layoutOf = (id: string) => page.evaluate((n) => window.__explorer?.nodeLayoutPosition?.(n) ?? null, id);
  const shipped = await page.evaluate((n) => window.__explorer!.state().positions![n], AAVE_V3);
  expect(await layoutOf(AAVE_V3)).toEqual({ x: shipped[0], y: shipped[1] });
  const before = await nodeScreenPosition(page, AAVE_V3);
  await page.getByRole('button', { name: 'Relax layout' }).click();
  // The stop button shows while it runs; "Reset layout" appears once it has stopped on its own.
  await expect(page.getByRole('button', { name: 'Reset layout' })).toBeVisible({ timeout: 40_000 });
  await expect(page.getByRole('button', { name: /Relaxing/ })).toHaveCount(0);
  const after = await nodeScreenPosition(page, AAVE_V3);
  expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeGreaterThan(1);
  // Once stopped, nothing moves any more.
  const settled = await layoutOf(AAVE_V3);
  await page.waitForTimeout(500);
  expect(await layoutOf(AAVE_V3)).toEqual(settled);
  // Reset puts every node back on its shipped position (layout coordinates: screen positions
  // also depend on the page's layout around the canvas, which the buttons change).
  await page.getByRole('button', { name: 'Reset layout' }).click();
  await expect.poll(() => layoutOf(AAVE_V3)).toEqual({ x: shipped[0], y: shipped[1] });
});

test('the reserved forecast parameters survive scenario changes, and results download', async ({ page }) => {
  await openExplorer(page, '?scenario=top1&h=4&graph=forecast');
  await expectDone(page);
  await page.getByTestId('rule-select').selectOption('debtrank');
  await expectDone(page);
  const q = await currentQuery(page);
  expect(q.get('h')).toBe('4');
  expect(q.get('graph')).toBe('forecast');
  expect(q.get('scenario')).toBe('top1');
  // A forecast link opens on the Forecast tab; the downloads are on the Results tab.
  await expect(page.getByTestId('tab-forecast')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('tab-results').click();

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^contagion-defillama-2026-09-02-2026-09-02\.csv$/);
  const text = await (await file.createReadStream())!.toArray();
  expect(Buffer.concat(text).toString('utf8').split('\n')[0]).toContain('loss_after_seeding_usd');
});
