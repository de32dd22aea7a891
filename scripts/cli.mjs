// `npm run cli -- …`: the command line as a prebuilt bundle run by plain `node`. Builds
// dist-cli/ first (scripts/build-cli.mjs, about a second) when it is missing or any of its
// sources is newer than it; otherwise the only extra work is a stat of each source file.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function stale() {
  let meta;
  try {
    meta = JSON.parse(readFileSync(new URL('dist-cli/inputs.json', root), 'utf8'));
  } catch {
    return 'missing';
  }
  for (const input of meta.inputs) {
    try {
      if (statSync(new URL(input, root)).mtimeMs > meta.builtAt) return `${input} changed`;
    } catch {
      return `${input} is gone`;
    }
  }
  return null;
}

const reason = stale();
if (reason) {
  // stderr, so that stdout stays the command's JSON.
  process.stderr.write(`cli: building dist-cli/ (${reason})\n`);
  const { buildCli } = await import('./build-cli.mjs');
  await buildCli();
}
await import(new URL('dist-cli/cli.mjs', root).href);
