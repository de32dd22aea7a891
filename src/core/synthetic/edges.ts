// The edge process: persistent holder → issuer edges. Each week edge log-weights follow an
// AR(1) around an edge-specific level (plus the issuer's own TVL moves); a share of edges dies,
// small and declining ones first; new edges fill each holder's degree target, either towards a
// 2-hop neighbour or towards a sector drawn from the real sector shares and then an issuer by
// preferential attachment (size × in-degree).
import { WeightedSampler, type Rng } from '../rng';
import { SECTORS } from '../types';
import { clamp, HISTORY_PARAMS, PMT, S } from './params';
import type { Population } from './population';
import type { TvlPaths } from './tvl';

export interface Edge {
  src: number;
  dst: number;
  level: number;
  ell: number;
  prevEll: number;
  /** Shares of the issuer's tokens (null for a token node target). */
  split: number[] | null;
}

interface NodeSampler {
  nodes: number[];
  sampler: WeightedSampler;
}

export class EdgeProcess {
  /** Live edges, keyed by src * NN + dst. Insertion order is the order of the output rows. */
  readonly edges = new Map<number, Edge>();
  readonly inCount: Int32Array;
  readonly outCount: Int32Array;
  private outAdj: number[][] = [];
  private inAdj: number[][] = [];
  /** Week-level samplers (rebuilt each round of births: preferential attachment sees new in-degrees). */
  private targetSamplers: NodeSampler[] = [];
  private pairSamplers: WeightedSampler[] = [];
  private holderSampler: NodeSampler = { nodes: [], sampler: new WeightedSampler([]) };
  /** The week being built. */
  private t = 0;

  constructor(
    private readonly pop: Population,
    private readonly tvl: TvlPaths,
    /** realTotals[t][a * S + b]: the real USD total of sector pair (a, b) in week t of the window. */
    private readonly realTotals: number[][],
    private readonly rng: Rng,
  ) {
    this.inCount = new Int32Array(pop.NN);
    this.outCount = new Int32Array(pop.NN);
  }

  get size(): number {
    return this.edges.size;
  }

  /** Sector pair index a * S + b of an edge. */
  pairOf(e: Edge): number {
    return this.pop.members[e.src].sector * S + this.pop.sectorOf(e.dst);
  }

  /** Edges whose sector pair has a real total in week t (the others are dormant that week). */
  activeCount(t: number): number {
    let n = 0;
    for (const e of this.edges.values()) if (this.realTotals[t][this.pairOf(e)] > 0) n++;
    return n;
  }

  /** Removes the edges of nodes that have left; returns how many. */
  removeDetached(): number {
    const { alive } = this.pop;
    let killed = 0;
    for (const [key, e] of this.edges)
      if (!alive[e.src] || !alive[e.dst]) {
        this.removeEdge(key, e);
        killed++;
      }
    return killed;
  }

  /** One AR(1) step of every edge's log-weight, with the issuer's own TVL move. */
  driftWeights(): void {
    const P = HISTORY_PARAMS;
    const { rng } = this;
    const { NP } = this.pop;
    const { dIdio } = this.tvl;
    for (const e of this.edges.values()) {
      e.prevEll = e.ell;
      e.ell +=
        P.edgeTheta * (e.level - e.ell) + P.edgeSd * rng.normal() + (e.dst < NP ? P.issuerCoupling * dIdio[e.dst] : 0);
    }
  }

  /** Removes about `deaths` edges at week t: below their level, small, shrinking or with a declining end first. */
  thin(t: number, deaths: number): void {
    const { edges, rng, inCount } = this;
    if (!(deaths > 0 && edges.size > 0)) return;
    const { NP, doomedAt } = this.pop;
    const { logTvl } = this.tvl;
    const list: [number, Edge][] = [...edges];
    const hazard = new Float64Array(list.length);
    let medianish = 0;
    for (const [, e] of list) medianish += logTvl[e.src] + e.ell;
    medianish /= list.length;
    let sum = 0;
    list.forEach(([, e], i) => {
      let h = Math.exp(clamp(-(e.ell - e.level), -3, 3) - 0.25 * clamp(logTvl[e.src] + e.ell - medianish, -8, 8));
      if (e.ell < e.prevEll) h *= 1.5;
      if (doomedAt[e.src] <= t || (e.dst < NP && doomedAt[e.dst] <= t)) h *= 3;
      if (inCount[e.dst] === 1) h *= 0.1; // keep a token node's last holder
      hazard[i] = h;
      sum += h;
    });
    list.forEach(([key, e], i) => {
      if (rng.next() < Math.min(0.9, (deaths * hazard[i]) / sum)) this.removeEdge(key, e);
    });
  }

  rebuildAdjacency(): void {
    const { NN } = this.pop;
    this.outAdj = Array.from({ length: NN }, () => []);
    this.inAdj = Array.from({ length: NN }, () => []);
    for (const e of this.edges.values()) {
      this.outAdj[e.src].push(e.dst);
      this.inAdj[e.dst].push(e.src);
    }
  }

  /**
   * Adds up to `count` edges at week t towards a total of `edgeTarget` (`initial`: week 0, edges
   * at their level). First every alive token node gets a holder and every sector pair with a real
   * total this week an edge, then holders below their degree target draw new edges.
   */
  addEdges(t: number, count: number, edgeTarget: number, initial: boolean): void {
    this.t = t;
    const { pop, edges, inCount } = this;
    const { NP, NN, alive, exitAt, members } = pop;
    const rng = this.rng;
    // Every listed token node has at least one holder (a token node exists when held).
    this.buildSamplers(edgeTarget);
    let added = 0;
    for (let q = NP; q < NN; q++) {
      if (!alive[q] || inCount[q] > 0 || exitAt[q] <= t + 1) continue;
      for (let attempt = 0; attempt < 20; attempt++) {
        const i = this.holderSampler.sampler.sample(rng);
        if (i < 0) break;
        if (this.newEdge(this.holderSampler.nodes[i], q, initial)) {
          added++;
          break;
        }
      }
    }
    // Every sector pair with a real total this week has at least one edge (when both ends exist).
    const pairCount = new Int32Array(S * S);
    for (const e of edges.values()) pairCount[members[e.src].sector * S + pop.sectorOf(e.dst)]++;
    const holdersOf: number[][] = SECTORS.map(() => []);
    for (const p of this.holderSampler.nodes) holdersOf[members[p].sector].push(p);
    const targets = this.targetSamplers;
    for (let a = 0; a < S; a++)
      for (let b = 0; b < S; b++) {
        if (pairCount[a * S + b] > 0 || this.realNow(a, b) <= 0 || !holdersOf[a].length || !targets[b].nodes.length)
          continue;
        for (let attempt = 0; attempt < 20; attempt++) {
          const j = targets[b].sampler.sample(rng);
          if (j >= 0 && this.newEdge(rng.pick(holdersOf[a]), targets[b].nodes[j], initial)) {
            added++;
            break;
          }
        }
      }
    const rounds = initial ? 6 : 2;
    for (let r = 0; r < rounds && added < count; r++) {
      if (r > 0) this.buildSamplers(edgeTarget);
      const quota = Math.ceil((count - added) / (rounds - r));
      for (let k = 0, fails = 0; k < quota && fails < 4 * quota + 100;) {
        const i = this.holderSampler.sampler.sample(rng);
        if (i < 0) return;
        if (this.tryAdd(this.holderSampler.nodes[i], initial)) {
          k++;
          added++;
        } else fails++;
      }
    }
  }

  private realNow(a: number, b: number): number {
    return this.realTotals[this.t][a * S + b];
  }

  private removeEdge(key: number, e: Edge): void {
    this.edges.delete(key);
    this.outCount[e.src]--;
    this.inCount[e.dst]--;
  }

  private buildSamplers(edgeTarget: number): void {
    const P = HISTORY_PARAMS;
    const { pop, t, inCount, outCount, realTotals } = this;
    const { NP, NN, alive, exitAt, tokenFreq } = pop;
    const { logTvl, degreeBase } = this.tvl;
    const targetSamplers = SECTORS.map(() => ({ nodes: [] as number[], sampler: new WeightedSampler([]) }));
    const weights: number[][] = SECTORS.map(() => []);
    for (let v = 0; v < NN; v++) {
      if (!alive[v] || !pop.isIssuer(v) || exitAt[v] <= t + 1) continue;
      const s = pop.sectorOf(v);
      targetSamplers[s].nodes.push(v);
      const size = v < NP ? Math.exp(0.5 * (logTvl[v] - 20)) : Math.pow(tokenFreq[v - NP], 1.0);
      weights[s].push(size * Math.pow(1 + inCount[v], 0.5));
    }
    for (let s = 0; s < S; s++) targetSamplers[s].sampler = new WeightedSampler(weights[s]);
    this.targetSamplers = targetSamplers;
    this.pairSamplers = SECTORS.map(
      (_, a) =>
        new WeightedSampler(
          SECTORS.map((__, b) => {
            if (a === PMT || this.realNow(a, b) <= 0 || targetSamplers[b].nodes.length === 0) return 0;
            let sum = 0;
            const lo = Math.max(0, t - P.pairWindow + 1);
            for (let k = lo; k <= t; k++) sum += realTotals[k][a * S + b];
            return Math.pow(sum / (t - lo + 1), P.pairExponent);
          }),
        ),
    );
    // Holders: alive protocols, by how far they are below their degree target.
    let base = 0;
    const holders: number[] = [];
    for (let p = 0; p < NP; p++)
      if (alive[p] && exitAt[p] > t + 1) {
        holders.push(p);
        base += degreeBase[p] * this.tvl.ramp01(p, t);
      }
    const c = base > 0 ? edgeTarget / base : 0;
    this.holderSampler = {
      nodes: holders,
      sampler: new WeightedSampler(
        holders.map((p) => {
          const want = c * degreeBase[p] * this.tvl.ramp01(p, t);
          return Math.max(0, want - outCount[p]) + 0.02 * want;
        }),
      ),
    };
  }

  private newEdge(src: number, dst: number, initial: boolean): boolean {
    const P = HISTORY_PARAMS;
    const { pop, edges, rng } = this;
    const { NP, NN, members } = pop;
    if (src === dst || !pop.alive[dst] || !pop.isIssuer(dst)) return false;
    if (this.realNow(members[src].sector, pop.sectorOf(dst)) <= 0) return false;
    const key = src * NN + dst;
    if (edges.has(key)) return false;
    const level = P.edgeLevelSd * rng.normal();
    const ell = initial
      ? level + 0.3 * rng.normal()
      : level - rng.uniform(P.newEdgeShortfall[0], P.newEdgeShortfall[1]);
    let split: number[] | null = null;
    if (dst < NP) {
      const k = members[dst].tokens.length;
      if (k === 1 || rng.chance(0.5)) {
        // One token: the issuer's most held one, usually.
        split = new Array<number>(k).fill(0);
        let r = 0;
        while (r < k - 1 && rng.chance(0.3)) r++;
        split[r] = 1;
      } else {
        const g = Array.from({ length: k }, (_, r) => rng.next() ** 2 / (r + 1));
        const sum = g.reduce((a, b) => a + b, 0) || 1;
        split = g.map((x) => x / sum);
      }
    }
    edges.set(key, { src, dst, level, ell, prevEll: ell, split });
    this.outCount[src]++;
    this.inCount[dst]++;
    this.outAdj[src].push(dst);
    this.inAdj[dst].push(src);
    return true;
  }

  /** A 2-hop candidate: what one of my issuers holds, or what a co-holder of one of my issuers holds. */
  private twoHop(h: number): number {
    const { outAdj, inAdj, rng } = this;
    const mine = outAdj[h];
    if (mine.length === 0) return -1;
    const k = rng.pick(mine);
    if (k < this.pop.NP && outAdj[k].length > 0 && rng.chance(0.5)) return rng.pick(outAdj[k]);
    const coHolders = inAdj[k];
    if (coHolders.length < 2) return -1;
    const c = rng.pick(coHolders);
    return c === h || outAdj[c].length === 0 ? -1 : rng.pick(outAdj[c]);
  }

  private tryAdd(h: number, initial: boolean): boolean {
    const { rng } = this;
    for (let attempt = 0; attempt < 8; attempt++) {
      if (this.outAdj[h].length > 0 && rng.chance(HISTORY_PARAMS.twoHopShare)) {
        const j = this.twoHop(h);
        if (j >= 0 && this.newEdge(h, j, initial)) return true;
        continue;
      }
      const b = this.pairSamplers[this.pop.members[h].sector].sample(rng);
      if (b < 0) return false;
      const pick = this.targetSamplers[b].sampler.sample(rng);
      if (pick >= 0 && this.newEdge(h, this.targetSamplers[b].nodes[pick], initial)) return true;
    }
    return false;
  }
}
