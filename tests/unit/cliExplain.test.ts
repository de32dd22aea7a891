// The command line for issue 17: per-edge flows and loss paths, the three rankings, the real timeline.
// Figures of the default week are not written here (the week is rebuilt elsewhere): only consistency.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/cli/dataBuild/timeline';

const SNAPSHOT = 'public/data/defillama-2026-09-02.json';
const cli = (args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8', stdio: 'pipe' }),
  ) as Record<string, unknown>;
const cents = (x: number) => Math.round(x * 100);

describe('cli contagion --flows --attribute', () => {
  it('flows sum to the indirect loss; each protocol’s paths sum to its own contagion loss', () => {
    const r = cli(['contagion', '--snapshot', SNAPSHOT, '--shock', '182=0.5', '--flows']);
    const flows = r.flows as { round: number; from: string; to: string; usd: number }[];
    const losses = r.losses as Record<string, number>;
    expect(flows.length).toBeGreaterThan(0);
    const total = flows.reduce((s, f) => s + f.usd, 0);
    expect(Math.abs(total - (r.indirect_loss as number))).toBeLessThan(0.01 * flows.length + 1);
    const hit = [...new Set(flows.map((f) => f.to))].filter((id) => id !== '182');
    const withPaths = cli(['contagion', '--snapshot', SNAPSHOT, '--shock', '182=0.5', '--attribute', hit.join(',')]);
    const attribution = withPaths.attribution as {
      id: string;
      indirect_loss: number;
      by_seed: { seed: string; usd: number }[];
      paths: { nodes: string[]; usd: number }[];
      other_paths: { usd: number; count: number };
    }[];
    expect(attribution.map((a) => a.id)).toEqual(hit);
    for (const a of attribution) {
      expect(cents(a.indirect_loss)).toBe(cents(losses[a.id])); // not a seed: all of its loss is contagion
      const onPaths = a.paths.reduce((s, p) => s + p.usd, a.other_paths.usd);
      expect(Math.abs(onPaths - a.indirect_loss)).toBeLessThanOrEqual(0.01 * (a.paths.length + 2));
      for (const p of a.paths) expect([p.nodes[0], p.nodes[p.nodes.length - 1]]).toEqual(['182', a.id]);
      expect(a.by_seed.map((s) => s.seed)).toEqual(['182']);
    }
    const top = r.top_edges as { usd: number; share_of_indirect_loss: number }[];
    for (let k = 1; k < top.length; k++) expect(top[k].usd).toBeLessThanOrEqual(top[k - 1].usd);
    expect(() => cli(['contagion', '--snapshot', SNAPSHOT, '--shock', '182=0.5', '--attribute', 'nope'])).toThrow(
      /unknown protocol id/,
    );
  }, 60_000);
});

describe('cli rankings', () => {
  it('systemic impact is the sweep; vulnerability sums what each protocol loses over the others’ failures', () => {
    const r = cli(['rankings', '--snapshot', SNAPSHOT, '--top', '5']);
    const sweep = cli(['sweep', '--snapshot', SNAPSHOT, '--top', '5']);
    const impact = r.systemic_impact as { id: string; total_loss: number }[];
    expect(impact.map((e) => [e.id, e.total_loss])).toEqual(
      (sweep.ranking as { id: string; total_loss: number }[]).map((e) => [e.id, e.total_loss]),
    );
    const vulnerability = r.vulnerability as { suffered_usd: number; failures_reaching: number }[];
    expect(vulnerability.length).toBe(5);
    for (let k = 1; k < 5; k++)
      expect(vulnerability[k].suffered_usd).toBeLessThanOrEqual(vulnerability[k - 1].suffered_usd);
    expect((r.sis as unknown[]).length).toBe(5);
    expect(r.sis_tail_note).toMatch(/5 or fewer/);
  }, 60_000);
});

describe('cli timeline', () => {
  it('prints the real series and the signals with their lead weeks', () => {
    const r = cli(['timeline']);
    expect(r.real).toBe(true);
    const series = r.series as Record<string, unknown[]>;
    for (const key of ['total_exposure', 'cross_sector_exposure', 'spillover_index', 'sector_hhi', 'nodes'])
      expect(series[key].length).toBe(series.weeks.length);
    const signals = r.signals as { any_system: { lead_weeks: Record<string, number | null> }; quiet_weeks: number };
    expect(Object.keys(signals.any_system.lead_weeks)).toEqual(['terra', 'ftx']);
    expect(signals.quiet_weeks).toBeGreaterThan(0);
    const wider = cli(['timeline', '--lead', '12']).signals as { quiet_weeks: number };
    expect(wider.quiet_weeks).toBeLessThan(signals.quiet_weeks); // longer event windows leave fewer quiet weeks
  }, 60_000);
});

describe('npm run data -- timeline', () => {
  it('sums duplicate cells, keeps node counts by sector and rejects unknown sectors', () => {
    const matrix =
      'date,source_category,target_category,exposure\n' +
      '2022-05-09,Asset Management,Trading & Exchanges,10.4\n' +
      '2022-05-09,Asset Management,Trading & Exchanges,5\n' +
      '2022-05-02,Trading & Exchanges,Trading & Exchanges,7\n';
    const panel =
      'date,category,node_count\n2022-05-02,Trading & Exchanges,3\n2022-05-09,Asset Management,2\n2022-05-09,Other / Unknown,1\n';
    const file = buildTimeline(matrix, panel);
    expect(file.weeks).toEqual(['2022-05-02', '2022-05-09']);
    expect(file.exposure[1][1 * 7 + 0]).toBe(15);
    expect(file.exposure[0][0]).toBe(7);
    expect(file.nodeCounts).toEqual([
      [3, 0, 0, 0, 0, 0, 0],
      [0, 2, 0, 0, 0, 0, 1],
    ]);
    expect(() => buildTimeline(matrix.replace('Asset Management,Trading', 'Banks,Trading'), panel)).toThrow(
      /unknown sector "Banks"/,
    );
  });
});
