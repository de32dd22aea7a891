// Shared helpers for the explorer's browser tests: waiting on the stable data-testid states, the
// canvas test hook, and the CLI as the reference for the numbers.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_SNAPSHOT = 'public/data/defillama-2026-09-02.json';

export interface CliContagion {
  total_loss: number;
  total_loss_pct: number;
  total_tvl: number;
  direct_loss: number;
  indirect_loss: number;
  loss_rounds: number;
  shocked_count: number;
  distressed_count: number;
  affected_count: number;
  propagation_rounds: number;
  affected_history: number[];
  losses: Record<string, number>;
}

/**
 * Runs the command line's `contagion` (the reference implementation the page must agree with):
 * `npm run cli`'s launcher, which rebuilds the bundle in dist-cli/ first when src/ changed.
 */
export function cliContagion(args: string[]): CliContagion {
  const out = execFileSync(process.execPath, ['scripts/cli.mjs', 'contagion', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as CliContagion;
}

/** Opens the app and waits until the network is drawn and the engine has answered. */
export async function openExplorer(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('scenario-status')).not.toHaveText('running', { timeout: 60_000 });
}

export async function expectDone(page: Page): Promise<void> {
  await expect(page.getByTestId('scenario-status')).toHaveText('done', { timeout: 60_000 });
}

/** The numbers the page shows, read from the stable hooks. */
export async function readResults(page: Page) {
  return {
    pct: (await page.getByTestId('system-loss-pct').textContent())?.trim() ?? '',
    usd: (await page.getByTestId('system-loss-usd').textContent())?.trim() ?? '',
    affected: (await page.getByTestId('affected-count').textContent())?.trim() ?? '',
    rounds: (await page.getByTestId('propagation-rounds').textContent())?.trim() ?? '',
  };
}

/** Compares the page with a CLI result: % with two decimals, counts exactly. */
export async function expectMatchesCli(page: Page, cli: CliContagion): Promise<void> {
  await expect(page.getByTestId('system-loss-pct')).toHaveText(cli.total_loss_pct.toFixed(2));
  await expect(page.getByTestId('affected-count')).toHaveText(String(cli.affected_count));
  await expect(page.getByTestId('propagation-rounds')).toHaveText(String(cli.propagation_rounds));
  // One vocabulary: the app's shocked / distressed / rounds are the CLI's explicit keys.
  await expect(page.getByTestId('shocked-count')).toHaveText(`${cli.shocked_count} shocked`);
  await expect(page.getByTestId('distressed-count')).toHaveText(String(cli.distressed_count));
  await expect(page.getByTestId('loss-rounds')).toHaveText(String(cli.loss_rounds));
  const usd = Number(await page.getByTestId('system-loss-usd').getAttribute('data-value'));
  expect(Math.abs(usd - cli.total_loss)).toBeLessThanOrEqual(1e-6 * Math.max(1, cli.total_loss));
}

/** Viewport position of a node through the page's test hook (sigma's graphToViewport). */
export async function nodeScreenPosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((nodeId) => window.__explorer?.nodeScreenPosition?.(nodeId) ?? null, id);
  if (!p) throw new Error(`node ${id} is not on the canvas`);
  return p;
}

/**
 * Hover a node until its tooltip names it. One mouse move can land between two renders (sigma
 * picks from the last drawn frame) or before a panel's growth resizes the canvas, so the position
 * is read again and the pointer wiggled on each try.
 */
export async function hoverNode(page: Page, id: string, text: string): Promise<{ x: number; y: number }> {
  let at = { x: 0, y: 0 };
  await expect(async () => {
    at = await nodeScreenPosition(page, id);
    await page.mouse.move(at.x + 4, at.y + 4);
    await page.mouse.move(at.x, at.y);
    await expect(page.getByRole('tooltip')).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return at;
}

/** The query string the page keeps in step with the scenario. */
export async function currentQuery(page: Page): Promise<URLSearchParams> {
  return new URLSearchParams(new URL(page.url()).search);
}
