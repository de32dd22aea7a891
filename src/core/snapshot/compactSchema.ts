// Our compact snapshot format, version 1 (documented in README "Compact snapshot format").
// Rows are tuples rather than objects: a paper-scale week stays a few MB of JSON.
import { z } from 'zod';
import { SECTORS } from '../types';

import { COMPACT_FORMAT, COMPACT_VERSION } from './compactFormat';

export { COMPACT_FORMAT, COMPACT_VERSION };

const USD_MESSAGE = 'expected a finite number ≥ 0';
/** A USD amount: finite and not negative (zod 4 numbers already reject ±Infinity and NaN). */
export const usd = z.number({ error: USD_MESSAGE }).nonnegative({ error: USD_MESSAGE });
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
  tvl: z.record(z.string(), usd).optional(),
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
  layout: z.record(z.string(), z.tuple([z.number().finite(), z.number().finite()])).optional(),
});

export type CompactSnapshotFile = z.input<typeof compactSnapshotSchema>;
export type CompactSnapshot = z.output<typeof compactSnapshotSchema>;
