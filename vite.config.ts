/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// A strict Content-Security-Policy for the built page (dev keeps Vite's inline HMR client).
// No 'unsafe-eval' and no inline scripts; React style props go through the CSSOM, which CSP
// does not restrict. Workers come from our own files (blob: for libraries that spawn them so).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // wasm-unsafe-eval allows compiling WebAssembly only (not JS eval): tfjs's 64-bit integer helper
  // (long.js) instantiates a tiny wasm module and would otherwise report a violation.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'contagion-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * tfjs is bundled twice: once for the page (the Forecast tab runs on the page's thread by default)
 * and once inside the opt-in forecast worker (forecastWorker=1), whose bundle is built on its own.
 * The worker's copy is named apart so that the service worker does not precache it (the page's copy
 * is precached); it is cached when first used instead (runtimeCaching below).
 */
const WORKER_TFJS_PREFIX = 'tfjs-worker-';
function workerChunkFileNames(chunk: { moduleIds: string[] }): string {
  return chunk.moduleIds.some((id) => id.includes('/node_modules/@tensorflow/'))
    ? `assets/${WORKER_TFJS_PREFIX}[hash].js`
    : 'assets/[name]-[hash].js';
}

/**
 * The dataset a page without `dataset=` opens on (the catalogue's first entry), known at build time
 * so that the page can request it at start-up together with the catalogue (src/ui/data.ts).
 */
function defaultDataset(): { name: string; file: string } | null {
  try {
    const [first] = JSON.parse(readFileSync('public/data/index.json', 'utf8')) as { name: string; file: string }[];
    return first ? { name: first.name, file: first.file } : null;
  } catch {
    return null;
  }
}

// One config for the app, the unit tests (Vitest) and the offline service worker.
export default defineConfig({
  plugins: [
    react(),
    contentSecurityPolicy(),
    // Offline use: after one visit, code (tfjs once: the page's copy), datasets, model weights and
    // icons are precached by a Workbox service worker; a new deployment waits for the user ("new
    // version available") instead of mixing old code with new data. The forecast worker's own copy
    // of tfjs is cached the first time that worker runs.
    VitePWA({
      registerType: 'prompt',
      injectRegister: null, // registered from src/ui/pwa.ts (no inline script: strict CSP)
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'DeFi Contagion Explorer',
        short_name: 'Contagion',
        description: 'Shock a DeFi token or protocol and watch the loss propagate; runs offline.',
        theme_color: '#0f1420',
        background_color: '#0f1420',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,json,bin,svg,png,webmanifest}'],
        globIgnores: [`**/assets/${WORKER_TFJS_PREFIX}*.js`],
        runtimeCaching: [
          {
            // Hashed file names never change content: cache first, fetch once.
            urlPattern: new RegExp(`/assets/${WORKER_TFJS_PREFIX}[^/]+\\.js$`),
            handler: 'CacheFirst',
            options: { cacheName: 'forecast-worker-tfjs', expiration: { maxEntries: 16 } },
          },
        ],
        // The full 2023 protocol list, the synthetic history and the tfjs bundle are a few MB each.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // Relative asset URLs: the built bundle works from any folder or static server (offline USB use).
  base: './',
  define: { 'import.meta.env.VITE_DEFAULT_DATASET': JSON.stringify(JSON.stringify(defaultDataset())) },
  worker: { format: 'es', rolldownOptions: { output: { chunkFileNames: workerChunkFileNames } } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // The app, plus the <contagion-explorer> custom element as a standalone script with a
      // stable name, for host pages: <script type="module" src=".../contagion-explorer.js">.
      input: { main: 'index.html', 'contagion-explorer': 'src/embed/element.ts' },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'contagion-explorer' ? 'contagion-explorer.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
