// Parses the user's own files off the main thread: reads each File's bytes in chunks (so the page
// can show progress), builds the dataset (a DeXposure history week by week, holding one week's
// JSON at a time; anything else through the same parser as the CLI and the tests), hands it over
// week by week (typed arrays moved, not copied) with the union graph to lay out; a fresh worker of
// the same module then lays it out with the page's own layout code, so that the page never runs a
// long task for a big file. The page cancels by terminating the worker, which is always safe: the
// page keeps nothing of a load until 'done'.
import '../cspSafe';
import { parseInputBytesByWeek } from '../../core/snapshot/files';
import { computeLayout, shippedPositions, unionBuilder } from '../layout';
import {
  bytesToText,
  describeLoadError,
  packPositions,
  packUnion,
  parseInputFiles,
  readFileBytes,
  unionBuffers,
  unpackUnion,
  type FileLoadReply,
  type FileLoadRequest,
} from './fileLoadCore';
import type { Snapshot } from '../../core/types';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: FileLoadReply, transfer: Transferable[] = []) => scope.postMessage(reply, transfer);

/** The buffers of a week's own typed arrays (the builder allocates each one afresh), moved to the
 * page with the week: the worker has no use for them once the union graph has seen the week. */
function weekBuffers(week: Snapshot): ArrayBuffer[] {
  const { edges, holdings } = week;
  const arrays = [week.tvl, edges.source, edges.target, edges.weight, holdings.node, holdings.token, holdings.usd];
  return [...new Set([...arrays, week.tokens.issuer].map((a) => a.buffer as ArrayBuffer))];
}

/** Reads, builds and hands over the weeks, then the union graph to lay out (null when the file
 * ships its own layout). */
async function readBuildAndSend(files: File[]): Promise<void> {
  const read = await readFileBytes(files, (loaded, total) => post({ type: 'progress', loaded, total }));
  post({ type: 'parsing' });
  const union = unionBuilder();
  const send = (week: Snapshot, index: number, count: number) => {
    union.add(week);
    post({ type: 'week', index, count, week }, weekBuffers(week));
  };
  // A DeXposure history: each week is sent as soon as it is built, and not kept here.
  let dataset = parseInputBytesByWeek(read, send, true);
  let needsLayout = true;
  if (!dataset) {
    dataset = parseInputFiles(read.map(bytesToText));
    needsLayout = !shippedPositions(dataset);
    const weeks = dataset.weeks;
    weeks.forEach((week, index) => send(week, index, weeks.length));
  }
  const { weeks: _weeks, ...header } = dataset;
  const packed = needsLayout ? packUnion(union.graph) : null;
  post({ type: 'done', header, union: packed }, packed ? unionBuffers(packed) : []);
}

scope.onmessage = async (event: MessageEvent<FileLoadRequest>) => {
  const request = event.data;
  if ('layout' in request) {
    try {
      post({ type: 'layout', layout: packPositions(computeLayout(unpackUnion(request.layout))) });
    } catch {
      post({ type: 'layout', layout: null }); // the page then lays it out as for a shipped dataset
    }
    return;
  }
  try {
    await readBuildAndSend(request.files);
  } catch (err) {
    post({ type: 'error', error: describeLoadError(err) });
  }
};
