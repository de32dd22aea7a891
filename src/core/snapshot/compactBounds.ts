// Magnitude bounds on input files (README "Input formats"); no zod here, so the fast path can use them.

/**
 * The largest USD amount a file may hold (1e15, a thousand trillion): hundreds of times all of
 * DeFi. Sums and products of amounts under it stay far from overflow, so no result is ever
 * Infinity or NaN.
 */
export const MAX_USD = 1e15;
/** The largest layout coordinate in either direction: far beyond any layout, well inside Float32. */
export const MAX_COORDINATE = 1e6;

/** Files above this are refused before parsing (the app) or reading (the CLI): a tab must never freeze on a runaway file. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
