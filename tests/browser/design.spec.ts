// The Design tab (issue 16): event presets, interventions, the reverse stress test and the
// comparison of saved scenarios, each checked against the command line on the same week at run
// time (no figure of the default week is written here: it is being rebuilt), plus the link round
// trip of saved scenarios, the comparison's CSV export and the embed's design message.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_SNAPSHOT, expectDone, openExplorer, REPO_ROOT } from './helpers';

function cli(args: string[]): string {
  return execFileSync(process.execPath, ['scripts/cli.mjs', ...args, '--snapshot', DEFAULT_SNAPSHOT], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
const cliJson = <T>(args: string[]) => JSON.parse(cli(args)) as T;

async function openDesign(page: Page) {
  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('design-panel')).toBeVisible();
}

const relClose = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test('an event link runs the event: the key numbers and the preset list agree with `cli event`', async ({ page }) => {
  const usdc = cliJson<{ applicable: boolean; result: { total_loss_pct: number } | null; notes: string[] }>([
    'event',
    '--event',
    'usdc-2023',
  ]);
  await openExplorer(page, '?event=usdc-2023');
  await expect(page.getByTestId('tab-design')).toHaveAttribute('aria-selected', 'true');
  if (usdc.applicable) {
    await expect(page).toHaveURL(/token=USDC:0\.1274/);
    await expectDone(page);
    await expect(page.getByTestId('system-loss-pct')).toHaveText(usdc.result!.total_loss_pct.toFixed(2));
    const shown = Number(await page.getByTestId('event-loss-usdc-2023').getAttribute('data-loss-pct'));
    expect(relClose(shown, usdc.result!.total_loss_pct)).toBe(true);
  } else await expect(page.getByTestId('event-na-usdc-2023')).toBeVisible();
  // Every preset either shows a loss or says it is not applicable, as the CLI does, never 0% for "absent".
  for (const id of ['ust-2022', 'steth-2022', 'ftx-2022', 'drawdown']) {
    const r = cliJson<{ applicable: boolean; notes: string[] }>(['event', '--event', id]);
    if (r.applicable) await expect(page.getByTestId(`event-loss-${id}`)).toBeVisible();
    else {
      await expect(page.getByTestId(`event-na-${id}`)).toBeVisible();
      await expect(page.getByTestId(`event-notes-${id}`)).toContainText(r.notes[0]);
    }
  }
});

test('interventions: the top-ranked candidate, added, saves what `cli intervene` says', async ({ page }) => {
  await openExplorer(page, '?scenario=top1');
  await expectDone(page);
  await openDesign(page);
  await page.getByTestId('iv-rank-table').getByRole('button', { name: 'Add' }).first().click();
  await expect(page).toHaveURL(/[?&]iv=/);
  const iv = new URL(page.url()).searchParams.get('iv')!;
  const r = cliJson<{
    loss_saved: number;
    loss_saved_per_usd: number | null;
    before: { distressed_count: number };
    after: { distressed_count: number };
  }>(['intervene', '--scenario', 'top1', '--intervene', iv]);
  const saved = Number(await page.getByTestId('iv-saved').getAttribute('data-loss-saved'));
  expect(relClose(saved, r.loss_saved)).toBe(true);
  await expect(page.getByTestId('iv-before-distressed')).toHaveText(String(r.before.distressed_count));
  await expect(page.getByTestId('iv-after-distressed')).toHaveText(String(r.after.distressed_count));
  // "Distressed" counts the same thing here as in the key numbers.
  await expect(page.getByTestId('iv-before-distressed')).toHaveText(
    (await page.getByTestId('distressed-count').textContent())!.trim(),
  );
  await expect(page.getByTestId('iv-per-usd')).toHaveCount(r.loss_saved_per_usd === null ? 0 : 1);
  // A bad intervention is refused in words.
  await page.getByTestId('iv-kind').selectOption('ringfence');
  await page.getByTestId('iv-id').fill('no-such-id');
  await page.getByTestId('iv-add').click();
  await expect(page.getByTestId('iv-error')).toContainText('unknown protocol id "no-such-id"');
});

test('reverse stress: the greedy set and an unreachable target agree with `cli reverse`; the curves are drawn', async ({
  page,
}) => {
  await openExplorer(page, '?scenario=top1');
  await expectDone(page);
  await openDesign(page);
  const expected = cliJson<{ reached: boolean; set: { id: string }[] }>([
    'reverse',
    '--set-delta',
    '0.5',
    '--target-loss-pct',
    '5',
  ]);
  await page.getByTestId('reverse-search').selectOption('set');
  await page.getByTestId('reverse-key').fill('50');
  await page.getByTestId('reverse-target').fill('5');
  await page.getByTestId('reverse-run').click();
  await expect(page.getByTestId('reverse-answer')).toHaveAttribute('data-reached', String(expected.reached));
  if (expected.reached)
    for (const { id } of expected.set) await expect(page.getByTestId('reverse-set')).toContainText(`(${id})`);
  await expect(page.getByTestId('reverse-method')).toContainText('greedy');
  // 25 protocols at 1% cannot lose all of the system's TVL.
  await page.getByTestId('reverse-key').fill('1');
  await page.getByTestId('reverse-target').fill('100');
  await page.getByTestId('reverse-run').click();
  await expect(page.getByTestId('reverse-unreached')).toContainText('no set of up to');
  for (const id of ['reverse-chart-delta', 'reverse-chart-tau']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-points', '51');
    await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);
  }
});

test('saved scenarios survive the link; the comparison and its CSV equal `cli compare`', async ({ page }) => {
  await openExplorer(page, '?scenario=top1');
  await expectDone(page);
  await openDesign(page);
  await page.getByTestId('save-name').fill('plain');
  await page.getByTestId('save-button').click();
  await page.getByTestId('iv-rank-table').getByRole('button', { name: 'Add' }).first().click();
  await page.getByTestId('save-name').fill('fixed');
  await page.getByTestId('save-button').click();
  await page.getByTestId('compare-a').selectOption('plain');
  await page.getByTestId('compare-b').selectOption('fixed');
  await expect(page).toHaveURL(/cmp=plain,fixed/);
  const saves = new URL(page.url()).searchParams.getAll('save');
  expect(saves).toHaveLength(2);
  const expected = cliJson<{ difference_b_minus_a: { total_loss: number } }>([
    'compare',
    '--a',
    saves[0],
    '--b',
    saves[1],
  ]);
  const diff = Number(await page.getByTestId('compare-diff-loss').getAttribute('data-value'));
  expect(relClose(diff, expected.difference_b_minus_a.total_loss)).toBe(true);

  const download = page.waitForEvent('download');
  await page.getByTestId('compare-export-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv).toBe(cli(['compare', '--a', saves[0], '--b', saves[1], '--format', 'csv']));
  const jsonDownload = page.waitForEvent('download');
  await page.getByTestId('compare-export-json').click();
  const json = JSON.parse(readFileSync((await (await jsonDownload).path())!, 'utf8')) as {
    a: { name: string; link_parameters: string };
    b: { name: string; link_parameters: string };
    difference_b_minus_a: { total_loss: number };
  };
  expect([json.a.name, json.b.name]).toEqual(['plain', 'fixed']);
  expect(`${json.b.name}~${json.b.link_parameters}`).toBe(saves[1]);
  expect(json.difference_b_minus_a.total_loss).toBe(expected.difference_b_minus_a.total_loss);
  const pngDownload = page.waitForEvent('download');
  await page.getByTestId('compare-export-png').click();
  const png = readFileSync((await (await pngDownload).path())!);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect((await pngDownload).suggestedFilename()).toMatch(/^compare_plain_vs_fixed_.*\.png$/);

  // A fresh page on the link (no local storage) has both, and the same comparison.
  const url = page.url();
  const fresh = await page.context().browser()!.newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('tab-design')).toHaveAttribute('aria-selected', 'true', { timeout: 60_000 });
  await expect(fresh.getByTestId('compare-diff-loss')).toHaveAttribute(
    'data-value',
    String(expected.difference_b_minus_a.total_loss),
  );
  await fresh.close();

  // Local storage keeps them for a link that carries none (same browser profile).
  const same = await page.context().newPage();
  await same.goto('./?scenario=top1');
  await same.getByTestId('tab-design').click();
  await expect(same.getByTestId('saved-list')).toContainText('plain');
  await expect(same.getByTestId('saved-list')).toContainText('fixed');
  await same.close();
});

// Only the parent frame may drive an embedded explorer (#15), so the design message comes from a host page.
const DESIGN_HOST_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<script src="./__design-host.js"></script></head><body>
<iframe id="x" sandbox="allow-scripts allow-same-origin" width="600" height="400" src="./index.html?embed=1&scenario=top1"></iframe>
</body></html>`;
const DESIGN_HOST_JS = `
window.__msgs = [];
window.addEventListener('message', (e) => {
  const frame = document.getElementById('x');
  if (frame && e.source === frame.contentWindow) window.__msgs.push(e.data);
});
window.__send = (msg) => document.getElementById('x').contentWindow.postMessage(msg, location.origin);
`;

test('embed: a contagion:design message is answered with the CLI’s figures', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await page.route('**/__design-host.html', (r) => r.fulfill({ contentType: 'text/html', body: DESIGN_HOST_HTML }));
  await page.route('**/__design-host.js', (r) => r.fulfill({ contentType: 'text/javascript', body: DESIGN_HOST_JS }));
  await page.goto(`${baseURL}__design-host.html`);
  type Msg = Record<string, unknown> & { type?: string; requestId?: string };
  const msgs = () => page.evaluate(() => (window as unknown as { __msgs: Msg[] }).__msgs);
  // The first results tell the frame has loaded its data and computed the scenario.
  await expect
    .poll(async () => (await msgs()).some((m) => m.type === 'contagion:results'), { timeout: 120_000 })
    .toBe(true);
  await page.evaluate((m) => (window as unknown as { __send: (x: unknown) => void }).__send(m), {
    type: 'contagion:design',
    requestId: 'd1',
    event: 'ust-2022',
    rank: true,
    reverse: { target: { lossPct: 100 }, setDelta: 0.01 },
  });
  const handle = await page.waitForFunction(
    () => (window as unknown as { __msgs: Msg[] }).__msgs.find((m) => m.requestId === 'd1') ?? null,
    undefined,
    { timeout: 90_000 },
  );
  const answer = (await handle.jsonValue()) as Msg;
  expect(answer.type).toBe('contagion:design-results');
  expect(answer.requestId).toBe('d1');
  const ust = cliJson<{ applicable: boolean; notes: string[] }>(['event', '--event', 'ust-2022']);
  expect((answer.event as { applicable: boolean }).applicable).toBe(ust.applicable);
  expect((answer.event as { notes: string[] }).notes).toEqual(ust.notes);
  const ranking = (answer.interventions as { ranking: { intervention: string; loss_saved: number }[] }).ranking;
  const cliRank = cliJson<{ ranking: { intervention: string; loss_saved: number }[] }>([
    'intervene',
    '--scenario',
    'top1',
    '--rank',
  ]).ranking;
  expect(ranking.map((r) => r.intervention)).toEqual(cliRank.map((r) => r.intervention));
  expect((answer.reverse as { reached: boolean }).reached).toBe(false);
});
