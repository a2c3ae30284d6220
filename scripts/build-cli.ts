/**
 * Bundles the `sealdesk` command (appliance/cli/main.ts, the service included through `serve` and
 * `start`) with esbuild into dist/cli/<content hash>/, so that a command does not pay for
 * compiling the TypeScript sources at every start (issue 14 item 5; test/bench/cli-start.bench.ts).
 * One chunk per command group (appliance/cli/command-groups.ts imports each lazily): `--version`
 * and `--help` load none. bin/sealdesk.js runs the build while dist/cli/build.json says it is at
 * least as new as every source it was built from, the sources through tsx otherwise.
 *
 *   node --import tsx scripts/build-cli.ts [--out DIR] [--force]
 *
 * (--out: a folder inside the repository, where node_modules is found from; default dist/cli.)
 *
 * Idempotent and quick when nothing changed (setup.sh runs it before every `npm test`): a fresh
 * build is not rebuilt, and a build's folder is named by its content, written whole under a
 * temporary name and renamed, then build.json is renamed into place. The last few folders are
 * kept, so a service still running from an earlier build can load its remaining chunks.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIST = join(ROOT, 'dist/cli');
const KEEP_BUILDS = 3;

/** What bin/sealdesk.js reads: which folder, and the sources whose change makes it stale. */
export interface BuildStamp {
  /** The folder under dist/cli holding sealdesk.js and its chunks. */
  dir: string;
  /** Date.now() when the build began: a source modified later makes the build stale. */
  startedAt: number;
  /** Every project file bundled, relative to the repository root, plus package-lock.json and this script. */
  inputs: string[];
}

/**
 * Loaded from node_modules at run time, not bundled: native addons, packages that read their own
 * files or start workers by path (__dirname: fastify's and swagger-ui's static files, pino's
 * transports, pdf.js' worker and fonts, solc's compiler, anvil's binary), and the loaders.
 */
const EXTERNAL = [
  'pkcs11js',
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'node-hid',
  '@resvg/resvg-js',
  'pdfjs-dist',
  'solc',
  '@foundry-rs/*',
  'fastify',
  'fastify-plugin',
  '@fastify/*',
  'pino',
  'pino-*',
  'thread-stream',
  'tsx',
  'esbuild',
];

/**
 * Bundled from their CommonJS build although they have an ES one: graphene-pk11's ES build does
 * `import * as pkcs11 from "pkcs11js"`, and an ES module sees none of the constants (CKA_…) that
 * pkcs11js' CommonJS exports object gets at run time (every template then fails "Element 0 has
 * wrong type").
 */
const COMMONJS_BUILD = ['graphene-pk11'];

function commonJsBuilds(): Plugin {
  const require = createRequire(join(ROOT, 'package.json'));
  const filter = new RegExp(`^(${COMMONJS_BUILD.join('|')})$`);
  return {
    name: 'commonjs-builds',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter }, (args) => ({ path: require.resolve(args.path) }));
    },
  };
}

/**
 * Packages whose modules do nothing when loaded but define what they export, although their
 * package.json does not say so ("sideEffects": false): esbuild then leaves out the modules a
 * chunk does not use. pdf-lib's index pulls in its whole API (documents, forms, fonts, SVG, with
 * culori and html-entities) where `verify` and `stamp` use only its object model (cli-start bench).
 */
const WITHOUT_SIDE_EFFECTS = ['@cantoo/pdf-lib'];

function withoutSideEffects(): Plugin {
  const inside = WITHOUT_SIDE_EFFECTS.map((name) => `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`);
  return {
    name: 'without-side-effects',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'without-side-effects') return undefined;
        if (!WITHOUT_SIDE_EFFECTS.includes(args.path) && !inside.some((p) => args.importer.includes(p))) return undefined;
        const { path, namespace, external, errors, warnings } = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'without-side-effects' });
        if (errors.length > 0 || external || !inside.some((p) => path.includes(p))) return { path, namespace, external, errors, warnings };
        return { path, namespace, sideEffects: false };
      });
    },
  };
}

/**
 * Modules that find entry points of this build beside themselves (the document pool's worker
 * and jobs module, the PIN check's child process, which are entries of their own below): their
 * import.meta.url stays the chunk's.
 */
const BESIDE_THE_BUILD = ['appliance/document-pool/', 'drivers/pkcs11/pin-login.ts'];

/**
 * Everywhere else import.meta.url names the source file, as when the sources run: templates,
 * the contract's source, the pages' dist and node_modules are found relative to it. The path is
 * written relative to the build's folder, so a moved checkout keeps its build.
 */
function sourceUrls(outDir: string): Plugin {
  return {
    name: 'source-import-meta-url',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        const path = relative(ROOT, args.path).split(sep).join('/');
        if (path.startsWith('node_modules/') || path.startsWith('..') || BESIDE_THE_BUILD.some((p) => path.startsWith(p))) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const fromBuild = relative(outDir, args.path).split(sep).join('/');
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBuild)}, import.meta.url).href`),
          loader: args.path.endsWith('ts') ? 'ts' : 'js',
        };
      });
    },
  };
}

/** The stamp of the build in `distDir`, or why there is no usable one (the same rule as bin/sealdesk.js). */
export async function currentBuild(distDir = CLI_DIST): Promise<{ stamp: BuildStamp } | { stale: string }> {
  let stamp: BuildStamp;
  try {
    stamp = JSON.parse(await readFile(join(distDir, 'build.json'), 'utf8')) as BuildStamp;
  } catch {
    return { stale: `no build in ${distDir}` };
  }
  if (!existsSync(join(distDir, stamp.dir, 'sealdesk.js'))) return { stale: `${stamp.dir} is missing` };
  for (const input of stamp.inputs) {
    const mtime = existsSync(join(ROOT, input)) ? statSync(join(ROOT, input)).mtimeMs : Infinity;
    if (mtime > stamp.startedAt) return { stale: `${input} changed after the build` };
  }
  return { stamp };
}

export interface BuildCliOptions {
  /** Default dist/cli. */
  distDir?: string;
  /** Build even when the current build is fresh. */
  force?: boolean;
}

export async function buildCli(options: BuildCliOptions = {}): Promise<{ dir: string; built: boolean; files: number; bytes: number }> {
  const distDir = options.distDir ?? CLI_DIST;
  if (!options.force) {
    const current = await currentBuild(distDir);
    if ('stamp' in current) return { dir: join(distDir, current.stamp.dir), built: false, files: 0, bytes: 0 };
  }
  const startedAt = Date.now();
  // every build folder sits at the same depth, so the source paths written into the code hold for any of them
  const placeholder = join(distDir, 'build');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      sealdesk: 'appliance/cli/main.ts',
      'worker-main': 'appliance/document-pool/worker-main.js',
      'document-jobs': 'appliance/document-pool/document-jobs.ts',
      // the child process of a PIN check by C_Login on keys without HMAC (drivers/pkcs11/pin-login.ts)
      'pin-login-child': 'drivers/pkcs11/pin-login-child.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // the ES builds of packages without an exports map (pkijs, asn1js, @peculiar/*): tree-shaken,
    // so a command loads less code (verify: 0.55 → 0.48 s CPU in cli-start.bench.ts)
    mainFields: ['module', 'main'],
    splitting: true,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    outdir: placeholder,
    external: EXTERNAL,
    // CommonJS packages bundled into ES modules still call require() for Node's built-ins
    banner: { js: "import { createRequire as __sealdeskRequire } from 'node:module'; const require = __sealdeskRequire(import.meta.url);" },
    plugins: [withoutSideEffects(), commonJsBuilds(), sourceUrls(placeholder)],
    legalComments: 'none',
    // a quarter fewer bytes to read and parse; names are kept, so stack traces still say where
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const hash = createHash('sha256');
  for (const file of [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) hash.update(relative(placeholder, file.path)).update(file.contents);
  const dir = hash.digest('hex').slice(0, 16);
  const target = join(distDir, dir);
  if (!existsSync(target)) {
    const temporary = join(distDir, `.${dir}-${process.pid}`);
    for (const file of result.outputFiles) {
      const path = join(temporary, relative(placeholder, file.path));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.contents);
    }
    // a parallel build of the same sources may have won the race: same content, keep theirs
    await rename(temporary, target).catch(async () => rm(temporary, { recursive: true, force: true }));
  }
  const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/') && !p.startsWith('..')), 'package-lock.json', 'scripts/build-cli.ts'].sort();
  const stamp: BuildStamp = { dir, startedAt, inputs };
  const stampPath = join(distDir, 'build.json');
  await writeFile(`${stampPath}.${process.pid}`, `${JSON.stringify(stamp, null, 1)}\n`);
  await rename(`${stampPath}.${process.pid}`, stampPath);
  // what each chunk holds, for https://esbuild.github.io/analyze/ or a look at what a command loads
  await writeFile(join(distDir, 'meta.json'), JSON.stringify(result.metafile));
  await pruneBuilds(distDir, dir);
  return { dir: target, built: true, files: result.outputFiles.length, bytes: result.outputFiles.reduce((n, f) => n + f.contents.length, 0) };
}

/** Keeps the current build and the newest few before it. */
async function pruneBuilds(distDir: string, current: string): Promise<void> {
  const names = (await readdir(distDir, { withFileTypes: true })).filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name) && e.name !== current);
  const dated = await Promise.all(names.map(async (e) => ({ name: e.name, mtime: (await stat(join(distDir, e.name))).mtimeMs })));
  for (const old of dated.sort((a, b) => b.mtime - a.mtime).slice(KEEP_BUILDS - 1)) await rm(join(distDir, old.name), { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const out = process.argv.indexOf('--out');
  const { dir, built, files, bytes } = await buildCli({ ...(out > 0 ? { distDir: resolve(process.argv[out + 1]!) } : {}), force: process.argv.includes('--force') });
  console.log(
    built
      ? `sealdesk cli: ${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${dir} (${Date.now() - started} ms)`
      : `sealdesk cli: ${dir} is up to date (${Date.now() - started} ms)`,
  );
}
