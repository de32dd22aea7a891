// The embed API's reading of untrusted messages (#15): what is not addressed to the explorer is
// ignored, every malformed message becomes an error to answer, and nothing a host sends runs.
import { describe, expect, it } from 'vitest';
import { readHostMessage } from '../../src/embed/protocol';

describe('readHostMessage', () => {
  it.each([null, 1, 'contagion:set-scenario', { type: 'other' }, { type: 42 }, { type: 'contagion:results' }])(
    'ignores %j (not addressed to the explorer)',
    (data) => expect(readHostMessage(data)).toBeNull(),
  );

  it.each([
    [{ type: 'contagion:set-scenario', scenario: { shock: { toString: 1 } } }, /scenario\.shock must be a string/],
    [
      { type: 'contagion:set-scenario', scenario: { threshold: { valueOf: (): number => 0.2 } } },
      /threshold must be a number/,
    ],
    [{ type: 'contagion:set-scenario', scenario: { threshold: Number.NaN } }, /threshold must be a number/],
    [{ type: 'contagion:set-scenario', scenario: null }, /scenario must be an object/],
    [{ type: 'contagion:set-scenario', scenario: [] }, /scenario must be an object/],
    [{ type: 'contagion:set-scenario' }, /scenario must be an object/],
    [{ type: 'contagion:set-scenario', scenario: { shok: '1:0.5' } }, /unknown scenario field "shok"/],
    [{ type: 'contagion:set-scenario', scenario: { token: 'x'.repeat(10_001) } }, /token must be a string/],
    [{ type: 'contagion:frobnicate' }, /unknown message type "contagion:frobnicate"/],
    [{ type: 'contagion:get-results', requestId: 7 }, /requestId must be a string/],
  ])('%j is an error to answer', (data, message) => {
    const read = readHostMessage(data);
    expect(read && 'error' in read ? read.error : '').toMatch(message);
  });

  it('the error keeps a valid requestId, so the host can match it', () => {
    expect(readHostMessage({ type: 'contagion:set-scenario', requestId: 'r1', scenario: 5 })).toEqual({
      error: 'scenario must be an object',
      requestId: 'r1',
    });
  });

  it('never runs host code: getters and prototype fields are not read', () => {
    let ran = false;
    const scenario = Object.create({ shock: 'inherited:0.5' }) as Record<string, unknown>;
    Object.defineProperty(scenario, 'rule', {
      enumerable: true,
      get() {
        ran = true;
        return 'paper';
      },
    });
    const read = readHostMessage({ type: 'contagion:set-scenario', scenario });
    expect(ran).toBe(false);
    expect(read).toEqual({ message: { type: 'contagion:set-scenario', scenario: {} } });
  });

  it('copies known fields only, strings and numbers as given', () => {
    const read = readHostMessage({
      type: 'contagion:set-scenario',
      requestId: 'r2',
      scenario: { shock: '182:0.5', threshold: 0.2, rounds: '5', h: 4 },
      extra: 'ignored',
    });
    expect(read).toEqual({
      message: {
        type: 'contagion:set-scenario',
        requestId: 'r2',
        scenario: { shock: '182:0.5', threshold: 0.2, rounds: '5', h: 4 },
      },
    });
  });
});
