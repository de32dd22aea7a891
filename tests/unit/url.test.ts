import { describe, expect, it } from 'vitest';
import { emptyScenario, hasSeeds } from '../../src/core/scenarioSpec';
import { buildSearch, DEFAULT_EXPLORE, parseUrl, type UrlState } from '../../src/ui/url';

function state(over: Partial<Omit<UrlState, 'problems'>> = {}): Omit<UrlState, 'problems'> {
  return {
    dataset: null,
    date: null,
    scenario: emptyScenario(),
    selected: null,
    embed: false,
    horizon: null,
    graph: null,
    explore: DEFAULT_EXPLORE,
    ...over,
  };
}

describe('parseUrl: well-formed values', () => {
  it('empty query gives defaults and no problems', () => {
    const s = parseUrl('');
    expect(s.problems).toEqual([]);
    expect(s.scenario).toEqual(emptyScenario());
    expect(s.scenario.rule).toBe('bounded');
    expect(s.scenario.threshold).toBe(0.1);
    expect(s.scenario.maxRounds).toBe(10);
    expect(s.scenario.perimeter).toBe('defi');
    expect(hasSeeds(s.scenario)).toBe(false);
  });
  it('reads every key of the contract', () => {
    const s = parseUrl(
      '?dataset=demo&date=2025-01-06&shock=aave:0.5,lido:0.25&token=USDC:0.3&rule=debtrank&threshold=0.2&rounds=5&perimeter=all&h=4&graph=forecast&sel=aave&embed=1',
    );
    expect(s.problems).toEqual([]);
    expect(s.dataset).toBe('demo');
    expect(s.date).toBe('2025-01-06');
    expect(s.scenario.shocks).toEqual([
      { id: 'aave', fraction: 0.5 },
      { id: 'lido', fraction: 0.25 },
    ]);
    expect(s.scenario.tokens).toEqual([{ symbol: 'USDC', fraction: 0.3 }]);
    expect(s.scenario.rule).toBe('debtrank');
    expect(s.scenario.perimeter).toBe('all');
    expect(s.scenario.threshold).toBe(0.2);
    expect(s.scenario.maxRounds).toBe(5);
    expect(s.horizon).toBe(4);
    expect(s.graph).toBe('forecast');
    expect(s.selected).toBe('aave');
    expect(s.embed).toBe(true);
    expect(hasSeeds(s.scenario)).toBe(true);
  });
  it.each([
    ['top1', 0.5],
    ['top5', 0.3],
    ['bridge', 1],
  ] as const)('scenario=%s takes its default δ %d', (name, delta) => {
    const s = parseUrl(`?scenario=${name}`);
    expect(s.scenario.preset).toBe(name);
    expect(s.scenario.presetFraction).toBe(delta);
    expect(s.problems).toEqual([]);
  });
  it('delta= overrides the preset δ', () => {
    expect(parseUrl('?scenario=top5&delta=0.7').scenario.presetFraction).toBe(0.7);
  });
  it('embed other than 1 is off', () => {
    expect(parseUrl('?embed=0').embed).toBe(false);
    expect(parseUrl('?embed=true').embed).toBe(false);
  });
});

describe('parseUrl: malformed values give a problem and are ignored', () => {
  it.each([
    ['scenario=top3', 'scenario'],
    ['delta=1.5', 'delta'],
    ['delta=abc', 'delta'],
    ['rule=linear', 'rule'],
    ['perimeter=cefi', 'perimeter'],
    ['threshold=-0.1', 'threshold'],
    ['threshold=2', 'threshold'],
    ['threshold=0x1', 'threshold'],
    ['rounds=0', 'rounds'],
    ['rounds=21', 'rounds'],
    ['rounds=2.5', 'rounds'],
    ['h=3', 'h'],
    ['graph=both', 'graph'],
    ['date=2026/09/02', 'date'],
    ['date=2026-02-30', 'date'],
    ['date=yesterday', 'date'],
  ])('%s', (query, key) => {
    const s = parseUrl(`?${query}`);
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]).toContain(key);
    // nothing from the bad value leaks into the state
    expect(s.scenario).toEqual(emptyScenario());
    expect(s.horizon).toBeNull();
    expect(s.graph).toBeNull();
    expect(s.date).toBeNull();
  });
  it.each(['shock=aave', 'shock=aave:2', 'shock=aave:x', 'token=USDC', 'token=USDC:-1'])('%s', (query) => {
    const s = parseUrl(`?${query}`);
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0].length).toBeGreaterThan(0);
    expect(s.scenario.shocks).toEqual([]);
    expect(s.scenario.tokens).toEqual([]);
  });
  it('a bad key does not spoil the good ones', () => {
    const s = parseUrl('?rule=bogus&threshold=0.3&rounds=7');
    expect(s.problems).toHaveLength(1);
    expect(s.scenario.rule).toBe('bounded');
    expect(s.scenario.threshold).toBe(0.3);
    expect(s.scenario.maxRounds).toBe(7);
  });
});

describe('buildSearch', () => {
  it('always writes rule, threshold, rounds and perimeter; keeps : and , readable', () => {
    const scenario = {
      ...emptyScenario(),
      shocks: [
        { id: 'aave', fraction: 0.5 },
        { id: 'lido', fraction: 0.25 },
      ],
    };
    expect(buildSearch(state({ scenario }))).toBe(
      '?shock=aave:0.5,lido:0.25&rule=bounded&threshold=0.1&rounds=10&perimeter=defi',
    );
  });
  it('omits delta when it is the preset default, writes it otherwise (4 decimals max)', () => {
    const base = { ...emptyScenario(), preset: 'top5' as const, presetFraction: 0.3 };
    expect(buildSearch(state({ scenario: base }))).not.toContain('delta=');
    expect(buildSearch(state({ scenario: { ...base, presetFraction: 0.123456 } }))).toContain('delta=0.1235');
  });
  it('carries backend= and forecastWorker= over from the previous query, and nothing else unknown', () => {
    const built = new URLSearchParams(buildSearch(state(), '?backend=cpu&forecastWorker=1&utm=x&rule=debtrank'));
    expect(built.get('backend')).toBe('cpu');
    expect(built.get('forecastWorker')).toBe('1');
    expect(built.get('utm')).toBeNull();
    expect(built.get('rule')).toBe('bounded');
  });
});

describe('round trips parse(build(x)) == x', () => {
  const cases: [string, Omit<UrlState, 'problems'>][] = [
    ['defaults', state()],
    [
      'everything',
      state({
        dataset: 'demo',
        date: '2025-03-10',
        selected: 'aave',
        embed: true,
        horizon: 12,
        graph: 'observed',
        explore: {
          filters: {
            sectors: ['Lending, Borrowing & Real World Assets'],
            categories: ['Lending'],
            chains: ['Ethereum', 'Base'],
            tvlMin: 1e8,
            tvlMax: 5e9,
            edges: { kind: 'top', n: 250 },
            touched: true,
            search: 'aave',
            withHoldings: true,
          },
          hood: { focus: '182', hops: 2, direction: 'in', hideRest: false },
          view: 'sectors',
        },
        scenario: {
          preset: 'top1',
          presetFraction: 0.8,
          shocks: [{ id: 'aave', fraction: 0.5 }],
          tokens: [
            { symbol: 'USDC', fraction: 0.3 },
            { symbol: 'stETH', fraction: 1 },
          ],
          rule: 'debtrank',
          threshold: 0.25,
          maxRounds: 20,
          perimeter: 'all',
        },
      }),
    ],
    ['bridge preset default δ', state({ scenario: { ...emptyScenario(), preset: 'bridge', presetFraction: 1 } })],
    ['threshold 0 and 1 round', state({ scenario: { ...emptyScenario(), threshold: 0, maxRounds: 1 } })],
  ];
  it.each(cases)('%s', (_name, x) => {
    const back = parseUrl(buildSearch(x));
    expect(back.problems).toEqual([]);
    const { problems: _p, ...rest } = back;
    expect(rest).toEqual(x);
  });
});
