// The protocol universe: which real protocols (ids, names, categories, tokens from the
// calibration roster) take the places the schedule counts, in what order they enter, their base
// size, synthetic stand-ins where the roster runs short, and the primary token nodes.
import type { Rng } from '../rng';
import type { HistoryCalibration } from './calibration';
import { PMT, S } from './params';
import type { Schedule } from './schedule';

export interface Member {
  id: string;
  name: string;
  category: string;
  sector: number;
  chains: string[];
  /** Token symbols it issues (empty: not an issuer, never an edge target). */
  tokens: string[];
  baseLog: number;
  synthetic: boolean;
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** Day a DefiLlama id was listed, interpolated on the calibration's (id, date) knots. */
export function listingDay(cal: HistoryCalibration, id: number): number {
  const knots = cal.listingKnots;
  if (!knots.length) return 0;
  if (id <= knots[0][0]) return dayOf(knots[0][1]);
  for (let k = 1; k < knots.length; k++)
    if (id <= knots[k][0]) {
      const [i0, d0] = knots[k - 1];
      const [i1, d1] = knots[k];
      return dayOf(d0) + ((id - i0) / Math.max(1, i1 - i0)) * (dayOf(d1) - dayOf(d0));
    }
  return dayOf(knots[knots.length - 1][1]);
}

/**
 * Picks each sector's protocols and the order they enter in. Those alive in the first week are
 * drawn among protocols listed on DefiLlama by then; entrants among those listed during the
 * window, in listing order (ids are handed out as protocols get listed). Half of each draw is
 * the largest by TVL (the names people know), half at random; synthetic ids fill any shortfall.
 */
export function selectMembers(
  cal: HistoryCalibration,
  schedule: Schedule,
  window: { startDay: number; endDay: number },
  rng: Rng,
): { members: Member[]; order: number[][] } {
  const members: Member[] = [];
  const order: number[][] = Array.from({ length: S }, () => []);
  const bySector: number[][] = Array.from({ length: S }, () => []);
  cal.roster.forEach((row, i) => bySector[row[3]].push(i));
  const listed = cal.roster.map((row) => listingDay(cal, Number(row[0]) || 0));
  const tvlOf = (i: number) => cal.roster[i][4] ?? 0;
  const mix = (pool: number[], n: number) => {
    if (pool.length <= n) return [...pool];
    const bySize = [...pool].sort((x, y) => tvlOf(y) - tvlOf(x) || x - y);
    const big = bySize.slice(0, Math.ceil(n / 2));
    return [...big, ...rng.shuffle(bySize.slice(big.length)).slice(0, n - big.length)];
  };
  let syntheticCounter = 0;
  for (let s = 0; s < S; s++) {
    if (s === PMT) continue;
    const atStart = schedule.alive[0][s];
    let entering = 0;
    for (let t = 1; t < schedule.alive.length; t++) entering += schedule.entries[t][s];
    if (atStart + entering === 0) continue;
    const pool = bySector[s];
    // Sector size distribution (log TVL) for protocols the DefiLlama list does not size.
    const logs = pool
      .map(tvlOf)
      .filter((x) => x > 0)
      .map(Math.log);
    const sizeDraw = (shift: number) => (logs.length ? rng.pick(logs) - shift : Math.log(1e7) + rng.normal() - shift);
    const before = pool.filter((i) => listed[i] <= window.startDay);
    const during = pool.filter((i) => listed[i] > window.startDay && listed[i] <= window.endDay);
    const first = mix(before, atStart);
    const firstSet = new Set(first);
    let later = mix(during, entering);
    if (later.length < entering) {
      // Not enough listings in the window: protocols listed earlier that first show up now.
      const extra = mix(
        before.filter((i) => !firstSet.has(i)),
        entering - later.length,
      );
      later = [...later, ...extra];
    }
    const slots: { key: number; member: Member }[] = [];
    const real = (i: number, key: number) => {
      const [id, name, category, , tvl, chains, tokens] = cal.roster[i];
      slots.push({
        key,
        member: {
          id,
          name,
          category,
          sector: s,
          chains: chains ? chains.split('|') : [],
          tokens: tokens ? tokens.split('|') : [],
          baseLog: tvl !== null && tvl > 0 ? Math.log(tvl) : sizeDraw(rng.uniform(0, 1.5)),
          synthetic: false,
        },
      });
    };
    const synthetic = (key: number) => {
      const n = ++syntheticCounter;
      slots.push({
        key,
        member: {
          id: `syn-${n}`,
          name: `Synthetic protocol ${n}`,
          category: 'Synthetic',
          sector: s,
          chains: [],
          tokens: [],
          baseLog: sizeDraw(rng.uniform(0.5, 2)),
          synthetic: true,
        },
      });
    };
    // Keys order entry: the first week's protocols first, then by listing day (a random day
    // in the window for early-listed late-comers and for synthetic ids).
    const span = Math.max(1, window.endDay - window.startDay);
    for (const i of first) real(i, -1e9 + Number(cal.roster[i][0]));
    for (let k = first.length; k < atStart; k++) synthetic(-1e9 + 1e6 + k);
    for (const i of later) real(i, listed[i] > window.startDay ? listed[i] : window.startDay + rng.uniform(0, span));
    for (let k = later.length; k < entering; k++) synthetic(window.startDay + rng.uniform(0, span));
    slots.sort((x, y) => x.key - y.key);
    // Issuers: protocols with real mapped tokens. Every sector needs some at all times (real
    // pairs into it exist): wherever fewer than a fifth of the protocols so far (in entry
    // order) issue a token, the next one without a token gets a synthetic symbol, SYN-<id>.
    let issuers = 0;
    slots.forEach((e, k) => {
      if (e.member.tokens.length === 0 && issuers < Math.max(1, 0.2 * (k + 1)))
        e.member.tokens = [`SYN-${e.member.id}`];
      if (e.member.tokens.length > 0) issuers++;
    });
    for (const e of slots) {
      order[s].push(members.length);
      members.push(e.member);
    }
  }
  return { members, order };
}

/** The primary token nodes: in order of how often DeXposure saw them held; synthetic past the list. */
export function primaryTokenList(cal: HistoryCalibration, count: number): { symbols: string[]; freq: number[] } {
  const symbols: string[] = [];
  const freq: number[] = [];
  for (let q = 0; q < count; q++) {
    const real = cal.primaryTokens[q];
    symbols.push(real ? real[0] : `SYN-PRIMARY-${q + 1}`);
    freq.push(real ? Math.max(real[1], 1) : 1);
  }
  return { symbols, freq };
}
