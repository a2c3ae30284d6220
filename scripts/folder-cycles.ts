/**
 * Folder-level cycles, which dependency-cruiser's `circular` (file level) does not see: reads
 * `depcruise --output-type json` on stdin, folds every module into its folder (the first two path
 * segments: appliance/seals, drivers/pkcs11, firmware-bridge/link), and fails on any strongly
 * connected group of folders, naming one import for each arrow of the cycle.
 */
import { readFileSync } from 'node:fs';

interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean }[] }[];
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

if (cycles.length === 0) {
  console.log(`✔ no folder cycles (${arrows.size} folders)`);
} else {
  for (const group of cycles) {
    console.error(`✘ folder cycle: ${group.join(' ↔ ')}`);
    for (const from of group) for (const [to, example] of arrows.get(from) ?? []) if (group.includes(to)) console.error(`    ${example}`);
  }
  process.exitCode = 1;
}
