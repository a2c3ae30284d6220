#!/usr/bin/env node
// The `sealdesk` command. Setup builds it into dist/cli (scripts/build-cli.ts), which starts in a
// fraction of the time the TypeScript sources take through tsx (test/bench/cli-start.bench.ts).
// The build runs while dist/cli/build.json says no source it was made from changed since; else
// (a fresh clone, an edited tree) the sources run through tsx, so development needs no build step.
// SEALDESK_DEV=1 always runs the sources; SEALDESK_DEV=0 runs the build or fails saying why.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The built entry, or why it cannot be used. Kept in step with currentBuild() in scripts/build-cli.ts. */
function builtEntry() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(`${root}dist/cli/build.json`, 'utf8'));
  } catch {
    return 'there is no build';
  }
  // about 450 files: a few ms of CPU (string paths: URLs cost twice that)
  for (const input of stamp.inputs) {
    const mtime = statSync(root + input, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
    if (mtime > stamp.startedAt) return `${input} changed after the build`;
  }
  const entry = `${root}dist/cli/${stamp.dir}/sealdesk.js`;
  return statSync(entry, { throwIfNoEntry: false }) ? pathToFileURL(entry) : `${stamp.dir} is missing`;
}

const mode = process.env.SEALDESK_DEV;
const entry = mode === '1' ? 'SEALDESK_DEV=1' : builtEntry();
if (entry instanceof URL) {
  await import(entry.href);
} else if (mode === '0') {
  console.error(`sealdesk: SEALDESK_DEV=0 but the built CLI cannot run: ${entry}; run npm run build:cli`);
  process.exit(2);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../appliance/cli/main.ts');
}
