// Fuzzing the loaders: thousands of mutated inputs derived from valid files must each give
// either a valid in-memory model or a structured SnapshotError — never a crash, a hang or
// a half-built dataset. Deterministic (seeded) so a failure can be replayed by its index.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseDatasetJson, parseDatasetText, parseInputFiles, SnapshotError } from '../../src/core/snapshot';
import { mulberry32 } from '../../src/core/rng';
import type { Dataset, Snapshot } from '../../src/core/types';
import { runContagion, sweep } from '../../src/core/contagion';
import { metricsToJson } from '../../src/core/metrics';
import { resultsToCsv, resultsToJson } from '../../src/core/export';
import { slots } from './fixtures';

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

const COMPACT = {
  format: 'defi-exposure-compact',
  version: 1,
  name: 'fuzz',
  title: 'Fuzz base',
  provenance: { source: 'test', date: '2025-01-13', synthetic: true, credit: 'test' },
  protocols: [
    {
      id: '1',
      name: 'Lender',
      category: 'Lending',
      sector: 'Lending, Borrowing & Real World Assets',
      chains: ['Ethereum'],
      tvl: 1000,
    },
    { id: '2', name: 'Stake', category: 'Liquid Staking', sector: 'Asset Management', chains: [], tvl: 500 },
    { id: '3', name: 'Dex', category: 'Dexes', sector: 'Trading & Exchanges', chains: ['Arbitrum'], tvl: 300 },
  ],
  tokens: [
    { symbol: 'STK', issuer: '2', primary: false },
    { symbol: 'USDC', issuer: null, primary: true },
  ],
  weeks: [
    {
      date: '2025-01-06',
      tvl: { '1': 900, '2': 400, '3': 250 },
      holdings: [
        ['1', 'STK', 90],
        ['3', 'USDC', 40],
      ],
    },
    {
      date: '2025-01-13',
      holdings: [
        ['1', 'STK', 100],
        ['3', 'STK', 20],
        ['3', 'USDC', 70],
      ],
      edges: [
        ['1', '2', 100],
        ['3', '2', 20],
        ['3', 'USDC', 70],
      ],
    },
  ],
  layout: { '1': [0, 0], '2': [1, 0], '3': [0, 1], USDC: [1, 1] },
};

const DEXPOSURE = {
  data: {
    '2025-01-06': {
      nodes: [
        { id: 182, size: 1000, composition: { WETH: 1000 } },
        { id: '1599', size: 800, composition: { STETH: 300, WETH: 400 } },
        { id: 'WETH', size: 1400 },
      ],
      links: [
        { source: 1599, target: 182, size: 300 },
        { source: 1599, target: 'WETH', size: 400 },
        { source: 182, target: 'WETH', size: 1000 },
      ],
    },
  },
};

const NODES_CSV = 'id,name,category,size\n1,Lender,Lending,1000\n2,Stake,Liquid Staking,500\n3,Dex,Dexes,300\n';
const EDGES_CSV = 'source,target,size\n1,2,100\n3,2,20\n3,1,5\n';

const ODD_STRINGS = [
  '',
  ' ',
  '\u202Eevil\u202C',
  '\u200B\u200B',
  '\uD800',
  '💥🦄',
  'a'.repeat(100_000),
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  '\u0000',
];
const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  -0,
  1e308,
  1.7e308,
  1e300,
  1e16,
  -1e300,
  // eslint-disable-next-line no-loss-of-precision -- overflows to Infinity on purpose
  1e309,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Infinity,
  2 ** 53 + 1,
  [],
  {},
  [[[]]],
  ...ODD_STRINGS,
];

function mutateTree(base: unknown, rng: Rng): unknown {
  const tree = structuredClone(base);
  const steps = 1 + Math.floor(rng() * 3);
  for (let s = 0; s < steps; s++) {
    const all = slots(tree);
    if (!all.length) break;
    const [parent, key] = pick(rng, all);
    const kind = Math.floor(rng() * 8);
    const p = parent as Record<string | number, unknown>;
    if (kind === 0) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
    } else if (kind === 1) p[key] = pick(rng, ODD_VALUES);
    else if (kind === 2 && typeof p[key] === 'number') p[key] = -(p[key] as number) - 1;
    else if (kind === 3 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    else if (kind === 4 && typeof p[key] === 'string') p[key] = (p[key] as string) + pick(rng, ODD_STRINGS);
    else if (kind === 5 && Array.isArray(p[key])) p[key] = [];
    else if (kind === 6) {
      // Finite but huge everywhere: each amount passes a finiteness check, their sums overflow.
      for (const [q, k] of all) {
        const slot = q as Record<string | number, unknown>;
        if (typeof slot[k] === 'number' && !['version', 'id', 'source', 'target'].includes(String(k)))
          slot[k] = 1.7e308;
      }
    } else p[key] = pick(rng, ODD_VALUES);
  }
  return tree;
}

function mutateText(text: string, rng: Rng): string {
  const kind = Math.floor(rng() * 4);
  const at = Math.floor(rng() * text.length);
  if (kind === 0) return text.slice(0, at); // truncation
  if (kind === 1)
    return text.slice(0, at) + pick(rng, ['"', ',', '}', ']', '\n', 'NaN', '-', '\uFEFF']) + text.slice(at);
  if (kind === 2) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rng() * 10));
  return text.replace(/\d+/, pick(rng, ['abc', '-5', 'Infinity', '1e400', '']));
}

/** Every number (and null) in a JSON tree, with its path. */
function numbersIn(value: unknown, path = '', out: [string, unknown][] = []): [string, unknown][] {
  if (typeof value === 'number' || value === null) out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) numbersIn(v, `${path}.${k}`, out);
  return out;
}

/** A result is promised as numbers: none may be NaN, Infinity or null. */
function expectFiniteJson(value: unknown, label: string) {
  // over_exposure.worst is an object or null by design; every other null is a lost number.
  const bad = numbersIn(value).filter(
    ([path, v]) => !(v === null && path.endsWith('.worst')) && (typeof v !== 'number' || !Number.isFinite(v)),
  );
  expect(bad, label).toEqual([]);
}

const CSV_TEXT_COLUMNS = new Set(['id', 'name', 'category', 'sector', 'kind']);

/** Downstream of the parser: contagion, sweep, metrics and exports on every week give finite numbers. */
function checkDownstream(w: Snapshot) {
  if (w.layout)
    for (let i = 0; i < w.n; i++)
      expect(Number.isFinite(w.layout.x[i]) && Number.isFinite(w.layout.y[i]), `layout of ${w.ids[i]}`).toBe(true);
  for (const entry of sweep(w)) expectFiniteJson(entry, `sweep ${entry.id}`);
  const protocol = w.kinds.indexOf('protocol');
  const seeds = [
    ...(protocol >= 0 ? [{ kind: 'protocol' as const, id: w.ids[protocol], fraction: 1 }] : []),
    ...(w.tokens.symbols.length ? [{ kind: 'token' as const, symbol: w.tokens.symbols[0], fraction: 0.5 }] : []),
  ];
  const result = runContagion(w, seeds, { rule: 'paper', threshold: 0 });
  const json = resultsToJson(w, result, { seeds, graph: 'observed', appVersion: 'test', perimeter: 'defi' });
  expectFiniteJson(json.results, 'results');
  for (const row of Papa.parse<Record<string, string>>(resultsToCsv(w, result), { header: true }).data)
    for (const [column, cell] of Object.entries(row))
      if (!CSV_TEXT_COLUMNS.has(column) && cell !== '')
        expect(Number.isFinite(Number(cell)), `CSV ${column}: ${cell}`).toBe(true);
  const { spillover_matrix: spillover, ...metrics } = metricsToJson(w);
  expectFiniteJson(metrics, 'metrics');
  expectFiniteJson(spillover.matrix, 'spillover');
  expect(Object.keys(metrics.sis).sort()).toEqual([...w.ids].sort());
}

/** The invariants every loaded model must satisfy. */
function checkModel(ds: Dataset) {
  expect(ds.weeks.length).toBeGreaterThan(0);
  for (const w of ds.weeks) {
    expect(w.ids.length).toBe(w.n);
    expect(new Set(w.ids).size).toBe(w.n);
    for (const key of ['names', 'categories', 'sectors', 'kinds', 'chains'] as const) expect(w[key].length).toBe(w.n);
    expect(w.tvl.length).toBe(w.n);
    for (const x of w.tvl) expect(Number.isFinite(x) && x >= 0).toBe(true);
    for (let e = 0; e < w.edges.m; e++) {
      const s = w.edges.source[e];
      const t = w.edges.target[e];
      expect(s >= 0 && s < w.n && t >= 0 && t < w.n && s !== t).toBe(true);
      expect(Number.isFinite(w.edges.weight[e]) && w.edges.weight[e] > 0).toBe(true);
    }
    for (let h = 0; h < w.holdings.count; h++) {
      expect(w.holdings.node[h] < w.n && w.holdings.token[h] < w.tokens.symbols.length).toBe(true);
      expect(Number.isFinite(w.holdings.usd[h])).toBe(true);
    }
    checkDownstream(w);
  }
}

function checkOutcome(run: () => Dataset, label: string) {
  const started = performance.now();
  let outcome: 'model' | 'error';
  try {
    checkModel(run());
    outcome = 'model';
  } catch (err) {
    // Anything but a structured, located error is a bug (a crash, a TypeError, a half-load).
    if (!(err instanceof SnapshotError)) throw new Error(`${label}: unstructured ${String(err)}`, { cause: err });
    expect(err.issues.length, label).toBeGreaterThan(0);
    for (const issue of err.issues)
      expect(typeof issue.message === 'string' && issue.message.length > 0, label).toBe(true);
    expect(err.message.length).toBeLessThan(5_000);
    outcome = 'error';
  }
  // A hang guard, not a speed goal: these inputs are tiny and parse in about a millisecond.
  expect(performance.now() - started, `${label} took too long`).toBeLessThan(2_000);
  return outcome;
}

describe('loader fuzzing', () => {
  const PER_BASE = 400;
  it.each([
    ['compact (tree mutations)', COMPACT],
    ['DeXposure (tree mutations)', DEXPOSURE],
  ])('%s: every mutated input gives a valid model or a structured error', (label, base) => {
    const rng = mulberry32(label.length * 7919);
    const tally = { model: 0, error: 0 };
    for (let i = 0; i < PER_BASE; i++)
      tally[checkOutcome(() => parseDatasetJson(mutateTree(base, rng)), `${label} #${i}`)]++;
    // Both outcomes must occur, or the mutations are not exercising the validator.
    expect(tally.model).toBeGreaterThan(0);
    expect(tally.error).toBeGreaterThan(0);
  });

  it('text mutations of JSON and CSV (truncation, stray characters, bad numbers) never crash', () => {
    const rng = mulberry32(42);
    const compactText = JSON.stringify(COMPACT);
    const dexText = JSON.stringify(DEXPOSURE);
    const tally = { model: 0, error: 0 };
    for (let i = 0; i < 300; i++) {
      const which = i % 3;
      if (which === 0)
        tally[checkOutcome(() => parseDatasetText(mutateText(compactText, rng)), `compact text #${i}`)]++;
      else if (which === 1)
        tally[checkOutcome(() => parseDatasetText(mutateText(dexText, rng)), `dexposure text #${i}`)]++;
      else
        tally[
          checkOutcome(
            () =>
              parseInputFiles([
                { name: 'edges.csv', text: rng() < 0.5 ? mutateText(EDGES_CSV, rng) : EDGES_CSV },
                { name: 'nodes.csv', text: mutateText(NODES_CSV, rng) },
              ]),
            `csv #${i}`,
          )
        ]++;
    }
    expect(tally.model).toBeGreaterThan(0);
    expect(tally.error).toBeGreaterThan(0);
  });

  it.each([
    ['deeply nested JSON', '['.repeat(200_000) + ']'.repeat(200_000)],
    ['a giant string field', JSON.stringify({ ...COMPACT, title: 'x'.repeat(3_000_000) })],
    ['an empty object', '{}'],
    ['null', 'null'],
    ['an empty file', ''],
  ])('refuses %s with a clear error', (_label, text) => {
    expect(() => parseDatasetText(text)).toThrow(SnapshotError);
  });

  it.each([
    [
      'an empty graph',
      { ...COMPACT, protocols: [], tokens: [], layout: undefined, weeks: [{ date: '2025-01-06', holdings: [] }] },
      0,
      0,
    ],
    [
      'a single node',
      {
        ...COMPACT,
        protocols: [COMPACT.protocols[0]],
        tokens: [],
        layout: undefined,
        weeks: [{ date: '2025-01-06', holdings: [] }],
      },
      1,
      0,
    ],
    ['a week with no edges', { ...COMPACT, weeks: [{ date: '2025-01-06', holdings: [] }] }, 3, 0],
  ])('loads %s correctly', (_label, file, nodes, edges) => {
    const ds = parseDatasetJson(file);
    checkModel(ds);
    expect(ds.weeks[0].n).toBe(nodes);
    expect(ds.weeks[0].edges.m).toBe(edges);
  });
});
