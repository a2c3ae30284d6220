/**
 * Bundles the pages (appliance/pages/src, preact + TSX) with esbuild into appliance/pages/dist:
 * index.html, app.js, app.css, chunks/ (code split: pdf.js only loads on the counter) and pdfjs/
 * (its worker, CJK cMaps, standard fonts and WASM decoders) — everything the terminal serves itself
 * (no CDN: the hall may be offline). Fast (a fraction of a second) and idempotent: setup.sh runs it before every
 * `npm start` / `npm test`. Each file is written to a temporary name and renamed, so test files
 * building in parallel never serve a half-written bundle.
 *
 *   node --import tsx scripts/build-pages.ts [--dev]
 */
import { cp, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const PAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../appliance/pages');
export const PAGES_DIST = join(PAGES_DIR, 'dist');

export interface BuildPagesOptions {
  outDir?: string;
  /** Minified without source maps (the default); `dev` keeps names and inlines a source map. */
  dev?: boolean;
}

export async function buildPages(options: BuildPagesOptions = {}): Promise<{ outDir: string; files: string[] }> {
  const outDir = options.outDir ?? PAGES_DIST;
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(PAGES_DIR, 'src/main.tsx') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: !options.dev,
    sourcemap: options.dev ? 'inline' : false,
    legalComments: 'none',
    outdir: outDir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
    logLevel: 'silent',
  });
  const files: string[] = [];
  const tag = `${process.pid}-${Date.now()}`;
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(`${file.path}.${tag}`, file.contents);
    await rename(`${file.path}.${tag}`, file.path);
    files.push(file.path);
  }
  // chunks of earlier builds (their names carry the content hash) are dropped
  const chunks = join(outDir, 'chunks');
  const current = new Set(result.outputFiles.map((f) => f.path));
  for (const name of await readdir(chunks).catch(() => [] as string[])) {
    if (!current.has(join(chunks, name)) && !name.includes('.js.')) await rm(join(chunks, name), { force: true });
  }
  files.push(...(await copyPdfjsAssets(outDir)));
  const html = join(outDir, 'index.html');
  await copyFile(join(PAGES_DIR, 'src/index.html'), `${html}.${tag}`);
  await rename(`${html}.${tag}`, html);
  files.push(html);
  return { outDir, files };
}

/**
 * pdf.js's worker, cMaps (Chinese text in PDFs whose fonts are not embedded), standard fonts and
 * WASM image decoders, copied once per pdfjs-dist version (a stamp file says which).
 */
async function copyPdfjsAssets(outDir: string): Promise<string[]> {
  const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const { version } = JSON.parse(await readFile(join(pdfjsRoot, 'package.json'), 'utf8')) as { version: string };
  const target = join(outDir, 'pdfjs');
  const stamp = join(target, '.version');
  if ((await readFile(stamp, 'utf8').catch(() => '')) === version) return [];
  await mkdir(target, { recursive: true });
  for (const dir of ['cmaps', 'standard_fonts', 'wasm']) await cp(join(pdfjsRoot, dir), join(target, dir), { recursive: true });
  const tag = `${process.pid}-${Date.now()}`;
  await copyFile(join(pdfjsRoot, 'build/pdf.worker.min.mjs'), join(target, `pdf.worker.min.mjs.${tag}`));
  await rename(join(target, `pdf.worker.min.mjs.${tag}`), join(target, 'pdf.worker.min.mjs'));
  await writeFile(stamp, version);
  return [target];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { outDir, files } = await buildPages({ dev: process.argv.includes('--dev') });
  console.log(`sealdesk pages: ${files.length} files in ${outDir} (${Date.now() - started} ms)`);
}
