// Bundles the command line (src/cli/main.ts) into dist-cli/cli.mjs for plain `node`: no TypeScript
// loader at run time, one file to read for contagion/metrics/sweep. train and evaluate (tfjs) are
// split into chunks loaded only when those commands run. Run by `npm run build`, and by
// scripts/cli.mjs whenever the bundle is missing or older than its sources.
//   node scripts/build-cli.mjs
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = join(ROOT, 'dist-cli');
/** Written last: its presence means a complete bundle; lists what the bundle was built from. */
export const INPUTS_FILE = join(CLI_DIR, 'inputs.json');

/** Writes through a temporary name and a rename, so a concurrent run never reads half a file. */
async function writeAtomically(path, contents) {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, path);
}

export async function buildCli() {
  const { build } = await import('esbuild');
  // Sources edited from now on are newer than the bundle, even those edited while it builds.
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: CLI_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies (tfjs's Node builds) call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __cliCreateRequire } from 'node:module';\nconst require = __cliCreateRequire(import.meta.url);",
    },
    // Node does not tree-shake: keep every import a package's "sideEffects" field would let a
    // bundler drop (tfjs registers its backends and kernels by importing modules for their effects).
    ignoreAnnotations: true,
    // Less source for Node to compile on every start; names are kept for readable stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: false,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  await mkdir(join(CLI_DIR, 'chunks'), { recursive: true });
  const entry = join(CLI_DIR, 'cli.mjs');
  const written = new Set();
  // Chunks and maps first, the entry after them, the inputs list last.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const file of files) {
    await writeAtomically(file.path, file.contents);
    written.add(file.path);
  }
  for (const name of await readdir(join(CLI_DIR, 'chunks'))) {
    const path = join(CLI_DIR, 'chunks', name);
    if (!written.has(path) && !name.endsWith('.tmp')) await rm(path, { force: true });
  }
  // Our own sources (a dependency change shows in package-lock.json), relative to the root.
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes('node_modules/'))
    .map((p) => relative(ROOT, resolve(ROOT, p)))
    .concat(['package-lock.json', 'scripts/build-cli.mjs'])
    .sort();
  await writeAtomically(INPUTS_FILE, `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
  return { entry, inputs: inputs.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { entry } = await buildCli();
  console.log(`${relative(process.cwd(), entry)} built in ${Math.round(performance.now() - started)} ms`);
}
