// Parses the user's own files off the main thread: reads each File in chunks (so the page can
// show progress), then runs the same parser as the CLI and the tests (parseInputFiles). The page
// cancels by terminating the worker, which is always safe: nothing is shared until 'done'.
import '../cspSafe';
import {
  describeLoadError,
  parseInputFiles,
  readFileText,
  type FileLoadReply,
  type FileLoadRequest,
} from './fileLoadCore';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<FileLoadRequest>) => {
  const post = (reply: FileLoadReply) => scope.postMessage(reply);
  try {
    const texts = await readFileText(event.data.files, (loaded, total) => post({ type: 'progress', loaded, total }));
    post({ type: 'parsing' });
    post({ type: 'done', dataset: parseInputFiles(texts) });
  } catch (err) {
    post({ type: 'error', error: describeLoadError(err) });
  }
};
