// The forecaster's seeded streams: one implementation for the whole project, in src/core/rng.ts.
export { mulberry32, shuffle, subSeed } from '../core/rng';
