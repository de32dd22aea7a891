// The compact format's name and version, without the zod schema (compactSchema.ts), for code that
// must not load zod: the fast reading path (fast.ts) and whatever only writes the format.
export const COMPACT_FORMAT = 'defi-exposure-compact';
export const COMPACT_VERSION = 1;
