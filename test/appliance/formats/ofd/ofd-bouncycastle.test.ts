/**
 * sealdesk's OFD signatures checked by another implementation: BouncyCastle (test/helpers/Sm2Check.java,
 * `ofd`) reads the package with java.util.zip and the JDK's XML parser, and checks every listed
 * signature — SM3 of each Reference's file against its CheckValue, dataHash = SM3(Signature.xml),
 * SM2 over DER(TBS_Sign) with the signer certificate's key and the default ID. One changed page
 * byte, or a changed Signature.xml, and it fails, saying which.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument, type CrossPageOption, type Placement, type SignatureSpec } from '../../../../appliance/formats/index.js';
import { qrModules } from '../../../../appliance/stamping/qr-image.js';
import { bouncyCastle } from '../../../helpers/bouncycastle.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { ofdrwFile } from './interop-files.js';
import { ofdrwUserKey, type TestSm2Key } from './test-signer.js';

let dir: string;
let key: TestSm2Key;
let eseal: Buffer;
let image: Buffer;
const spec: SignatureSpec = { name: 'OFD R&W 测试用印章', reason: 'test', signingTime: new Date('2021-06-01T08:00:00Z'), hash: 'sha256', level: { level: 'B-B' } };

beforeAll(async () => {
  dir = await tempDir('ofd-bc');
  key = ofdrwUserKey(dir);
  eseal = await readFile(ofdrwFile('UserV4.esl'));
  image = await readFile(ofdrwFile('StampImg.png'));
});

async function stamp(input: string, output: string, extra: { crossPage?: CrossPageOption; qr?: string } = {}, placement: Placement = { kind: 'position', page: 1, x: 100, y: 100 }): Promise<string> {
  const doc = await openDocument(input);
  try {
    const placed = await doc.place(placement, { image, eseal, ...(extra.crossPage ? { crossPage: extra.crossPage } : {}), ...(extra.qr ? { qr: qrModules(extra.qr) } : {}) });
    await (await doc.prepareSignature(output, placed, spec)).sign(key.signer);
    return output;
  } finally {
    await doc.close();
  }
}

/** The package with one file changed (re-zipped, CRCs right: only the signature can tell). */
async function changed(path: string, file: string, change: (text: string) => string): Promise<string> {
  const files = unzipSync(new Uint8Array(await readFile(path)));
  const before = strFromU8(files[file]!);
  const after = change(before);
  expect(after).not.toBe(before);
  files[file] = strToU8(after);
  const out = `${path}.changed.ofd`;
  await writeFile(out, zipSync(files));
  return out;
}

describe('BouncyCastle checks sealdesk\'s OFD signatures', () => {
  it('helloworld (with the QR annotation), chineseDir (Chinese paths) and a 5-page 骑缝章: every reference, dataHash and SM2 over TBS_Sign hold', async () => {
    expect(await bouncyCastle('ofd', await readFile(await stamp(ofdrwFile('helloworld.ofd'), join(dir, 'hello.ofd'), { qr: 'https://verify.example.cn/v/1' })))).toBe('OK');
    expect(await bouncyCastle('ofd', await readFile(await stamp(ofdrwFile('chineseDir.ofd'), join(dir, 'chinese.ofd'))))).toBe('OK');
    expect(await bouncyCastle('ofd', await readFile(await stamp(ofdrwFile('VPage7.ofd'), join(dir, 'cross.ofd'), { crossPage: {} })))).toBe('OK');
  });

  it('three stamps one after another: all three hold', async () => {
    const one = await stamp(ofdrwFile('invoice-sample.ofd'), join(dir, 'one.ofd'), { qr: 'https://verify.example.cn/v/2' });
    const two = await stamp(one, join(dir, 'two.ofd'), {}, { kind: 'position', page: 1, x: 300, y: 300 });
    const three = await stamp(two, join(dir, 'three.ofd'), {}, { kind: 'position', page: 1, x: 200, y: 500 });
    expect(await bouncyCastle('ofd', await readFile(three))).toBe('OK');
  });

  it('one changed byte of a page file, of the QR annotation, or of Signature.xml: FAIL, naming what', async () => {
    const out = await stamp(ofdrwFile('helloworld.ofd'), join(dir, 'tamper.ofd'), { qr: 'https://verify.example.cn/v/3' });
    const page = await changed(out, 'Doc_0/Pages/Page_0/Content.xml', (t) => t.replace('Reader', 'Raader'));
    expect(await bouncyCastle('ofd', await readFile(page))).toBe('FAIL: Doc_0/Signs/Sign_0/Signature.xml: reference Doc_0/Pages/Page_0/Content.xml does not match its CheckValue');
    const annot = await changed(out, 'Doc_0/Annots/Page_0/Annotation.xml', (t) => t.replace('M 0 0 L', 'M 0.1 0 L'));
    expect(await bouncyCastle('ofd', await readFile(annot))).toContain('reference Doc_0/Annots/Page_0/Annotation.xml does not match');
    const signature = await changed(out, 'Doc_0/Signs/Sign_0/Signature.xml', (t) => t.replace(/Boundary="[\d.]+/, 'Boundary="1'));
    expect(await bouncyCastle('ofd', await readFile(signature))).toBe('FAIL: Doc_0/Signs/Sign_0/Signature.xml: dataHash is not SM3 of Signature.xml');
    // the SM2 signature's last byte (s's lowest) changed: only the signature check can tell
    const files = unzipSync(new Uint8Array(await readFile(out)));
    const value = files['Doc_0/Signs/Sign_0/SignedValue.dat']!;
    value[value.length - 1]! ^= 0x01;
    await writeFile(join(dir, 'bad-signature.ofd'), zipSync(files));
    expect(await bouncyCastle('ofd', await readFile(join(dir, 'bad-signature.ofd')))).toBe('FAIL: Doc_0/Signs/Sign_0/Signature.xml: the SM2 signature over TBS_Sign does not verify');
  });
});
