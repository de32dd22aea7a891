// One entry point for every snapshot layout.
export { SnapshotError, type SnapshotIssue } from './errors';
export { parseCompact } from './compact';
export { parseDexposure, parseMetaCsv } from './dexposure';
export { COMPACT_FORMAT, COMPACT_VERSION, compactSnapshotSchema } from './compactSchema';
export { parseDatasetJson, parseDatasetText, pickWeek, type ParseOptions } from './parse';
export { parseEdgeListCsv } from './csv';
export { parseDatasetJsonFast, parseDatasetTextFast } from './fast';
export { parseInputFiles, MAX_FILE_BYTES, type InputFile } from './files';
