/// <reference types="vitest/config" />
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

// One config for the app, the unit tests (Vitest) and the offline service worker.
export default defineConfig({
  plugins: [
    react(),
    contentSecurityPolicy(),
    // Offline use: after one visit, code, datasets, model weights and icons are precached by a
    // Workbox service worker; a new deployment waits for the user ("new version available")
    // instead of mixing old code with new data.
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
        // The full 2023 protocol list, the synthetic history and the tfjs bundle are a few MB each.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // Relative asset URLs: the built bundle works from any folder or static server (offline USB use).
  base: './',
  worker: { format: 'es' },
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
