// Exploration (issue 18): filters as chips and in the URL, drawing fewer nodes while every number
// stays the full graph's; a k-hop neighbourhood with its breadcrumb; the node table's sort and its
// row ↔ canvas selection; the summary and sector views keep the key numbers; a paper-scale history
// loads through the worker with its progress bar, laid out there exactly as the page would. Expectations are computed here from the data
// (the default week is being rebuilt), never hard-coded.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cliContagion, currentQuery, DEFAULT_SNAPSHOT, hoverNode, openExplorer, REPO_ROOT } from './helpers';
import { parseDatasetText, pickWeek } from '../../src/core/snapshot';
import { applyPerimeter } from '../../src/core/perimeter';
import { applyFilters, NO_FILTERS } from '../../src/core/view/filters';
import { hopDistances } from '../../src/core/view/neighbourhood';
import { checkCalibration } from '../../src/core/synthetic/calibration';
import { generatePaperScaleWeek, PAPER_SCALE } from '../../src/core/synthetic/history';
import { dexposureFileOfSize, type CompactWeekFile } from '../../src/cli/benchLoad';
import { computeLayout, unionGraph } from '../../src/ui/layout';

const defaultWeek = () =>
  applyPerimeter(pickWeek(parseDatasetText(readFileSync(join(REPO_ROOT, DEFAULT_SNAPSHOT), 'utf8'))), 'defi');

async function kpis(page: Page) {
  return {
    pct: (await page.getByTestId('system-loss-pct').textContent())?.trim(),
    usd: await page.getByTestId('system-loss-usd').getAttribute('data-value'),
    distressed: (await page.getByTestId('distressed-count').textContent())?.trim(),
  };
}

async function drawnNodes(page: Page): Promise<number> {
  return Number(await page.getByTestId('explore-drawn').getAttribute('data-nodes'));
}

test('filters compose as chips, live in the URL, and change what is drawn, not the numbers', async ({ page }) => {
  const week = defaultWeek();
  // The TVL floor: the 20th largest protocol's TVL, so the expectation follows the data.
  const floor = [...week.tvl].sort((a, b) => b - a)[19];
  const expected = applyFilters(
    week,
    { ...NO_FILTERS, sectors: ['Lending, Borrowing & Real World Assets'], tvlMin: floor, edges: { kind: 'all' } },
    null,
  ).nodeCount;
  expect(expected).toBeGreaterThan(0);

  await openExplorer(page, '?scenario=top5&view=full&edges=all');
  const before = await kpis(page);
  expect(await drawnNodes(page)).toBe(week.n);

  await openExplorer(page, `?scenario=top5&view=full&edges=all&sector=lending&tvl=${floor}..`);
  await expect(page.getByTestId('filter-chip')).toHaveCount(2);
  expect(await drawnNodes(page)).toBe(expected);
  expect(await kpis(page)).toEqual(before);
  await expect(page.getByTestId('explore-bar')).toContainText("is the full graph's");

  // Removing a chip removes its parameter; the other filter stays.
  await page.locator('[data-testid="filter-chip"][data-key="sector"] button').click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(1);
  const q = await currentQuery(page);
  expect(q.get('sector')).toBeNull();
  expect(q.get('tvl')).toBe(`${floor}..`);
  const onlyTvl = applyFilters(week, { ...NO_FILTERS, tvlMin: floor }, null).nodeCount;
  await expect.poll(() => drawnNodes(page)).toBe(onlyTvl);

  // Adding one from the form writes the URL back.
  await page.getByTestId('filter-toggle').click();
  await page.getByTestId('filter-touched').check();
  await expect.poll(async () => (await currentQuery(page)).get('touched')).toBe('1');
  expect(await kpis(page)).toEqual(before);
});

test('a k-hop neighbourhood from the selection, with a breadcrumb back to the full view', async ({ page }) => {
  const week = defaultWeek();
  // The protocol with the most counterparties (in + out), found from the data.
  const degree = new Int32Array(week.n);
  for (let e = 0; e < week.edges.m; e++) {
    degree[week.edges.source[e]]++;
    degree[week.edges.target[e]]++;
  }
  const focus = degree.indexOf(Math.max(...degree));
  const id = week.ids[focus];
  let size = 0;
  for (const d of hopDistances(week, focus, 2, 'both')) if (d >= 0) size++;

  await openExplorer(page, `?sel=${encodeURIComponent(id)}`);
  await page.getByTestId('hood-hops').selectOption('2');
  await page.getByTestId('hood-show').click();
  await expect(page.getByTestId('hood-breadcrumb')).toContainText(`${size.toLocaleString('en-US')} nodes`);
  expect((await currentQuery(page)).get('hood')).toBe(`${id}:2:both`);
  // Hidden rest: only the neighbourhood is drawn.
  await page.getByTestId('hood-hide').click();
  await expect.poll(() => drawnNodes(page)).toBe(size);
  await page.getByTestId('hood-back').click();
  await expect(page.getByTestId('hood-breadcrumb')).toHaveCount(0);
  expect((await currentQuery(page)).get('hood')).toBeNull();
  expect(await drawnNodes(page)).toBe(week.n);
});

test('node table: sorted by loss it starts with the most hit node; rows and canvas select each other', async ({
  page,
}) => {
  const cli = cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--scenario', 'top5']);
  const [topId] = Object.entries(cli.losses).sort((a, b) => b[1] - a[1])[0];
  await openExplorer(page, '?scenario=top5');
  await page.getByTestId('tab-nodes').click();
  await expect(page.getByTestId('node-table-count')).toContainText(`${defaultWeek().n.toLocaleString('en-US')} of`);
  await page.getByTestId('node-sort-loss').click();
  const first = page.getByTestId('node-row').first();
  await expect(first).toHaveAttribute('data-id', topId);
  const topName = ((await first.getByRole('cell').first().textContent()) ?? '').trim();

  // Row → canvas: the clicked row's node becomes the selection.
  const second = page.getByTestId('node-row').nth(1);
  const secondId = (await second.getAttribute('data-id'))!;
  await second.click();
  await expect.poll(() => page.evaluate(() => window.__explorer?.state().selected)).toBe(secondId);
  await expect(second).toHaveAttribute('aria-selected', 'true');

  // Canvas → row: clicking the top node on the canvas (inspect mode) marks its row.
  await page.evaluate(() => window.__explorer?.state().setClickMode('inspect'));
  await page.getByTestId('tab-nodes').click();
  // The row click flew the camera to its node: back to the whole picture, then hover the top node
  // until its tooltip names it, so the click lands on that node.
  await page.getByRole('button', { name: 'Fit the whole network' }).click();
  await page.waitForTimeout(600);
  const at = await hoverNode(page, topId, topName);
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => page.evaluate(() => window.__explorer?.state().selected)).toBe(topId);
  await page.getByTestId('tab-nodes').click();
  await expect(page.locator(`[data-testid="node-row"][data-id="${topId}"]`)).toHaveAttribute('aria-selected', 'true');
});

test('node table: every protocol the sweep shocks has its impact rank, in the CLI sweep order', async ({ page }) => {
  const out = execFileSync(process.execPath, ['scripts/cli.mjs', 'sweep', '--snapshot', DEFAULT_SNAPSHOT], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  const ranking = (JSON.parse(out) as { ranking: { id: string; name: string }[] }).ranking;
  expect(ranking.length).toBeGreaterThan(60); // more than the Impact tab's top rows
  await openExplorer(page);
  await page.getByTestId('tab-nodes').click();
  await expect(page.getByTestId('node-table-ranked')).toContainText(
    `${ranking.length.toLocaleString('en-US')} protocols ranked, each failing alone at δ = 50% in the DeFi (excl. CEX) perimeter`,
  );
  await page.getByTestId('node-sort-impactRank').click();
  const ids = await page
    .getByTestId('node-row')
    .evaluateAll((rows) => rows.slice(0, 5).map((r) => r.getAttribute('data-id')));
  expect(ids).toEqual(ranking.slice(0, 5).map((e) => e.id));
  // The last one ranked, far beyond the top rows, shows its rank.
  const last = ranking[ranking.length - 1];
  await page.getByTestId('node-table-search').fill(last.id);
  const row = page.locator(`[data-testid="node-row"][data-id="${last.id}"]`);
  await expect(row.getByRole('cell').last()).toHaveText(String(ranking.length));
});

test('the summary and the sector view draw fewer discs and keep every number', async ({ page }) => {
  await openExplorer(page, '?scenario=top5&view=full');
  const full = await kpis(page);
  for (const view of ['summary', 'sectors']) {
    await openExplorer(page, `?scenario=top5&view=${view}`);
    expect(await kpis(page)).toEqual(full);
    expect(await drawnNodes(page)).toBeLessThan(defaultWeek().n);
    if (view === 'sectors') expect(await drawnNodes(page)).toBeLessThanOrEqual(7);
  }
});

test('a paper-scale DeXposure history loads through the worker with the progress bar shown, laid out there', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const calibration = checkCalibration(
    JSON.parse(readFileSync(join(REPO_ROOT, 'src/core/synthetic/calibration.json'), 'utf8')),
  );
  const { file } = generatePaperScaleWeek(calibration, { nodes: PAPER_SCALE.nodes, edges: PAPER_SCALE.edges, seed: 7 });
  // The paper-scale week over a few weeks in DeXposure's layout (read week by week in the worker).
  const { text, weeks } = dexposureFileOfSize(JSON.parse(JSON.stringify(file)) as CompactWeekFile, 8e6);
  expect(weeks).toBeGreaterThan(2);
  const dataset = parseDatasetText(text);
  const week = pickWeek(dataset);
  await openExplorer(page);
  // Record every load phase the page shows (a fast machine may pass through them quickly).
  await page.evaluate(() => {
    const w = window as unknown as { __phases: string[]; __progressSeen: boolean };
    w.__phases = [];
    w.__progressSeen = false;
    new MutationObserver(() => {
      const status = document.querySelector('[data-testid="load-status"]');
      const phase = status?.getAttribute('data-phase');
      if (phase && w.__phases[w.__phases.length - 1] !== phase) w.__phases.push(phase);
      if (document.querySelector('[data-testid="load-progress"]')) w.__progressSeen = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByTestId('file-input').setInputFiles({
    name: 'paper-scale.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByTestId('load-status')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('loading-paper-scale.png') });
  await expect(page.getByTestId('load-done')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('load-built')).toContainText(
    `built ${week.n.toLocaleString('en-US')} nodes and ${week.edges.m.toLocaleString('en-US')} edges in the latest of ${weeks} weeks`,
  );
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __phases: string[]; __progressSeen: boolean };
    return { phases: w.__phases, progress: w.__progressSeen };
  });
  expect(seen.progress).toBe(true);
  // Bytes read, then the weeks built one by one as they arrive.
  expect(seen.phases).toContain('reading');
  expect(seen.phases).toContain('building');
  // The file is shown: at this size the default view is the summary.
  await expect(page.getByTestId('view-mode-auto')).toContainText('summary');
  // Every week arrived, with the values the whole-file reader gives.
  const received = await page.evaluate(() => {
    const ds = window.__explorer!.state().dataset!;
    return ds.weeks.map((w) => ({
      date: w.date,
      n: w.n,
      m: w.edges.m,
      tvl: Array.from(w.tvl).reduce((a, b) => a + b, 0),
    }));
  });
  expect(received).toEqual(
    dataset.weeks.map((w) => ({ date: w.date, n: w.n, m: w.edges.m, tvl: w.tvl.reduce((a, b) => a + b, 0) })),
  );
  // The worker's layout is the one the page computed before: the same code on the same union graph.
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 180_000 });
  const positions = await page.evaluate(() => [...(window.__explorer!.state().positions ?? [])]);
  const expected = computeLayout(unionGraph(dataset));
  expect(positions.length).toBe(expected.size);
  let off = 0;
  for (const [id, [x, y]] of positions) {
    const [ex, ey] = expected.get(id)!;
    off = Math.max(off, Math.abs(x - ex), Math.abs(y - ey));
  }
  expect(off).toBeLessThan(1e-3);
});
