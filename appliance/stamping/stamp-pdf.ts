import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tokenSigner, type SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { caPaths } from '../ca/ca-store.js';
import { loadDocumentLimits } from '../documents/index.js';
import { addSignatureTimestamp, buildSignedDataCheckedLater, cmsHash, type PadesLevel } from '../pades/index.js';
import { openPdf, pageCount, prepareSignature, type PreparedSignature } from '../pdf/index.js';
import { loadSealForStamping, type StampingSeal } from '../seals/load-seal.js';
import { documentHash as hashOf } from './document-hash.js';
import { newEventId } from './event-id.js';
import { appendDocumentTimestamp, appendDss, removeQuietly, workPath } from './long-term.js';
import { placeImages, pngSize } from './placement.js';
import { qrModules } from './qr-image.js';
import type { StampContext, StampRequest, StampResult } from './stamp-request.js';
import { verificationUrl, verifyBaseUrl } from './verify-url.js';

/** A seal loaded and its token logged in: what every document of a batch shares. */
export interface ReadySeal extends StampingSeal {
  signerCertificateSha256: string;
  /** The seal's key in its algorithm (the key type's: P-256 → SHA-256, P-384 → SHA-384): the byte ranges are hashed with its hash. */
  signer: SealSigner;
}

/** A document prepared (hashed, placed, byte ranges digested) and waiting for the token's signature. */
export interface PendingStamp {
  readonly request: StampRequest;
  readonly prepared: PreparedSignature;
  readonly result: Omit<StampResult, 'output'>;
  /** The output of the signature step: the final path for B-B / B-T, a work file before B-LT. */
  readonly signedPath: string;
}

/**
 * Loads the seal (SEAL_REVOKED, SEAL_SUSPENDED, SEAL_NOT_VALID refused here, before any PIN is
 * used) and logs its token in with the caller's PIN.
 */
export async function readySeal(context: StampContext, sealId: string, now = new Date()): Promise<ReadySeal> {
  const loaded = loadSealForStamping(context.registry, context.pkcs11, sealId, now);
  if (!loaded.token.isLoggedIn) {
    const pin = typeof context.pin === 'function' ? await context.pin() : context.pin;
    if (!pin) throw new SealdeskError('PIN_REQUIRED', { variable: 'SEALDESK_PIN' });
    await loaded.token.login(pin);
  }
  const signer = await tokenSigner(loaded.token, loaded.keyLabel);
  return { ...loaded, signerCertificateSha256: createHash('sha256').update(loaded.certificateChain[0]!).digest('hex'), signer };
}

function checkLevel(request: StampRequest): PadesLevel {
  const level = request.level ?? 'B-B';
  if (level !== 'B-B' && !request.tsaUrl) throw new SealdeskError('TSA_REQUIRED', { level });
  return level;
}

/** Everything before the signature: hash the input, place seal + QR (+ 骑缝章), write the stamped copy to a temp file. */
export async function prepareStamp(context: StampContext, seal: ReadySeal, request: StampRequest): Promise<PendingStamp> {
  const level = checkLevel(request);
  const doc = await openPdf(request.input, undefined, { limits: context.documentLimits ?? loadDocumentLimits(context.home) });
  try {
    const documentHash = await hashOf(doc);
    const eventId = newEventId();
    const url = request.qr === false ? undefined : verificationUrl(context.verifyBaseUrl ?? verifyBaseUrl(context.home), documentHash, eventId);
    const qr = url === undefined ? undefined : qrModules(url);
    const placed = await placeImages(doc, request.input, request.placement, seal.image, qr);
    // whole seconds, as /M holds them: the seal event and the document then tell the same time
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const crossPage = request.crossPage ? await crossPageSeal(doc, seal.image, request.crossPage) : undefined;
    const signedPath = level === 'B-LT' || level === 'B-LTA' ? workPath(request.output, 'signed') : request.output;
    const prepared = await prepareSignature(doc, signedPath, {
      page: placed.page,
      images: placed.images,
      ...(placed.fieldName ? { fieldName: placed.fieldName } : {}),
      ...(crossPage ? { crossPage } : {}),
      subFilter: 'ETSI.CAdES.detached',
      digestAlgorithm: cmsHash(seal.signer.algorithm),
      signingTime,
      name: seal.seal.name,
      reason: request.reason ?? `${seal.seal.organisation.name} ${seal.seal.name}`,
      ...(request.location ? { location: request.location } : {}),
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
    };
    return { request, prepared, result, signedPath };
  } finally {
    await doc.close();
  }
}

async function crossPageSeal(doc: Parameters<typeof pageCount>[0], png: Buffer, option: NonNullable<StampRequest['crossPage']>) {
  const total = await pageCount(doc);
  const from = option.from ?? 1;
  const to = option.to ?? total;
  if (from < 1 || to > total || from > to) throw new SealdeskError('PAGE_OUT_OF_RANGE', { page: from < 1 || from > to ? from : to, pageCount: total });
  const pages = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const { width, height } = pngSize(png);
  // 骑缝章 slices of at least 10 pt each: wide enough to read as part of the seal
  const size = Math.max(119, pages.length * 10);
  return { png, width: size, height: (size * height) / width, pages };
}

/** The token's signature, the timestamp for B-T+, the embed, then DSS and document timestamp; then the hook. */
export async function finishStamp(context: StampContext, seal: ReadySeal, pending: PendingStamp): Promise<StampResult> {
  const { request, prepared, result, signedPath } = pending;
  const work: string[] = signedPath === request.output ? [] : [signedPath];
  try {
    prepared.reserve(); // the output's file is made while the token signs
    const signed = await buildSignedDataCheckedLater({
      digest: prepared.digest,
      signerCertificate: seal.certificateChain[0]!,
      chain: seal.certificateChain.slice(1),
      signer: seal.signer,
    });
    let cms = signed.cms;
    if (result.level === 'B-B') {
      // the signature is checked against the certificate while the disk flushes the output
      await prepared.embed(cms, signed.check);
    } else {
      signed.check(); // before a TSA is asked to timestamp it
      cms = await addSignatureTimestamp(cms, request.tsaUrl!);
      await prepared.embed(cms);
    }
    if (result.level === 'B-LT' || result.level === 'B-LTA') {
      const withDss = result.level === 'B-LT' ? request.output : workPath(request.output, 'dss');
      if (withDss !== request.output) work.push(withDss);
      await appendDss(signedPath, withDss, cms, seal.certificateChain, context.crls ?? devCaCrl(context.home));
      if (result.level === 'B-LTA') await appendDocumentTimestamp(withDss, request.output, request.tsaUrl!);
    }
  } catch (error) {
    await prepared.abort();
    throw error;
  } finally {
    await removeQuietly(work);
  }
  const stamped: StampResult = { output: request.output, ...result };
  try {
    await context.onStamped?.(stamped);
  } catch (error) {
    // no stamped document without its seal event: the output goes when the event could not be kept
    await removeQuietly([request.output]);
    throw error;
  }
  return stamped;
}

function devCaCrl(home: string): Buffer[] {
  const path = caPaths(home).crl;
  return existsSync(path) ? [readFileSync(path)] : [];
}

/**
 * Stamps one PDF with a seal: PAdES B-B (or B-T, B-LT, B-LTA), visible seal and QR 证照码 as an
 * incremental update. The output appears only when every step succeeded.
 */
export async function stampPdf(context: StampContext, request: StampRequest): Promise<StampResult> {
  checkLevel(request);
  const seal = await readySeal(context, request.sealId);
  const pending = await prepareStamp(context, seal, request);
  return finishStamp(context, seal, pending);
}
