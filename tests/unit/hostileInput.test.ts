// Hostile input (#15): ids that are Object.prototype's own names are data, and amounts beyond the
// documented ceilings are refused with errors that name the field.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { parseDatasetText, parseDatasetTextFast, parseInputFiles, SnapshotError } from '../../src/core/snapshot';
import { MAX_COORDINATE, MAX_USD } from '../../src/core/snapshot/compactSchema';
import { contagionToJson, runContagion, stateAtRound } from '../../src/core/contagion';
import { metricsToJson } from '../../src/core/metrics';
import { resultsToCsv, resultsToJson } from '../../src/core/export';
import { scenarioCounts } from '../../src/core/vocabulary';
import { sectorOfCategory } from '../../src/core/sectors';

const BUILT_IN = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

// constructor holds 40 of __proto__'s token; toString holds 20 of constructor's; hasOwnProperty is absent
// from week 1's tvl map (so absent that week) and present in week 2 with the protocol's tvl.
function hostileFile() {
  return {
    format: 'defi-exposure-compact',
    version: 1,
    name: 'hostile',
    title: 'Built-in ids',
    provenance: { source: 'unit test', date: '2025-01-13', synthetic: true, credit: 'test' },
    protocols: [
      { id: '__proto__', name: 'Proto', category: 'constructor', sector: 'Asset Management', tvl: 100 },
      { id: 'constructor', name: 'Ctor', category: 'Lending', sector: 'Asset Management', tvl: 200 },
      { id: 'toString', name: 'ToStr', category: 'Dexes', sector: 'Trading & Exchanges', tvl: 50 },
      { id: 'hasOwnProperty', name: 'Own', category: 'Dexes', sector: 'Trading & Exchanges', tvl: 10 },
    ],
    tokens: [
      { symbol: 'PROTO', issuer: '__proto__' },
      { symbol: 'CTOR', issuer: 'constructor' },
    ],
    weeks: [
      {
        date: '2025-01-06',
        tvl: { __proto__: 100, constructor: 200, toString: 50 },
        holdings: [
          ['constructor', 'PROTO', 40],
          ['toString', 'CTOR', 20],
        ],
      },
      { date: '2025-01-13', holdings: [['constructor', 'PROTO', 40]] },
    ],
    layout: { __proto__: [0, 0], constructor: [1, 0], toString: [0, 1], hasOwnProperty: [1, 1] },
  };
}

// JSON.stringify of an object literal with a "__proto__" key loses it; write the text by hand.
const text = () =>
  JSON.stringify(hostileFile())
    .replaceAll('"tvl":{"constructor"', '"tvl":{"__proto__":100,"constructor"')
    .replace('"layout":{"constructor"', '"layout":{"__proto__":[0,0],"constructor"');

describe('ids are data', () => {
  it('the test file really has "__proto__" keys', () => {
    expect(text()).toContain('"tvl":{"__proto__":100');
    expect(text()).toContain('"layout":{"__proto__":[0,0]');
  });

  it.each([
    ['full reader', (t: string) => parseDatasetText(t)],
    ['fast reader', (t: string) => parseDatasetTextFast(t)!],
  ])('%s: loads every built-in id with its own TVL and layout', (_label, read) => {
    const ds = read(text());
    expect(ds.warnings).toEqual([]);
    const [w1, w2] = ds.weeks;
    expect(w1.ids).toEqual(['__proto__', 'constructor', 'toString']); // hasOwnProperty absent from the tvl map
    expect(Array.from(w1.tvl)).toEqual([100, 200, 50]);
    expect(w2.ids).toEqual(BUILT_IN);
    expect(Array.from(w2.tvl)).toEqual([100, 200, 50, 10]);
    expect(Array.from(w2.layout!.x)).toEqual([0, 1, 0, 1]);
    expect(Array.from(w2.layout!.y)).toEqual([0, 0, 1, 1]);
    expect(w1.sectors[0]).toBe('Asset Management');
  });

  it('shocks, measures and exports them (hand-computed)', () => {
    const week = parseDatasetText(text()).weeks[0];
    // __proto__ at 50%: 50 direct. Round 1: constructor takes min(40, 50·40/40) = 40 > 0.1·200, distressed.
    // Round 2: toString takes min(20, 40·20/20) = 20 > 0.1·50, distressed. Total 110 of 350.
    const result = runContagion(week, [{ kind: 'protocol', id: '__proto__', fraction: 0.5 }]);
    expect([result.totalLoss, result.directLoss, result.totalTvl]).toEqual([110, 50, 350]);
    expect(scenarioCounts(result)).toEqual({ shocked: 1, distressed: 2, rounds: 2 });
    const json = contagionToJson(week, result);
    expect(Object.entries(json.losses)).toEqual([
      ['__proto__', 50],
      ['constructor', 40],
      ['toString', 20],
    ]);
    expect(json.distressed_by_contagion).toEqual(['constructor', 'toString']);
    expect(JSON.parse(JSON.stringify(json)).losses).toHaveProperty(['__proto__'], 50);

    const metrics = metricsToJson(week);
    expect(Object.keys(metrics.sis)).toEqual(['__proto__', 'constructor', 'toString']);
    for (const id of week.ids) expect(Number.isFinite(metrics.sis[id])).toBe(true);

    const rows = Papa.parse<Record<string, string>>(resultsToCsv(week, result), { header: true }).data;
    expect(rows.map((r) => [r.id, r.final_loss_usd, r.distressed])).toEqual([
      ['__proto__', '50', '0'],
      ['constructor', '40', '1'],
      ['toString', '20', '1'],
    ]);
    const exported = resultsToJson(week, result, {
      seeds: [{ kind: 'protocol', id: '__proto__', fraction: 0.5 }],
      graph: 'observed',
      appVersion: 'test',
      perimeter: 'defi',
    });
    expect(Object.keys(JSON.parse(JSON.stringify(exported)).results.rounds[0].increments)).toEqual(['constructor']);
    expect(stateAtRound(week, result, 1).distressedCount).toBe(1);
  });

  it('a category named like a built-in is an unknown category, not a crash', () => {
    expect(sectorOfCategory('constructor')).toBe('Other / Unknown');
    expect(sectorOfCategory('__proto__')).toBe('Other / Unknown');
  });
});

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (err) {
    if (err instanceof SnapshotError) return err.issues;
    throw err;
  }
  throw new Error('accepted');
}

describe('magnitude bounds', () => {
  it.each([
    ['a protocol TVL', (f: ReturnType<typeof hostileFile>) => (f.protocols[1].tvl = 1.7e308), 'protocols[1].tvl'],
    [
      'a holding',
      (f: ReturnType<typeof hostileFile>) => (f.weeks[1].holdings[0][2] = 2 * MAX_USD),
      'weeks[1].holdings[0][2]',
    ],
    ['a tvl map value', (f: ReturnType<typeof hostileFile>) => (f.weeks[0].tvl!.toString = 1e300), 'weeks[0].tvl'],
  ])('%s above the ceiling is refused, naming the field', (_label, mutate, path) => {
    const file = hostileFile();
    mutate(file);
    const issues = issuesOf(() => parseDatasetText(JSON.stringify(file)));
    expect(issues.some((i) => i.path.startsWith(path) && /at most 1000000000000000 USD/.test(i.message))).toBe(true);
  });

  it('the ceiling itself is accepted', () => {
    const file = hostileFile();
    file.protocols[3].tvl = MAX_USD;
    expect(parseDatasetText(JSON.stringify(file)).weeks[1].tvl[3]).toBe(MAX_USD);
  });

  it.each([1e300, -1e7, 1.7e308])('a layout coordinate %d is refused, naming the node', (x) => {
    const file = hostileFile();
    file.layout.toString = [x, 0];
    const issues = issuesOf(() => parseDatasetText(JSON.stringify(file)));
    expect(issues.map((i) => i.path)).toContain('layout.toString[0]');
    expect(issues[0].message).toContain(String(MAX_COORDINATE));
  });

  it('a CSV size above the ceiling names the file, row and column', () => {
    const issues = issuesOf(() =>
      parseInputFiles([
        { name: 'edges.csv', text: 'source,target,size\n1,2,1e300\n' },
        { name: 'nodes.csv', text: 'id,name,category,size\n1,A,Lending,5\n2,B,Lending,5\n' },
      ]),
    );
    expect(issues[0].path).toMatch(/edges\.csv.*row 2.*size/);
    expect(issues[0].message).toContain('at most');
  });
});

describe('the canvas layout with built-in ids', () => {
  it('lays out a DeXposure week whose nodes are __proto__ and constructor (no layout shipped)', async () => {
    const { computeLayout, shippedPositions, unionGraph } = await import('../../src/ui/layout');
    const file =
      '{"data":{"2025-01-06":{"nodes":[{"id":"__proto__","size":10},{"id":"constructor","size":5},{"id":"toString","size":1}],"links":[{"source":"__proto__","target":"constructor","size":3}]}}}';
    const ds = parseDatasetText(file);
    expect(shippedPositions(ds)).toBeNull();
    const positions = computeLayout(unionGraph(ds), 50);
    expect([...positions.keys()].sort()).toEqual(['__proto__', 'constructor', 'toString']);
    for (const [x, y] of positions.values()) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
  });

  it('keeps a shipped layout keyed by built-in ids', () => {
    return import('../../src/ui/layout').then(({ shippedPositions }) => {
      const positions = shippedPositions(parseDatasetText(text()))!;
      expect(positions.get('__proto__')).toEqual([0, 0]);
      expect(positions.get('hasOwnProperty')).toEqual([1, 1]);
    });
  });
});
