// Scenario presets and shock-string parsers.
import { describe, expect, it } from 'vitest';
import { runContagion } from '../../src/core/contagion';
import {
  describeSeeds,
  isBridgeCategory,
  parseShockList,
  parseTokenShock,
  ScenarioError,
  scenarioSeeds,
  type Seed,
} from '../../src/core/scenarios';
import { tinySnapshot } from './fixtures';

// TVL ranking among protocols: p2 = p3 = 800 (tie → id order), p1 500, p4 100, p5 50, p6 20, z 0.
// The token node U has the largest TVL but is never picked; nor is the Bridge-category token node W.
const graph = () =>
  tinySnapshot(
    [
      { id: 'U', tvl: 10_000, kind: 'token', sector: 'Primary Market Tokens', category: 'Token' },
      { id: 'p1', tvl: 500, category: 'Bridge' },
      { id: 'p3', tvl: 800, category: 'cross chain' },
      { id: 'p2', tvl: 800, name: 'Protocol Two', category: 'Lending' },
      { id: 'p4', tvl: 100, category: 'Bridge Aggregator' },
      { id: 'p5', tvl: 50, category: 'Canonical Bridge' },
      { id: 'p6', tvl: 20, category: 'Dexs' },
      { id: 'z', tvl: 0, category: 'CROSS CHAIN BRIDGE' },
      { id: 'W', tvl: 300, kind: 'token', sector: 'Primary Market Tokens', category: 'Bridge' },
    ],
    [['p1', 'p3', 100]],
  );

const P = (id: string, fraction: number): Seed => ({ kind: 'protocol', id, fraction });

describe('scenarioSeeds', () => {
  const cases: { name: string; args: Parameters<typeof scenarioSeeds>; seeds: Seed[] }[] = [
    {
      name: 'top1: largest protocol at 0.5 (token node ignored, tie by id)',
      args: [graph(), 'top1'],
      seeds: [P('p2', 0.5)],
    },
    {
      name: 'top5: five largest protocols at 0.3',
      args: [graph(), 'top5'],
      seeds: [P('p2', 0.3), P('p3', 0.3), P('p1', 0.3), P('p4', 0.3), P('p5', 0.3)],
    },
    {
      // Bridge, cross chain (case-insensitive), Bridge Aggregator (contains "bridge"), Canonical Bridge,
      // CROSS CHAIN BRIDGE (even with TVL 0); not Lending/Dexs, not the token node W.
      name: 'bridge: every bridge-category protocol at 1.0',
      args: [graph(), 'bridge'],
      seeds: [P('p1', 1), P('p3', 1), P('p4', 1), P('p5', 1), P('z', 1)],
    },
    { name: 'fraction overrides the preset δ', args: [graph(), 'top1', 0.2], seeds: [P('p2', 0.2)] },
    {
      name: 'top5 on a graph with fewer protocols takes them all',
      args: [
        tinySnapshot(
          [
            { id: 'a', tvl: 1 },
            { id: 'b', tvl: 2 },
          ],
          [],
        ),
        'top5',
      ],
      seeds: [P('b', 0.3), P('a', 0.3)],
    },
  ];
  it.each(cases)('$name', ({ args, seeds }) => {
    expect(scenarioSeeds(...args)).toEqual(seeds);
  });

  it('errors for a preset with nothing to shock, a bad δ or an unknown name', () => {
    const lending = tinySnapshot([{ id: 'a', tvl: 10, category: 'Lending' }], []);
    expect(() => scenarioSeeds(lending, 'bridge')).toThrow(/no Bridge-category protocol/);
    const tokensOnly = tinySnapshot([{ id: 'u', tvl: 10, kind: 'token', sector: 'Primary Market Tokens' }], []);
    expect(() => scenarioSeeds(tokensOnly, 'top1')).toThrow(/no protocol with TVL > 0/);
    expect(() => scenarioSeeds(graph(), 'top1', 1.2)).toThrow(ScenarioError);
    expect(() => scenarioSeeds(graph(), 'top9' as never)).toThrow(/unknown scenario "top9"/);
  });

  it('feeds runContagion: bridge scenario on the test graph', () => {
    // Seeds at δ = 1: p1 500, p3 800, p4 100, p5 50 (z has TVL 0 → no loss, not distressed).
    // p3's tokens are held by p1 (already at its cap 500): r1 passes loss to p1, no increment, and distresses
    // nobody new: one loss round, zero propagation rounds (the reference's count).
    // Total 500 + 800 + 100 + 50 = 1450; protocol TVL = 500+800+800+100+50+20 = 2270 → 63.876… %.
    const snapshot = graph();
    const result = runContagion(snapshot, scenarioSeeds(snapshot, 'bridge'));
    expect(result.totalLoss).toBe(1450);
    expect(result.totalLossPct).toBeCloseTo((1450 / 2270) * 100, 9);
    expect(result.distressedIds).toEqual(['p1', 'p3', 'p4', 'p5']);
    expect(result.lossRounds).toBe(1);
    expect(result.propagationRounds).toBe(0);
  });
});

describe('isBridgeCategory', () => {
  it.each([
    ['Bridge', true],
    ['bridge', true],
    ['Cross Chain', true],
    [' canonical bridge ', true],
    ['Liquid Staking Bridge', true],
    ['Lending', false],
    ['Cross-margin', false],
  ])('%s → %s', (category, expected) => {
    expect(isBridgeCategory(category)).toBe(expected);
  });
});

describe('parseShockList / parseTokenShock', () => {
  const ok: { spec: string; parse: (s: string) => Seed[]; seeds: Seed[] }[] = [
    { spec: '1599=0.5', parse: parseShockList, seeds: [P('1599', 0.5)] },
    { spec: '1599:0.5,aave-v3:1', parse: parseShockList, seeds: [P('1599', 0.5), P('aave-v3', 1)] },
    { spec: ' a = 0.1 , b=.25 ', parse: parseShockList, seeds: [P('a', 0.1), P('b', 0.25)] },
    { spec: 'x=1e-1,y=0,z=1.', parse: parseShockList, seeds: [P('x', 0.1), P('y', 0), P('z', 1)] },
    // The last '=' (or, without one, the last ':') separates, so an id may contain ':'.
    { spec: 'ethereum:0xabc=0.3', parse: parseShockList, seeds: [P('ethereum:0xabc', 0.3)] },
    { spec: 'ethereum:0xabc:0.3', parse: parseShockList, seeds: [P('ethereum:0xabc', 0.3)] },
    {
      spec: 'USDC=0.3,WETH:1',
      parse: parseTokenShock,
      seeds: [
        { kind: 'token', symbol: 'USDC', fraction: 0.3 },
        { kind: 'token', symbol: 'WETH', fraction: 1 },
      ],
    },
  ];
  it.each(ok)('parses "$spec"', ({ spec, parse, seeds }) => {
    expect(parse(spec)).toEqual(seeds);
  });

  const bad: { spec: string; parse: (s: string) => Seed[]; message: string | RegExp }[] = [
    { spec: '1599=abc', parse: parseShockList, message: 'shock "1599=abc": δ must be a number between 0 and 1' },
    { spec: '1599=1.5', parse: parseShockList, message: 'shock "1599=1.5": δ must be a number between 0 and 1' },
    { spec: '1599=-0.1', parse: parseShockList, message: 'shock "1599=-0.1": δ must be a number between 0 and 1' },
    { spec: '1599=', parse: parseShockList, message: 'shock "1599=": δ must be a number between 0 and 1' },
    { spec: '1599=0x1', parse: parseShockList, message: /δ must be a number/ },
    { spec: '1599', parse: parseShockList, message: 'shock "1599": expected KEY=δ or KEY:δ' },
    { spec: '=0.5', parse: parseShockList, message: 'shock "=0.5": missing id' },
    { spec: 'a=0.1,,b=0.2', parse: parseShockList, message: 'shock "": expected KEY=δ or KEY:δ' },
    { spec: '   ', parse: parseShockList, message: 'no shock given' },
    { spec: 'USDC=2', parse: parseTokenShock, message: 'token shock "USDC=2": δ must be a number between 0 and 1' },
    { spec: ':0.3', parse: parseTokenShock, message: 'token shock ":0.3": missing symbol' },
  ];
  it.each(bad)('rejects "$spec"', ({ spec, parse, message }) => {
    expect(() => parse(spec)).toThrow(ScenarioError);
    expect(() => parse(spec)).toThrow(message);
  });

  it('ScenarioError is an Error with its own name', () => {
    const error = (() => {
      try {
        parseShockList('x=9');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ScenarioError');
  });
});

describe('describeSeeds', () => {
  it('names protocols and tokens with their δ', () => {
    expect(describeSeeds(graph(), [P('p2', 0.5), P('p1', 1), { kind: 'token', symbol: 'USDC', fraction: 0.3 }])).toBe(
      'Protocol Two (p2) at 50%; p1 at 100%; token USDC at 30%',
    );
    expect(describeSeeds(graph(), [])).toBe('no shock');
  });
});
