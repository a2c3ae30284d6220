import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** The typed error an operation fails with; the test fails if it succeeds or fails untyped. */
export async function failure(promise: Promise<unknown>): Promise<SealdeskError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SealdeskError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

/** The catalogue code an operation fails with, or undefined when it succeeds. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof SealdeskError ? error.code : String(error);
  }
  return undefined;
}
