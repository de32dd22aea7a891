// First-visit sizes of the production build for `npm run bench`: the JavaScript index.html loads
// (its entry chunk and the chunks it preloads), gzip-compressed as a server would send it, and
// what the service worker precaches (sw.js's manifest), with the copies of tfjs in it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './benchUtil';

/** The newest modification time among the build's sources (src/, public/, index.html, vite.config.ts). */
async function newestSource(): Promise<number> {
  let newest = 0;
  for (const root of ['src', 'public', 'index.html', 'vite.config.ts']) {
    if (!existsSync(root)) continue;
    const top = await stat(root);
    newest = Math.max(newest, top.mtimeMs);
    if (!top.isDirectory()) continue;
    for (const entry of await readdir(root, { recursive: true }))
      newest = Math.max(newest, (await stat(join(root, entry))).mtimeMs);
  }
  return newest;
}

/** Builds `dist` with `vite build` when it has no index.html or a source is newer than it (a stale
 * build would measure old code). */
export async function ensureBuild(dist: string): Promise<void> {
  const index = join(dist, 'index.html');
  if (existsSync(index) && (await stat(index)).mtimeMs >= (await newestSource())) return;
  process.stderr.write(`bench: building ${dist} (${existsSync(index) ? 'sources changed' : 'missing'})\n`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--outDir', dist], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

// Decimal units, as Vite's build report prints them.
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** tfjs-core registers this flag once per copy of it in a bundle. */
const TFJS_CORE_MARKER = 'IS_BROWSER';

export async function benchBuildSizes(dist: string): Promise<BenchRow[]> {
  await ensureBuild(dist);
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.?\/?([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error(`no module script in ${dist}/index.html`);
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\.?\/?([^"]+)"/g)].map((m) => m[1]);
  const gz = async (file: string) => {
    const bytes = await readFile(join(dist, file));
    return { raw: bytes.byteLength, gzip: gzipSync(bytes).byteLength };
  };
  const main = await gz(entry);
  let firstRaw = main.raw;
  let firstGzip = main.gzip;
  for (const p of preloads) {
    const s = await gz(p);
    firstRaw += s.raw;
    firstGzip += s.gzip;
  }
  const rows: BenchRow[] = [
    {
      dataset: 'production build',
      task: 'first visit: main chunk, gzip',
      median_ms: null,
      value: kb(main.gzip),
      runs: 0,
      target: '≤ 300 kB',
      note: `${kb(main.raw)} uncompressed; with the ${preloads.length} chunk(s) it preloads: ${kb(firstGzip)} gzip, ${kb(firstRaw)}`,
    },
  ];

  const sw = await readFile(join(dist, 'sw.js'), 'utf8');
  const urls = [...new Set([...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]))];
  let total = 0;
  let tfjsCopies = 0;
  let tfjsBytes = 0;
  for (const url of urls) {
    const path = join(dist, url);
    total += (await stat(path)).size;
    if (url.endsWith('.js')) {
      const text = await readFile(path, 'utf8');
      if (text.includes(TFJS_CORE_MARKER)) {
        tfjsCopies++;
        tfjsBytes += Buffer.byteLength(text);
      }
    }
  }
  rows.push({
    dataset: 'production build',
    task: 'service worker precache (installed on the first visit)',
    median_ms: null,
    value: mb(total),
    runs: 0,
    target: 'tfjs precached at most once',
    note: `${urls.length} files; copies of tfjs-core among them: ${tfjsCopies}${tfjsCopies ? ` (${kb(tfjsBytes)})` : ''}`,
  });
  return rows;
}
