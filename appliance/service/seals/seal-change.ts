import { createHash } from 'node:crypto';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { Type } from '@sinclair/typebox';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { publishSealChange, type PublishedSealChange, type SealChange } from '../../ledger/seal-chain.js';
import type { Seal } from '../../seals/seal.js';
import type { Principal } from '../../directory/principal.js';
import type { ServiceContext } from '../service-context.js';
import { unlockToken } from '../tokens/unlock-token.js';

export const ChainOutcome = Type.Union([
  Type.Null(),
  Type.Object({ eventId: Type.String(), txHash: Type.String(), effectiveAt: Type.Integer() }),
  Type.Object({ error: Type.Object({ code: Type.String(), message_zh: Type.String(), message_en: Type.String() }) }),
]);

export type ChainOutcome = PublishedSealChange | { error: { code: string; message_zh: string; message_en: string } } | null;

/**
 * The change on chain when one is configured, as `sealdesk seal` does (null without a chain).
 * The registry changed first and stays authoritative for this terminal, so a chain failure is
 * reported beside the seal rather than undoing the change; the ledger's own retry is the CLI's.
 */
export async function publishChange(context: ServiceContext, principal: Principal, change: SealChange, seal: Seal, pin: string | undefined): Promise<ChainOutcome> {
  const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
  try {
    // an open chain key is used as it is: the PIN typed for this request may be another token's (the
    // seal's, on create), and checking it here would spend one of the chain token's tries on it
    const open = async (token: Token) => void (await unlockToken(context, principal, token, token.isLoggedIn ? undefined : pin));
    return (await publishSealChange(context.home, context.pkcs11, change, { ...seal, certificateSha256 }, open)) ?? null;
  } catch (error) {
    const typed = isSealdeskError(error) ? error : new SealdeskError('CHAIN_TX_FAILED', { reason: (error as Error).message }, { cause: error });
    return { error: { code: typed.code, message_zh: typed.messageZh, message_en: typed.messageEn } };
  }
}
