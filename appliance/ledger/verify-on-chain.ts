import { existsSync } from 'node:fs';
import { createPublicClient, type Hex } from 'viem';
import { isSealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { ErrorCode } from '../../firmware-bridge/errors/catalogue.js';
import type { Language } from '../pades/index.js';
import { failed, overall, passed, type CheckName, type CheckResult } from '../pades/verify/checks.js';
import type { StampSignatureReport, StampVerificationReport } from '../verification/index.js';
import { chainError } from './chain/chain-error.js';
import { rpcTransport } from './chain/rpc-transport.js';
import { chainId32 } from './chain/chain-id.js';
import { sealRegistryAt, statusName, type SealStatus } from './chain/seal-registry.js';
import { outboxPath, type LedgerConfig } from './ledger-config.js';
import { Outbox } from './outbox/outbox.js';
import { verifyReceipt } from './outbox/verify-receipt.js';
import { signatureDigests, StampIndex } from './stamp-index.js';

/** What the chain says about one signature. */
export interface ChainFindings {
  /** The seal id (as this terminal names it) whose status was asked. */
  sealId: string | null;
  /** SealRegistry.statusAt(seal, signing time); 'none': not registered then; null: not asked. */
  statusAtSigning: SealStatus | null;
  /** The stamp's seal event, found from the signature in this terminal's records. */
  eventId: string | null;
  /** The event's Merkle proof checked against the root anchored on chain. */
  anchored: { blockNumber: number; anchoredAt: string; txHash: Hex; root: Hex; batchId: Hex; confirmations: number } | null;
}

export interface ChainSignatureReport extends StampSignatureReport {
  ledger?: ChainFindings;
}

export interface ChainVerificationReport extends StampVerificationReport {
  signatures: ChainSignatureReport[];
  chain: { rpcUrls: string[]; registry: Hex };
}

/** The ledger's check, beside pades's names (its text comes from the error catalogue). */
const ANCHOR_CHECK = 'ledger-anchor' as CheckName;

const rank = { valid: 0, indeterminate: 1, invalid: 2 } as const;
const worse = (a: keyof typeof rank, b: keyof typeof rank) => (rank[a] >= rank[b] ? a : b);

function fromError(check: CheckName, error: unknown): CheckResult {
  const typed = isSealdeskError(error) ? error : chainError(error);
  // a receipt that does not hold is evidence against the document; a node that did not answer is not
  const decisive = typed.code.startsWith('RECEIPT_');
  return { ...failed(check, typed.code as ErrorCode, {}, decisive ? 'failed' : 'indeterminate'), error: typed.toJSON() };
}

/**
 * Adds to a verification report what the chain says: for each signature, the seal's status on
 * SealRegistry at the signing time (revoked or suspended then: invalid; not registered then:
 * cannot be confirmed), and the stamp event's Merkle proof against the root anchored on chain
 * (the event found from the signature in this terminal's outbox; not there or not anchored yet:
 * cannot be confirmed; a proof that does not hold: invalid).
 */
export async function verifyOnChain(report: StampVerificationReport, pdfPath: string, home: string, config: LedgerConfig & { registry: Hex }): Promise<ChainVerificationReport> {
  const digests = await signatureDigests(pdfPath);
  const client = createPublicClient({ transport: rpcTransport(config.rpcUrls, { timeoutMs: 5_000, maxLagBlocks: config.maxLagBlocks }) });
  const outbox = existsSync(outboxPath(home)) ? Outbox.open(outboxPath(home)) : undefined;
  try {
    const index = outbox && new StampIndex(outbox.db);
    let contract: Awaited<ReturnType<typeof sealRegistryAt>> | undefined;
    let contractError: unknown;
    try {
      contract = await sealRegistryAt(client, config.registry);
    } catch (error) {
      contractError = error;
    }
    const signatures: ChainSignatureReport[] = [];
    for (const [i, signature] of report.signatures.entries()) {
      const digest = digests[i];
      if (signature.kind !== 'signature' || !digest) {
        signatures.push(signature);
        continue;
      }
      const checks = [...signature.checks];
      const eventId = index?.eventOf(digest.sha256) ?? null;
      const event = eventId ? outbox?.event(eventId) : undefined;
      const sealId = signature.seal?.id ?? event?.sealId ?? null;
      const findings: ChainFindings = { sealId, statusAtSigning: null, eventId, anchored: null };

      if (sealId) {
        try {
          if (!contract) throw contractError;
          const at = BigInt(Math.floor(Date.parse(signature.signingTime.usedForChecks) / 1000));
          findings.statusAtSigning = statusName(await contract.read.statusAt([chainId32(sealId), at]));
          const status = findings.statusAtSigning;
          if (status === 'revoked') checks.push(failed('seal-status', 'SEAL_REVOKED', { seal: sealId }));
          else if (status === 'suspended') checks.push(failed('seal-status', 'SEAL_SUSPENDED', { seal: sealId }));
          else if (status === 'none') checks.push(failed('seal-status', 'SEAL_NOT_ON_CHAIN', { seal: sealId }, 'indeterminate'));
          else checks.push(passed('seal-status', 'chain: active'));
        } catch (error) {
          checks.push(fromError('seal-status', error));
        }
      }

      if (!eventId || !event) checks.push(failed(ANCHOR_CHECK, 'EVENT_NOT_FOUND', {}, 'indeterminate'));
      else if (signature.signer && event.signerCertificateHash !== signature.signer.sha256) {
        checks.push(failed(ANCHOR_CHECK, 'RECEIPT_INVALID', { reason: 'the seal event names another signer certificate', reasonZh: '印章事件记载的签章证书与本签名的不同' }));
      } else {
        const receipt = outbox!.receipt(eventId);
        if (!receipt) checks.push(failed(ANCHOR_CHECK, 'EVENT_NOT_ANCHORED', { event: eventId }, 'indeterminate'));
        else {
          try {
            const verified = await verifyReceipt(receipt, client);
            findings.anchored = { blockNumber: verified.blockNumber, anchoredAt: verified.anchoredAt.toISOString(), txHash: receipt.txHash, root: receipt.root, batchId: receipt.batchId, confirmations: verified.confirmations };
            checks.push(passed(ANCHOR_CHECK, `block ${verified.blockNumber}`));
          } catch (error) {
            checks.push(fromError(ANCHOR_CHECK, error));
          }
        }
      }
      const status = worse(signature.status, overall(checks));
      signatures.push({ ...signature, checks, status, level: status === 'invalid' ? null : signature.level, ledger: findings });
    }
    const status = signatures.length ? signatures.map((s) => s.status).reduce(worse) : report.status;
    return { ...report, status, signatures, chain: { rpcUrls: config.rpcUrls, registry: config.registry } };
  } finally {
    outbox?.close();
  }
}

const WORDS = {
  zh: {
    head: (n: number) => `  区块链存证（签名 ${n}）：`,
    status: (s: string) => `签章时印章链上状态 ${s}`,
    anchored: (a: NonNullable<ChainFindings['anchored']>, id: string) => `事件 ${id} 已于 ${a.anchoredAt} 上链（区块 ${a.blockNumber}，默克尔证明有效）`,
    notAnchored: (id: string | null) => (id ? `事件 ${id} 未能核对上链` : '未找到印章事件'),
    sep: '；',
  },
  en: {
    head: (n: number) => `  Chain (signature ${n}): `,
    status: (s: string) => `seal status on chain when stamped: ${s}`,
    anchored: (a: NonNullable<ChainFindings['anchored']>, id: string) => `event ${id} anchored at ${a.anchoredAt} (block ${a.blockNumber}, Merkle proof valid)`,
    notAnchored: (id: string | null) => (id ? `event ${id} could not be confirmed on chain` : 'no seal event found'),
    sep: '; ',
  },
} as const;

/** One line per signature with chain findings, in the report's language. */
export function chainReportLines(report: ChainVerificationReport, language: Language): string[] {
  const w = WORDS[language];
  return report.signatures.flatMap((s) => {
    const f = s.ledger;
    if (!f) return [];
    const parts = [f.statusAtSigning ? w.status(f.statusAtSigning) : undefined, f.anchored && f.eventId ? w.anchored(f.anchored, f.eventId) : w.notAnchored(f.eventId)].filter(Boolean);
    return [`${w.head(s.index + 1)}${parts.join(w.sep)}`];
  });
}
