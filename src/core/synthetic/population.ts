// Protocol lifecycles: the nodes alive each week (protocols 0 … NP − 1, then primary token nodes
// NP … NN − 1), when each entered, when a protocol starts declining and when a node leaves.
// Entrants come in the roster's entry order; leavers are chosen among small, declining nodes.
import { WeightedSampler, type Rng } from '../rng';
import { clamp, PMT, S } from './params';
import type { Member } from './roster';

export class Population {
  /** Protocols: node ids 0 … NP − 1 (index into members). */
  readonly NP: number;
  /** Primary token nodes: node ids NP … NN − 1 (index − NP into tokenSymbols). */
  readonly NT: number;
  readonly NN: number;
  readonly alive: Uint8Array;
  /** Week a node entered (week 0's first nodes: −1e6 + 1, "a long time ago"). */
  readonly enteredAt: Int32Array;
  /** Week a node leaves (1e9: not planned). */
  readonly exitAt: Int32Array;
  /** Week a protocol started declining towards its exit (1e9: not declining). */
  readonly doomedAt: Int32Array;
  /** Position of each sector's next entrant in order[s]. */
  private readonly nextEntrant = new Array<number>(S).fill(0);
  private nextToken = 0;

  constructor(
    readonly members: Member[],
    /** order[s]: the protocols of sector s in entry order. */
    readonly order: number[][],
    readonly tokenSymbols: string[],
    /** How often DeXposure saw each primary token held (≥ 1). */
    readonly tokenFreq: number[],
  ) {
    this.NP = members.length;
    this.NT = tokenSymbols.length;
    this.NN = this.NP + this.NT;
    this.alive = new Uint8Array(this.NN);
    this.enteredAt = new Int32Array(this.NN).fill(-1e6);
    this.exitAt = new Int32Array(this.NN).fill(1e9);
    this.doomedAt = new Int32Array(this.NN).fill(1e9);
  }

  sectorOf(v: number): number {
    return v < this.NP ? this.members[v].sector : PMT;
  }

  /** Token nodes and protocols that issue a token can be held (be an edge's target). */
  isIssuer(v: number): boolean {
    return v >= this.NP || this.members[v].tokens.length > 0;
  }

  /** The next counts[s] protocols of each sector and the next counts[PMT] token nodes enter at week t. */
  enterNext(counts: number[], t: number): void {
    const { order, nextEntrant } = this;
    for (let s = 0; s < S; s++) {
      if (s === PMT) continue;
      for (let k = 0; k < counts[s] && nextEntrant[s] < order[s].length; k++) this.enter(order[s][nextEntrant[s]++], t);
    }
    for (let k = 0; k < counts[PMT] && this.nextToken < this.NT; k++) this.enter(this.NP + this.nextToken++, t);
  }

  private enter(v: number, t: number): void {
    this.alive[v] = 1;
    this.enteredAt[v] = t;
  }

  /** Nodes whose exit week has come leave. */
  leave(t: number): void {
    for (let v = 0; v < this.NN; v++) if (this.alive[v] && this.exitAt[v] <= t) this.alive[v] = 0;
  }

  aliveCount(): number {
    let n = 0;
    for (let v = 0; v < this.NN; v++) n += this.alive[v];
    return n;
  }

  /**
   * At week t, picks counts[s] nodes of each sector to leave at week `at`: protocols start
   * declining now (small ones and those losing momentum first, never newcomers), token nodes
   * little held and rarely seen first.
   */
  planExits(
    counts: number[],
    at: number,
    t: number,
    tvl: { logTvl: Float64Array; mom: Float64Array },
    inCount: Int32Array,
    rng: Rng,
  ): void {
    for (let s = 0; s < S; s++) {
      if (s === PMT) this.planTokenExits(counts[s], at, t, inCount, rng);
      else this.doom(s, counts[s], at, t, tvl, rng);
    }
  }

  private doom(
    s: number,
    count: number,
    at: number,
    t: number,
    { logTvl, mom }: { logTvl: Float64Array; mom: Float64Array },
    rng: Rng,
  ): void {
    if (count <= 0) return;
    const { alive, doomedAt, enteredAt, exitAt } = this;
    const order = this.order[s];
    const cands: number[] = [];
    const w: number[] = [];
    let mean = 0;
    let n = 0;
    for (const p of order) {
      if (!alive[p]) continue;
      mean += logTvl[p];
      n++;
    }
    mean = n ? mean / n : 0;
    for (const p of order) {
      if (!alive[p] || doomedAt[p] < 1e9 || t - enteredAt[p] < 8) continue;
      cands.push(p);
      w.push(Math.exp(clamp(-0.7 * (logTvl[p] - mean) - 20 * mom[p], -20, 20)));
    }
    for (let k = 0; k < count && cands.length; k++) {
      const i = new WeightedSampler(w).sample(rng);
      if (i < 0) break;
      const p = cands[i];
      doomedAt[p] = t;
      exitAt[p] = at;
      w[i] = 0;
    }
  }

  private planTokenExits(count: number, at: number, t: number, inCount: Int32Array, rng: Rng): void {
    const { alive, enteredAt, exitAt, NP } = this;
    const cands: number[] = [];
    const w: number[] = [];
    for (let q = NP; q < this.NN; q++) {
      if (!alive[q] || exitAt[q] < 1e9 || t - enteredAt[q] < 4) continue;
      cands.push(q);
      w.push(1 / ((1 + inCount[q]) * Math.sqrt(this.tokenFreq[q - NP])));
    }
    for (let k = 0; k < count && cands.length; k++) {
      const i = new WeightedSampler(w).sample(rng);
      if (i < 0) break;
      exitAt[cands[i]] = at;
      w[i] = 0;
    }
  }
}
