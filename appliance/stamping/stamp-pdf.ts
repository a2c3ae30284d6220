import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { caPaths } from '../ca/ca-store.js';
import { loadConfig, type SealdeskConfig } from '../config/config.js';
import { documentLimitsIn } from '../documents/index.js';
import { openDocument, type DocumentSigner, type PendingSignature } from '../formats/index.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';
import { cmsHash, type PadesLevel } from '../pades/index.js';
import { PendingOutput } from '../pdf/index.js';
import { loadSealForStamping, type StampingSeal } from '../seals/load-seal.js';
import { newEventId } from './event-id.js';
import { qrModules } from './qr-image.js';
import type { StampContext, StampRequest, StampResult } from './stamp-request.js';
import { verificationUrl, verifyBaseUrlIn } from './verify-url.js';

/** A seal loaded and its token logged in: what every document of a batch shares. */
export interface ReadySeal extends StampingSeal {
  signerCertificateSha256: string;
  /** The seal's key on its token, with the certificates that go beside its signatures. */
  signer: DocumentSigner;
}

/** A document prepared (hashed, placed, signed content digested) and waiting for the token's signature. */
export interface PendingStamp {
  readonly request: StampRequest;
  readonly pending: PendingSignature;
  readonly result: Omit<StampResult, 'output' | 'signatureSha256'>;
}

/**
 * Loads the seal (SEAL_REVOKED, SEAL_SUSPENDED, SEAL_NOT_VALID refused here, before any PIN is
 * used) and opens its token: the context's unlock, then its PIN when the token is still logged out.
 * The token is found here, once: the signature and the seal event use the same one.
 */
export async function readySeal(context: StampContext, sealId: string, now = new Date()): Promise<ReadySeal> {
  const loaded = loadSealForStamping(context.registry, context.pkcs11, sealId, now);
  if (context.unlock) await context.unlock(loaded.token);
  if (!loaded.token.isLoggedIn) {
    const pin = typeof context.pin === 'function' ? await context.pin() : context.pin;
    if (!pin) throw new SealdeskError('PIN_REQUIRED', { variable: 'SEALDESK_PIN' });
    await loaded.token.login(pin);
  }
  // the seal's key in its algorithm (the key type's: P-256 → SHA-256, P-384 → SHA-384): the signed content is hashed with its hash
  const key = await tokenSigner(loaded.token, loaded.keyLabel);
  return {
    ...loaded,
    signerCertificateSha256: createHash('sha256').update(loaded.certificateChain[0]!).digest('hex'),
    signer: { certificateChain: loaded.certificateChain, key },
  };
}

export function checkLevel(request: StampRequest): PadesLevel {
  const level = request.level ?? 'B-B';
  if (level !== 'B-B' && !request.tsaUrl) throw new SealdeskError('TSA_REQUIRED', { level });
  return level;
}

/** Everything before the signature: the document opened in its format, hashed, seal + QR (+ 骑缝章) placed, the stamped copy written up to its signature. */
export async function prepareStamp(context: StampContext, seal: ReadySeal, request: StampRequest): Promise<PendingStamp> {
  const level = checkLevel(request);
  // the output's temp file is made (0.2–1 ms on a crowded ext4 folder) while the document is read and placed
  const output = PendingOutput.create(request.output);
  try {
    return await prepareStampInto(output, context, seal, request, level);
  } catch (error) {
    await output.discard(); // nothing when the format took it (and the prepared signature owns it)
    throw error;
  }
}

async function prepareStampInto(output: PendingOutput, context: StampContext, seal: ReadySeal, request: StampRequest, level: PadesLevel): Promise<PendingStamp> {
  if (context.prepareSealImage) await context.prepareSealImage(seal.image);
  // config.json read once for what the context does not give (its limits, the QR's base URL)
  let config: SealdeskConfig | undefined;
  const configured = () => (config ??= context.home ? loadConfig(context.home) : {});
  const doc = await openDocument(request.input, { limits: context.documentLimits ?? documentLimitsIn(configured()), ...(context.findText ? { findText: context.findText } : {}) });
  try {
    const documentHash = await doc.sha256();
    const eventId = newEventId();
    const url = request.qr === false ? undefined : verificationUrl(context.verifyBaseUrl ?? verifyBaseUrlIn(configured()), documentHash, eventId);
    const placed = await doc.place(request.placement, {
      image: seal.image,
      ...(url === undefined ? {} : { qr: qrModules(url) }),
      ...(request.crossPage ? { crossPage: request.crossPage } : {}),
      ...(seal.eseal ? { eseal: seal.eseal } : {}),
    });
    // whole seconds, as /M holds them: the seal event and the document then tell the same time
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const longTerm = level === 'B-LT' || level === 'B-LTA';
    const pending = await doc.prepareSignature(output, placed, {
      signingTime,
      name: seal.seal.name,
      reason: request.reason ?? `${seal.seal.organisation.name} ${seal.seal.name}`,
      ...(request.location ? { location: request.location } : {}),
      hash: cmsHash(seal.signer.key.algorithm),
      certificateChain: seal.signer.certificateChain,
      level: { level, ...(request.tsaUrl ? { tsaUrl: request.tsaUrl } : {}), ...(longTerm ? { crls: context.crls ?? devCaCrl(context.home) } : {}) },
    });
    const result = {
      sealId: seal.seal.id,
      eventId,
      documentHash,
      signerCertificateSha256: seal.signerCertificateSha256,
      level,
      page: placed.page,
      time: signingTime.toISOString(),
      ...(url ? { verificationUrl: url } : {}),
      ...formatOf(doc.format.name),
    };
    return { request, pending, result };
  } finally {
    await doc.close();
  }
}

/** The token's signature embedded (timestamp, DSS and document timestamp by level): the output is in place, whole. */
export async function finishStamp(seal: ReadySeal, stamp: PendingStamp): Promise<StampResult> {
  const signature = await stamp.pending.sign(seal.signer);
  return { output: stamp.request.output, ...stamp.result, signatureSha256: createHash('sha256').update(signature).digest('hex') };
}

/** The format the seal event records: one it knows (a new format adds itself to DOCUMENT_FORMATS). */
function formatOf(name: string): { format?: StampResult['format'] } {
  return name === 'pdf' || name === 'ofd' ? { format: name } : {};
}

function devCaCrl(home: string): Buffer[] {
  const path = caPaths(home).crl;
  return existsSync(path) ? [readFileSync(path)] : [];
}

/**
 * The document step of a stamp, without its seal event or audit entry (stampDocument adds them;
 * products call that): PAdES B-B (or B-T, B-LT, B-LTA), visible seal and QR 证照码 as an
 * incremental update. The output appears only when every step succeeded.
 */
export async function stampPdf(context: StampContext, request: StampRequest): Promise<StampResult> {
  checkLevel(request);
  const seal = await readySeal(context, request.sealId);
  const pending = await prepareStamp(context, seal, request);
  return finishStamp(seal, pending);
}
