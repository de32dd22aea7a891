// A history crosses from the worker week by week, and each week arrives with its own copy of every
// id, name, category and chain list, though consecutive weeks mostly list the same nodes. Sharing
// them on arrival keeps a 50-week history's strings once instead of 50 times on the page: less
// memory, and far less for the garbage collector to walk (its pauses were the page's longest
// tasks after a big load). Snapshots are never mutated, so sharing is safe.
import type { Snapshot } from '../../core/types';

type NodeLists = Pick<Snapshot, 'ids' | 'names' | 'categories' | 'sectors' | 'kinds'>;
const LISTS: (keyof NodeLists)[] = ['ids', 'names', 'categories', 'sectors', 'kinds'];

/** Strings and chain lists seen so far in one load, to hand out one object per distinct value. */
export interface SharePool {
  strings: Map<string, string>;
  chains: Map<string, string[]>;
}

export function newSharePool(): SharePool {
  return { strings: new Map(), chains: new Map() };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function intern(pool: Map<string, string>, s: string): string {
  const found = pool.get(s);
  if (found !== undefined) return found;
  pool.set(s, s);
  return s;
}

/**
 * The week with its node lists taken from `previous` where they are equal, otherwise made of the
 * pool's strings; chain lists shared by content. Same values, fewer objects.
 */
export function shareWithPrevious(week: Snapshot, previous: Snapshot | undefined, pool: SharePool): Snapshot {
  const out: Snapshot = { ...week };
  for (const key of LISTS) {
    const list = week[key] as string[];
    const before = previous?.[key] as string[] | undefined;
    (out[key] as string[]) = before && sameList(list, before) ? before : list.map((s) => intern(pool.strings, s));
  }
  const chainsBefore = previous?.chains;
  const sameChains =
    chainsBefore &&
    chainsBefore.length === week.chains.length &&
    week.chains.every((c, i) => sameList(c, chainsBefore[i]));
  out.chains = sameChains
    ? chainsBefore
    : week.chains.map((c) => {
        const key = JSON.stringify(c); // exact, whatever the names hold
        let found = pool.chains.get(key);
        if (!found) pool.chains.set(key, (found = c));
        return found;
      });
  const symbols = previous?.tokens.symbols;
  if (symbols && sameList(symbols, week.tokens.symbols)) out.tokens = { ...week.tokens, symbols };
  return out;
}
