// Browser figures for `npm run bench`, in headless Debian Chromium (software GL and SwiftShader
// WebGPU on a machine without a GPU): canvas frame time while panning, per dataset, and the
// forecast time per tfjs backend (webgpu, webgl, cpu). Serves a copy of the production build
// with the generated benchmark weeks added to its dataset catalogue.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { median, type BenchRow } from './bench';

const PORT = 4188;

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function startPreview(outDir: string): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('vite preview did not start')), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(String(PORT))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`vite preview exited with ${code}`)));
  });
  return child;
}

/** Median and 95th-percentile frame interval while dragging the canvas for about 3 s. */
async function panFrameTimes(page: Page): Promise<{ median: number; p95: number; frames: number }> {
  const box = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect());
    canvases.sort((a, b) => b.width * b.height - a.width * a.height);
    const r = canvases[0];
    return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  });
  if (!box) throw new Error('no canvas on the page');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framing: boolean };
    w.__frames = [];
    w.__framing = true;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (w.__framing) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const started = Date.now();
  for (let i = 0; Date.now() - started < 3000; i++) {
    const angle = i / 15;
    await page.mouse.move(cx + Math.cos(angle) * box.width * 0.25, cy + Math.sin(angle) * box.height * 0.25, { steps: 2 });
  }
  await page.mouse.up();
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framing: boolean };
    w.__framing = false;
    return w.__frames;
  });
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
  const sorted = [...gaps].sort((a, b) => a - b);
  return { median: median(gaps), p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN, frames: gaps.length };
}

export async function benchBrowser(datasets: { label: string; text: string }[], quick: boolean): Promise<BenchRow[]> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn('bench: /usr/bin/chromium is missing (apt-get install -y chromium); browser figures skipped');
    return [];
  }
  if (!existsSync('dist/index.html')) await run('npx', ['vite', 'build']);
  const dir = await mkdtemp(join(tmpdir(), 'contagion-bench-'));
  await cp('dist', dir, { recursive: true });
  const catalogue = JSON.parse(await readFile(join(dir, 'data', 'index.json'), 'utf8')) as Record<string, unknown>[];
  const names: { label: string; name: string }[] = [];
  for (const [i, d] of datasets.entries()) {
    const name = `bench-${i}`;
    const file = JSON.parse(d.text) as { name: string; title: string };
    file.name = name;
    await writeFile(join(dir, 'data', `${name}.json`), JSON.stringify(file));
    catalogue.push({ ...catalogue[0], name, title: file.title, file: `${name}.json`, synthetic: true, description: 'benchmark week' });
    names.push({ label: d.label, name });
  }
  await writeFile(join(dir, 'data', 'index.json'), JSON.stringify(catalogue));

  const server = await startPreview(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const rows: BenchRow[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const base = `http://127.0.0.1:${PORT}/`;
    for (const { label, name } of names) {
      await page.goto(`${base}?dataset=${name}&scenario=top5`);
      await page.getByTestId('scenario-status').filter({ hasText: 'done' }).waitFor({ timeout: 120_000 });
      await page.waitForTimeout(1000);
      const f = await panFrameTimes(page);
      rows.push({
        dataset: label,
        task: 'canvas frame time while panning (Chromium, software GL)',
        median_ms: f.median,
        runs: f.frames,
        target: label.startsWith('paper') ? '≥ 30 frames/s (≤ 33 ms)' : undefined,
        note: `${(1000 / f.median).toFixed(0)} frames/s median, p95 ${f.p95.toFixed(0)} ms`,
      });
    }
    // Forecast per backend on the synthetic history (the app's forecast input).
    for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
      const times: number[] = [];
      let ran = '';
      for (let r = 0; r < (quick ? 1 : 3); r++) {
        await page.goto(`${base}?dataset=synthetic-history&graph=forecast&h=4&backend=${backend}`);
        await page.getByTestId('model-status').filter({ hasText: /ready|error/ }).waitFor({ timeout: 300_000 });
        await page.getByTestId('forecast-ms').filter({ hasText: /\d/ }).waitFor({ timeout: 300_000 });
        ran = (await page.getByTestId('model-backend').textContent())?.trim() ?? '';
        times.push(Number((await page.getByTestId('forecast-ms').textContent())?.replace(/[^\d.]/g, '')));
      }
      rows.push({
        dataset: 'synthetic-history (in the browser)',
        task: `forecast h=1,4,8,12, tfjs ${backend} (ran: ${ran})`,
        median_ms: median(times),
        runs: times.length,
        note: backend === 'webgpu' ? 'SwiftShader (CPU) WebGPU here, not a GPU' : undefined,
      });
    }
  } finally {
    await browser.close();
    server.kill();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
