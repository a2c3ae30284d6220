import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** The one way this folder says "this is not a PDF we can read": PDF_MALFORMED with a reason for the log. */
export function malformed(reason: string, cause?: unknown): SealdeskError {
  return new SealdeskError('PDF_MALFORMED', { reason }, cause === undefined ? undefined : { cause });
}
