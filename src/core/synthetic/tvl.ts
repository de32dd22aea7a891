// TVL paths: log TVL = base size + a sector trend (the smoothed log activity of the real sector
// series) + an idiosyncratic AR process with momentum and rare jumps + the entry ramp / exit
// decline of the protocol's lifecycle.
import type { Rng } from '../rng';
import type { HistoryCalibration } from './calibration';
import { HISTORY_PARAMS, S } from './params';
import type { Population } from './population';

/** Causal exponentially smoothed log activity of each sector, anchored at the roster's TVL date. */
export function sectorTrends(cal: HistoryCalibration, beta: number, halfLife: number): number[][] {
  const alpha = 1 - Math.exp(-Math.LN2 / halfLife);
  const n = cal.dates.length;
  let ref = 0;
  for (let t = 0; t < n; t++) if (cal.dates[t] <= cal.tvlDate) ref = t;
  const ema = cal.dates.map(() => new Array<number>(S).fill(0));
  for (let s = 0; s < S; s++) {
    let e = NaN;
    for (let t = 0; t < n; t++) {
      let activity = 0;
      for (let b = 0; b < S; b++) activity += cal.exposureMillions[t][s * S + b] + cal.exposureMillions[t][b * S + s];
      const x = Math.log(activity + 1); // millions of USD; +1 keeps empty early weeks finite
      e = Number.isNaN(e) ? x : e + alpha * (x - e);
      ema[t][s] = e;
    }
  }
  return ema.map((row) => row.map((e, s) => beta * (e - ema[ref][s])));
}

/** Each protocol's TVL path, advanced one week at a time. */
export class TvlPaths {
  /** Entrants start at this share of their size… */
  readonly entryStart: Float64Array;
  /** …and grow towards it with this time constant (weeks). */
  readonly rampTau: Float64Array;
  /** Log TVL lost per week while declining, and the total lost so far. */
  readonly declineRate: Float64Array;
  readonly declined: Float64Array;
  /**
   * Degree target before scaling (∝ TVL^degreeTvlExponent × lognormal noise): used by the edge
   * process, drawn here in the same loop as the lifecycle traits (the stream order is the output).
   */
  readonly degreeBase: Float64Array;
  /** Idiosyncratic log level and its momentum. */
  readonly u: Float64Array;
  readonly mom: Float64Array;
  /** u + lifecycle, and its change this week (the issuer coupling of edge weights). */
  readonly idio: Float64Array;
  readonly dIdio: Float64Array;
  readonly logTvl: Float64Array;

  constructor(
    private readonly pop: Population,
    /** trend[t][s]: the sector trend of each week of the window. */
    private readonly trend: number[][],
    private readonly rng: Rng,
  ) {
    const P = HISTORY_PARAMS;
    const NP = pop.NP;
    this.declineRate = new Float64Array(NP);
    this.declined = new Float64Array(NP);
    this.entryStart = new Float64Array(NP);
    this.rampTau = new Float64Array(NP);
    this.u = new Float64Array(NP);
    this.mom = new Float64Array(NP);
    this.idio = new Float64Array(NP);
    this.dIdio = new Float64Array(NP);
    this.logTvl = new Float64Array(NP);
    this.degreeBase = new Float64Array(NP);
    for (let p = 0; p < NP; p++) {
      this.entryStart[p] = rng.uniform(P.entryStart[0], P.entryStart[1]);
      this.rampTau[p] = rng.uniform(P.rampWeeks[0], P.rampWeeks[1]);
      this.declineRate[p] = rng.uniform(P.declinePerWeek[0], P.declinePerWeek[1]);
      this.degreeBase[p] = Math.exp(P.degreeTvlExponent * pop.members[p].baseLog + P.degreeNoiseSd * rng.normal());
    }
  }

  /** Log of the entry ramp (0 for week 0's protocols) minus the decline so far. */
  lifecycle(p: number, t: number): number {
    const age = t - this.pop.enteredAt[p];
    const ramp =
      age > 1e5 ? 0 : Math.log(this.entryStart[p] + (1 - this.entryStart[p]) * (1 - Math.exp(-age / this.rampTau[p])));
    return ramp - this.declined[p];
  }

  /** The entry ramp in (0, 1]: 1 for week 0's protocols. */
  ramp01(p: number, t: number): number {
    const age = t - this.pop.enteredAt[p];
    return age > 1e5 ? 1 : this.entryStart[p] + (1 - this.entryStart[p]) * (1 - Math.exp(-age / this.rampTau[p]));
  }

  /** Advances every alive protocol to week t (`first`: week 0, no step, only the level). */
  update(t: number, first: boolean): void {
    const P = HISTORY_PARAMS;
    const { pop, rng, u, mom, idio, dIdio, logTvl } = this;
    for (let p = 0; p < pop.NP; p++) {
      if (!pop.alive[p]) continue;
      if (!first) {
        mom[p] = P.momentumPhi * mom[p] + P.momentumSd * rng.normal();
        let shock = P.noiseSd * rng.normal();
        if (rng.chance(P.jumpProb)) shock += P.jumpSd * rng.normal();
        u[p] = (1 - P.meanReversion) * u[p] + mom[p] + shock;
        if (pop.doomedAt[p] <= t) this.declined[p] += this.declineRate[p];
      }
      const next = u[p] + this.lifecycle(p, t);
      dIdio[p] = first || t === pop.enteredAt[p] ? 0 : next - idio[p];
      idio[p] = next;
      logTvl[p] = pop.members[p].baseLog + this.trend[t][pop.members[p].sector] + next;
    }
  }
}
