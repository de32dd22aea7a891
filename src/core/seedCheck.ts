// One wording for seeds a scenario cannot use, shared by the CLI and the embed API: an unknown id or
// symbol, or a protocol that the perimeter leaves out (named, with how to include it).
import type { Seed } from './contagion';
import { applyPerimeter, PERIMETER_DESCRIPTIONS, type Perimeter } from './perimeter';
import type { Snapshot } from './types';

/**
 * Problems with `seeds` on `week` seen through `perimeter`, in words (empty when all are usable).
 * `include` says how to widen the perimeter where the caller is (a CLI flag, an embed field).
 */
export function seedProblems(week: Snapshot, perimeter: Perimeter, seeds: Seed[], include: string): string[] {
  const view = applyPerimeter(week, perimeter);
  const inView = new Set(view.ids);
  const symbols = new Set(view.tokens.symbols.map((s) => s.toLowerCase()));
  const problems: string[] = [];
  for (const seed of seeds) {
    if (seed.kind === 'token') {
      if (!symbols.has(seed.symbol.toLowerCase())) problems.push(`unknown token symbol "${seed.symbol}"`);
      continue;
    }
    if (inView.has(seed.id)) continue;
    const i = week.ids.indexOf(seed.id);
    if (i < 0) problems.push(`unknown protocol id "${seed.id}"`);
    else
      problems.push(
        `protocol "${seed.id}" (${week.names[i]}, category ${week.categories[i]}) is outside the ${perimeter} perimeter ` +
          `(${PERIMETER_DESCRIPTIONS[perimeter].denominator}); ${include} to include it`,
      );
  }
  return problems;
}
