// The entry of every document worker thread. Plain JavaScript because a worker starts outside
// whatever runs the main thread's TypeScript (tsx for the CLI and the service, vite under vitest):
// for a TypeScript jobs module it registers tsx itself (the built CLI's is JavaScript: see
// scripts/build-cli.ts), then loads the jobs module it was given and answers the supervisor.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

if (workerData.jobs.endsWith('.ts')) (await import('tsx/esm/api')).register();
const { jobs } = await import(workerData.jobs);

// On Linux a thread has its own nice value: once loaded, this one yields the cores to the main
// thread, which answers every request, so a document's work does not delay the event loop by
// competing with it (test/bench/hostile-load.bench.ts). Loading itself runs at the process's
// priority: a thread that booted at nice 10 on a busy machine took over a minute to be ready.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // no /proc: the thread keeps the process's priority
}

/** What crosses back to the main thread: a typed error's code and details, or a message only. */
function wireError(error) {
  if (error && typeof error === 'object' && error.name === 'SealdeskError') return { code: error.code, details: error.details, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

parentPort.on('message', async ({ id, kind, payload }) => {
  try {
    const job = jobs[kind];
    if (typeof job !== 'function') throw new Error(`no job kind "${kind}"`);
    parentPort.postMessage({ id, value: await job(payload) });
  } catch (error) {
    parentPort.postMessage({ id, error: wireError(error) });
  }
});
parentPort.postMessage({ ready: true });
