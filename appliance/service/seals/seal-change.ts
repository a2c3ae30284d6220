import { createHash } from 'node:crypto';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { Type } from '@sinclair/typebox';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealChangeQueued } from '../../ledger/follower/status-queue.js';
import { publishSealChange, type PublishedSealChange, type SealChange } from '../../ledger/seal-chain.js';
import type { Seal } from '../../seals/seal.js';
import type { Principal } from '../../directory/principal.js';
import type { ServiceContext } from '../service-context.js';
import { unlockToken } from '../tokens/unlock-token.js';

export const ChainOutcome = Type.Union([
  Type.Null(),
  Type.Object({ eventId: Type.String(), txHash: Type.String(), effectiveAt: Type.Integer() }),
  Type.Object({
    error: Type.Object({ code: Type.String(), message_zh: Type.String(), message_en: Type.String() }),
    queued: Type.Optional(Type.Object({ code: Type.String(), message_zh: Type.String(), message_en: Type.String() }, { description: 'the change waits in this terminal\'s queue and reaches the chain by itself once a node answers' })),
  }),
]);

interface ErrorText {
  code: string;
  message_zh: string;
  message_en: string;
}

export type ChainOutcome = PublishedSealChange | { error: ErrorText; queued?: ErrorText } | null;

const text = (error: SealdeskError): ErrorText => ({ code: error.code, message_zh: error.messageZh, message_en: error.messageEn });

/**
 * The change on chain when one is configured, as `sealdesk seal` does (null without a chain).
 * The registry changed first and stays authoritative for this terminal, so a chain failure is
 * reported beside the seal rather than undoing the change, with `queued` when the change waits
 * in the seal database for the ledger runner to send it.
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
    // queued before the chain was asked: the ledger runner sends it, the admin need not repeat it
    if (!sealChangeQueued(context.home, seal.id)) return { error: text(typed) };
    return { error: text(typed), queued: text(new SealdeskError('SEAL_CHANGE_QUEUED', { seal: seal.id, reason: typed.code })) };
  }
}
