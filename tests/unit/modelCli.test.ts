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

  it('--top K lists the likely new and vanishing exposures by USD, with the measured precision or "not measured"', () => {
    interface Row {
      rank: number;
      holder: string;
      issuer: string;
      probability: number;
      usd: number;
      base_usd: number;
    }
    interface Lists {
      scope: string;
      new: { rows: Row[]; precision: { line: string; measured: { k: number } | null } };
      vanishing: { rows: Row[]; precision: { line: string; measured: { k: number } | null } };
    }
    type Out = {
      stress: unknown;
      top_exposures: { k: number; in_domain: boolean; note: string } & Record<string, Lists>;
    };
    const out = JSON.parse(run(['forecast', '--data', HISTORY, '--horizon', '4', '--top', '5'])) as Out;
    expect(out.stress).toBeNull(); // no shock given: nothing to stress
    const graph = out.top_exposures.graph;
    expect(graph.scope).toBe('the whole graph');
    const evaluation = JSON.parse(readFileSync('models/evaluation.json', 'utf8')) as {
      horizons: Record<string, { top_exposures?: unknown }>;
    };
    const measured = evaluation.horizons['4']?.top_exposures !== undefined;
    for (const kind of ['new', 'vanishing'] as const) {
      const rows = graph[kind].rows;
      expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
      for (let i = 0; i < rows.length; i++) {
        // The ranked USD is p × base USD (predicted USD if new, USD held now if vanishing), descending.
        expect(rows[i].usd).toBeCloseTo(rows[i].probability * rows[i].base_usd, 6);
        if (i > 0) expect(rows[i].usd).toBeLessThanOrEqual(rows[i - 1].usd);
      }
      if (measured)
        expect(graph[kind].precision.line).toMatch(/precision@5 \(top 5 of the whole graph.*SYNTHETIC test weeks/);
      else expect(graph[kind].precision).toEqual({ line: 'precision@k: not measured', measured: null });
    }
    // One protocol, as holder and as issuer: every row names it on its side.
    const id = graph.new.rows[0].holder;
    const one = JSON.parse(
      run(['forecast', '--data', HISTORY, '--horizon', '4', '--top', '3', '--protocol', id]),
    ) as Out;
    const rows = (l: Lists) => [...l.new.rows, ...l.vanishing.rows];
    expect(rows(one.top_exposures.as_holder).every((r) => r.holder === id)).toBe(true);
    expect(rows(one.top_exposures.as_issuer).every((r) => r.issuer === id)).toBe(true);
    expect(one.top_exposures.as_holder.new.rows.length).toBeGreaterThan(0);
    // The issuer's lists are not evaluated: always "not measured".
    expect(one.top_exposures.as_issuer.new.precision.measured).toBeNull();
    expect(() => run(['forecast', '--data', HISTORY, '--top', '3', '--protocol', 'no-such-node'])).toThrow(
      /--protocol: no node no-such-node/,
    );
    expect(() => run(['forecast', '--data', HISTORY, '--scenario', 'top1', '--protocol', id])).toThrow(/needs --top/);
  }, 180_000);

  it('rejects a horizon the model does not have and a missing shock', () => {
    expect(() => run(['forecast', '--data', HISTORY, '--horizon', '3', '--scenario', 'top1'])).toThrow(/horizon/);
    expect(() => run(['forecast', '--data', HISTORY])).toThrow(/give a shock/);
  }, 60_000);
});
