// Sharing and export: the downloaded files' contents match what the page shows (and the CLI).
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { cliContagion, DEFAULT_SNAPSHOT, expectMatchesCli, openExplorer } from './helpers';

const AAVE_V3 = '1599';

async function download(page: Page, testId: string): Promise<{ name: string; data: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: dl.suggestedFilename(), data: await readFile((await dl.path())!) };
}

test('copy link, CSV, JSON and PNG exports carry the shown scenario and numbers', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  await openExplorer(page, `?shock=${AAVE_V3}:0.5`);
  const cli = cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', `${AAVE_V3}=0.5`]);
  await expectMatchesCli(page, cli);

  // Copy link: the clipboard holds the scenario URL, which reproduces it.
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toContainText('Copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).searchParams.get('shock')).toBe(`${AAVE_V3}:0.5`);

  // CSV: one row per node; the final losses add up to the shown system loss.
  const csv = await download(page, 'export-csv');
  expect(csv.name).toBe('contagion_aave-v3-50pct_bounded_defillama-2026-09-02.csv');
  const lines = csv.data.toString('utf8').trim().split('\n');
  const header = lines[0].split(',');
  expect(header.slice(0, 2)).toEqual(['id', 'name']);
  const finalCol = header.indexOf('final_loss_usd');
  const idCol = header.indexOf('id');
  expect(finalCol).toBeGreaterThan(0);
  // Ids and numbers never contain commas or quotes; names may, so read from the row's end.
  const fromEnd = header.length - finalCol;
  let total = 0;
  const losses = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const loss = Number(cells[cells.length - fromEnd]);
    total += loss;
    losses.set(cells[idCol], loss);
  }
  expect(Math.abs(total - cli.total_loss)).toBeLessThanOrEqual(1e-6 * cli.total_loss);
  for (const [id, loss] of Object.entries(cli.losses)) expect(losses.get(id)).toBeCloseTo(loss, 3);

  // JSON: provenance, scenario and results.
  const json = JSON.parse((await download(page, 'export-json')).data.toString('utf8'));
  expect(json.format).toBe('defi-contagion-results');
  expect(json.generated_by).toMatch(/^defi-contagion-explorer \d+\.\d+\.\d+/);
  expect(json.dataset.name).toBe('defillama-2026-09-02');
  expect(json.dataset.provenance).toBeTruthy();
  expect(json.scenario.seeds).toEqual([expect.objectContaining({ kind: 'protocol', id: AAVE_V3, fraction: 0.5 })]);
  expect(json.scenario.rule).toBe('bounded');
  expect(json.scenario.perimeter).toBe('defi');
  expect(json.results.direct_loss + json.results.indirect_loss).toBeCloseTo(json.results.total_loss, 0);
  expect(json.url).toContain(`shock=${AAVE_V3}:0.5`);
  expect(Math.abs(json.results.total_loss - cli.total_loss)).toBeLessThanOrEqual(1e-6 * cli.total_loss);
  expect(json.results.affected_count).toBe(cli.affected_count);

  // PNG: a real PNG, the canvas' width in device pixels, with a header and a footer of text around the network.
  const pngFile = await download(page, 'export-png');
  expect(pngFile.name).toBe('contagion_aave-v3-50pct_bounded_defillama-2026-09-02.png');
  const png = pngFile.data;
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const box = (await page.getByTestId('network-canvas').boundingBox())!;
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  expect(Math.abs(width - Math.round(box.width * dpr))).toBeLessThanOrEqual(2);
  const bands = height - Math.round(box.height * dpr);
  expect(bands).toBeGreaterThan(80 * dpr); // title, scenario, rule, numbers above; legend and source below
  // Decode in the page and count distinct colours in the whole figure and in its header band: a blank
  // export, or a header without text, would have one.
  const colours = await page.evaluate(
    async ({ b64, headerRows }) => {
      const img = await createImageBitmap(
        new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type: 'image/png' }),
      );
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const count = (px: Uint8ClampedArray) => {
        const seen = new Set<number>();
        for (let k = 0; k < px.length; k += 4 * 7) seen.add((px[k] << 16) | (px[k + 1] << 8) | px[k + 2]);
        return seen.size;
      };
      return {
        all: count(ctx.getImageData(0, 0, img.width, img.height).data),
        header: count(ctx.getImageData(0, 0, img.width, headerRows).data),
      };
    },
    { b64: png.toString('base64'), headerRows: Math.round(40 * dpr) },
  );
  expect(colours.all).toBeGreaterThan(20);
  expect(colours.header).toBeGreaterThan(3);
});
