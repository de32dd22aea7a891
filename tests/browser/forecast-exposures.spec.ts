// The Forecast tab's ranked exposure lists: likely new and likely vanishing links with p and USD,
// the precision line (measured on the synthetic test weeks, or "not measured" when the shipped
// evaluation has no ranked lists), a row click selecting its holder, and the CSV export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from './helpers';

function measured(h: number): boolean {
  const ev = JSON.parse(readFileSync(join(REPO_ROOT, 'models/evaluation.json'), 'utf8')) as {
    horizons?: Record<string, { top_exposures?: unknown }>;
  };
  return ev.horizons?.[String(h)]?.top_exposures !== undefined;
}

test('ranked new and vanishing exposures: p, USD, precision line, row selects the holder, CSV', async ({ page }) => {
  await page.goto('./?dataset=synthetic-history&graph=forecast&h=4');
  await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });
  const lists = page.getByTestId('top-exposures');
  await expect(lists).toHaveAttribute('data-scope', 'graph');
  for (const kind of ['new', 'vanishing']) {
    const table = page.getByTestId(`exposures-${kind}`);
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(5);
    for (const p of await table.getByTestId('exposure-p').allInnerTexts()) {
      expect(Number(p)).toBeGreaterThanOrEqual(0);
      expect(Number(p)).toBeLessThanOrEqual(1);
    }
    // "$ranked of $base": the ranked USD is p × base, so never above it.
    for (const usd of await table.getByTestId('exposure-usd').allInnerTexts()) expect(usd).toMatch(/^\$.+ of \$.+$/);
    await expect(page.getByTestId(`exposures-${kind}-precision`)).toContainText(
      measured(4) ? /precision@5 \(top 5 of the whole graph, measured on \d+ SYNTHETIC test weeks\)/ : 'not measured',
    );
  }
  await expect(page.getByTestId('exposures-note')).toContainText('calibrated probability');

  // A row click selects its holder; the lists follow the selection (as holder).
  const first = page.getByTestId('exposures-new').locator('tbody tr').first();
  const pair = await first.locator('td.pair').innerText();
  const holder = pair.split(' → ')[0];
  await first.click();
  await expect(lists).toHaveAttribute('data-scope', 'holder');
  await expect(page.getByTestId('exposures-scope')).toContainText(`${holder} as holder`);
  for (const text of await lists.locator('td.pair').allInnerTexts()) expect(text.startsWith(`${holder} → `)).toBe(true);
  // As issuer: who may start or stop holding its tokens.
  await page.getByTestId('exposure-scope-issuer').check();
  await expect(lists).toHaveAttribute('data-scope', 'issuer');
  await expect(page.getByTestId('exposures-new-precision')).toContainText('not measured');

  await page.getByTestId('exposure-scope-graph').check();
  const download = page.waitForEvent('download');
  await page.getByTestId('exposures-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^forecast-exposures-h4-\d{4}-\d\d-\d\d-graph\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(csv[0]).toBe(
    'list,rank,holder_id,holder_name,issuer_id,issuer_name,probability,base_usd,ranked_usd,horizon_weeks,anchor_week,in_domain,data',
  );
  expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual([
    ...Array(5).fill('new'),
    ...Array(5).fill('vanishing'),
  ]);
  expect(csv[1]).toContain(holder);
  expect(csv[1]).toMatch(/,yes,"?SYNTHETIC data \(.+\)"?$/);
});

test('out of the input domain (the real single-week default) the rows say what is still forecast', async ({ page }) => {
  await page.goto('./?graph=forecast&h=4');
  await expect(page.getByTestId('forecast-ms')).toHaveText(/^\d+$/, { timeout: 90_000 });
  await expect(page.getByTestId('exposures-new').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('exposures-note')).toContainText(
    /OUT OF DOMAIN: .*1 week of history.*the model's forecast/,
  );
});
