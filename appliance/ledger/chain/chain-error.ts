import { BaseError, HttpRequestError, TimeoutError } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** A viem failure as a sealdesk error: nodes out of reach vs. a transaction the chain refused. */
export function chainError(error: unknown): SealdeskError {
  if (error instanceof SealdeskError) return error;
  if (error instanceof BaseError) {
    const unreachable = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError);
    if (unreachable) return new SealdeskError('CHAIN_UNREACHABLE', { reason: error.shortMessage }, { cause: error });
    return new SealdeskError('CHAIN_TX_FAILED', { reason: error.shortMessage }, { cause: error });
  }
  return new SealdeskError('CHAIN_TX_FAILED', { reason: error instanceof Error ? error.message : String(error) }, { cause: error });
}
