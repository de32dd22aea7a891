// The forecast command: a synthetic forecast with the shipped model, its stress band and its errors.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const HISTORY = 'public/data/synthetic-history.json';

function run(args: string[]): string {
  return execFileSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8', stdio: 'pipe' });
}

describe('cli forecast', () => {
  it('prints the forecast graph, the point loss and an ordered, reproducible 10–90% band', () => {
    const args = [
      'forecast',
      '--data',
      HISTORY,
      '--horizon',
      '4',
      '--scenario',
      'top1',
      '--samples',
      '8',
      '--seed',
      '5',
    ];
    const out = JSON.parse(run(args)) as Record<string, unknown> & {
      stress: Record<string, number>;
    };
    expect(out.synthetic).toBe(true);
    expect(out.horizon).toBe(4);
    // The shipped graph follows the manifest's selection rule for h=4 (chosen on the validation weeks).
    const manifest = JSON.parse(readFileSync('models/manifest.json', 'utf8')) as {
      forecast_graph?: { rules: Record<string, string> };
    };
    const rule = manifest.forecast_graph?.rules['4'] ?? 'expected-count';
    expect(out.selection_rule).toBe(rule);
    if (rule === 'expected-count') expect(out.forecast_edges).toBe(Math.round(out.expected_edges as number));
    else expect(out.forecast_edges).toBeGreaterThan(0);
    expect(out.in_domain).toBe(true);
    // top1 under the defaults is a calibrated setting: the widened band is reported around the raw one.
    expect(out.stress.calibrated_p10_loss_pct).toBeLessThanOrEqual(out.stress.calibrated_p90_loss_pct);
    expect(out.stress.samples).toBe(8);
    expect(out.stress.p10_loss_pct).toBeLessThanOrEqual(out.stress.median_loss_pct);
    expect(out.stress.median_loss_pct).toBeLessThanOrEqual(out.stress.p90_loss_pct);
    expect(out.stress.point_loss_pct).toBeGreaterThan(0);
    // Same seed, same band.
    const again = JSON.parse(run(args)) as typeof out;
    expect(again.stress).toEqual(out.stress);
    // A real single-week file: labelled real, out of domain, TVLs held (the reason given).
    const real = JSON.parse(
      run([
        'forecast',
        '--data',
        'public/data/defillama-2026-09-02.json',
        '--horizon',
        '4',
        '--scenario',
        'top1',
        '--samples',
        '4',
      ]),
    ) as typeof out;
    expect(real.synthetic).toBe(false);
    expect(real.note).toMatch(/REAL data/);
    expect(real.in_domain).toBe(false);
    expect(real.domain).toMatch(/1 week of history/);
  }, 180_000);

  it('rejects a horizon the model does not have and a missing shock', () => {
    expect(() => run(['forecast', '--data', HISTORY, '--horizon', '3', '--scenario', 'top1'])).toThrow(/horizon/);
    expect(() => run(['forecast', '--data', HISTORY])).toThrow(/give a shock/);
  }, 60_000);
});
