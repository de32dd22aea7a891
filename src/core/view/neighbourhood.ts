// k-hop neighbourhoods on the exposure graph. Edge p→q means p holds tokens issued by q, so
// "out" follows what a node holds (its debtors), "in" who holds it (its creditors, the way a loss
// travels), "both" either.
import type { Snapshot } from '../types';

export type HopDirection = 'in' | 'out' | 'both';
export const HOP_DIRECTIONS: readonly HopDirection[] = ['in', 'out', 'both'];
export const MAX_HOPS = 3;

interface Adjacency {
  outStart: Int32Array;
  out: Int32Array;
  inStart: Int32Array;
  in: Int32Array;
}

const cache = new WeakMap<Snapshot, Adjacency>();

function adjacency(snapshot: Snapshot): Adjacency {
  let adj = cache.get(snapshot);
  if (adj) return adj;
  const { n } = snapshot;
  const { m, source, target } = snapshot.edges;
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    outStart[source[e] + 1]++;
    inStart[target[e] + 1]++;
  }
  for (let i = 0; i < n; i++) {
    outStart[i + 1] += outStart[i];
    inStart[i + 1] += inStart[i];
  }
  const out = new Int32Array(m);
  const inn = new Int32Array(m);
  const o = outStart.slice(0, n);
  const p = inStart.slice(0, n);
  for (let e = 0; e < m; e++) {
    out[o[source[e]]++] = target[e];
    inn[p[target[e]]++] = source[e];
  }
  adj = { outStart, out, inStart, in: inn };
  cache.set(snapshot, adj);
  return adj;
}

/**
 * Hop distance from `start` of every node within k hops (breadth-first), -1 beyond. The start is 0.
 */
export function hopDistances(snapshot: Snapshot, start: number, k: number, direction: HopDirection): Int8Array {
  const dist = new Int8Array(snapshot.n).fill(-1);
  if (start < 0 || start >= snapshot.n) return dist;
  const adj = adjacency(snapshot);
  dist[start] = 0;
  let frontier = [start];
  for (let hop = 1; hop <= k && frontier.length; hop++) {
    const next: number[] = [];
    const visit = (j: number) => {
      if (dist[j] < 0) {
        dist[j] = hop;
        next.push(j);
      }
    };
    for (const i of frontier) {
      if (direction !== 'in') for (let x = adj.outStart[i]; x < adj.outStart[i + 1]; x++) visit(adj.out[x]);
      if (direction !== 'out') for (let x = adj.inStart[i]; x < adj.inStart[i + 1]; x++) visit(adj.in[x]);
    }
    frontier = next;
  }
  return dist;
}

/** The node a neighbourhood starts from: a node id, or a token symbol (its issuer, or its own token node). */
export function resolveFocus(snapshot: Snapshot, key: string): number {
  const i = snapshot.ids.indexOf(key);
  if (i >= 0) return i;
  const t = snapshot.tokens.symbols.findIndex((s) => s.toLowerCase() === key.toLowerCase());
  if (t >= 0 && snapshot.tokens.issuer[t] >= 0) return snapshot.tokens.issuer[t];
  return snapshot.ids.findIndex((id) => id.toLowerCase() === key.toLowerCase());
}

export interface Neighbourhood {
  focus: string;
  hops: number;
  direction: HopDirection;
  /** Fade the rest (default) or hide it. */
  hideRest: boolean;
}

/** URL: hood=<id or token>:<k>:<in|out|both>[:hide]. */
export function readNeighbourhoodParam(raw: string | null, problems: string[]): Neighbourhood | null {
  if (raw === null || raw === '') return null;
  const parts = raw.split(':');
  const hideRest = parts[parts.length - 1] === 'hide';
  if (hideRest) parts.pop();
  const direction = (parts.length >= 3 ? parts.pop() : 'both') as HopDirection;
  const hops = parts.length >= 2 ? Number(parts.pop()) : 1;
  const focus = parts.join(':');
  if (!focus || !HOP_DIRECTIONS.includes(direction) || !Number.isInteger(hops) || hops < 1 || hops > MAX_HOPS) {
    problems.push(`hood="${raw}" must be <id>:<1-${MAX_HOPS}>:<in|out|both>[:hide]`);
    return null;
  }
  return { focus, hops, direction, hideRest };
}

export function writeNeighbourhoodParam(h: Neighbourhood): string {
  return `${h.focus}:${h.hops}:${h.direction}${h.hideRest ? ':hide' : ''}`;
}
