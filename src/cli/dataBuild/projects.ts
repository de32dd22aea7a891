// Joins the pool file's `project` slugs to DefiLlama protocol ids (pure).
import { slugOfName } from './tokens';
import type { MetaEntry, ProtocolRow } from './types';

/**
 * Pool projects whose DefiLlama name changed since DeXposure's metadata, so their slug no
 * longer matches the old name. Each is the same DefiLlama protocol (same id), renamed.
 */
export const PROJECT_ALIASES: Record<string, { id: string; why: string }> = {
  'liquity-v1': { id: '270', why: '"Liquity" was renamed "Liquity V1" when Liquity V2 launched' },
  'puffer-stake': { id: '4088', why: '"Puffer Finance" liquid restaking, listed as "Puffer Stake" today' },
  'the-vault-liquid-staking': {
    id: '4751',
    why: '"The Vault" Solana liquid staking (vSOL), listed with its product name today',
  },
  'usual-usd0': { id: '4882', why: '"Usual Money", the issuer of USD0, listed by its product today' },
};

export type ProjectJoin =
  { id: string; via: 'defillama' | 'alias' | 'meta-name' | 'protocols-2023-name' } | { id: string; via: 'slug' };

/**
 * Node id of every pool project: its DefiLlama id from the protocol list (by slug), from our alias
 * table, or from an exact slug match of a DeXposure meta_df / 2023 protocols.json name; else the
 * slug itself (lower case, so it cannot clash with numeric ids or upper-case token symbols).
 */
export function joinProjects(
  slugs: string[],
  protocols: ProtocolRow[],
  metaNames: Map<string, MetaEntry>,
  protocols2023Names: { id: string; name: string }[],
  aliases: Record<string, { id: string }> = PROJECT_ALIASES,
): Map<string, ProjectJoin> {
  const bySlug = new Map(protocols.map((p) => [p.slug, p.id]));
  const metaSlug = uniqueSlugIndex([...metaNames].map(([id, m]) => ({ id, name: m.name })));
  const pjSlug = uniqueSlugIndex(protocols2023Names);
  const out = new Map<string, ProjectJoin>();
  for (const slug of slugs) {
    if (out.has(slug)) continue;
    const top = bySlug.get(slug);
    if (top !== undefined) out.set(slug, { id: top, via: 'defillama' });
    else if (aliases[slug]) out.set(slug, { id: aliases[slug].id, via: 'alias' });
    else if (metaSlug.get(slug)) out.set(slug, { id: metaSlug.get(slug)!, via: 'meta-name' });
    else if (pjSlug.get(slug)) out.set(slug, { id: pjSlug.get(slug)!, via: 'protocols-2023-name' });
    else out.set(slug, { id: slug, via: 'slug' });
  }
  return out;
}

/** slug -> id, leaving out slugs that two different ids share (an ambiguous name is no join). */
function uniqueSlugIndex(rows: { id: string; name: string }[]): Map<string, string | null> {
  const index = new Map<string, string | null>();
  for (const { id, name } of rows) {
    const s = slugOfName(name);
    const seen = index.get(s);
    if (seen === undefined) index.set(s, id);
    else if (seen !== id) index.set(s, null);
  }
  return index;
}
