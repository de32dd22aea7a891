// Loading your own data: the file picker and drag-and-drop, parsing in a worker with progress and
// cancel, precise errors that leave the shown dataset in place, listed warnings, and hostile
// names that stay inert text everywhere (canvas tooltip, tables, exports).
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { expectDone, hoverNode, openExplorer } from './helpers';

const DEFAULT_TITLE = /DefiLlama/;
const EVIL_NAME = '<img src=x onerror="window.__pwned=1">Evil';
const EVIL_TOKEN = '<script>window.__pwned=2</script>';
const FORMULA_NAME = '=HYPERLINK("http://attacker.example","x")';

/** A compact snapshot whose names, symbols and title try to inject HTML, script and formulas,
 * with one self-loop and one edge to an unknown node (both must be dropped and reported). */
function hostileCompact(): string {
  return JSON.stringify({
    format: 'defi-exposure-compact',
    version: 1,
    name: 'hostile',
    title: '<b onmouseover="window.__pwned=3">Hostile</b> test file',
    provenance: {
      source: '<iframe src="https://attacker.example">',
      date: '2025-01-13',
      synthetic: true,
      credit: 'test',
    },
    protocols: [
      {
        id: 'evil',
        name: EVIL_NAME,
        category: '<u>Lending</u>',
        sector: 'Lending, Borrowing & Real World Assets',
        chains: [],
        tvl: 5_000_000,
      },
      {
        id: 'lender',
        name: 'Plain Lender',
        category: 'Lending',
        sector: 'Lending, Borrowing & Real World Assets',
        chains: [],
        tvl: 9_000_000,
      },
      { id: 'dex', name: FORMULA_NAME, category: 'Dexes', sector: 'Trading & Exchanges', chains: [], tvl: 2_000_000 },
    ],
    tokens: [{ symbol: EVIL_TOKEN, issuer: 'evil', primary: false }],
    weeks: [
      {
        date: '2025-01-13',
        holdings: [
          ['lender', EVIL_TOKEN, 3_000_000],
          ['dex', EVIL_TOKEN, 1_000_000],
        ],
        edges: [
          ['lender', 'evil', 3_000_000],
          ['dex', 'evil', 1_000_000],
          ['dex', 'dex', 10],
          ['dex', 'ghost', 10],
        ],
      },
    ],
  });
}

async function pickFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(
    files.map((f) => ({
      name: f.name,
      mimeType: f.name.endsWith('.csv') ? 'text/csv' : 'application/json',
      buffer: Buffer.from(f.text),
    })),
  );
}

async function expectNothingInjected(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], iframe[src*="attacker"], b[onmouseover]').count()).toBe(0);
}

test('a hostile file loads as inert text: tooltip, tables, provenance and CSV show it literally', async ({ page }) => {
  await openExplorer(page);
  await pickFiles(page, [{ name: 'hostile.json', text: hostileCompact() }]);

  // Accepted, with its warnings listed (not hidden).
  await expect(page.getByTestId('load-done')).toContainText('hostile.json');
  const warnings = page.getByTestId('load-warnings');
  await expect(warnings).toContainText('1 self-loop edge(s) dropped');
  await expect(warnings).toContainText('1 edge(s) to unknown nodes dropped');
  await expect(page.getByTestId('dataset-provenance')).toContainText('Your file');
  await expect(page.getByTestId('dataset-provenance')).toContainText(
    '<b onmouseover="window.__pwned=3">Hostile</b> test file',
  );
  await expect(page.getByTestId('dataset-select')).toHaveValue('your-file');
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  // Shock the hostile protocol: its creditors lose, and every place that names it shows text.
  await page.evaluate(() => window.__explorer!.state().addProtocolShock('evil'));
  await expectDone(page);
  await expect(page.getByTestId('affected-count')).not.toHaveText('0');
  await expect(page.getByRole('tabpanel')).toContainText(EVIL_NAME);
  await expect(page.getByRole('tabpanel')).toContainText(FORMULA_NAME);

  await hoverNode(page, 'evil', EVIL_NAME);

  // The token list shows the script-like symbol as a symbol.
  await expect(page.locator('.sidebar')).toContainText(EVIL_TOKEN);

  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = (await readFile((await dl.path())!)).toString('utf8');
  // Quoted as CSV, and a cell that would start a spreadsheet formula is neutralised with a quote.
  expect(csv).toContain(`"<img src=x onerror=""window.__pwned=1"">Evil"`);
  expect(csv).toContain(`"'=HYPERLINK(""http://attacker.example"",""x"")"`);
  await page.screenshot({ path: test.info().outputPath('hostile-file.png') });
  await expectNothingInjected(page);
});

test('a rejected file names the file, the path and the value, and the explorer stays where it was', async ({
  page,
}) => {
  await openExplorer(page, '?shock=1599:0.5');
  const before = (await page.getByTestId('system-loss-pct').textContent())!;
  const week = {
    data: {
      '2025-01-06': {
        nodes: [
          { id: 1, size: 100, composition: {} },
          { id: 2, size: 'abc', composition: {} },
        ],
        links: [{ source: 1, target: 2, size: 5 }],
      },
    },
  };
  await pickFiles(page, [{ name: 'historical-network_week_2025-01-06.json', text: JSON.stringify(week) }]);
  const error = page.getByTestId('load-error');
  await expect(error).toContainText('historical-network_week_2025-01-06.json');
  await expect(error).toContainText('nodes[1].size');
  await expect(error).toContainText('expected a finite number ≥ 0, got "abc"');
  await expect(error).toContainText('still showing');
  await page.screenshot({ path: test.info().outputPath('rejected-file.png') });
  // Nothing of the bad file was kept: same dataset, same scenario, same numbers.
  await expect(page.getByTestId('dataset-provenance')).toContainText(DEFAULT_TITLE);
  await expect(page.getByTestId('system-loss-pct')).toHaveText(before);
  expect(new URL(page.url()).searchParams.get('shock')).toBe('1599:0.5');

  // Broken JSON and an unknown layout are refused the same way.
  await pickFiles(page, [{ name: 'cut.json', text: JSON.stringify(week).slice(0, 40) }]);
  await expect(error).toContainText('cut.json');
  await pickFiles(page, [{ name: 'notes.txt', text: 'hello' }]);
  await expect(error).toContainText('expected a JSON snapshot');
  await page.getByTestId('load-error').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByTestId('dataset-provenance')).toContainText(DEFAULT_TITLE);
});

test('dropping an edge list and its nodes CSV loads them (drop zone shown while dragging)', async ({ page }) => {
  await openExplorer(page);
  const edges = 'source,target,size\na,b,100\nb,c,50\na,c,20\nc,c,5\n';
  const nodes =
    'id,name,category,size\na,Alpha,Lending,1000\nb,Beta,Dexes,400\nc,Gamma,Bridge,300\nd,Delta (alone),Yield,50\n';
  await page.evaluate(
    ({ edges, nodes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([edges], 'edges.csv', { type: 'text/csv' }));
      dt.items.add(new File([nodes], 'nodes.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      (window as unknown as { __dt: DataTransfer }).__dt = dt;
    },
    { edges, nodes },
  );
  await expect(page.getByText('Drop to load your data')).toBeVisible();
  await page.evaluate(() => {
    const dt = (window as unknown as { __dt: DataTransfer }).__dt;
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByText('Drop to load your data')).toHaveCount(0);
  await expect(page.getByTestId('load-done')).toContainText('edges.csv, nodes.csv');
  await expect(page.getByTestId('load-warnings')).toContainText('1 self-loop edge(s) dropped');
  // Four nodes (one disconnected), three edges after the self-loop is dropped.
  await expect(page.getByTestId('dataset-provenance')).toContainText('4 nodes, 3 edges');
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  // Shocking a fully (100%) makes its creditors lose; the numbers come from the same engine.
  await page.evaluate(() => {
    const s = window.__explorer!.state();
    s.setDelta(1);
    s.addProtocolShock('c');
  });
  await expectDone(page);
  await expect(page.getByTestId('affected-count')).not.toHaveText('0');
});

test('a big file shows progress while the worker parses it, and Cancel keeps the current dataset', async ({ page }) => {
  await openExplorer(page, '?shock=1599:0.5');
  const before = (await page.getByTestId('system-loss-pct').textContent())!;
  // A valid DeXposure week of 200,000 nodes and 400,000 links, built in the page (tens of MB).
  await page.evaluate(() => {
    const n = 200_000;
    const nodes: string[] = [];
    const links: string[] = [];
    for (let i = 0; i < n; i++) {
      nodes.push(`{"id":${i},"size":${1000 + i},"composition":{"T${i % 97}":${i}}}`);
      links.push(
        `{"source":${i},"target":${(i * 7 + 1) % n},"size":${i + 1}}`,
        `{"source":${i},"target":${(i * 13 + 5) % n},"size":3}`,
      );
    }
    const text = `{"data":{"2025-01-06":{"nodes":[${nodes.join(',')}],"links":[${links.join(',')}]}}}`;
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'historical-network_week_2025-01-06.json', { type: 'application/json' }));
    const input = document.querySelector<HTMLInputElement>('[data-testid=file-input]')!;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const status = page.getByTestId('load-status');
  await expect(status).toBeVisible();
  await expect(status).toContainText('historical-network_week_2025-01-06.json');
  await expect(page.getByTestId('load-progress')).toBeAttached();
  await page.screenshot({ path: test.info().outputPath('loading-big-file.png') });
  // The page stays responsive while the worker parses: the scenario controls still answer. Cancel
  // right away: on a quiet machine the worker needs only a second or two for this file, and a
  // screenshot taken first could outlast it (the button is gone once the parse is done).
  await expect(status).toHaveAttribute('data-phase', 'parsing', { timeout: 30_000 });
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
  await page.getByTestId('load-cancel').click();
  await expect(status).toHaveCount(0);
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByTestId('dataset-provenance')).toContainText(DEFAULT_TITLE);
  await expect(page.getByTestId('system-loss-pct')).toHaveText(before);
  await expectNothingInjected(page);
});
