// The compact format (v1), once validated, normalised week by week into the in-memory model.
// No zod here: fast.ts reads valid files without loading it.
import type { CompactSnapshot } from './compactSchema';
import { COMPACT_FORMAT } from './compactFormat';
import { buildSnapshot, countsToWarnings, emptyCounts, type RawNode, type RawToken } from './build';
import { SnapshotError, type SnapshotIssue } from './errors';
import type { Dataset } from '../types';

const hasOwn = Object.prototype.hasOwnProperty;

export function isCompactLayout(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === COMPACT_FORMAT;
}

/** The checks zod cannot express (duplicates, order, references), then the weeks. */
export function compactToDataset(file: CompactSnapshot, fileName?: string): Dataset {
  const issues: SnapshotIssue[] = [];
  const protocolAt = new Map<string, number>();
  file.protocols.forEach((p, i) => {
    const first = protocolAt.get(p.id);
    if (first !== undefined)
      issues.push({ path: `protocols[${i}].id`, message: `duplicate id "${p.id}" (first at protocols[${first}])` });
    else protocolAt.set(p.id, i);
  });
  const tokenAt = new Map<string, number>();
  let unknownIssuers = 0;
  const tokens: RawToken[] = file.tokens.map((t, i) => {
    const first = tokenAt.get(t.symbol);
    if (first !== undefined)
      issues.push({
        path: `tokens[${i}].symbol`,
        message: `duplicate symbol "${t.symbol}" (first at tokens[${first}])`,
      });
    else tokenAt.set(t.symbol, i);
    if (t.primary && t.issuer !== null)
      issues.push({ path: `tokens[${i}]`, message: 'a primary token cannot have an issuer' });
    if (t.primary && protocolAt.has(t.symbol))
      issues.push({ path: `tokens[${i}].symbol`, message: `primary token "${t.symbol}" clashes with a protocol id` });
    if (t.issuer !== null && !protocolAt.has(t.issuer)) {
      // Treated like an edge to an unknown node: the token keeps no issuer, and we say so.
      unknownIssuers++;
      return { symbol: t.symbol, issuer: null };
    }
    // A primary token is its own node: its holders point at it.
    return { symbol: t.symbol, issuer: t.primary ? t.symbol : t.issuer };
  });
  file.weeks.forEach((w, wi) => {
    if (wi > 0 && w.date <= file.weeks[wi - 1].date)
      issues.push({
        path: `weeks[${wi}].date`,
        message: `weeks must be in increasing date order, got ${w.date} after ${file.weeks[wi - 1].date}`,
      });
    for (const id of Object.keys(w.tvl ?? {}))
      if (!protocolAt.has(id))
        issues.push({ path: `weeks[${wi}].tvl[${JSON.stringify(id)}]`, message: `unknown protocol id "${id}"` });
  });
  if (issues.length) throw new SnapshotError(issues, fileName);

  const primary = file.tokens.filter((t) => t.primary).map((t) => t.symbol);
  const primarySet = new Set(primary);
  const counts = emptyCounts();
  const ctx = { dataset: file.name, title: file.title, provenance: file.provenance, tokens, layout: file.layout };
  const weeks = file.weeks.map((w) => {
    const nodes: RawNode[] = [];
    for (const p of file.protocols) {
      const tvl = w.tvl ? (hasOwn.call(w.tvl, p.id) ? w.tvl[p.id] : undefined) : p.tvl;
      if (tvl === undefined) continue;
      nodes.push({
        id: p.id,
        name: p.name,
        category: p.category,
        sector: p.sector,
        kind: 'protocol',
        chains: p.chains,
        tvl,
      });
    }
    // Token nodes exist in a week when something holds them; their size is what is held.
    // (Indexed loops: tens of thousands of rows, often run once, cold, by the command line.)
    const held = new Map<string, number>();
    const { holdings, edges } = w;
    if (primarySet.size > 0) {
      for (let k = 0; k < holdings.length; k++) {
        const symbol = holdings[k][1];
        if (primarySet.has(symbol)) held.set(symbol, (held.get(symbol) ?? 0) + holdings[k][2]);
      }
      if (edges && held.size === 0)
        for (let k = 0; k < edges.length; k++) {
          const target = edges[k][1];
          if (primarySet.has(target)) held.set(target, (held.get(target) ?? 0) + edges[k][2]);
        }
    }
    for (const symbol of primary) {
      const tvl = held.get(symbol);
      if (tvl === undefined) continue;
      nodes.push({
        id: symbol,
        name: symbol,
        category: 'Primary token',
        sector: 'Primary Market Tokens',
        kind: 'token',
        chains: [],
        tvl,
      });
    }
    return buildSnapshot({ date: w.date, nodes, edges: w.edges ?? null, holdings: w.holdings }, ctx, counts);
  });
  const warnings = countsToWarnings(counts);
  if (unknownIssuers)
    warnings.push(`${unknownIssuers} token(s) name an issuer that is not in the file; kept without an issuer`);
  return { name: file.name, title: file.title, provenance: file.provenance, weeks, warnings };
}
