// The design commands of the command line (event, intervene, reverse, compare) on a small compact
// file with hand-computed answers: the chain of tests/unit/scenarioDesign.test.ts, as a file.
//   "2" holds 50 of "1"'s token T1, "3" holds 40 of "2"'s token T2, "1" holds 100 USDC; TVL 100 each (300).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cli-design-'));
const FILE = join(dir, 'chain.json');
writeFileSync(
  FILE,
  JSON.stringify({
    format: 'defi-exposure-compact',
    version: 1,
    name: 'chain',
    title: 'hand-built chain',
    provenance: { source: 'unit test', date: '2025-01-06', synthetic: true, credit: 'test' },
    protocols: ['1', '2', '3'].map((id) => ({
      id,
      name: `P${id}`,
      category: 'Lending',
      sector: 'Lending, Borrowing & Real World Assets',
      tvl: 100,
    })),
    tokens: [
      { symbol: 'T1', issuer: '1' },
      { symbol: 'T2', issuer: '2' },
      { symbol: 'USDC', issuer: null, primary: true },
    ],
    weeks: [
      {
        date: '2025-01-06',
        holdings: [
          ['2', 'T1', 50],
          ['3', 'T2', 40],
          ['1', 'USDC', 100],
        ],
      },
    ],
  }),
);

function run(args: string[]): string {
  return execFileSync(process.execPath, ['scripts/cli.mjs', ...args, '--snapshot', FILE], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
}
const cli = (args: string[]) => JSON.parse(run(args)) as Record<string, unknown>;

describe('cli design commands', () => {
  it('event: USDC March 2023 costs "1" 12.74 of its 100 USDC, passed down the chain; UST is absent, no result (not 0%)', () => {
    const usdc = cli(['event', '--event', 'usdc-2023']);
    expect(usdc.applicable).toBe(true);
    // Direct: 0.1274 · 100 = 12.74 on "1" (> τ·TVL = 10, so it passes on); "2" takes 12.74·50/50 = 12.74
    // (> 10), passes 12.74·40/40 = 12.74 to "3" (room 40). Total 3 × 12.74 = 38.22.
    const result = usdc.result as { total_loss: number; direct_loss: number };
    expect(result.direct_loss).toBeCloseTo(12.74, 9);
    expect(result.total_loss).toBeCloseTo(38.22, 9);
    expect(usdc.scenario).toEqual({ token: 'USDC:0.1274', perimeter: 'defi' });
    const ust = cli(['event', '--event', 'ust-2022']);
    expect(ust.applicable).toBe(false);
    expect(ust.result).toBeNull();
    expect(ust.notes).toContain('no holding of UST / USTC in this graph');
  }, 60_000);

  it('intervene: ring-fencing "2" under "1" at 50% saves 40 (no per-USD figure); the ranking leads with a per-USD one', () => {
    const r = cli(['intervene', '--shock', '1=0.5', '--intervene', 'ringfence:2', '--rank']);
    expect((r.before as { total_loss: number }).total_loss).toBe(140);
    expect((r.after as { total_loss: number }).total_loss).toBe(100);
    expect(r.loss_saved).toBe(40);
    expect(r.loss_saved_per_usd).toBeNull();
    const ranking = r.ranking as { intervention: string; loss_saved_per_usd: number | null }[];
    expect(ranking[0]).toMatchObject({ intervention: 'remove:2>1', loss_saved_per_usd: 1.8 });
  }, 60_000);

  it('reverse: loss ≥ 50% needs δ = 0.6 on "1"; 70% is out of reach and says so', () => {
    const hit = cli(['reverse', '--protocol', '1', '--target-loss-pct', '50']);
    expect([hit.reached, hit.fraction]).toEqual([true, 0.6]);
    const miss = cli(['reverse', '--protocol', '1', '--target-loss-pct', '70']);
    expect([miss.reached, miss.fraction]).toEqual([false, null]);
    expect(miss.note).toMatch(/no shock of this protocol, up to 100%, reaches/);
  }, 60_000);

  it('compare: the same two scenarios as JSON and CSV, B − A = −40', () => {
    const a = 'plain~shock=1:0.5';
    const b = 'fenced~shock=1:0.5&iv=ringfence:2';
    const json = cli(['compare', '--a', a, '--b', b]);
    expect((json.difference_b_minus_a as { total_loss: number }).total_loss).toBe(-40);
    expect(json.distressed_only_a).toEqual(['3']);
    const csv = run(['compare', '--a', a, '--b', b, '--format', 'csv']).trim().split('\n');
    expect(csv[1]).toBe('SYSTEM,plain vs fenced,300.00,140.00,100.00,-40.00,2,1'); // distressed: the seed not counted
  }, 60_000);
});
