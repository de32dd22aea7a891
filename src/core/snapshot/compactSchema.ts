// Our compact snapshot format, version 1 (documented in README "Compact snapshot format").
// Rows are tuples rather than objects: a paper-scale week stays a few MB of JSON.
import { z } from 'zod';
import { SECTORS } from '../types';

import { MAX_COORDINATE, MAX_USD } from './compactBounds';
import { COMPACT_FORMAT, COMPACT_VERSION } from './compactFormat';

export { COMPACT_FORMAT, COMPACT_VERSION, MAX_COORDINATE, MAX_USD };

const USD_MESSAGE = 'expected a finite number ≥ 0';
/** A USD amount: finite, not negative, at most MAX_USD (zod 4 numbers already reject ±Infinity and NaN). */
export const usd = z
  .number({ error: USD_MESSAGE })
  .nonnegative({ error: USD_MESSAGE })
  .max(MAX_USD, { error: `expected at most ${MAX_USD} USD (the ceiling for any amount)` });
const COORDINATE_MESSAGE = `expected a finite coordinate between -${MAX_COORDINATE} and ${MAX_COORDINATE}`;
const coordinate = z
  .number({ error: COORDINATE_MESSAGE })
  .min(-MAX_COORDINATE, { error: COORDINATE_MESSAGE })
  .max(MAX_COORDINATE, { error: COORDINATE_MESSAGE });

/**
 * A record keyed by ids or symbols, which are data: any string, "__proto__" and "constructor"
 * included. zod's z.record drops a "__proto__" key and its output inherits Object.prototype, so
 * this reads the object as a Map and returns a null-prototype record (no inherited keys).
 */
export function idRecord<V extends z.ZodType>(
  value: V,
  key: z.ZodType<string> = z.string(),
): z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>> {
  return z.preprocess(
    (x) => (isPlainObject(x) ? new Map(Object.entries(x)) : x),
    z.map(key, value, { error: 'expected an object' }).transform(recordOf),
  ) as unknown as z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>>;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A null-prototype record of the entries: `record[id]` is only ever an own value. */
export function recordOf<V>(entries: Iterable<[string, V]>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}
/** Ids are strings; a numeric id (as DefiLlama's) is accepted and turned into its decimal string. */
export const nodeId = z
  .union([z.string().min(1).max(200), z.number().int().nonnegative()], {
    error: 'expected an id (a non-empty string or a whole number)',
  })
  .transform(String);
const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const provenanceSchema = z.object({
  source: z.string().min(1),
  date: dateString,
  synthetic: z.boolean(),
  credit: z.string().min(1),
  licence: z.string().optional(),
  notes: z.string().optional(),
  coverage: z.record(z.string(), z.number().finite()).optional(),
});

export const protocolSchema = z.object({
  id: nodeId,
  name: z.string().max(500),
  category: z.string().max(200),
  sector: z.enum(SECTORS),
  chains: z.array(z.string().max(200)).max(500).default([]),
  /** TVL in USD for the latest week (and every week without its own `tvl` map). */
  tvl: usd,
});

export const tokenSchema = z.object({
  symbol: z.string().min(1).max(200),
  /** Issuing protocol id; null for a primary token (USDC, WETH…) or an unmapped one. */
  issuer: nodeId.nullable(),
  /** Primary tokens have no issuer and become token nodes of their own, as in DeXposure. */
  primary: z.boolean().default(false),
  /** How the issuer was decided (a rule id such as `native`, `market-token`, `hand`): for audits. */
  rule: z.string().max(200).optional(),
});

export const weekSchema = z.object({
  date: dateString,
  /** Per-week TVL by protocol id. When present, protocols missing from it are absent that week. */
  tvl: idRecord(usd).optional(),
  /** [holder id, token symbol, USD]. */
  holdings: z.array(z.tuple([nodeId, z.string().min(1).max(200), usd])).default([]),
  /** [holder id, issuer id, USD]: derived from holdings when omitted. */
  edges: z.array(z.tuple([nodeId, nodeId, usd])).optional(),
});

export const compactSnapshotSchema = z.object({
  format: z.literal(COMPACT_FORMAT),
  version: z.literal(COMPACT_VERSION),
  name: z.string().min(1).max(200),
  title: z.string().min(1).max(500),
  provenance: provenanceSchema,
  protocols: z.array(protocolSchema),
  tokens: z.array(tokenSchema).default([]),
  weeks: z.array(weekSchema).min(1),
  /** Optional precomputed positions by node id (protocols and token nodes). */
  layout: idRecord(z.tuple([coordinate, coordinate])).optional(),
});

export type CompactSnapshotFile = z.input<typeof compactSnapshotSchema>;
export type CompactSnapshot = z.output<typeof compactSnapshotSchema>;
