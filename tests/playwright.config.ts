// Browser tests in Debian's Chromium (never a downloaded browser), with the flags that give
// real WebGPU through SwiftShader on machines without a GPU (see DEVELOPERS notes in README).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/cli/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Which build to serve (several sessions can test side by side with their own build and port).
const OUT_DIR = process.env.E2E_OUTDIR ?? 'dist';

export default defineConfig({
  testDir: './browser',
  outputDir: '../test-results/browser',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: '../test-results/browser-report', open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    // Tests run against the production build, the same bundle users copy for offline use.
    command: `npx vite preview --outDir ${OUT_DIR} --host 127.0.0.1 --port ${PORT} --strictPort`,
    cwd: '..',
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
