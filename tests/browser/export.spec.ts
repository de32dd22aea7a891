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

/** Decodes PNGs in the page: their size, the mean colour difference of two same-sized images (0–255),
 * and how many pixels of each image's rightmost columns are not background (text running off the edge). */
async function comparePngs(page: Page, a: Buffer, b: Buffer) {
  return page.evaluate(
    async ({ a64, b64 }) => {
      const decode = async (s: string) => {
        const img = await createImageBitmap(
          new Blob([Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0))], { type: 'image/png' }),
        );
        const c = new OffscreenCanvas(img.width, img.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height);
      };
      const [ia, ib] = [await decode(a64), await decode(b64)];
      const edge = (im: ImageData) => {
        const [r0, g0, b0] = [im.data[0], im.data[1], im.data[2]];
        let n = 0;
        for (let y = 0; y < im.height; y++)
          for (let x = im.width - 3; x < im.width; x++) {
            const k = 4 * (y * im.width + x);
            if (Math.abs(im.data[k] - r0) + Math.abs(im.data[k + 1] - g0) + Math.abs(im.data[k + 2] - b0) > 60) n++;
          }
        return n;
      };
      let diff = 0;
      const same = ia.width === ib.width && ia.height === ib.height;
      if (same) for (let k = 0; k < ia.data.length; k += 4) diff += Math.abs(ia.data[k] - ib.data[k]);
      return {
        sizes: [
          [ia.width, ia.height],
          [ib.width, ib.height],
        ],
        meanDiff: same ? diff / (ia.width * ia.height) : Infinity,
        edges: [edge(ia), edge(ib)],
      };
    },
    { a64: a.toString('base64'), b64: b.toString('base64') },
  );
}

test('the PNG shows the whole graph whatever the zoom, with its caption and legend inside the image', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1000, height: 800 });
  await openExplorer(page, `?shock=${AAVE_V3}:0.5`);
  const fitted = (await download(page, 'export-png')).data;
  for (let k = 0; k < 3; k++) await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.waitForTimeout(1_000);
  const before = await page.evaluate((id) => window.__explorer!.nodeScreenPosition!(id), AAVE_V3);
  const zoomed = (await download(page, 'export-png')).data;
  // The user's zoom is kept on screen.
  expect(await page.evaluate((id) => window.__explorer!.nodeScreenPosition!(id), AAVE_V3)).toEqual(before);
  const r = await comparePngs(page, fitted, zoomed);
  expect(r.sizes[0]).toEqual(r.sizes[1]);
  // Same picture (labels aside) whether the screen was zoomed or not; a zoomed crop differs wholesale.
  expect(r.meanDiff).toBeLessThan(12);
  // Nothing (legend, URL) runs off the right edge.
  expect(r.edges).toEqual([0, 0]);
});
