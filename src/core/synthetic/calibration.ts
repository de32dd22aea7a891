// The calibration input of the synthetic history generator: a small plain object holding
// the REAL facts the generator follows (DeXposure's weekly sector totals and node counts,
// real protocol ids/names/categories, real token symbols). `npm run data -- history`
// extracts it from ../shared/data (see calibrationBuild.ts) and commits a copy as
// src/core/synthetic/calibration.json, so the generator runs without the raw files.
import { z } from 'zod';
import { SECTORS } from '../types';

export const CALIBRATION_VERSION = 1;

/**
 * One real protocol: [id, name, category, sector index into SECTORS, TVL in USD on the
 * DefiLlama list of 2023-10-19 (null when the protocol is not on it), chains joined by '|',
 * token symbols it issues joined by '|' (most held first; may be empty)].
 */
export type RosterRow = [
  id: string,
  name: string,
  category: string,
  sector: number,
  tvl: number | null,
  chains: string,
  tokens: string,
];

export interface HistoryCalibration {
  version: number;
  /** Where the numbers come from (shown in the generated file's provenance). */
  source: string;
  /** Sector names, in SECTORS order: the exposure rows/columns and node-count columns follow it. */
  sectors: string[];
  /** Weekly dates (YYYY-MM-DD), increasing. */
  dates: string[];
  /**
   * exposureMillions[t][a * S + b]: the real total USD (millions, 4 significant digits) of the
   * DeXposure links from sector a to sector b in week t.
   */
  exposureMillions: number[][];
  /** nodeCounts[t][s]: real number of nodes of sector s in week t. */
  nodeCounts: number[][];
  /** Date the roster TVLs reflect; the generator anchors its TVL trend there. */
  tvlDate: string;
  /** Total TVL of the whole DefiLlama list of tvlDate: our roster's share of it scales the exposures. */
  totalTvl: number;
  /**
   * When DefiLlama ids were handed out: [id, YYYY-MM-DD] knots, increasing (ids are given as
   * protocols get listed). The generator lets protocols enter around their listing date.
   */
  listingKnots: [id: number, date: string][];
  roster: RosterRow[];
  /** Primary tokens (no issuing protocol: USDT, USDC, WETH…), most held first: [symbol, how often held]. */
  primaryTokens: [symbol: string, frequency: number][];
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const finite = z.number().finite().nonnegative();

export const historyCalibrationSchema = z
  .object({
    version: z.literal(CALIBRATION_VERSION),
    source: z.string(),
    sectors: z.array(z.string()).refine((s) => s.length === SECTORS.length && s.every((x, i) => x === SECTORS[i]), {
      message: `sectors must be exactly ${SECTORS.join(', ')}`,
    }),
    dates: z.array(date).min(1),
    exposureMillions: z.array(z.array(finite).length(SECTORS.length * SECTORS.length)),
    nodeCounts: z.array(z.array(finite).length(SECTORS.length)),
    tvlDate: date,
    totalTvl: finite,
    listingKnots: z.array(z.tuple([z.number().nonnegative(), date])),
    roster: z.array(
      z.tuple([
        z.string().min(1),
        z.string(),
        z.string(),
        z
          .number()
          .int()
          .min(0)
          .max(SECTORS.length - 1),
        finite.nullable(),
        z.string(),
        z.string(),
      ]),
    ),
    primaryTokens: z.array(z.tuple([z.string().min(1), finite])),
  })
  .refine((c) => c.exposureMillions.length === c.dates.length && c.nodeCounts.length === c.dates.length, {
    message: 'exposureMillions and nodeCounts need one row per date',
  })
  .refine((c) => c.dates.every((d, i) => i === 0 || d > c.dates[i - 1]), { message: 'dates must increase' });

/** Throws a readable error when the object is not a calibration input. */
export function checkCalibration(value: unknown): HistoryCalibration {
  const parsed = historyCalibrationSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`invalid history calibration at ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data as HistoryCalibration;
}

/** Rounds to `digits` significant digits (keeps the committed calibration small). */
export function roundSignificant(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}
