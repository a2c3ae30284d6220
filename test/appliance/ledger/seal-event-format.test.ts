/**
 * A `stamped` event names its document's format (pdf | ofd), under its signature and in its
 * leaf; an event made before the field existed (none in it) keeps its exact signed bytes, so its
 * signature, its leaf and the outbox's copy of it are what they were.
 */
import { createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromPem } from '../../../drivers/pkcs11/pem.js';
import type { SealSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { signatureAlgorithm } from '../../../drivers/pkcs11/signature-algorithms.js';
import { canonicalJson } from '../../../appliance/ledger/outbox/canonical-json.js';
import { checkEventSignature } from '../../../appliance/ledger/outbox/event-signature.js';
import { signSealEvent } from '../../../appliance/ledger/outbox/event-signer.js';
import { eventDigest } from '../../../appliance/ledger/outbox/event-tree.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { newSealEvent, type SealEvent, type SignedSealEvent } from '../../../appliance/ledger/outbox/seal-event.js';
import { failure } from '../../helpers/failure.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;
let signer: SealSigner;
let certificate: string;

beforeAll(async () => {
  dir = await tempDir('event-format');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30', '-subj', '/CN=seal']);
  const key = createPrivateKey(readFileSync(join(dir, 'k.pem')));
  certificate = fromPem(readFileSync(join(dir, 'c.pem')), 'CERTIFICATE').toString('base64');
  signer = {
    algorithm: signatureAlgorithm('ecdsa-sha256'),
    keyId: 'test',
    signDigest: () => Promise.reject(new Error('not used')),
    sign: (data: Uint8Array) => Promise.resolve(nodeSign('sha256', data, { key, dsaEncoding: 'der' })),
  } as SealSigner;
});

const HASH = 'ab'.repeat(32);
const input = () => ({
  kind: 'stamped' as const,
  sealId: 'seal-1',
  documentHash: HASH,
  signerCertificateHash: createHash('sha256').update(Buffer.from(certificate, 'base64')).digest('hex'),
  terminalId: 'counter-7',
  operatorId: 'clerk-wang',
  time: new Date('2026-12-07T06:00:00.000Z'),
});

describe('the document format in a seal event', () => {
  it('a PDF and an OFD stamp each name theirs, under the signature: changed, the signature fails', async () => {
    for (const format of ['pdf', 'ofd'] as const) {
      const signed = await signSealEvent(newSealEvent({ ...input(), format }), signer);
      expect(signed.format).toBe(format);
      expect(canonicalJson(signed)).toContain(`"format":"${format}"`);
      expect(checkEventSignature(signed, certificate)).toBe('seal-certificate');
      const other = { ...signed, format: format === 'pdf' ? 'ofd' : 'pdf' } as SignedSealEvent;
      expect(checkEventSignature(other, certificate)).toMatchObject({ en: expect.stringContaining('does not verify') });
      expect(eventDigest(other)).not.toBe(eventDigest(signed));
    }
  });

  it('an event without a format (as every event before OFD stamping) has the same bytes as then: its signature and leaf hold, and the outbox keeps it as it was', async () => {
    const event = newSealEvent(input());
    expect('format' in event).toBe(false);
    // the fields, in RFC 8785 order, exactly as an event was signed before the format existed
    const before: SealEvent = { v: 1, id: event.id, kind: 'stamped', sealId: 'seal-1', documentHash: HASH, signerCertificateHash: event.signerCertificateHash, terminalId: 'counter-7', operatorId: 'clerk-wang', subjectHash: null, time: '2026-12-07T06:00:00.000Z' };
    expect(canonicalJson(event)).toBe(canonicalJson(before));
    const old = await signSealEvent(before, signer);
    expect(checkEventSignature(old, certificate)).toBe('seal-certificate');

    const withFormat = await signSealEvent(newSealEvent({ ...input(), format: 'ofd' }), signer);
    const outbox = Outbox.open(join(dir, 'outbox.db'));
    try {
      outbox.append(old);
      outbox.append(withFormat);
      expect(outbox.event(old.id)).toEqual(old);
      expect(outbox.event(withFormat.id)).toEqual(withFormat);
      expect(eventDigest(outbox.event(old.id)!)).toBe(eventDigest(old));
      expect(checkEventSignature(outbox.event(withFormat.id)!, certificate)).toBe('seal-certificate');
    } finally {
      outbox.close();
    }
  });

  it('a format it does not know is INPUT_INVALID', async () => {
    const error = await failure(Promise.resolve().then(() => newSealEvent({ ...input(), format: 'docx' as 'pdf' })));
    expect(error).toMatchObject({ code: 'INPUT_INVALID', details: { reason: 'unknown document format docx' } });
  });
});
