// `cli -- audit-tokens`: the token -> issuer mapping table of a compact snapshot, for review:
// symbol, issuer (id and name), the rule or hand entry that decided it and its reason, USD held.
// Works on the shipped file alone (the rule ids are in the file; the reasons are in our code).
import { parseArgs } from 'node:util';
import { HAND_TOKENS } from './dataBuild/handTokens';
import { marketTokenRule, RULE_REASONS } from './dataBuild/tokenRules';
import { compactSnapshotSchema } from '../core/snapshot/compactSchema';
import { readTextFile } from './io';
import { numberOption, rejectRepeats, UsageError } from './options';

export const DEFAULT_AUDIT_SNAPSHOT = 'public/data/defillama-2026-09-02.json';

export interface AuditRow {
  symbol: string;
  issuer: string | null;
  issuer_name: string | null;
  /** primary: a token node of its own; issuer: a protocol issues it; unmapped: a holding with no edge. */
  kind: 'issuer' | 'primary' | 'unmapped';
  rule: string;
  why: string;
  held_usd: number;
}

function reasonOf(symbol: string, rule: string): string {
  if (rule === 'hand') return HAND_TOKENS[symbol]?.why ?? RULE_REASONS.hand;
  if (rule === 'market-token') return marketTokenRule(symbol)?.why ?? RULE_REASONS['market-token'];
  return RULE_REASONS[rule] ?? rule;
}

export async function auditTokensCommand(args: string[]): Promise<unknown> {
  const { values, tokens } = parseArgs({
    args,
    options: { snapshot: { type: 'string' }, 'min-usd': { type: 'string' }, markdown: { type: 'boolean' } },
    allowPositionals: false,
    tokens: true,
  });
  rejectRepeats(tokens, []);
  const minUsd = numberOption(values['min-usd'], 'min-usd', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const path = values.snapshot ?? DEFAULT_AUDIT_SNAPSHOT;
  const text = await readTextFile(path, '--snapshot'); // file errors: the one-line ones of every command
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`audit-tokens: ${path} is not JSON: ${(err as Error).message}`);
  }
  const parsed = compactSnapshotSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `audit-tokens: ${path} is not a valid compact snapshot (the DeXposure layout carries no token table): ${parsed.error.issues[0]?.message ?? ''}`,
    );
  const file = parsed.data;
  const week = file.weeks[file.weeks.length - 1];
  const held = new Map<string, number>();
  for (const [, symbol, usd] of week.holdings) held.set(symbol, (held.get(symbol) ?? 0) + usd);
  const names = new Map(file.protocols.map((p) => [p.id, p.name]));
  const bySymbol = new Map(file.tokens.map((t) => [t.symbol, t]));
  const rows: AuditRow[] = [...held]
    .map(([symbol, usd]) => {
      const t = bySymbol.get(symbol);
      const kind: AuditRow['kind'] = t?.issuer ? 'issuer' : t?.primary ? 'primary' : 'unmapped';
      const rule = t?.rule ?? 'unmapped';
      return {
        symbol,
        issuer: t?.issuer ?? null,
        issuer_name: t?.issuer ? (names.get(t.issuer) ?? null) : null,
        kind,
        rule,
        why: reasonOf(symbol, rule),
        held_usd: Math.round(usd * 100) / 100,
      };
    })
    .filter((r) => r.held_usd >= minUsd)
    .sort((a, b) => b.held_usd - a.held_usd || (a.symbol < b.symbol ? -1 : 1));
  const total = [...held.values()].reduce((s, x) => s + x, 0);
  const share = (kind: AuditRow['kind']) =>
    total > 0
      ? [...held]
          .filter(
            ([s]) => (bySymbol.get(s)?.issuer ? 'issuer' : bySymbol.get(s)?.primary ? 'primary' : 'unmapped') === kind,
          )
          .reduce((s, [, u]) => s + u, 0) / total
      : 0;
  if (values.markdown) {
    const lines = [
      '| symbol | issuer | rule | why | USD held |',
      '| --- | --- | --- | --- | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.symbol} | ${r.issuer ? `${r.issuer_name ?? r.issuer} (${r.issuer})` : r.kind} | ${r.rule} | ${r.why.replace(/\|/g, '\\|')} | ${(r.held_usd / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} M |`,
      ),
    ];
    return { markdown: lines.join('\n') };
  }
  return {
    dataset: file.name,
    date: week.date,
    held_usd_total: Math.round(total * 100) / 100,
    held_shares: { issuer: share('issuer'), primary: share('primary'), unmapped: share('unmapped') },
    coverage_of_pool_usd: file.provenance.coverage ?? null,
    rows,
  };
}
