// Ids are data (#15): a file whose protocol ids are Object.prototype's own names loads, draws,
// shocks and exports; a broken file afterwards is refused and the file on screen stays drawn.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { expectDone, openExplorer } from './helpers';

const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

// constructor holds 40 of __proto__'s token; toString holds 20 of constructor's. Written as text:
// JSON.stringify of an object literal would drop the "__proto__" keys.
const HOSTILE = `{"format":"defi-exposure-compact","version":1,"name":"builtins","title":"Built-in ids",
"provenance":{"source":"test","date":"2025-01-06","synthetic":true,"credit":"test"},
"protocols":[
 {"id":"__proto__","name":"Proto","category":"Lending","sector":"Asset Management","tvl":100},
 {"id":"constructor","name":"Ctor","category":"Lending","sector":"Asset Management","tvl":200},
 {"id":"toString","name":"ToStr","category":"Dexes","sector":"Trading & Exchanges","tvl":50},
 {"id":"hasOwnProperty","name":"Own","category":"Dexes","sector":"Trading & Exchanges","tvl":10}],
"tokens":[{"symbol":"PROTO","issuer":"__proto__"},{"symbol":"CTOR","issuer":"constructor"}],
"weeks":[{"date":"2025-01-06","tvl":{"__proto__":100,"constructor":200,"toString":50,"hasOwnProperty":10},
 "holdings":[["constructor","PROTO",40],["toString","CTOR",20],["hasOwnProperty","PROTO",5]]}],
"layout":{"__proto__":[0,0],"constructor":[1,0],"toString":[0,1],"hasOwnProperty":[1,1]}}`;

async function pickFile(page: Page, name: string, text: string) {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Pixels of the canvas box that differ from its background: a drawn graph has many. */
async function drawnPixels(page: Page): Promise<number> {
  const png = (await page.getByTestId('network-canvas').screenshot()).toString('base64');
  return page.evaluate(async (b64) => {
    // An <img> (the app's CSP allows data: images, not data: fetches).
    const bitmap = new Image();
    bitmap.src = `data:image/png;base64,${b64}`;
    await bitmap.decode();
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    // The background is the most common colour (a corner pixel may be an overlay or a panel edge).
    const freq = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      freq.set(key, (freq.get(key) ?? 0) + 1);
    }
    let bg = 0;
    let most = -1;
    for (const [key, n] of freq)
      if (n > most) {
        most = n;
        bg = key;
      }
    const [r0, g0, b0] = [(bg >> 16) & 255, (bg >> 8) & 255, bg & 255];
    let count = 0;
    for (let i = 0; i < data.length; i += 4)
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 60) count++;
    return count;
  }, png);
}

test('built-in ids load, draw, shock and export; a broken file afterwards leaves them drawn', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openExplorer(page);
  await pickFile(page, 'builtins.json', HOSTILE);
  await expect(page.getByTestId('load-done')).toContainText('builtins.json');
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  for (const id of IDS) {
    const p = await page.evaluate((n) => window.__explorer?.nodeScreenPosition?.(n) ?? null, id);
    expect(p && Number.isFinite(p.x) && Number.isFinite(p.y), id).toBe(true);
  }

  // __proto__ at 50%: 50 direct, shared by its creditors constructor (holds 40) and hasOwnProperty (5):
  // they take min(40, 50·40/45) = 40 > τ·200 and min(5, 50·5/45) = 5 > τ·10; then toString takes
  // min(20, 40) = 20 > τ·50 of constructor. 115 of 360; 3 distressed in 2 rounds.
  await page.evaluate(() => {
    const s = window.__explorer!.state();
    s.setDelta(0.5);
    s.addProtocolShock('__proto__');
  });
  await expectDone(page);
  await expect(page.getByTestId('system-loss-usd')).toHaveAttribute('data-value', '115');
  await expect(page.getByTestId('shocked-count')).toHaveText('1 shocked');
  await expect(page.getByTestId('distressed-count')).toHaveText('3');
  await expect(page.getByTestId('loss-rounds')).toHaveText('2');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = JSON.parse((await readFile((await dl.path())!)).toString('utf8')) as {
    results: { losses: Record<string, number> };
  };
  expect(Object.entries(exported.results.losses)).toEqual([
    ['__proto__', 50],
    ['constructor', 40],
    ['hasOwnProperty', 5],
    ['toString', 20],
  ]);
  const drawn = await drawnPixels(page);
  expect(drawn).toBeGreaterThan(200);

  // A broken file: refused, and the built-in-id file stays on screen, canvas included.
  await pickFile(page, 'broken.json', HOSTILE.replace('"tvl":100', '"tvl":"abc"'));
  await expect(page.getByTestId('load-error')).toContainText('broken.json');
  await expect(page.getByTestId('dataset-provenance')).toContainText('builtins.json');
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true');
  await expect.poll(() => drawnPixels(page)).toBeGreaterThan(drawn / 2);
  await expect(page.getByTestId('system-loss-usd')).toHaveAttribute('data-value', '115');
  expect(pageErrors).toEqual([]);
});

test('a DeXposure week of built-in ids (laid out in the app), then a broken file: still drawn', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openExplorer(page);
  // No layout shipped: the app lays it out (ForceAtlas2 in the engine worker).
  const week = `{"data":{"2025-01-06":{"nodes":[{"id":"__proto__","size":1000},{"id":"constructor","size":500},
    {"id":"toString","size":200},{"id":"7","size":300}],"links":[{"source":"__proto__","target":"constructor","size":50},
    {"source":"7","target":"toString","size":20},{"source":"constructor","target":"7","size":10}]}}}`;
  await pickFile(page, 'historical-network_week_2025-01-06.json', week);
  await expect(page.getByTestId('load-done')).toContainText('historical-network_week_2025-01-06.json');
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  for (const id of ['__proto__', 'constructor', 'toString', '7']) {
    const p = await page.evaluate((n) => window.__explorer?.nodeScreenPosition?.(n) ?? null, id);
    expect(p && Number.isFinite(p.x) && Number.isFinite(p.y), id).toBe(true);
  }
  await expect.poll(() => drawnPixels(page)).toBeGreaterThan(100);
  const drawn = await drawnPixels(page);
  await pickFile(page, 'cut.json', week.slice(0, 60));
  await expect(page.getByTestId('load-error')).toContainText('cut.json');
  await expect(page.getByTestId('dataset-provenance')).toContainText('historical-network_week_2025-01-06.json');
  await expect.poll(() => drawnPixels(page)).toBeGreaterThan(drawn / 2);
  // Fit brings the whole graph back too.
  await page.getByRole('button', { name: 'Fit the whole network' }).click();
  await expect.poll(() => drawnPixels(page)).toBeGreaterThan(drawn / 2);
  expect(pageErrors).toEqual([]);
});
