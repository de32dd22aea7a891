// The committed calibration (src/core/synthetic/calibration.json, written by
// `npm run data -- history`), for callers that run without ../shared/data: tests,
// benchmarks, a browser worker. A separate module so that importing the generator does not
// pull the ~280 KB file into a bundle.
import data from './calibration.json';
import type { HistoryCalibration } from './calibration';

export const committedCalibration = data as unknown as HistoryCalibration;
