/**
 * Two checks over the whole import graph that dependency-cruiser's rules cannot express; reads
 * `depcruise --output-type json` on stdin (`npm run layers`).
 *
 * 1. No folder cycles. `circular` sees files only: here every module is folded into its folder
 *    (the first two path segments: appliance/seals, drivers/pkcs11, firmware-bridge/link), and any
 *    strongly connected group of folders fails, with one import named for each arrow.
 * 2. No simulator code on a product path. The product's entry modules (every CLI command group but
 *    the development ones, `serve`, the service) must not reach simulator/ through static imports;
 *    a development feature they offer (chain up, the development SoftHSM) is loaded by dynamic import.
 */
import { readFileSync } from 'node:fs';

interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean; dependencyTypes: string[] }[] }[];
}

const OWN = /^(appliance|drivers|firmware-bridge|simulator)\//;
const folderOf = (path: string) => path.split('/').slice(0, 2).join('/').replace(/\.[cm]?[jt]sx?$/, '');

const result = JSON.parse(readFileSync(0, 'utf8')) as CruiseResult;
const arrows = new Map<string, Map<string, string>>(); // folder → folder it imports → one example import
for (const module of result.modules) {
  if (!OWN.test(module.source)) continue;
  const from = folderOf(module.source);
  const out = arrows.get(from) ?? new Map<string, string>();
  arrows.set(from, out);
  for (const dependency of module.dependencies) {
    if (dependency.coreModule || !OWN.test(dependency.resolved)) continue;
    const to = folderOf(dependency.resolved);
    if (to !== from && !out.has(to)) out.set(to, `${module.source} → ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components.
let next = 0;
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const cycles: string[][] = [];
function visit(folder: string): void {
  index.set(folder, next);
  low.set(folder, next++);
  stack.push(folder);
  for (const to of arrows.get(folder)?.keys() ?? []) {
    if (!index.has(to)) {
      visit(to);
      low.set(folder, Math.min(low.get(folder)!, low.get(to)!));
    } else if (stack.includes(to)) low.set(folder, Math.min(low.get(folder)!, index.get(to)!));
  }
  if (low.get(folder) === index.get(folder)) {
    const group: string[] = [];
    let member: string;
    do group.push((member = stack.pop()!));
    while (member !== folder);
    if (group.length > 1) cycles.push(group.sort());
  }
}
for (const folder of [...arrows.keys()].sort()) if (!index.has(folder)) visit(folder);

const PRODUCT_ENTRIES = /^appliance\/(cli\/commands\/(?!(sim|start)\.ts$)[a-z-]+\.ts|cli\/main\.ts|serve\/serve\.ts|service\/build-service\.ts)$/;
const staticImports = new Map(
  result.modules.map((module) => [
    module.source,
    module.dependencies.filter((d) => !d.dependencyTypes.some((type) => type === 'dynamic-import' || type === 'type-only')).map((d) => d.resolved),
  ]),
);
/** The static import path from `entry` to a simulator module, if there is one (breadth first: the shortest). */
function pathToSimulator(entry: string): string[] | undefined {
  const seen = new Set([entry]);
  const queue: string[][] = [[entry]];
  for (let path = queue.shift(); path; path = queue.shift()) {
    for (const next of staticImports.get(path.at(-1)!) ?? []) {
      if (next.startsWith('simulator/')) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([...path, next]);
    }
  }
  return undefined;
}
const entries = result.modules.map((module) => module.source).filter((source) => PRODUCT_ENTRIES.test(source));
const leaks = entries.map(pathToSimulator).filter((path) => path !== undefined);
for (const path of leaks) console.error(`✘ a product path loads simulator code: ${path.join(' → ')}`);
if (leaks.length > 0) process.exitCode = 1;
else console.log(`✔ no product entry statically reaches simulator/ (${entries.length} entries)`);

if (cycles.length === 0) {
  console.log(`✔ no folder cycles (${arrows.size} folders)`);
} else {
  for (const group of cycles) {
    console.error(`✘ folder cycle: ${group.join(' ↔ ')}`);
    for (const from of group) for (const [to, example] of arrows.get(from) ?? []) if (group.includes(to)) console.error(`    ${example}`);
  }
  process.exitCode = 1;
}
