// The command line's contract: the reference's keys plus ours, the rules, the perimeter and the grouping.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SNAPSHOT = 'public/data/defillama-2026-09-02.json';

/** `npm run cli`'s launcher: the prebuilt bundle, rebuilt first when src/ changed. */
function run(args: string[]): string {
  return execFileSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8', stdio: 'pipe' });
}

function cli(args: string[]): Record<string, unknown> {
  return JSON.parse(run(args)) as Record<string, unknown>;
}

describe('cli contagion', () => {
  it('prints the reference keys and the direct/indirect split; the default rule is bounded, the perimeter defi', () => {
    const r = cli(['contagion', '--snapshot', SNAPSHOT, '--shock', '182=0.5']);
    for (const key of [
      'total_loss',
      'total_loss_pct',
      'affected_count',
      'distressed_nodes',
      'propagation_rounds',
      'affected_history',
      'losses',
      'direct_loss',
      'indirect_loss',
      'loss_rounds',
      'total_tvl',
    ])
      expect(r, key).toHaveProperty(key);
    expect([r.rule, r.perimeter]).toEqual(['bounded', 'defi']);
    const { total_loss, direct_loss, indirect_loss, total_tvl, total_loss_pct } = r as Record<string, number>;
    expect(direct_loss + indirect_loss).toBeCloseTo(total_loss, 0);
    expect(total_loss_pct).toBeCloseTo((100 * total_loss) / total_tvl, 9);
    expect((r.affected_history as number[]).length).toBe((r.propagation_rounds as number) + 1);
    expect(r.over_exposure).toEqual({ count: 0, worst: null });
  }, 60_000);

  it('--rule paper reports the transfers beyond the creditor holding; --perimeter all changes the denominator', () => {
    const paper = cli(['contagion', '--snapshot', SNAPSHOT, '--shock', '182=0.5', '--rule', 'paper']);
    const over = paper.over_exposure as { count: number; worst: { loss: number; exposure: number } };
    expect(over.count).toBeGreaterThan(0);
    expect(over.worst.loss).toBeGreaterThan(over.worst.exposure);
    const all = cli(['contagion', '--snapshot', SNAPSHOT, '--shock', '182=0.5', '--perimeter', 'all']);
    expect(all.perimeter).toBe('all');
    expect(all.total_tvl as number).toBeGreaterThan(paper.total_tvl as number);
  }, 60_000);

  it('rejects an unknown rule or perimeter', () => {
    for (const bad of [
      ['--rule', 'linear'],
      ['--perimeter', 'cefi'],
    ]) {
      expect(() => run(['contagion', '--snapshot', SNAPSHOT, '--shock', '182=0.5', ...bad])).toThrow(/expected/);
    }
  }, 60_000);
});

describe('cli metrics and sweep', () => {
  it('--group category groups spillovers by raw category (the reference default); sector is the default', () => {
    const bySector = cli(['metrics', '--snapshot', SNAPSHOT]);
    const byCategory = cli(['metrics', '--snapshot', SNAPSHOT, '--group', 'category']);
    const sectorMatrix = bySector.spillover_matrix as { group: string; groups: string[] };
    const categoryMatrix = byCategory.spillover_matrix as { group: string; groups: string[] };
    expect(sectorMatrix.group).toBe('sector');
    expect(categoryMatrix.group).toBe('category');
    expect(categoryMatrix.groups.length).toBeGreaterThan(sectorMatrix.groups.length);
    expect(categoryMatrix.groups).toContain('Lending');
    const parts = (
      bySector.sis_components as Record<string, { pagerank: number; tail_exposure: number; log_tvl: number }>
    )['182'];
    expect((bySector.sis as Record<string, number>)['182']).toBeCloseTo(
      (parts.pagerank + parts.tail_exposure + parts.log_tvl) / 3,
      12,
    );
  }, 60_000);

  it('the sweep ranks within the perimeter, with direct and indirect loss', () => {
    const defi = cli(['sweep', '--snapshot', SNAPSHOT, '--top', '5']);
    const all = cli(['sweep', '--snapshot', SNAPSHOT, '--top', '5', '--perimeter', 'all']);
    const names = (r: Record<string, unknown>) => (r.ranking as { name: string }[]).map((e) => e.name);
    expect(names(all).some((n) => /CEX/.test(n))).toBe(true);
    expect(names(defi).some((n) => /CEX/.test(n))).toBe(false);
    for (const e of defi.ranking as { total_loss: number; direct_loss: number; indirect_loss: number }[])
      expect(e.direct_loss + e.indirect_loss).toBeCloseTo(e.total_loss, 0);
  }, 60_000);
});

describe('cli audit-tokens', () => {
  it('prints the mapping table of the shipped week: rule, reason and USD held per token, summing to the holdings', () => {
    const r = cli(['audit-tokens']) as {
      held_usd_total: number;
      held_shares: Record<string, number>;
      rows: { symbol: string; issuer: string | null; kind: string; rule: string; why: string; held_usd: number }[];
    };
    const bySymbol = new Map(r.rows.map((row) => [row.symbol, row]));
    // Native assets: primary, no issuer, by the native rule; AAVE: Aave V3 by the governance rule.
    expect(bySymbol.get('ETH')).toMatchObject({ kind: 'primary', issuer: null, rule: 'native' });
    expect(bySymbol.get('WSOL')).toMatchObject({ kind: 'primary', issuer: null, rule: 'native' });
    expect(bySymbol.get('AAVE')).toMatchObject({ kind: 'issuer', issuer: '1599', rule: 'governance' });
    for (const row of r.rows) expect(row.why.length, row.symbol).toBeGreaterThan(10);
    const sum = r.rows.reduce((s, row) => s + row.held_usd, 0);
    expect(sum).toBeCloseTo(r.held_usd_total, -2); // cents rounded per row
    expect(Object.values(r.held_shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const big = cli(['audit-tokens', '--min-usd', '1e9']) as { rows: { held_usd: number }[] };
    expect(big.rows.length).toBeGreaterThan(0);
    expect(big.rows.length).toBeLessThan(r.rows.length);
    for (const row of big.rows) expect(row.held_usd).toBeGreaterThanOrEqual(1e9);
  }, 60_000);

  it('prints a Markdown table for review', () => {
    const md = run(['audit-tokens', '--min-usd', '5e8', '--markdown']);
    expect(md.split('\n')[0]).toBe('| symbol | issuer | rule | why | USD held |');
    expect(md).toMatch(/\| WSTETH \| Lido \(182\) \| dexposure \|/);
  }, 60_000);
});
