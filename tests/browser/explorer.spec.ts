// The contagion explorer in real Chromium: shock by clicking the WebGL canvas, de-peg a token,
// move every control, step the propagation, and check that a link reproduces the CLI's numbers.
import { expect, test } from '@playwright/test';
import {
  hoverNode,
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

  const at = await hoverNode(page, AAVE_V3, 'Aave V3');
  await expect(page.getByRole('tooltip')).toContainText('TVL');
  await page.screenshot({ path: testInfo.outputPath('02-hover-tooltip.png') });
  await page.mouse.click(at.x, at.y);

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
  expect(cli.loss_rounds).toBeGreaterThanOrEqual(2);
  await openExplorer(page, '?scenario=top5&rule=debtrank');
  await expectDone(page);
  // The playback animates every round that passed loss on (loss_rounds); it opens on the last.
  const final = cli.loss_rounds;
  const label = page.getByTestId('round-label');
  await expect(label).toContainText(`Round ${final}`);
  await expect(page.getByTestId('kpi-round')).toHaveText('final');
  await expectMatchesCli(page, cli);
  const finalLoss = await page.getByTestId('running-loss').textContent();
  const usd = async () => Number(await page.getByTestId('system-loss-usd').getAttribute('data-value'));

  await page.getByRole('button', { name: 'Step back one round' }).click();
  await expect(label).toContainText(`Round ${final - 1}`);
  await expect(page.getByTestId('kpi-round')).toHaveText(`round ${final - 1} of ${final}`);
  await page.getByTestId('round-slider').fill('0');
  await expect(label).toContainText('Seeding');
  const seedLoss = await page.getByTestId('running-loss').textContent();
  expect(seedLoss).not.toBe(finalLoss);
  // Every number on screen is the round's: after seeding, the loss is the shock alone.
  await expect(page.getByTestId('kpi-round')).toContainText('after seeding');
  expect(Math.abs((await usd()) - cli.direct_loss)).toBeLessThanOrEqual(1e-6 * cli.direct_loss);
  await expect(page.getByTestId('propagation-rounds')).toHaveText('0');
  await expect(page.getByTestId('canvas-round-flag')).toContainText('after seeding');
  await page.getByTestId('step-forward').click();
  await expect(label).toContainText('Round 1');
  await expect(page.getByTestId('kpi-round')).toHaveText(`round 1 of ${final}`);
  await expect(page.getByRole('table', { name: /Most hit protocols/ })).toContainText(`round 1 of ${final}`);
  const roundOne = await usd();
  expect(roundOne).toBeGreaterThan(cli.direct_loss);
  expect(roundOne).toBeLessThan(cli.total_loss);
  await expect(page.locator('.playback-readout')).toContainText('carried loss');
  await page.screenshot({ path: testInfo.outputPath('06-round-1.png') });

  // Play runs to the end and stops by itself, back on the final numbers.
  await page.getByTestId('play-button').click();
  await expect(label).toContainText(`Round ${final}`, { timeout: 30_000 });
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('running-loss')).toHaveText(finalLoss!);
  await expect(page.getByTestId('kpi-round')).toHaveText('final');
  await expect(page.getByTestId('canvas-round-flag')).toHaveCount(0);
  await expectMatchesCli(page, cli);
});

test('bounded rule: no protocol loses more than its exposure to the distressed plus its own shock', async ({
  page,
}) => {
  // Lido at 50%: under eq. 22 SparkLend and Aave V3 would lose more than they hold of Lido.
  await openExplorer(page, '?shock=182:0.5');
  await expectDone(page);
  expect((await currentQuery(page)).get('rule')).toBe('bounded');
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', '182=0.5']));
  const worst = await page.evaluate(() => {
    const s = window.__explorer!.state();
    const snap = s.snapshot!;
    const r = s.results!.contagion!;
    // Exposure of each node to the debtors that passed loss on (seeds and nodes distressed by contagion).
    const passed = new Set<number>([...r.seedIndices, ...r.rounds.flatMap((x) => Array.from(x.newlyDistressed))]);
    const exposure = new Float64Array(snap.n);
    for (let e = 0; e < snap.edges.m; e++)
      if (passed.has(snap.edges.target[e])) exposure[snap.edges.source[e]] += snap.edges.weight[e];
    let excess = -Infinity;
    let checked = 0;
    for (let i = 0; i < snap.n; i++) {
      if (snap.kinds[i] !== 'protocol' || !(r.losses[i] > 0)) continue;
      checked++;
      excess = Math.max(excess, r.losses[i] - (exposure[i] + r.initialLosses[i]));
    }
    const spark = snap.names.indexOf('SparkLend');
    const lido = snap.ids.indexOf('182');
    let sparkHolds = 0;
    for (let e = 0; e < snap.edges.m; e++)
      if (snap.edges.source[e] === spark && snap.edges.target[e] === lido) sparkHolds += snap.edges.weight[e];
    return { excess, checked, sparkLoss: r.losses[spark], sparkHolds, tvl: snap.tvl[spark] };
  });
  expect(worst.checked).toBeGreaterThan(5);
  expect(worst.excess).toBeLessThanOrEqual(1e-6);
  // The case: SparkLend holds 2.84 bn of Lido's tokens and loses exactly that, not its whole TVL.
  expect(worst.sparkHolds).toBeGreaterThan(2e9);
  expect(worst.sparkLoss).toBeCloseTo(worst.sparkHolds, 0);
  expect(worst.sparkLoss).toBeLessThan(worst.tvl);
  await expect(page.getByTestId('over-exposure')).toHaveCount(0);

  // The paper rule, as published, lets creditors lose more than they hold: the results say so.
  await page.getByTestId('rule-select').selectOption('paper');
  await expectDone(page);
  await expect(page.getByTestId('rule-meaning')).toContainText('even beyond what they hold');
  await expect(page.getByTestId('over-exposure')).toContainText('exceeded what the creditor holds');
});

test('the perimeter: top-1 leaves the exchanges when CEX are out, and the denominator follows', async ({ page }) => {
  await openExplorer(page, '?scenario=top1&perimeter=all');
  await expectDone(page);
  await expect(page.getByTestId('seed-list')).toContainText('Binance CEX');
  await expectMatchesCli(
    page,
    cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--scenario', 'top1', '--perimeter', 'all']),
  );
  await expect(page.getByTestId('kpi-denominator')).toContainText('All (incl. CEX)');

  await page.getByTestId('perimeter-defi').check();
  await expectDone(page);
  expect((await currentQuery(page)).get('perimeter')).toBe('defi');
  await expect(page.getByTestId('seed-list')).not.toContainText('CEX');
  await expect(page.getByTestId('seed-list')).toContainText('Lido');
  const cli = cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--scenario', 'top1', '--perimeter', 'defi']);
  await expectMatchesCli(page, cli);
  await expect(page.getByTestId('kpi-denominator')).toContainText('DeFi (excl. CEX)');
  expect(cli.total_tvl).toBeLessThan(300e9); // 543 bn with the exchanges, 255.5 bn without
  // Exchanges leave the canvas and the rankings too.
  expect(await page.evaluate(() => window.__explorer!.state().snapshot!.categories.includes('CEX'))).toBe(false);
  await page.getByTestId('tab-vulnerability').click();
  await expect(page.getByTestId('sweep-table')).not.toContainText('Binance CEX');
});

test('a token de-peg: seeds below τ are shocked, not distressed', async ({ page }) => {
  const cli = cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock-token', 'WSTETH=0.3']);
  await openExplorer(page, '?token=WSTETH:0.3');
  await expectDone(page);
  await expectMatchesCli(page, cli);
  const counts = await page.evaluate(() => {
    const s = window.__explorer!.state();
    const snap = s.snapshot!;
    const r = s.results!.contagion!;
    const seeds = new Set(r.seedIndices);
    let above = 0;
    for (let i = 0; i < snap.n; i++)
      if (!seeds.has(i) && snap.tvl[i] > 0 && r.losses[i] > r.threshold * snap.tvl[i]) above++;
    return { above, seeds: r.seedIndices.length };
  });
  await expect(page.getByTestId('shocked-count')).toHaveAttribute('data-value', String(counts.seeds));
  // Distressed = crossed τ through contagion, seeds excluded (the CLI's distressed_count).
  await expect(page.getByTestId('distressed-count')).toHaveText(String(counts.above));
  expect(counts.above).toBe(cli.distressed_count);
  // The reference counts every seed as affected: affected_count = shocked + distressed.
  expect(counts.seeds + counts.above).toBe(cli.affected_count);
  await expect(page.getByTestId('kpi-split')).toContainText('shock');
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
  // 847 nodes and 4,581 edges: above the inline threshold, so the worker computed this.
  expect(await page.evaluate(() => window.__explorer?.enginePath())).toBe('worker');
  await expectMatchesCli(
    page,
    cliContagion(['--snapshot', 'public/data/synthetic-history.json', '--scenario', 'top5']),
  );
  await page.screenshot({ path: testInfo.outputPath('09-synthetic-worker.png') });
});

test('a keyboard user can find a protocol, shock it and read the results table', async ({ page }) => {
  await openExplorer(page);
  // Tab (skip link), Enter (to the search box), type, Enter (shock, focus on the results): 3 keys.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /Skip to protocol search/ })).toBeFocused();
  await page.keyboard.press('Enter');
  const search = page.getByTestId('protocol-search');
  await expect(search).toBeFocused();
  await page.keyboard.type('Lido');
  await expect(page.getByRole('listbox', { name: 'Matching protocols' }).getByRole('option').first()).toContainText(
    'Lido',
  );
  await page.keyboard.press('Enter');
  await expectDone(page);
  expect((await currentQuery(page)).get('shock')).toBe('182:0.5');
  await expectMatchesCli(page, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', '182=0.5']));
  await expect(page.locator('#tabpanel-results')).toBeFocused();
  const table = page.getByRole('table', { name: /Most hit protocols/ });
  await expect(table.getByRole('columnheader', { name: /Loss/ }).first()).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('row').nth(1)).toContainText('Lido');
  // Sorting by name is one button press away.
  await table.getByRole('button', { name: /Protocol/ }).press('Enter');
  await expect(table.getByRole('columnheader', { name: /Protocol/ })).toHaveAttribute('aria-sort', 'ascending');

  // "/" finds again; Shift+Enter inspects without shocking.
  await page.locator('body').press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('Aave');
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('inspect-panel')).toContainText('Aave');
  expect((await currentQuery(page)).get('shock')).toBe('182:0.5');

  // Every tab opens at its top.
  await page.getByTestId('tab-vulnerability').click();
  const panel = page.getByRole('tabpanel');
  await panel.evaluate((el) => (el.scrollTop = 400));
  expect(await panel.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await page.getByTestId('tab-results').click();
  expect(await page.getByRole('tabpanel').evaluate((el) => el.scrollTop)).toBe(0);
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
  const shipped = await page.evaluate((n) => window.__explorer!.state().positions!.get(n)!, AAVE_V3);
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
  // Once the forecast graph is on screen, the key numbers and the canvas say so, with the forecast week.
  await expect(page.getByTestId('kpi-forecast-flag')).toContainText('FORECAST h=4 · week of 2026-09-30', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('canvas-forecast-flag')).toContainText('FORECAST h=4 · week of 2026-09-30');
  await expectDone(page);
  await page.getByTestId('tab-results').click();

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(
    'contagion_top1-50pct_debtrank_defillama-2026-09-02_2026-09-30_forecast-h4.csv',
  );
  const text = await (await file.createReadStream())!.toArray();
  expect(Buffer.concat(text).toString('utf8').split('\n')[0]).toContain('loss_after_seeding_usd');
});
