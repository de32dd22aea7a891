// Bench row: how long an embedded explorer takes to answer a simple call (contagion:get-results)
// while a host floods it with 50,000 contagion:set-scenario messages over 5 s (10,000 a second, as
// the attack did), and after the flood. The host page is written next to the served build.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { median, type BenchRow } from './benchUtil';

const HOST_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>flood host</title></head><body>
<iframe id="x" sandbox="allow-scripts allow-same-origin" width="800" height="500" src="./index.html?embed=1"></iframe>
<script src="./__flood-host.js"></script></body></html>`;

// Records when each requestId is answered; floods in 50 bursts of 1,000, one every 100 ms, and asks
// for the results every 250 ms meanwhile, then once after the flood.
const HOST_JS = `
const frame = document.getElementById('x');
window.__sent = {}; window.__answered = {}; window.__ready = false;
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || !e.data) return;
  if (e.data.type === 'contagion:ready') window.__ready = true;
  if (e.data.requestId && !(e.data.requestId in window.__answered)) window.__answered[e.data.requestId] = performance.now();
});
const send = (m) => frame.contentWindow.postMessage(m, location.origin);
const ask = (id) => { window.__sent[id] = performance.now(); send({ type: 'contagion:get-results', requestId: id }); };
window.__flood = () => new Promise((resolve) => {
  let burst = 0, asks = 0;
  const tick = setInterval(() => ask('during-' + asks++), 250);
  const next = () => {
    for (let i = 0; i < 1000; i++) send({ type: 'contagion:set-scenario', scenario: { shock: '1599:' + ((burst * 1000 + i) % 100) / 100 } });
    if (++burst < 50) setTimeout(next, 100);
    else { clearInterval(tick); send({ type: 'contagion:set-scenario', requestId: 'last', scenario: { shock: '182:0.5' } }); ask('after'); resolve(); }
  };
  next();
});
`;

export async function benchEmbedFlood(browser: Browser, dir: string, base: string): Promise<BenchRow> {
  await writeFile(join(dir, '__flood-host.html'), HOST_HTML);
  await writeFile(join(dir, '__flood-host.js'), HOST_JS);
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  try {
    await page.goto(`${base}__flood-host.html`);
    await page.waitForFunction(() => (window as unknown as { __ready: boolean }).__ready, null, { timeout: 120_000 });
    await page.waitForTimeout(1000);
    await page.evaluate(() => (window as unknown as { __flood: () => Promise<void> }).__flood());
    await page.waitForFunction(
      () => 'after' in (window as unknown as { __answered: Record<string, number> }).__answered,
      null,
      { timeout: 300_000 },
    );
    await page.waitForTimeout(500);
    const { sent, answered } = await page.evaluate(() => {
      const w = window as unknown as { __sent: Record<string, number>; __answered: Record<string, number> };
      return { sent: w.__sent, answered: w.__answered };
    });
    const during = Object.keys(sent)
      .filter((id) => id.startsWith('during-'))
      .map((id) => (answered[id] ?? Infinity) - sent[id]);
    const after = answered.after - sent.after;
    return {
      dataset: 'default (DefiLlama 2026-09-02)',
      task: 'embed: get-results answer time while a host floods 50,000 set-scenario messages in 5 s',
      median_ms: median(during),
      runs: during.length,
      target: '≤ about 1000 ms',
      note: `worst ${Math.max(...during).toFixed(0)} ms during the flood; ${after.toFixed(0)} ms for a call right after it (the newest scenario computed first)`,
    };
  } finally {
    await page.close();
  }
}
