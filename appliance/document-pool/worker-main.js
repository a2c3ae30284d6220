// The entry of every document worker thread. Plain JavaScript because a worker starts outside
// whatever runs the main thread's TypeScript (tsx for the CLI and the service, vite under vitest):
// it registers tsx itself, then loads the jobs module it was given and answers the supervisor.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// On Linux a thread has its own nice value: this one yields the cores to the main thread, which
// answers every request, so a document's work never delays the event loop by competing with it
// (measured in test/bench/hostile-load.bench.ts). Elsewhere the thread keeps the process's.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), workerData.nice ?? 10);
} catch {
  // no /proc: nothing to do
}
register();
const { jobs } = await import(workerData.jobs);

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
