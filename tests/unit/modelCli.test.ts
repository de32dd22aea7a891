// The forecast command: a synthetic forecast with the shipped model, its stress band and its errors.
import { execFileSync } from 'node:child_process';
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
    expect(out.forecast_edges).toBe(Math.round(out.expected_edges as number));
    expect(out.stress.samples).toBe(8);
    expect(out.stress.p10_loss_pct).toBeLessThanOrEqual(out.stress.median_loss_pct);
    expect(out.stress.median_loss_pct).toBeLessThanOrEqual(out.stress.p90_loss_pct);
    expect(out.stress.point_loss_pct).toBeGreaterThan(0);
    // Same seed, same band.
    const again = JSON.parse(run(args)) as typeof out;
    expect(again.stress).toEqual(out.stress);
  }, 120_000);

  it('rejects a horizon the model does not have and a missing shock', () => {
    expect(() => run(['forecast', '--data', HISTORY, '--horizon', '3', '--scenario', 'top1'])).toThrow(/horizon/);
    expect(() => run(['forecast', '--data', HISTORY])).toThrow(/give a shock/);
  }, 60_000);
});
