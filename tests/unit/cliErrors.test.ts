// The command line on hostile input (#15): one-line errors that name the flag and the file, the
// same rule for repeated flags in every command, the perimeter named when it hides a protocol, and
// the app's counts (shocked, distressed, rounds) under explicit keys equal to what the app shows.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDatasetText } from '../../src/core/snapshot';
import { runContagion, stateAtRound } from '../../src/core/contagion';
import { applyPerimeter } from '../../src/core/perimeter';

const dir = mkdtempSync(join(tmpdir(), 'cli-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A holds 40 of B's token and 30 of USDC; C holds 20 of A's token; X is a CEX (outside the defi perimeter).
const FILE = {
  format: 'defi-exposure-compact',
  version: 1,
  name: 'cli-errors',
  title: 'CLI errors',
  provenance: { source: 'unit test', date: '2025-01-06', synthetic: true, credit: 'test' },
  protocols: [
    { id: 'A', name: 'Alpha', category: 'Lending', sector: 'Lending, Borrowing & Real World Assets', tvl: 200 },
    { id: 'B', name: 'Beta', category: 'Liquid Staking', sector: 'Asset Management', tvl: 100 },
    { id: 'C', name: 'Gamma', category: 'Dexes', sector: 'Trading & Exchanges', tvl: 50 },
    { id: 'X', name: 'Exchange', category: 'CEX', sector: 'Trading & Exchanges', tvl: 1000 },
  ],
  tokens: [
    { symbol: 'BT', issuer: 'B' },
    { symbol: 'AT', issuer: 'A' },
    { symbol: 'USDC', issuer: null, primary: true },
  ],
  weeks: [
    {
      date: '2025-01-06',
      holdings: [
        ['A', 'BT', 40],
        ['A', 'USDC', 30],
        ['C', 'AT', 20],
        ['X', 'BT', 10],
      ],
    },
  ],
};

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const snapshot = write('small.json', JSON.stringify(FILE));

/** The CLI's exit code, stdout and stderr. */
function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr.replace(/^cli: building.*\n/m, '') };
}
function json(args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8' })) as Record<
    string,
    unknown
  >;
}

/** A refusal: exit 2, one line on stderr matching `pattern`, nothing on stdout. */
function expectOneLineError(args: string[], pattern: RegExp) {
  const r = cli(args);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(pattern);
  // eslint-disable-next-line no-control-regex -- control characters must never reach the terminal raw
  expect(r.err).not.toMatch(/[\u0000-\u0008]/);
}

describe('cli file errors', () => {
  it('a directory', () => {
    const sub = join(dir, 'adir');
    mkdirSync(sub);
    expectOneLineError(['contagion', '--snapshot', sub, '--shock', 'A=0.5'], /--snapshot: ".*adir" is a directory/);
  }, 60_000);

  it('a missing file, snapshot or meta', () => {
    expectOneLineError(
      ['contagion', '--snapshot', join(dir, 'nope.json'), '--shock', 'A=0.5'],
      /--snapshot: no such file/,
    );
    expectOneLineError(
      ['contagion', '--snapshot', snapshot, '--meta', join(dir, 'nope.csv'), '--shock', 'A=0.5'],
      /--meta: no such file ".*nope\.csv"/,
    );
  }, 60_000);

  it('a file over the limit is refused before it is read', () => {
    const big = write('big.json', '');
    truncateSync(big, 300 * 2 ** 20); // sparse: no disk used
    expectOneLineError(['contagion', '--snapshot', big, '--shock', 'A=0.5'], /is 300 MiB; the limit is 256 MiB/);
  }, 60_000);

  it('a file of NUL bytes: the error escapes them', () => {
    const zeros = write('zeros.json', Buffer.alloc(1000));
    expectOneLineError(['contagion', '--snapshot', zeros, '--shock', 'A=0.5'], /zeros\.json: not valid JSON.*\\u0000/);
  }, 60_000);

  it('a UTF-8 BOM is accepted, as in the app', () => {
    const bom = write('bom.json', `\uFEFF${JSON.stringify(FILE)}`);
    expect(json(['contagion', '--snapshot', bom, '--shock', 'A=0.5']).total_loss).toBe(
      json(['contagion', '--snapshot', snapshot, '--shock', 'A=0.5']).total_loss,
    );
  }, 60_000);

  it('--meta errors name the real file', () => {
    const dex = write('dex.json', JSON.stringify({ data: { '2025-01-06': { nodes: [{ id: 1, size: 5 }] } } }));
    const meta = write('my-protocols.csv', 'identifier,name\n1,A\n');
    expectOneLineError(
      ['contagion', '--snapshot', dex, '--meta', meta, '--shock', '1=0.5'],
      /my-protocols\.csv header/,
    );
    expect(cli(['contagion', '--snapshot', dex, '--meta', meta, '--shock', '1=0.5']).err).not.toContain('meta_df');
  }, 60_000);
});

describe('cli flags', () => {
  it('repeated --shock and --shock-token accumulate, as one comma list does', () => {
    const repeated = json(['contagion', '--snapshot', snapshot, '--shock', 'A=0.2', '--shock', 'C=0.5']);
    const listed = json(['contagion', '--snapshot', snapshot, '--shock', 'A=0.2,C=0.5']);
    expect(repeated).toEqual(listed);
    expect(repeated.shocked_nodes).toEqual(['A', 'C']);
    const tokens = json(['contagion', '--snapshot', snapshot, '--shock-token', 'BT=0.5', '--shock-token', 'USDC=0.5']);
    // BT hits A (20) and X… outside the perimeter; USDC hits A (15): A loses 35, nothing else is shocked.
    expect([tokens.shocked_nodes, tokens.direct_loss]).toEqual([['A'], 35]);
  }, 60_000);

  it('the same protocol twice, or a single-valued flag twice, is refused', () => {
    expectOneLineError(
      ['contagion', '--snapshot', snapshot, '--shock', 'A=0.2', '--shock', 'A=0.3'],
      /"A" is shocked more than once/,
    );
    expectOneLineError(
      ['contagion', '--snapshot', snapshot, '--shock', 'A=0.2', '--rule', 'paper', '--rule', 'bounded'],
      /--rule is given more than once/,
    );
    expectOneLineError(['sweep', '--snapshot', snapshot, '--top', '1', '--top', '2'], /--top is given more than once/);
  }, 60_000);

  it('a protocol outside the perimeter is named, with the flag that includes it', () => {
    expectOneLineError(
      ['contagion', '--snapshot', snapshot, '--shock', 'X=0.5'],
      /protocol "X" \(Exchange, category CEX\) is outside the defi perimeter.*--perimeter all/,
    );
    expect(json(['contagion', '--snapshot', snapshot, '--shock', 'X=0.5', '--perimeter', 'all']).shocked_nodes).toEqual(
      ['X'],
    );
    expectOneLineError(['contagion', '--snapshot', snapshot, '--shock', 'Z=0.5'], /unknown protocol id "Z"/);
  }, 60_000);
});

describe('one vocabulary: the CLI explicit keys are the app numbers', () => {
  it.each([
    [['--shock', 'B=0.5'], [{ kind: 'protocol' as const, id: 'B', fraction: 0.5 }]],
    [['--shock-token', 'USDC=1'], [{ kind: 'token' as const, symbol: 'USDC', fraction: 1 }]],
  ])(
    '%j',
    (flags, seeds) => {
      const out = json(['contagion', '--snapshot', snapshot, ...flags]);
      const week = applyPerimeter(parseDatasetText(JSON.stringify(FILE)).weeks[0], 'defi');
      const result = runContagion(week, seeds);
      // What the KPI strip shows at the final round (stateAtRound is its source).
      const shown = stateAtRound(week, result, result.rounds.length);
      expect([out.shocked_count, out.distressed_count, out.loss_rounds]).toEqual([
        shown.shockedCount,
        shown.distressedCount,
        shown.lossRounds,
      ]);
      // The reference keys keep the reference's meaning: seeds are in affected_count.
      expect(out.affected_count).toBe(shown.shockedCount + shown.distressedCount);
    },
    60_000,
  );

  it('B at 50%: hand-computed', () => {
    // B loses 50; A holds 40 of B's 40 issued in the perimeter: takes min(40, 50) = 40 > 20, distressed (round 1);
    // C holds 20 of A's: takes min(20, 40) = 20 > 5, distressed (round 2). 1 shocked, 2 distressed, 2 rounds.
    const out = json(['contagion', '--snapshot', snapshot, '--shock', 'B=0.5']);
    expect(out).toMatchObject({
      total_loss: 110,
      shocked_count: 1,
      distressed_count: 2,
      distressed_by_contagion: ['A', 'C'],
      loss_rounds: 2,
      affected_count: 3,
      distressed_nodes: ['A', 'B', 'C'],
    });
  }, 60_000);
});
