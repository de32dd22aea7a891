// Embedding: a host page with a strict CSP drives two iframes and one <contagion-explorer> element
// through the postMessage API and gets the same numbers as the CLI; the explorer itself runs
// under its own strict CSP with zero violations; removing the element drops its iframe.
import { expect, test, type Page } from '@playwright/test';
import { cliContagion, DEFAULT_SNAPSHOT } from './helpers';

const AAVE_V3 = '1599';

// The host's own CSP: nothing but same-origin scripts and frames.
const HOST_CSP = "default-src 'none'; script-src 'self'; frame-src 'self'; style-src 'self'; connect-src 'self'";

const HOST_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<script type="module" src="./contagion-explorer.js"></script>
<script src="./__host.js"></script></head><body>
<iframe id="a" sandbox="allow-scripts allow-same-origin" width="600" height="400" src="./index.html?embed=1"></iframe>
<iframe id="b" sandbox="allow-scripts allow-same-origin" width="600" height="400" src="./index.html?embed=1"></iframe>
<contagion-explorer id="c" scenario="top1"></contagion-explorer>
</body></html>`;

// Host script (no inline script under the host CSP): records every message per frame, and sends
// each iframe its scenario once it says it is ready.
const HOST_JS = `
window.__msgs = { a: [], b: [], c: [] };
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
const scenarios = {
  a: { scenario: 'top5', rule: 'debtrank' },
  b: { shock: '${AAVE_V3}:0.3' },
};
window.addEventListener('message', (e) => {
  for (const id of ['a', 'b']) {
    const frame = document.getElementById(id);
    if (frame && e.source === frame.contentWindow) {
      window.__msgs[id].push(e.data);
      if (e.data && e.data.type === 'contagion:ready')
        frame.contentWindow.postMessage({ type: 'contagion:set-scenario', requestId: 'req-' + id, scenario: scenarios[id] }, location.origin);
    }
  }
});
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('c').addEventListener('contagion-results', (e) => window.__msgs.c.push(e.detail));
});
`;

async function lastResult(page: Page, id: 'a' | 'b' | 'c', requestId?: string) {
  const handle = await page.waitForFunction(
    ([frame, req]) => {
      const msgs = (
        window as unknown as { __msgs: Record<string, { type?: string; requestId?: string; systemLossPct?: number }[]> }
      ).__msgs[frame];
      const hits = msgs.filter(
        (m) =>
          (m.type === undefined || m.type === 'contagion:results') &&
          m.systemLossPct !== undefined &&
          (!req || m.requestId === req),
      );
      return hits.length ? hits[hits.length - 1] : null;
    },
    [id, requestId] as const,
    { timeout: 90_000 },
  );
  return (await handle.jsonValue()) as {
    requestId?: string;
    dataset: string;
    systemLossPct: number;
    systemLossUsd: number;
    affectedCount: number;
    rounds: number;
    topHit: { id: string; lossUsd: number }[];
  };
}

function expectCli(r: Awaited<ReturnType<typeof lastResult>>, cli: ReturnType<typeof cliContagion>) {
  expect(r.systemLossPct.toFixed(6)).toBe(cli.total_loss_pct.toFixed(6));
  expect(Math.abs(r.systemLossUsd - cli.total_loss)).toBeLessThanOrEqual(1e-6 * Math.max(1, cli.total_loss));
  expect(r.affectedCount).toBe(cli.affected_count);
  expect(r.rounds).toBe(cli.propagation_rounds);
  // The biggest loser reported is the CLI's biggest loser.
  const top = Object.entries(cli.losses).sort((x, y) => y[1] - x[1])[0];
  if (top && top[1] > 0) expect(r.topHit[0].lossUsd).toBeCloseTo(top[1], 0);
}

test('host page drives two iframes and the custom element; numbers match the CLI; no CSP violations', async ({
  page,
  baseURL,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  // Violations inside the frames: listen in every document the page loads.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to: CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.route('**/__host.html', (r) =>
    r.fulfill({ contentType: 'text/html', headers: { 'Content-Security-Policy': HOST_CSP }, body: HOST_HTML }),
  );
  await page.route('**/__host.js', (r) => r.fulfill({ contentType: 'text/javascript', body: HOST_JS }));
  await page.goto(`${baseURL}__host.html`);

  const [a, b, c] = [
    await lastResult(page, 'a', 'req-a'),
    await lastResult(page, 'b', 'req-b'),
    await lastResult(page, 'c'),
  ];
  expect(a.dataset).toBe('defillama-2026-09-02');
  expectCli(a, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--scenario', 'top5', '--rule', 'debtrank']));
  expectCli(b, cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--shock', `${AAVE_V3}=0.3`]));
  await expect.poll(async () => (await lastResult(page, 'c')).systemLossPct).toBeGreaterThan(0);
  expectCli(await lastResult(page, 'c'), cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--scenario', 'top1']));
  expect(c.dataset).toBe('defillama-2026-09-02');

  // The canvas is drawn inside each frame (WebGL under the explorer's CSP).
  const frameA = page.frameLocator('#a');
  await expect(frameA.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  // get-results answers with the current numbers and the requestId.
  await page.evaluate(() =>
    (document.getElementById('b') as HTMLIFrameElement).contentWindow!.postMessage(
      { type: 'contagion:get-results', requestId: 'again' },
      '*',
    ),
  );
  expect((await lastResult(page, 'b', 'again')).systemLossPct).toBe(b.systemLossPct);

  // Bad input is answered with an error, and the scenario stays as it was.
  await page.evaluate(() =>
    (document.getElementById('b') as HTMLIFrameElement).contentWindow!.postMessage(
      { type: 'contagion:set-scenario', requestId: 'bad', scenario: { rule: 'nonsense' } },
      '*',
    ),
  );
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (
            window as unknown as { __msgs: { b: { type: string; requestId?: string; message?: string }[] } }
          ).__msgs.b.find((m) => m.requestId === 'bad')?.message ?? '',
      ),
    )
    .toContain('rule');

  // Changing an attribute of the element reruns the scenario.
  await page.evaluate(() => document.getElementById('c')!.setAttribute('scenario', 'top5'));
  await expect
    .poll(async () => (await lastResult(page, 'c')).systemLossPct, { timeout: 60_000 })
    .not.toBe(c.systemLossPct);
  expectCli(await lastResult(page, 'c'), cliContagion(['--snapshot', DEFAULT_SNAPSHOT, '--scenario', 'top5']));

  // Removing the element unloads its explorer: its iframe (and with it the WebGL contexts) is gone.
  const framesBefore = page.frames().length;
  await page.evaluate(() => document.getElementById('c')!.remove());
  await expect.poll(() => page.frames().length).toBeLessThan(framesBefore);

  const hostViolations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  expect(hostViolations).toEqual([]);
  expect(violations).toEqual([]);
});
