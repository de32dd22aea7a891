// The fast path of snapshot validation: plain loops over the arrays that accept exactly what the
// zod schemas (compactSchema.ts, dexposure.ts) accept and return the same value zod would (same
// defaults, same transforms: numeric ids become decimal strings, unknown object keys are left
// out, records skip a "__proto__" key). They never explain a problem: on anything they do not
// accept they return null and the caller runs zod, which names the path and what was wrong, so
// error messages are zod's, unchanged. tests/unit/fastValidate.test.ts runs both on valid,
// invalid and fuzzed inputs and checks that they agree.
//
// zod takes most of a paper-scale parse (≈30k holding and edge tuples through generic union,
// tuple and transform machinery); these loops take a few milliseconds.
import { SECTORS } from '../types';
import { COMPACT_FORMAT, COMPACT_VERSION } from './compactFormat';
import type { CompactSnapshot } from './compactSchema';
import type { DexposureData } from './dexposure';

type Obj = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SECTOR_SET: ReadonlySet<unknown> = new Set(SECTORS);
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * An object zod reads like we do: not null, not an array, with the plain prototype. Anything else
 * (class instances, objects with symbol keys in records) is left to zod, whatever it makes of it.
 */
function isPlain(x: unknown): x is Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A record (z.record): a plain object with no symbol keys. */
function isPlainRecord(x: unknown): x is Obj {
  return isPlain(x) && Object.getOwnPropertySymbols(x).length === 0;
}

function isString(x: unknown, min: number, max: number): x is string {
  return typeof x === 'string' && x.length >= min && x.length <= max;
}

/** z.number(): finite (zod 4 rejects NaN and ±Infinity). */
function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** `usd`: a finite number ≥ 0. */
function isUsd(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** `nodeId`: a string of 1–200 characters as is, a safe whole number ≥ 0 as its decimal string; else null. */
function nodeId(x: unknown): string | null {
  if (typeof x === 'string') return x.length >= 1 && x.length <= 200 ? x : null;
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return String(x);
  return null;
}

/**
 * An optional key (`.optional()` / `.nullish()`): zod leaves an absent key out of its output and
 * keeps a present one, even when its value is undefined. Returns false when the key is absent.
 */
function present(input: Obj, key: string): boolean {
  return key in input;
}

/**
 * z.record(z.string(), usd): every value a USD amount; a "__proto__" key is skipped, unread. zod
 * copies the record; an ordinary object with nothing to skip is returned as it is (equal to the
 * copy, and nothing downstream modifies it).
 */
function usdRecord(x: unknown, maxKeyLength = Infinity): Record<string, number> | null {
  if (!isPlainRecord(x)) return null;
  let skipped = false;
  for (const key of Object.keys(x)) {
    if (key === '__proto__') {
      skipped = true;
      continue;
    }
    if (key.length > maxKeyLength || !isUsd(x[key])) return null;
  }
  if (!skipped && Object.getPrototypeOf(x) === Object.prototype) return x as Record<string, number>;
  const out: Record<string, number> = {};
  for (const key of Object.keys(x)) if (key !== '__proto__') out[key] = x[key] as number;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Compact format (compactSchema.ts)

function provenance(x: unknown): CompactSnapshot['provenance'] | null {
  if (!isPlain(x)) return null;
  const { source, date, synthetic, credit, licence, notes, coverage } = x;
  if (!isString(source, 1, Infinity) || typeof date !== 'string' || !DATE.test(date)) return null;
  if (typeof synthetic !== 'boolean' || !isString(credit, 1, Infinity)) return null;
  const out: CompactSnapshot['provenance'] = { source, date, synthetic, credit };
  if (licence !== undefined) {
    if (typeof licence !== 'string') return null;
    out.licence = licence;
  } else if (present(x, 'licence')) out.licence = undefined;
  if (notes !== undefined) {
    if (typeof notes !== 'string') return null;
    out.notes = notes;
  } else if (present(x, 'notes')) out.notes = undefined;
  if (coverage !== undefined) {
    if (!isPlainRecord(coverage)) return null;
    const c: Record<string, number> = {};
    for (const key of Object.keys(coverage)) {
      if (key === '__proto__') continue;
      const v = coverage[key];
      if (!isNumber(v)) return null;
      c[key] = v;
    }
    out.coverage = c;
  } else if (present(x, 'coverage')) out.coverage = undefined;
  return out;
}

function protocols(x: unknown): CompactSnapshot['protocols'] | null {
  if (!Array.isArray(x)) return null;
  const out: CompactSnapshot['protocols'] = new Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as unknown;
    if (!isPlain(p)) return null;
    const id = nodeId(p.id);
    const { name, category, sector, tvl } = p;
    if (id === null || !isString(name, 0, 500) || !isString(category, 0, 200)) return null;
    if (!SECTOR_SET.has(sector) || !isUsd(tvl)) return null;
    let chains: string[];
    if (p.chains === undefined) chains = [];
    else {
      const c = p.chains;
      if (!Array.isArray(c) || c.length > 500) return null;
      chains = new Array<string>(c.length);
      for (let k = 0; k < c.length; k++) {
        const s = c[k] as unknown;
        if (!isString(s, 0, 200)) return null;
        chains[k] = s;
      }
    }
    out[i] = { id, name, category, sector: sector as CompactSnapshot['protocols'][number]['sector'], chains, tvl };
  }
  return out;
}

function tokens(x: unknown): CompactSnapshot['tokens'] | null {
  if (x === undefined) return [];
  if (!Array.isArray(x)) return null;
  const out: CompactSnapshot['tokens'] = new Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const t = x[i] as unknown;
    if (!isPlain(t)) return null;
    const { symbol } = t;
    if (!isString(symbol, 1, 200)) return null;
    // issuer: nodeId.nullable(), required (an absent key is an error).
    let issuer: string | null = null;
    if (t.issuer !== null) {
      issuer = nodeId(t.issuer);
      if (issuer === null) return null;
    }
    const primary = t.primary === undefined ? false : t.primary;
    if (typeof primary !== 'boolean') return null;
    if (t.rule !== undefined && !isString(t.rule, 0, 200)) return null;
    out[i] = t.rule === undefined ? { symbol, issuer, primary } : { symbol, issuer, primary, rule: t.rule };
  }
  return out;
}

/**
 * [nodeId, string, usd] rows (holdings) or [nodeId, nodeId, usd] rows (edges). zod returns new
 * tuples equal to these; rows that need no transform (string ids) are returned as they are, and
 * so is the whole array when no row needs one: nothing downstream modifies or keeps them.
 */
function rows(x: unknown, secondIsId: boolean): [string, string, number][] | null {
  if (!Array.isArray(x)) return null;
  let out: [string, string, number][] | null = null;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] as unknown;
    if (!Array.isArray(r) || r.length !== 3) return null;
    const a = nodeId(r[0]);
    const b = secondIsId ? nodeId(r[1]) : isString(r[1], 1, 200) ? (r[1] as string) : null;
    const usd = r[2] as unknown;
    if (a === null || b === null || !isUsd(usd)) return null;
    if (a !== r[0] || b !== r[1]) {
      out ??= (x as [string, string, number][]).slice(0, i);
      out.push([a, b, usd]);
    } else if (out) out.push(r as [string, string, number]);
  }
  return out ?? (x as [string, string, number][]);
}

function weeks(x: unknown): CompactSnapshot['weeks'] | null {
  if (!Array.isArray(x) || x.length < 1) return null;
  const out: CompactSnapshot['weeks'] = new Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const w = x[i] as unknown;
    if (!isPlain(w)) return null;
    const { date } = w;
    if (typeof date !== 'string' || !DATE.test(date)) return null;
    const week: CompactSnapshot['weeks'][number] = { date, holdings: [] };
    if (w.tvl !== undefined) {
      const tvl = usdRecord(w.tvl);
      if (!tvl) return null;
      week.tvl = tvl;
    } else if (present(w, 'tvl')) week.tvl = undefined;
    if (w.holdings !== undefined) {
      const holdings = rows(w.holdings, false);
      if (!holdings) return null;
      week.holdings = holdings;
    }
    if (w.edges !== undefined) {
      const edges = rows(w.edges, true);
      if (!edges) return null;
      week.edges = edges;
    } else if (present(w, 'edges')) week.edges = undefined;
    // zod's key order: date, tvl, holdings, edges.
    out[i] = reorder(week, ['date', 'tvl', 'holdings', 'edges']);
  }
  return out;
}

function layout(x: unknown): Record<string, [number, number]> | null {
  if (!isPlainRecord(x)) return null;
  const out: Record<string, [number, number]> = {};
  for (const key of Object.keys(x)) {
    if (key === '__proto__') continue;
    const p = x[key];
    if (!Array.isArray(p) || p.length !== 2) return null;
    const [a, b] = p as unknown[];
    if (!isNumber(a) || !isNumber(b)) return null;
    out[key] = [a, b];
  }
  return out;
}

/** The object's keys in zod's output order (the schema's), for identical JSON of the result. */
function reorder<T extends object>(o: T, order: string[]): T {
  const out = {} as Record<string, unknown>;
  for (const k of order) if (hasOwn.call(o, k)) out[k] = (o as Record<string, unknown>)[k];
  return out as T;
}

/** What `compactSnapshotSchema.parse(json)` returns, or null where zod must decide (and explain). */
export function fastCompact(json: unknown): CompactSnapshot | null {
  if (!isPlain(json)) return null;
  if (json.format !== COMPACT_FORMAT || json.version !== COMPACT_VERSION) return null;
  const { name, title } = json;
  if (!isString(name, 1, 200) || !isString(title, 1, 500)) return null;
  const prov = provenance(json.provenance);
  if (!prov) return null;
  const ps = protocols(json.protocols);
  if (!ps) return null;
  const ts = tokens(json.tokens);
  if (!ts) return null;
  const ws = weeks(json.weeks);
  if (!ws) return null;
  const out: CompactSnapshot = {
    format: COMPACT_FORMAT,
    version: COMPACT_VERSION,
    name,
    title,
    provenance: prov,
    protocols: ps,
    tokens: ts,
    weeks: ws,
  };
  if (json.layout !== undefined) {
    const l = layout(json.layout);
    if (!l) return null;
    out.layout = l;
  } else if (present(json, 'layout')) out.layout = undefined;
  return out;
}

// ---------------------------------------------------------------------------------------------
// DeXposure layout (dexposure.ts)

type DexWeek = DexposureData['data'][string];

function dexNodes(x: unknown): DexWeek['nodes'] | null {
  if (!Array.isArray(x)) return null;
  const out: DexWeek['nodes'] = new Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const n = x[i] as unknown;
    if (!isPlain(n)) return null;
    const id = nodeId(n.id);
    const size = n.size;
    if (id === null || !isUsd(size)) return null;
    const node: DexWeek['nodes'][number] = { id, size };
    const c = n.composition;
    if (c === null) node.composition = null;
    else if (c !== undefined) {
      const composition = usdRecord(c, 200);
      if (!composition) return null;
      node.composition = composition;
    } else if (present(n, 'composition')) node.composition = undefined;
    out[i] = node;
  }
  return out;
}

function dexLinks(x: unknown): DexWeek['links'] | null {
  if (x === undefined) return [];
  if (!Array.isArray(x)) return null;
  const out: DexWeek['links'] = new Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const l = x[i] as unknown;
    if (!isPlain(l)) return null;
    const source = nodeId(l.source);
    const target = nodeId(l.target);
    const size = l.size;
    if (source === null || target === null || !isUsd(size)) return null;
    out[i] = { source, target, size };
  }
  return out;
}

/** What `dexposureSchema.parse(json)` returns, or null where zod must decide (and explain). */
export function fastDexposure(json: unknown): DexposureData | null {
  if (!isPlain(json) || !isPlainRecord(json.data)) return null;
  const data = json.data;
  const out: DexposureData['data'] = {};
  for (const key of Object.keys(data)) {
    if (key === '__proto__') continue;
    if (!DATE.test(key)) return null;
    const w = data[key];
    if (!isPlain(w)) return null;
    const nodes = dexNodes(w.nodes);
    if (!nodes) return null;
    const links = dexLinks(w.links);
    if (!links) return null;
    out[key] = { nodes, links };
  }
  return { data: out };
}
