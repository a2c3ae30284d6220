import { isSealdeskError, type SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** The typed error a promise rejects with; fails the test when it resolves or throws something untyped. */
export async function failure(promise: Promise<unknown>): Promise<SealdeskError> {
  const error = await promise.then(
    () => new Error('expected a failure, got success'),
    (e: unknown) => e,
  );
  if (!isSealdeskError(error)) throw error instanceof Error ? error : new Error(String(error));
  return error;
}
