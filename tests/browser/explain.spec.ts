// Issue 17 in the page: loss paths that add up, the edges that carried the loss, the rankings beside
// SIS and the real sector timeline. Expectations come from the CLI at run time (the default week is
// rebuilt elsewhere), never from figures written here.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { DEFAULT_SNAPSHOT, openExplorer, REPO_ROOT } from './helpers';

function cli<T>(args: string[]): T {
  const out = execFileSync(process.execPath, ['scripts/cli.mjs', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as T;
}

interface Flows {
  indirect_loss: number;
  flows: { round: number; from: string; to: string; usd: number }[];
  top_edges: { from: string; to: string; usd: number }[];
  losses: Record<string, number>;
}

test('loss attribution: the paths shown add up to the protocol’s contagion loss; flows download', async ({ page }) => {
  const run = cli<Flows>(['contagion', '--snapshot', DEFAULT_SNAPSHOT, '--shock', '182=0.5', '--flows']);
  expect(run.flows.length).toBeGreaterThan(0); // Lido, the largest DeFi protocol, passes loss on
  // The protocol the most contagion reached (not the seed).
  const byTarget = new Map<string, number>();
  for (const f of run.flows) if (f.to !== '182') byTarget.set(f.to, (byTarget.get(f.to) ?? 0) + f.usd);
  const [target, expected] = [...byTarget].sort((a, b) => b[1] - a[1])[0];

  await openExplorer(page, `?shock=182:0.5&sel=${target}`);
  await page.getByTestId('tab-inspect').click();
  const section = page.getByTestId('attribution');
  await expect(section).toBeVisible();
  const amounts = await section
    .locator('[data-testid="attribution-path"], [data-testid="attribution-rest"]')
    .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-usd'))));
  expect(amounts.length).toBeGreaterThan(0);
  const sum = amounts.reduce((s, x) => s + x, 0);
  expect(Math.abs(sum - expected)).toBeLessThan(0.01 * (amounts.length + run.flows.length));
  // Every listed path starts at the seed and ends at the protocol inspected.
  const first = section.getByTestId('attribution-path').first();
  await expect(first.getByRole('button').first()).toHaveText(/Lido/);

  // The download carries the CLI's keys and numbers.
  const [pathsJson] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-paths-json').click()]);
  const exported = JSON.parse(await readFile((await pathsJson.path())!, 'utf8')) as {
    indirect_loss: number;
    by_seed: unknown;
  };
  const fromCli = cli<{ attribution: { indirect_loss: number; by_seed: unknown }[] }>([
    'contagion',
    '--snapshot',
    DEFAULT_SNAPSHOT,
    '--shock',
    '182=0.5',
    '--attribute',
    target,
  ]).attribution[0];
  expect([exported.indirect_loss, exported.by_seed]).toEqual([fromCli.indirect_loss, fromCli.by_seed]);

  await page.getByTestId('tab-results').click();
  const table = page.getByTestId('carrying-table');
  const edges = new Set(run.flows.map((f) => `${f.from}>${f.to}`)).size;
  await expect(table.locator('tbody tr')).toHaveCount(Math.min(10, edges) + (edges > 10 ? 1 : 0));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-flows').click()]);
  expect(download.suggestedFilename()).toMatch(/_flows\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
  expect(csv[0]).toBe('round,from_id,from_name,to_id,to_name,usd');
  expect(csv.length - 1).toBe(run.flows.length);
});

test('rankings beside SIS: the switch says which is shown; impact and vulnerability follow the CLI', async ({
  page,
}) => {
  type Rankings = {
    sis: { name: string }[];
    systemic_impact: { name: string }[];
    vulnerability: { name: string }[];
  };
  const r = cli<Rankings>(['rankings', '--snapshot', DEFAULT_SNAPSHOT, '--fraction', '0.5', '--top', '3']);
  await openExplorer(page, '?shock=182:0.5');
  await page.getByTestId('tab-network').click();
  await expect(page.getByTestId('ranking-shown')).toHaveText('SIS (paper)');
  await expect(page.getByTestId('sis-table').getByRole('row')).toHaveCount(13);
  await expect(page.getByTestId('sis-tail-note')).toContainText('5 or fewer');
  const sisNames = await page.getByTestId('sis-table').locator('tbody th').allTextContents();
  expect(sisNames.slice(0, 3)).toEqual(r.sis.map((e) => e.name));

  await page.getByTestId('ranking-impact').click();
  await expect(page.getByTestId('ranking-shown')).toHaveText('Systemic impact');
  const impactNames = await page.getByTestId('impact-table').locator('tbody th').allTextContents();
  expect(impactNames.slice(0, 3)).toEqual(r.systemic_impact.map((e) => e.name));

  await page.getByTestId('ranking-vulnerability').click();
  await expect(page.getByTestId('ranking-shown')).toHaveText('Vulnerability');
  const vulnerableNames = await page.getByTestId('vulnerability-table').locator('tbody th').allTextContents();
  expect(vulnerableNames.slice(0, 3)).toEqual(r.vulnerability.map((e) => e.name));
});

test('the real sector timeline: chart drawn, labelled real, signals as the CLI reports them', async ({ page }) => {
  type Timeline = {
    real: boolean;
    series: { weeks: string[] };
    signals: { any_system: { lead_weeks: Record<string, number | null>; fired: string[]; false_alarms: number } };
  };
  const t = cli<Timeline>(['timeline']);
  await openExplorer(page);
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline-chart')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('timeline-provenance')).toContainText('real');
  await expect(page.getByTestId('timeline-provenance')).toContainText(`${t.series.weeks.length} weeks`);
  const row = page.getByTestId('signal-any_system');
  const lead = (v: number | null) => (v === null ? 'no warning' : v === 0 ? 'event week' : `${v} wk before`);
  const cells = await row.locator('td').allTextContents();
  expect(cells.slice(0, 2)).toEqual([
    lead(t.signals.any_system.lead_weeks.terra),
    lead(t.signals.any_system.lead_weeks.ftx),
  ]);
  expect(Number(cells[2])).toBe(t.signals.any_system.fired.length);
  expect(cells[3]).toMatch(new RegExp(`^${t.signals.any_system.false_alarms} `));
});
