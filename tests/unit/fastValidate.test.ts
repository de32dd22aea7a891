// The fast validation path (src/core/snapshot/fastValidate.ts) against zod: on every input, valid,
// invalid or fuzzed, the hand check accepts exactly when zod accepts and returns the same value
// (same defaults, same transforms, same key order); whole loads agree to the last warning and
// error message. Plus buildSnapshot (rewritten for speed) against the plain version it replaced.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseDatasetJson, parseDatasetJsonFast, SnapshotError } from '../../src/core/snapshot';
import { compactSnapshotSchema } from '../../src/core/snapshot/compactSchema';
import { dexposureSchema } from '../../src/core/snapshot/dexposure';
import { fastCompact, fastDexposure } from '../../src/core/snapshot/fastValidate';
import {
  buildSnapshot,
  emptyCounts,
  type BuildContext,
  type BuildCounts,
  type RawNode,
  type RawWeek,
} from '../../src/core/snapshot/build';
import type { Dataset, Snapshot } from '../../src/core/types';
import { mulberry32 } from '../../src/core/rng';
import { slots } from './fixtures';

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

const PROVENANCE = { source: 'test', date: '2025-01-13', synthetic: true, credit: 'test' };

const COMPACT = {
  format: 'defi-exposure-compact',
  version: 1,
  name: 'fast',
  title: 'Fast path base',
  provenance: { ...PROVENANCE, licence: 'CC0', notes: 'n', coverage: { issuer: 0.5, other: -1 } },
  protocols: [
    {
      id: '1',
      name: 'Lender',
      category: 'Lending',
      sector: 'Lending, Borrowing & Real World Assets',
      chains: ['Ethereum'],
      tvl: 1000,
    },
    { id: 2, name: 'Stake', category: 'Liquid Staking', sector: 'Asset Management', tvl: 500 },
    { id: '3', name: '', category: '', sector: 'Trading & Exchanges', chains: [], tvl: 0 },
  ],
  tokens: [
    { symbol: 'STK', issuer: 2 },
    { symbol: 'USDC', issuer: null, primary: true },
    { symbol: 'LOST', issuer: '99', primary: false },
  ],
  weeks: [
    {
      date: '2025-01-06',
      tvl: { '1': 900, '2': 400, '3': 250 },
      holdings: [
        ['1', 'STK', 90],
        [3, 'USDC', 40],
        ['1', 'UNKNOWN', 5],
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
        ['1', 2, 100],
        ['3', '2', 20],
        ['3', 'USDC', 70],
        ['3', '3', 1],
        ['1', '2', 5],
        ['1', '77', 5],
        ['3', '1', 0],
      ],
    },
  ],
  layout: { '1': [0, 0], '2': [1, 0], '3': [0, 1], USDC: [1, 1] },
  extra: 'ignored',
};

const DEXPOSURE = {
  data: {
    '2025-01-13': {
      nodes: [
        { id: 182, size: 1000, composition: { WETH: 1000 } },
        { id: '1599', size: 800, composition: { STETH: 300, WETH: 400, ZERO: 0 } },
        { id: 'WETH', size: 1400, composition: null },
        { id: '7', size: 0 },
      ],
      links: [
        { source: 1599, target: 182, size: 300 },
        { source: 1599, target: 'WETH', size: 400, extra: true },
        { source: 182, target: 'WETH', size: 1000 },
      ],
    },
    '2025-01-06': { nodes: [{ id: 182, size: 10 }] },
  },
};

const ODD_STRINGS = [
  '',
  ' ',
  '\u202Eevil\u202C',
  '\uD800',
  'a'.repeat(201),
  'a'.repeat(501),
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  '-1',
  '2025-1-6',
  '2025-01-06',
];
const ODD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  1e308,
  2 ** 53,
  2 ** 53 - 1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  undefined,
  [],
  {},
  [[]],
  ['1', 'STK'],
  ['1', 'STK', 1, 2],
  [1, 2],
  { x: 1 },
  ...ODD_STRINGS,
];

/** Object trees, not JSON: values may be undefined (a present key with no value). */
function mutate(base: unknown, rng: Rng): unknown {
  const tree = structuredClone(base);
  const steps = 1 + Math.floor(rng() * 3);
  for (let s = 0; s < steps; s++) {
    const all = slots(tree);
    if (!all.length) break;
    const [parent, key] = pick(rng, all);
    const p = parent as Record<string | number, unknown>;
    const kind = Math.floor(rng() * 8);
    if (kind === 0) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
    } else if (kind === 1 && typeof p[key] === 'number') p[key] = -(p[key] as number) - 1;
    else if (kind === 2 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    else if (kind === 3 && typeof p[key] === 'string') p[key] = (p[key] as string) + pick(rng, ODD_STRINGS);
    else if (kind === 4 && p[key] && typeof p[key] === 'object' && !Array.isArray(p[key]))
      // A new key: unknown fields (stripped), odd record keys (including __proto__, skipped by zod).
      Object.defineProperty(p[key], pick(rng, ODD_STRINGS), {
        value: pick(rng, [1, 'x', [0, 0], null]),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    else if (kind === 5 && typeof p[key] === 'number') p[key] = String(p[key]);
    else if (kind === 6 && typeof p[key] === 'string' && /^\d+$/.test(p[key] as string)) p[key] = Number(p[key]);
    else p[key] = pick(rng, ODD_VALUES);
  }
  return tree;
}

/** Same value, same own keys in the same order, all the way down (isDeepStrictEqual ignores order). */
function sameShape(a: unknown, b: unknown, path = ''): string | null {
  if (!isDeepStrictEqual(a, b)) return `${path}: values differ`;
  if (a && typeof a === 'object' && !ArrayBuffer.isView(a)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b as object);
    if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys ${ka.join(',')} vs ${kb.join(',')}`;
    for (const k of ka) {
      const d = sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return null;
}

type Outcome = { ok: true; dataset: Dataset } | { ok: false; message: string; issues: unknown };
function load(input: unknown, validation: 'fast' | 'zod'): Outcome {
  try {
    return { ok: true, dataset: parseDatasetJson(input, { fileName: 'f.json', validation }) };
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    return { ok: false, message: err.message, issues: err.issues };
  }
}

/** The fast check against zod on one input; returns whether zod accepted it. */
function compareValidation(input: unknown, which: 'compact' | 'dexposure', label: string): boolean {
  const schema = which === 'compact' ? compactSnapshotSchema : dexposureSchema;
  const fast = which === 'compact' ? fastCompact(input) : fastDexposure(input);
  const zod = schema.safeParse(input);
  if (zod.success) {
    expect(fast, `${label}: zod accepts, the fast check must too`).not.toBeNull();
    expect(sameShape(fast, zod.data), label).toBeNull();
  } else expect(fast, `${label}: zod rejects (${zod.error.issues[0]?.message}), the fast check must too`).toBeNull();
  // Whole loads: the same dataset, or the same located error.
  const a = load(input, 'fast');
  const b = load(input, 'zod');
  expect(a.ok, label).toBe(b.ok);
  if (a.ok && b.ok) expect(isDeepStrictEqual(a.dataset, b.dataset), `${label}: datasets differ`).toBe(true);
  if (!a.ok && !b.ok) {
    expect(a.message, label).toBe(b.message);
    expect(a.issues, label).toEqual(b.issues);
  }
  // The zod-free entry (fast.ts): the same dataset or error where the check accepts, else null.
  let viaFast: Outcome | null;
  try {
    const ds = parseDatasetJsonFast(input, { fileName: 'f.json' });
    viaFast = ds && { ok: true, dataset: ds };
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    viaFast = { ok: false, message: err.message, issues: err.issues };
  }
  if (!zod.success) expect(viaFast, label).toBeNull();
  else expect(isDeepStrictEqual(viaFast, b), `${label}: the fast entry differs`).toBe(true);
  return zod.success;
}

describe('fast validation agrees with zod', () => {
  const shipped = ['defillama-2026-09-02', 'defillama-protocols-2023-10-19', 'synthetic-history'].map(
    (name) => [name, JSON.parse(readFileSync(`public/data/${name}.json`, 'utf8'))] as const,
  );

  it.each(shipped)('accepts the shipped dataset %s with the same result', (label, json) => {
    expect(compareValidation(json, 'compact', label)).toBe(true);
  });

  const withUndefined = (o: Record<string, unknown>, key: string) => ({ ...o, [key]: undefined });
  const week0 = COMPACT.weeks[0];
  const table: [string, 'compact' | 'dexposure', unknown, boolean][] = [
    ['the compact base', 'compact', COMPACT, true],
    ['the DeXposure base', 'dexposure', DEXPOSURE, true],
    ['no tokens, no layout, holdings left out', 'compact', { ...COMPACT, tokens: undefined, layout: undefined }, true],
    ['a week without holdings', 'compact', { ...COMPACT, weeks: [{ date: '2025-01-06' }] }, true],
    ['present-but-undefined optional keys', 'compact', withUndefined(COMPACT, 'layout'), true],
    [
      'an undefined week tvl and edges',
      'compact',
      { ...COMPACT, weeks: [{ ...week0, tvl: undefined, edges: undefined }] },
      true,
    ],
    [
      'undefined provenance fields',
      'compact',
      { ...COMPACT, provenance: { ...PROVENANCE, licence: undefined, notes: undefined, coverage: undefined } },
      true,
    ],
    [
      '-0 as an id and an amount',
      'compact',
      { ...COMPACT, weeks: [{ date: '2025-01-06', holdings: [[-0, 'STK', -0]] }] },
      true,
    ],
    [
      'the largest safe id',
      'compact',
      { ...COMPACT, weeks: [{ ...week0, holdings: [[2 ** 53 - 1, 'STK', 1]] }] },
      true,
    ],
    ['an unsafe id', 'compact', { ...COMPACT, weeks: [{ ...week0, holdings: [[2 ** 53, 'STK', 1]] }] }, false],
    ['a fractional id', 'compact', { ...COMPACT, weeks: [{ ...week0, holdings: [[1.5, 'STK', 1]] }] }, false],
    ['a negative amount', 'compact', { ...COMPACT, weeks: [{ ...week0, holdings: [['1', 'STK', -1]] }] }, false],
    ['a NaN amount', 'compact', { ...COMPACT, weeks: [{ ...week0, holdings: [['1', 'STK', NaN]] }] }, false],
    ['a 4-tuple', 'compact', { ...COMPACT, weeks: [{ ...week0, holdings: [['1', 'STK', 1, 2]] }] }, false],
    ['an empty symbol', 'compact', { ...COMPACT, weeks: [{ ...week0, holdings: [['1', '', 1]] }] }, false],
    [
      'an id of 201 characters',
      'compact',
      { ...COMPACT, weeks: [{ ...week0, holdings: [['x'.repeat(201), 'A', 1]] }] },
      false,
    ],
    ['no weeks', 'compact', { ...COMPACT, weeks: [] }, false],
    ['a bad date', 'compact', { ...COMPACT, weeks: [{ date: '2025-1-6' }] }, false],
    ['an unknown sector', 'compact', { ...COMPACT, protocols: [{ ...COMPACT.protocols[0], sector: 'Other' }] }, false],
    [
      '501 chains',
      'compact',
      { ...COMPACT, protocols: [{ ...COMPACT.protocols[0], chains: Array(501).fill('x') }] },
      false,
    ],
    ['a token without issuer key', 'compact', { ...COMPACT, tokens: [{ symbol: 'A' }] }, false],
    ['a non-boolean primary', 'compact', { ...COMPACT, tokens: [{ symbol: 'A', issuer: null, primary: 1 }] }, false],
    ['version 2', 'compact', { ...COMPACT, version: 2 }, false],
    ['a layout point of three numbers', 'compact', { ...COMPACT, layout: { '1': [0, 0, 0] } }, false],
    [
      'an infinite coverage',
      'compact',
      { ...COMPACT, provenance: { ...PROVENANCE, coverage: { a: Infinity } } },
      false,
    ],
    [
      'a record key __proto__ is data: its bad value is rejected',
      'compact',
      JSON.parse(JSON.stringify(COMPACT).replace('"tvl":{', '"tvl":{"__proto__":"bad",')),
      false,
    ],
    [
      'a layout key __proto__ is data: kept',
      'compact',
      JSON.parse(JSON.stringify(COMPACT).replace('"layout":{', '"layout":{"__proto__":[2,2],')),
      true,
    ],
    [
      'a USD amount above the ceiling',
      'compact',
      { ...COMPACT, protocols: [{ ...COMPACT.protocols[0], tvl: 1.7e308 }] },
      false,
    ],
    [
      'a layout coordinate beyond the bound',
      'compact',
      { ...COMPACT, layout: { ...COMPACT.layout, '1': [1e300, 0] } },
      false,
    ],
    [
      'a DeXposure composition amount above the ceiling',
      'dexposure',
      { data: { '2025-01-06': { nodes: [{ id: '1', size: 1, composition: { A: 2e15 } }] } } },
      false,
    ],
    [
      'a DeXposure __proto__ week (skipped)',
      'dexposure',
      JSON.parse('{"data":{"__proto__":1,"2025-01-06":{"nodes":[]}}}'),
      true,
    ],
    ['a DeXposure week key that is not a date', 'dexposure', { data: { '2025-1-6': { nodes: [] } } }, false],
    [
      'a DeXposure composition key of 201 characters',
      'dexposure',
      { data: { '2025-01-06': { nodes: [{ id: 1, size: 1, composition: { ['x'.repeat(201)]: 1 } }] } } },
      false,
    ],
    ['DeXposure links null', 'dexposure', { data: { '2025-01-06': { nodes: [], links: null } } }, false],
    ['DeXposure without weeks', 'dexposure', { data: {} }, true],
  ];

  it.each(table)('%s', (label, which, input, accepted) => {
    expect(compareValidation(input, which, label)).toBe(accepted);
  });

  it('leaves objects of other classes to zod, with the same outcome', () => {
    class Week {
      date = '2025-01-06';
      holdings = [];
    }
    const input = { ...COMPACT, weeks: [new Week()] };
    expect(fastCompact(input)).toBeNull();
    const a = load(input, 'fast');
    const b = load(input, 'zod');
    expect(a.ok && b.ok && isDeepStrictEqual(a.dataset, b.dataset)).toBe(true);
  });

  it.each([
    ['compact', COMPACT],
    ['dexposure', DEXPOSURE],
  ] as const)('agrees on 1,500 mutations of the %s base', (which, base) => {
    const rng = mulberry32(which.length * 104729);
    const tally = { accepted: 0, rejected: 0 };
    for (let i = 0; i < 1500; i++) {
      const input = mutate(base, rng);
      tally[compareValidation(input, which, `${which} #${i}`) ? 'accepted' : 'rejected']++;
    }
    expect(tally.accepted).toBeGreaterThan(100);
    expect(tally.rejected).toBeGreaterThan(100);
  });
});

// ---------------------------------------------------------------------------------------------
// buildSnapshot against the straightforward version it replaced (same rules, Maps and pushes).

function referenceBuild(week: RawWeek, ctx: BuildContext, counts: BuildCounts): Snapshot {
  const n = week.nodes.length;
  const index = new Map<string, number>();
  week.nodes.forEach((node, i) => index.set(node.id, i));
  const symbols = ctx.tokens.map((t) => t.symbol);
  const tokenIndex = new Map(symbols.map((s, i) => [s, i]));
  const extraSymbols: string[] = [];
  const holdingNode: number[] = [];
  const holdingToken: number[] = [];
  const holdingUsd: number[] = [];
  for (const [holder, symbol, usd] of week.holdings) {
    const h = index.get(holder);
    if (h === undefined) {
      counts.unknownHolders++;
      continue;
    }
    let t = tokenIndex.get(symbol);
    if (t === undefined) {
      counts.unknownTokens++;
      t = symbols.length + extraSymbols.length;
      tokenIndex.set(symbol, t);
      extraSymbols.push(symbol);
    }
    holdingNode.push(h);
    holdingToken.push(t);
    holdingUsd.push(usd);
  }
  const allSymbols = symbols.concat(extraSymbols);
  const issuer = new Int32Array(allSymbols.length).fill(-1);
  ctx.tokens.forEach((t, i) => {
    if (t.issuer !== null) issuer[i] = index.get(t.issuer) ?? -1;
  });
  let rows: [string, string, number][];
  if (week.edges) rows = week.edges;
  else {
    rows = [];
    for (let k = 0; k < holdingNode.length; k++) {
      const iss = issuer[holdingToken[k]];
      if (iss >= 0) rows.push([week.nodes[holdingNode[k]].id, week.nodes[iss].id, holdingUsd[k]]);
    }
  }
  const edgeAt = new Map<number, number>();
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  for (const [s, t, w] of rows) {
    const si = index.get(s);
    const ti = index.get(t);
    if (si === undefined || ti === undefined) {
      counts.unknownEndpoints++;
      continue;
    }
    if (si === ti) {
      counts.selfLoops++;
      continue;
    }
    if (w === 0) {
      counts.zeroWeight++;
      continue;
    }
    const key = si * n + ti;
    const existing = edgeAt.get(key);
    if (existing !== undefined) {
      if (week.edges) counts.duplicates++;
      weight[existing] += w;
      continue;
    }
    edgeAt.set(key, source.length);
    source.push(si);
    target.push(ti);
    weight.push(w);
  }
  let layout: Snapshot['layout'];
  if (ctx.layout) {
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    let placed = 0;
    week.nodes.forEach((node, i) => {
      const p = Object.hasOwn(ctx.layout!, node.id) ? ctx.layout![node.id] : undefined;
      if (p) {
        x[i] = p[0];
        y[i] = p[1];
        placed++;
      }
    });
    if (placed === n) layout = { x, y };
  }
  return {
    dataset: ctx.dataset,
    title: ctx.title,
    date: week.date,
    provenance: ctx.provenance,
    n,
    ids: week.nodes.map((d) => d.id),
    names: week.nodes.map((d) => d.name),
    categories: week.nodes.map((d) => d.category),
    sectors: week.nodes.map((d) => d.sector),
    kinds: week.nodes.map((d) => d.kind),
    chains: week.nodes.map((d) => d.chains),
    tvl: Float64Array.from(week.nodes, (d) => d.tvl),
    edges: {
      m: source.length,
      source: Int32Array.from(source),
      target: Int32Array.from(target),
      weight: Float64Array.from(weight),
    },
    holdings: {
      count: holdingNode.length,
      node: Int32Array.from(holdingNode),
      token: Int32Array.from(holdingToken),
      usd: Float64Array.from(holdingUsd),
    },
    tokens: { symbols: allSymbols, issuer },
    layout,
  };
}

function randomWeek(rng: Rng): { week: RawWeek; ctx: BuildContext } {
  const ids = ['1', '2', '3', '4', 'USDC', 'WETH', '__proto__', 'constructor'].slice(0, 2 + Math.floor(rng() * 7));
  const nodes: RawNode[] = ids.map((id) => ({
    id,
    name: `N${id}`,
    category: 'Lending',
    sector: 'Asset Management',
    kind: /^\d+$/.test(id) ? 'protocol' : 'token',
    chains: [],
    tvl: Math.floor(rng() * 1000),
  }));
  if (rng() < 0.1) nodes.push({ ...nodes[0] }); // a duplicate id (the readers reject it; build must not crash)
  const known = [...ids, '99', 'nope'];
  const symbols = ['A', 'B', 'C', 'USDC', 'WETH'];
  const tokens = symbols
    .filter(() => rng() < 0.8)
    .map((symbol) => ({ symbol, issuer: rng() < 0.7 ? pick(rng, known) : null }));
  if (rng() < 0.1 && tokens.length) tokens.push({ ...tokens[0] });
  const amount = () => pick(rng, [0, 1, 2.5, 100, 1e12]);
  const holdings: [string, string, number][] = Array.from({ length: Math.floor(rng() * 25) }, () => [
    pick(rng, known),
    pick(rng, [...symbols, 'ZZZ', 'YYY']),
    amount(),
  ]);
  const edges: [string, string, number][] | null =
    rng() < 0.5
      ? null
      : Array.from({ length: Math.floor(rng() * 30) }, () => [pick(rng, known), pick(rng, known), amount()]);
  const layout =
    rng() < 0.5 ? Object.fromEntries(ids.filter(() => rng() < 0.9).map((id) => [id, [rng(), rng()]])) : undefined;
  return {
    week: { date: '2025-01-06', nodes, edges, holdings },
    ctx: { dataset: 'd', title: 't', provenance: PROVENANCE, tokens, layout: layout as BuildContext['layout'] },
  };
}

describe('buildSnapshot', () => {
  it('gives what the straightforward version gave, on 2,000 random weeks', () => {
    const rng = mulberry32(2026);
    for (let i = 0; i < 2000; i++) {
      const { week, ctx } = randomWeek(rng);
      const c1 = emptyCounts();
      const c2 = emptyCounts();
      const got = buildSnapshot(week, ctx, c1);
      const want = referenceBuild(week, ctx, c2);
      expect(isDeepStrictEqual(got, want), `week #${i}`).toBe(true);
      expect(c1, `week #${i}`).toEqual(c2);
    }
  });

  it('sums many duplicate edges into one (the edge index grows past its first slots)', () => {
    const nodes: RawNode[] = Array.from({ length: 300 }, (_, i) => ({
      id: String(i),
      name: '',
      category: '',
      sector: 'Asset Management',
      kind: 'protocol',
      chains: [],
      tvl: 1,
    }));
    const edges: [string, string, number][] = [];
    for (let k = 0; k < 5000; k++) edges.push([String(k % 300), String((k * 7 + 1) % 300), 1]);
    const week: RawWeek = { date: '2025-01-06', nodes, edges, holdings: [] };
    const ctx: BuildContext = { dataset: 'd', title: 't', provenance: PROVENANCE, tokens: [] };
    const c1 = emptyCounts();
    const c2 = emptyCounts();
    expect(isDeepStrictEqual(buildSnapshot(week, ctx, c1), referenceBuild(week, ctx, c2))).toBe(true);
    expect(c1).toEqual(c2);
  });
});
