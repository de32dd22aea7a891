// Whole-process timing of the command line for `npm run bench`: one contagion call (top-5) on the
// paper-scale week, as a user runs it: a fresh `node` process that reads the file, validates it,
// runs the scenario and prints the JSON. The bundle (dist-cli/) is built first when stale.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type BenchRow } from './benchUtil';

function wallMs(command: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return ms;
}

function timeProcess(command: string, args: string[], runs: number): number {
  wallMs(command, args); // warm-up: file cache, and the bundle build when it is stale
  return median(Array.from({ length: runs }, () => wallMs(command, args)));
}

export async function benchCli(paper: { label: string; text: string }, quick: boolean): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'contagion-bench-cli-'));
  const file = join(dir, 'paper-scale.json');
  await writeFile(file, paper.text);
  const args = ['contagion', '--snapshot', file, '--scenario', 'top5'];
  const runs = quick ? 5 : 11;
  const rows: BenchRow[] = [];
  try {
    const node = process.execPath;
    rows.push({
      dataset: 'none',
      task: 'CLI: Node start-up alone (node -e 0), for scale',
      median_ms: timeProcess(node, ['-e', '0'], runs),
      runs,
    });
    // The launcher builds dist-cli/ if needed during its warm-up run.
    const launcher = timeProcess(node, ['scripts/cli.mjs', ...args], runs);
    rows.push({
      dataset: paper.label,
      task: 'CLI: one contagion call (top-5), whole process, node dist-cli/cli.mjs',
      median_ms: timeProcess(node, ['dist-cli/cli.mjs', ...args], runs),
      runs,
      target: '≤ 300 ms',
    });
    rows.push({
      dataset: paper.label,
      task: 'CLI: the same through the npm run cli launcher (node scripts/cli.mjs)',
      median_ms: launcher,
      runs,
      note: 'checks the bundle is fresh: one stat per source file',
    });
    if (!quick) {
      const tsxRuns = 3;
      rows.push({
        dataset: paper.label,
        task: 'CLI: the same through tsx (how npm run cli ran before the bundle)',
        median_ms: timeProcess(node, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', ...args], tsxRuns),
        runs: tsxRuns,
        note: 'for comparison',
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
