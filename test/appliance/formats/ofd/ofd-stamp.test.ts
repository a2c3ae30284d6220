/**
 * Stamping OFD through the seam: ofdrw's unsigned files get a GB/T 38540 e-seal signature the
 * way ofdrw writes one (Signs/Sign_K with Signature.xml, Seal.esl, SignedValue.dat), every earlier
 * file kept byte-identical, a second and third stamp leave the earlier ones valid; what is written is
 * checked by sealdesk's verifier and, independently, by OpenSSL (SM3 of each reference, SM2 over TBS_Sign).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument, type DocumentSigner, type Placement, type SignatureSpec } from '../../../../appliance/formats/index.js';
import { failure } from '../../../helpers/failure.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { ofdrwFile } from './interop-files.js';
import { failedChecks, ofdrwUserKey, verifyWithKey, type TestSm2Key } from './test-signer.js';

let dir: string;
let key: TestSm2Key;
let eseal: Buffer;
let image: Buffer;

// within the USER certificate's (2020-04-21 … 2022-04-21) and UserV4.esl's (2020-04-22 … 2022-04-22) validity
const SIGNING_TIME = new Date('2021-06-01T08:00:00Z');
const spec: SignatureSpec = { name: 'OFD R&W 测试用印章', reason: 'test', signingTime: SIGNING_TIME, hash: 'sha256', level: { level: 'B-B' } };

beforeAll(async () => {
  dir = await tempDir('ofd-stamp');
  key = ofdrwUserKey(dir);
  eseal = await readFile(ofdrwFile('UserV4.esl'));
  image = await readFile(ofdrwFile('StampImg.png'));
});

async function stamp(input: string, output: string, placement: Placement = { kind: 'position', page: 1, x: 100, y: 100 }, signer: DocumentSigner = key.signer): Promise<Buffer> {
  const doc = await openDocument(input);
  try {
    const placed = await doc.place(placement, { image, eseal });
    const pending = await doc.prepareSignature(output, placed, spec);
    expect(pending.digest).toHaveLength(32);
    return await pending.sign(signer);
  } finally {
    await doc.close();
  }
}

const verify = (path: string) => verifyWithKey(path, key);
const failures = failedChecks;

/** OpenSSL, not sealdesk: every reference's SM3, dataHash = SM3(Signature.xml), the SM2 signature over DER(TBS_Sign) with the standard ID. */
async function opensslChecks(path: string, sign: string): Promise<void> {
  const files = unzipSync(await readFile(path));
  const work = join(dir, `openssl-${Math.random().toString(36).slice(2)}`);
  execFileSync('mkdir', ['-p', work]);
  const sm3 = async (data: Uint8Array) => {
    const f = join(work, 'data');
    await writeFile(f, data);
    return execFileSync('openssl', ['dgst', '-sm3', '-binary', f]);
  };
  const signatureXml = files[`${sign}/Signature.xml`]!;
  const references = [...Buffer.from(signatureXml).toString('utf8').matchAll(/FileRef="\/([^"]+)"><ofd:CheckValue>([^<]+)</g)];
  expect(references.length).toBeGreaterThan(3);
  for (const [, file, value] of references) expect((await sm3(files[file!]!)).toString('base64'), file).toBe(value);
  const signedValue = join(work, 'SignedValue.dat');
  await writeFile(signedValue, files[`${sign}/SignedValue.dat`]!);
  const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', signedValue]).toString().split('\n');
  const tbsLine = /^\s*(\d+):d=1\s+hl=(\d+)\s+l=\s*(\d+)/.exec(parsed.find((l) => /d=1/.test(l))!)!;
  const der = files[`${sign}/SignedValue.dat`]!;
  const tbsStart = Number(tbsLine[1]);
  const tbs = der.subarray(tbsStart, tbsStart + Number(tbsLine[2]) + Number(tbsLine[3]));
  const sigLine = /^\s*(\d+):d=1\s+hl=(\d+)\s+l=\s*(\d+)\s+prim:\s+BIT STRING/.exec(parsed.filter((l) => /d=1 .*BIT STRING/.test(l)).at(-1)!)!;
  const sigStart = Number(sigLine[1]) + Number(sigLine[2]) + 1;
  const sig = der.subarray(sigStart, Number(sigLine[1]) + Number(sigLine[2]) + Number(sigLine[3]));
  // dataHash: TBS_Sign's BIT STRING of 33 bytes (a zero unused-bits byte, then the SM3)
  expect(Buffer.from(tbs).includes(Buffer.concat([Buffer.from([0x03, 0x21, 0x00]), await sm3(signatureXml)]))).toBe(true);
  await writeFile(join(work, 'tbs.der'), tbs);
  await writeFile(join(work, 'sig.der'), sig);
  await writeFile(join(work, 'pub.pem'), execFileSync('openssl', ['x509', '-pubkey', '-noout', '-in', key.certPem]));
  const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(work, 'pub.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', join(work, 'tbs.der'), '-sigfile', join(work, 'sig.der')]).toString();
  expect(out).toContain('Signature Verified Successfully');
}

/** Every file of `before` but OFD.xml and Signatures.xml is in `after` with the same bytes. */
async function keptIdentical(before: string, after: string): Promise<void> {
  const a = unzipSync(await readFile(before));
  const b = unzipSync(await readFile(after));
  for (const [name, data] of Object.entries(a)) {
    if (name === 'OFD.xml' || name.endsWith('Signs/Signatures.xml')) continue;
    expect(b[name] && Buffer.from(b[name]).equals(Buffer.from(data)), name).toBe(true);
  }
}

describe('OFD stamping', () => {
  for (const name of ['helloworld.ofd', 'invoice-sample.ofd', 'chineseDir.ofd']) {
    it(`${name}: stamped as ofdrw stamps, then verified — by sealdesk and by OpenSSL`, async () => {
      const out = join(dir, `stamped-${name}`);
      const value = await stamp(ofdrwFile(name), out);
      const report = await verify(out);
      expect(failures(report)).toEqual([[]]);
      expect(report.status).toBe('valid');
      const s = report.signatures[0]!;
      expect(s.ofd).toMatchObject({ signatureFile: 'Doc_0/Signs/Sign_0/Signature.xml', provider: 'sealdesk', checkMethod: '1.2.156.10197.1.401', sesVersion: 4, seal: { name: 'OFD R&W 测试用印章' } });
      // PageRef is the page's ID in Document.xml (1 in ofdrw's files, 61 in the invoice)
      expect(s.ofd!.stampAnnots).toEqual([{ pageRef: name === 'invoice-sample.ofd' ? '61' : '1', boundary: expect.stringMatching(/^35\.278 \d+(\.\d+)? 40 40$/) as string }]);
      // the value returned is SignedValue.dat, as signatures() lists it
      const doc = await openDocument(out);
      expect((await doc.signatures()).map((e) => e.value)).toEqual([value]);
      await doc.close();
      await keptIdentical(ofdrwFile(name), out);
      await opensslChecks(out, 'Doc_0/Signs/Sign_0');
      const files = unzipSync(await readFile(out));
      expect(Buffer.from(files['OFD.xml']!).toString()).toContain('<ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures>');
      expect(Buffer.from(files['Doc_0/Signs/Sign_0/Seal.esl']!).equals(eseal)).toBe(true);
      // ofdrw's rule: every file but Signatures.xml and this signature's own Signature.xml and SignedValue.dat is protected
      const protectedFiles = s.ofd!.references.map((r) => r.file.slice(1)).sort();
      const expected = Object.keys(files).filter((f) => !f.endsWith('/') && !/Signs\/(Signatures\.xml|Sign_0\/(Signature\.xml|SignedValue\.dat))$/.test(f)).sort();
      expect(protectedFiles).toEqual(expected);
    });
  }

  it('keyword.ofd: --at-text places the seal centred on its anchor (on the file without its signatures: see the next test)', async () => {
    const files = unzipSync(await readFile(ofdrwFile('keyword.ofd')));
    const unsigned = join(dir, 'keyword-unsigned.ofd');
    await writeFile(unsigned, zipSync(Object.fromEntries(Object.entries(files).filter(([name]) => !name.startsWith('Doc_0/Signs/')))));
    const out = join(dir, 'stamped-keyword.ofd');
    await stamp(unsigned, out, { kind: 'text', text: '中国建设银行' });
    const report = await verify(out);
    expect(failures(report)).toEqual([[]]);
    const ours = report.signatures[0]!.ofd!;
    // OFD.xml already named Doc_0/Signs/Signatures.xml: it is kept, the list made anew
    expect(ours.signatureFile).toBe('Doc_0/Signs/Sign_0/Signature.xml');
    // the anchor's TextObject: Boundary 191.7523 43.9082, Size 4.2333, 6 characters of 4.2333 from X 0, baseline Y 3.6364
    const [x, y, w, h] = ours.stampAnnots![0]!.boundary.split(' ').map(Number);
    expect(x! + w! / 2).toBeCloseTo(191.7523 + (6 * 4.2333) / 2, 1);
    expect(y! + h! / 2).toBeCloseTo(43.9082 + 3.6364 - 4.2333 / 2, 1);
    await keptIdentical(unsigned, out);
    await opensslChecks(out, 'Doc_0/Signs/Sign_0');
    const missing = await failure(stamp(unsigned, join(dir, 'never.ofd'), { kind: 'text', text: '不存在的文字' }));
    expect(missing.code).toBe('ANCHOR_TEXT_NOT_FOUND');
  });

  it('keyword.ofd and allprotected.ofd as they are: an earlier signature protects Signatures.xml, so a stamp is refused rather than break it', async () => {
    for (const [name, signature] of [
      ['keyword.ofd', '/Doc_0/Signs/Sign_3/Signature.xml'],
      ['allprotected.ofd', '/Doc_0/Signs/Sign_0/Signature.xml'],
    ] as const) {
      const out = join(dir, `refused-${name}`);
      const error = await failure(stamp(ofdrwFile(name), out));
      expect(error).toMatchObject({ code: 'OFD_SIGNATURES_PROTECTED', status: 409, details: { signature, file: '/Doc_0/Signs/Signatures.xml' } });
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a second and a third stamp each add their own Sign_K and leave the earlier ones valid', async () => {
    const first = join(dir, 'one.ofd');
    const second = join(dir, 'two.ofd');
    const third = join(dir, 'three.ofd');
    await stamp(ofdrwFile('helloworld.ofd'), first);
    await stamp(first, second, { kind: 'position', page: 1, x: 300, y: 300 });
    await stamp(second, third, { kind: 'position', page: 1, x: 200, y: 500 });
    const report = await verify(third);
    expect(report.status).toBe('valid');
    expect(report.signatures.map((s) => s.ofd!.signatureFile)).toEqual(['Doc_0/Signs/Sign_0/Signature.xml', 'Doc_0/Signs/Sign_1/Signature.xml', 'Doc_0/Signs/Sign_2/Signature.xml']);
    expect(failures(report)).toEqual([[], [], []]);
    // the third protects the first two signatures' files too
    expect(report.signatures[2]!.ofd!.references.map((r) => r.file)).toEqual(expect.arrayContaining(['/Doc_0/Signs/Sign_0/SignedValue.dat', '/Doc_0/Signs/Sign_1/Signature.xml']));
    await keptIdentical(second, third);
    await opensslChecks(third, 'Doc_0/Signs/Sign_2');
    const signatures = Buffer.from(unzipSync(await readFile(third))['Doc_0/Signs/Signatures.xml']!).toString();
    expect(signatures.match(/<ofd:Signature /g)).toHaveLength(3);
    // as ofdrw keeps it: the last ID taken, each signature's StampAnnot's after its own (1+2, 3+4, 5+6)
    expect(signatures).toContain('<ofd:MaxSignId>6</ofd:MaxSignId>');
  });

  it('stamping ofdrw\'s signed SESV4SignDoc.ofd leaves its signature\'s references intact', async () => {
    const out = join(dir, 'stamped-SESV4SignDoc.ofd');
    const before = await verify(ofdrwFile('SESV4SignDoc.ofd'));
    await stamp(ofdrwFile('SESV4SignDoc.ofd'), out);
    const report = await verify(out);
    expect(failures(report)).toEqual([...failures(before), []]);
    expect(report.signatures[0]!.ofd!.references.every((r) => r.status === 'unchanged')).toBe(true);
  });

  it('refusals leave nothing behind: no e-seal, a non-SM2 key, a page that does not exist, a signer that fails', async () => {
    const input = ofdrwFile('helloworld.ofd');
    const doc = await openDocument(input);
    try {
      expect((await failure(doc.place({ kind: 'position', page: 1, x: 0, y: 0 }, { image }))).code).toBe('OFD_ESEAL_REQUIRED');
      expect((await failure(doc.place({ kind: 'position', page: 2, x: 0, y: 0 }, { image, eseal }))).code).toBe('PAGE_OUT_OF_RANGE');
      const placed = await doc.place({ kind: 'position', page: 1, x: 0, y: 0 }, { image, eseal });
      const ecdsa = { ...key.signer, key: { ...key.signer.key, algorithm: { ...key.signer.key.algorithm, id: 'ecdsa-sha256' } } } as DocumentSigner;
      const notSm2 = await failure((await doc.prepareSignature(join(dir, 'p256.ofd'), placed, spec)).sign(ecdsa));
      expect(notSm2.code).toBe('OFD_SIGNER_NOT_SM2');
      const broken = { ...key.signer, key: { ...key.signer.key, sign: () => Promise.reject(new Error('token removed')) } } as DocumentSigner;
      await expect((await doc.prepareSignature(join(dir, 'broken.ofd'), placed, spec)).sign(broken)).rejects.toThrow('token removed');
      await (await doc.prepareSignature(join(dir, 'aborted.ofd'), placed, spec)).abort();
    } finally {
      await doc.close();
    }
    for (const name of ['p256.ofd', 'broken.ofd', 'aborted.ofd']) expect(existsSync(join(dir, name))).toBe(false);
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });
});
