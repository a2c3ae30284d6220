/**
 * Cleanups to run when the test file ends. vitest drops an afterAll registered while a hook
 * runs, and the fixtures here are mostly opened in a beforeAll: their token dirs, homes and
 * temp dirs were left behind in the system's temp dir (gigabytes after a day of runs). The
 * setup file (after-file-hook.ts) runs these, newest first, after the file's own afterAll hooks.
 */
const pending: Array<() => unknown> = [];

export function afterFile(cleanup: () => unknown): void {
  pending.push(cleanup);
}

/** Runs every cleanup registered so far, newest first; the first failure is thrown after all have run. */
export async function runAfterFile(): Promise<void> {
  let failure: { error: unknown } | undefined;
  while (pending.length) {
    try {
      await pending.pop()!();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
