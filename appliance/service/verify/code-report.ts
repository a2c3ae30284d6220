import { Type, type Static } from '@sinclair/typebox';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chainConfigured } from '../../ledger/seal-chain.js';
import { loadLedgerConfig } from '../../ledger/ledger-config.js';
import { verifyReceipt } from '../../ledger/outbox/verify-receipt.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { ServiceContext } from '../service-context.js';
import { AnchorProofView } from '../events/event-view.js';
import { sealCertificateOf } from '../../seals/registry/event-certificate.js';
import type { AnchorReceipt } from '../../ledger/outbox/anchor-receipt.js';
import { anchorOf } from '../stamps/anchor-status.js';
import { AnchorView } from '../stamps/stamp-job.js';
import type { VerificationCode } from './verification-code.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Status = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]);

/** What a scanned code says, for anyone: no operator, terminal account or citizen data in it. */
export const CodeReport = Type.Object({
  valid: Type.Boolean({ description: 'the document hash matches, the seal was active when it stamped, and the anchoring (if any yet) holds' }),
  documentMatches: Type.Boolean(),
  event: Type.Object({ id: Type.String(), kind: Type.String(), sealId: Type.String(), documentHash: Nullable(Type.String()), signerCertificateHash: Nullable(Type.String()), time: Type.String() }),
  seal: Nullable(Type.Object({ id: Type.String(), name: Type.String(), organisation: Type.Object({ name: Type.String(), uscc: Type.String() }), statusAtStamp: Nullable(Status), statusNow: Status })),
  anchor: AnchorView,
  /** The anchoring without the event (its operator and subject hash are not for anyone). */
  receipt: Nullable(AnchorProofView),
  onChain: Nullable(Type.Object({ verified: Type.Boolean(), confirmations: Nullable(Type.Integer()), error: Nullable(Type.String()) })),
});
export type CodeReport = Static<typeof CodeReport>;

async function onChain(context: ServiceContext, receipt: AnchorReceipt): Promise<CodeReport['onChain']> {
  const config = loadLedgerConfig(context.home);
  if (!chainConfigured(config)) return null;
  try {
    const verified = await verifyReceipt(receipt, config.rpcUrls);
    return { verified: true, confirmations: verified.confirmations, error: null };
  } catch (error) {
    return { verified: false, confirmations: null, error: isSealdeskError(error) ? error.code : 'CHAIN_UNREACHABLE' };
  }
}

function publicAnchoring(receipt: AnchorReceipt): NonNullable<CodeReport['receipt']> {
  const { eventId, leaf, proof, root, batchId, organisation, txHash, blockNumber, blockTime, chainId, contract } = receipt;
  return { eventId, leaf, proof, root, batchId, organisation, txHash, blockNumber, blockTime, chainId, contract };
}

/** The event a code names, with the seal's status then and now and the event's anchoring checked on chain when one is configured. */
export async function codeReport(context: ServiceContext, code: VerificationCode): Promise<CodeReport> {
  const outbox = context.events.outbox;
  const event = outbox.event(code.eventId);
  if (!event || event.kind !== 'stamped') throw new SealdeskError('EVENT_NOT_FOUND', { event: code.eventId });
  let seal: CodeReport['seal'] = null;
  try {
    const found = context.seals.get(event.sealId);
    seal = { id: found.id, name: found.name, organisation: found.organisation, statusAtStamp: context.seals.statusAt(found.id, new Date(event.time)) ?? null, statusNow: found.status };
  } catch (error) {
    if (!isSealdeskError(error, 'SEAL_NOT_FOUND')) throw error;
  }
  const receipt = outbox.receipt(event.id, sealCertificateOf(context.seals)) ?? null;
  // checked as the CLI checks it, signed event included; shown without the event
  const chain = receipt ? await onChain(context, receipt) : null;
  const documentMatches = event.documentHash === code.documentHash;
  return {
    valid: documentMatches && seal?.statusAtStamp === 'active' && chain?.verified !== false,
    documentMatches,
    event: { id: event.id, kind: event.kind, sealId: event.sealId, documentHash: event.documentHash, signerCertificateHash: event.signerCertificateHash, time: event.time },
    seal,
    anchor: anchorOf(outbox, event.id),
    receipt: receipt && publicAnchoring(receipt),
    onChain: chain,
  };
}
