/**
 * The stamp's algorithm follows the seal's key (issue 14 item 2): a P-384 seal digests the PDF
 * and signs with SHA-384, a P-256 seal keeps SHA-256 as before, an RSA key signs PKCS#1 v1.5, and
 * RSA-PSS goes through the same stamp when the signer asks for it. Each is checked by pdfsig,
 * openssl cms and sealdesk's verifier, on a real SoftHSM token with the dev CA.
 */
import { join } from 'node:path';
import { ContentInfo, RSASSAPSSParams, SignedData } from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealEventSignedBy } from '../../../appliance/licences/event-signature.js';
import { SealEventLog } from '../../../appliance/ledger/seal-events.js';
import { listSignatures, openPdf } from '../../../appliance/pdf/index.js';
import { createSeal } from '../../../appliance/seals/create-seal.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { finishStamp, prepareStamp, readySeal, stampPdf, type StampResult } from '../../../appliance/stamping/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import type { KeyType } from '../../../drivers/pkcs11/key-types.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { ORG, USCC, openSealFixture, type SealFixture } from './helpers/seal-fixture.js';
import { nssWithRoot, opensslVerify, pdfsig } from './helpers/validators.js';

const OIDS = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsaPss: '1.2.840.113549.1.1.10',
};

let f: SealFixture;
let dir: string;
let nss: string;
let input: string;
const seals: Partial<Record<KeyType, Seal>> = {};
const placement = { kind: 'position', page: 1, x: 100, y: 200, size: 119 } as const;

async function sealWithKey(type: KeyType): Promise<Seal> {
  if (!f.token.isLoggedIn) await f.token.login(USER_PIN);
  const label = `seal-${type}`;
  await f.token.generateKey(type, label);
  return createSeal(
    f.fx.home,
    f.fx.pkcs11,
    f.registry,
    { name: `专用章 ${type}`, type: 'business', organisation: { name: ORG, uscc: USCC }, token: f.token, existingKey: label },
    async () => {},
  );
}

/** The SignerInfo's digest and signature algorithms of the only signature, as the PDF holds them. */
async function signerAlgorithms(path: string): Promise<{ digest: string; signature: string; pssHash?: string }> {
  const doc = await openPdf(path);
  const [signature] = await listSignatures(doc);
  await doc.close();
  const signedData = new SignedData({ schema: ContentInfo.fromBER(signature!.contents).content });
  const signer = signedData.signerInfos[0]!;
  const pss = signer.signatureAlgorithm.algorithmId === OIDS.rsaPss;
  return {
    digest: signer.digestAlgorithm.algorithmId,
    signature: signer.signatureAlgorithm.algorithmId,
    ...(pss ? { pssHash: new RSASSAPSSParams({ schema: signer.signatureAlgorithm.algorithmParams }).hashAlgorithm.algorithmId } : {}),
  };
}

async function stamp(type: KeyType, name: string): Promise<{ output: string; result: StampResult }> {
  const output = join(dir, name);
  const result = await stampPdf(f.context, { input, output, sealId: seals[type]!.id, placement });
  return { output, result };
}

async function expectValidEverywhere(output: string): Promise<void> {
  const verdict = await pdfsig(nss, output);
  expect(verdict.signatures).toEqual(['Signature is Valid.']);
  expect(verdict.certificates).toEqual(['Certificate is Trusted.']);
  expect(await opensslVerify(dir, output, 0, f.rootPem)).toBe('CMS Verification successful');
  expect((await verifyPdf(output, { home: f.fx.home })).status).toBe('valid');
}

beforeAll(async () => {
  f = await openSealFixture();
  dir = await tempDir('stamp-algorithms');
  for (const type of ['ec-p256', 'ec-p384', 'rsa-2048'] as const) seals[type] = await sealWithKey(type);
  await f.token.logout();
  nss = await nssWithRoot(dir, f.rootPem);
  input = await pdfLibDocument(dir, 'in.pdf', 1);
}, 120_000);

describe('the stamp signs in the seal key’s algorithm', () => {
  it('a P-384 seal: SHA-384 digest and ecdsa-with-SHA384 in the CMS; pdfsig, openssl and sealdesk accept it', async () => {
    const { output } = await stamp('ec-p384', 'p384.pdf');
    expect(await signerAlgorithms(output)).toEqual({ digest: OIDS.sha384, signature: OIDS.ecdsaSha384 });
    await expectValidEverywhere(output);
  });

  it('a P-256 seal keeps SHA-256 and ecdsa-with-SHA256, as every stamp before', async () => {
    const { output } = await stamp('ec-p256', 'p256.pdf');
    expect(await signerAlgorithms(output)).toEqual({ digest: OIDS.sha256, signature: OIDS.ecdsaSha256 });
    await expectValidEverywhere(output);
  });

  it('an RSA seal signs PKCS#1 v1.5 with SHA-256', async () => {
    const { output } = await stamp('rsa-2048', 'rsa.pdf');
    expect(await signerAlgorithms(output)).toEqual({ digest: OIDS.sha256, signature: OIDS.sha256WithRsa });
    await expectValidEverywhere(output);
  });

  it('RSA-PSS through the same stamp steps, when the seal’s signer is an rsa-pss-sha384 one', async () => {
    const context = f.context;
    const ready = await readySeal(context, seals['rsa-2048']!.id);
    const seal = { ...ready, signer: { certificateChain: ready.certificateChain, key: await tokenSigner(ready.token, ready.keyLabel, { algorithm: 'rsa-pss-sha384' }) } };
    const output = join(dir, 'pss.pdf');
    await finishStamp(seal, await prepareStamp(context, seal, { input, output, sealId: seal.seal.id, placement }));
    expect(await signerAlgorithms(output)).toEqual({ digest: OIDS.sha384, signature: OIDS.rsaPss, pssHash: OIDS.sha384 });
    await expectValidEverywhere(output);
  });

  it('the P-384 stamp’s seal event is signed ecdsa-sha384 by the seal key and verifies with its certificate', async () => {
    const { result } = await stamp('ec-p384', 'p384-event.pdf');
    const log = new SealEventLog(f.fx.home, { terminalId: 'counter-01', operatorId: 'clerk' });
    try {
      const event = await log.signStamp(result, { token: f.fx.pkcs11.token({ serial: seals['ec-p384']!.key.tokenSerial }), keyLabel: seals['ec-p384']!.key.keyLabel });
      log.appendStamp(event, result.signatureSha256);
      expect(log.outbox.event(event.id)).toEqual(event);
      expect(event.signature.alg).toBe('ecdsa-sha384');
      expect(sealEventSignedBy(event, seals['ec-p384']!.certificateChain[0]!)).toBe(true);
      expect(sealEventSignedBy(event, seals['ec-p256']!.certificateChain[0]!)).toBe(false);
    } finally {
      log.close();
    }
  });
});
