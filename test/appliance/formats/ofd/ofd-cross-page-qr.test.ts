/**
 * What an OFD stamp draws besides its seal: the 骑缝章 across the pages (one StampAnnot per page,
 * its Clip showing that page's slice, all in one signature, as ofdrw's RidingStampPos writes it)
 * and the QR 证照码 as a page annotation (Annots/Annotations.xml and the page's annotation file),
 * protected by the signature's references; read back from the files and verified.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import jsQRModule from 'jsqr';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument, type CrossPageOption, type Placement, type SignatureSpec } from '../../../../appliance/formats/index.js';
import { qrModules } from '../../../../appliance/stamping/qr-image.js';
import { failure } from '../../../helpers/failure.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { ofdrwFile } from './interop-files.js';
import { failedChecks, ofdrwUserKey, verifyWithKey, type TestSm2Key } from './test-signer.js';

// jsqr is CommonJS with its function on module.exports.default (as in devices-cli.test.ts)
const jsQR = jsQRModule.default;

let dir: string;
let key: TestSm2Key;
let eseal: Buffer;
let image: Buffer;
const SIGNING_TIME = new Date('2021-06-01T08:00:00Z');
const spec: SignatureSpec = { name: 'OFD R&W 测试用印章', reason: 'test', signingTime: SIGNING_TIME, hash: 'sha256', level: { level: 'B-B' } };
const URL = 'https://verify.example.cn/v/9f86d081884c7d65/01HZX3K8Q2';

beforeAll(async () => {
  dir = await tempDir('ofd-cross-qr');
  key = ofdrwUserKey(dir);
  eseal = await readFile(ofdrwFile('UserV4.esl'));
  image = await readFile(ofdrwFile('StampImg.png'));
});

async function stamp(input: string, output: string, extra: { crossPage?: CrossPageOption; qr?: string } = {}, placement: Placement = { kind: 'position', page: 1, x: 100, y: 100 }): Promise<void> {
  const doc = await openDocument(input);
  try {
    const placed = await doc.place(placement, { image, eseal, ...(extra.crossPage ? { crossPage: extra.crossPage } : {}), ...(extra.qr ? { qr: qrModules(extra.qr) } : {}) });
    await (await doc.prepareSignature(output, placed, spec)).sign(key.signer);
  } finally {
    await doc.close();
  }
}

const verify = (path: string) => verifyWithKey(path, key);
const failures = failedChecks;
const boxOf = (text: string) => text.split(' ').map(Number) as [number, number, number, number];
const files = async (path: string) => unzipSync(new Uint8Array(await readFile(path)));
const textOf = (data: Uint8Array | undefined) => Buffer.from(data!).toString('utf8');

/** The dark PathObject of a QR annotation (rectangles M L L L C, mm), rasterised with a white margin and read by jsQR. */
function readQr(annotXml: string): string | undefined {
  const appearance = /<ofd:Annot [^>]*Subtype="sealdesk\.QRCode"[^>]*>.*?<ofd:Appearance Boundary="([^"]+)">(.*?)<\/ofd:Appearance>/s.exec(annotXml);
  if (!appearance) return undefined;
  const side = boxOf(appearance[1]!)[2];
  const dark = /<ofd:FillColor Value="0 0 0"\/><ofd:AbbreviatedData>([^<]+)</.exec(appearance[2]!)![1]!;
  const scale = 12;
  const margin = 40;
  const size = Math.ceil(side * scale) + 2 * margin;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const m of dark.matchAll(/M ([\d.]+) ([\d.]+) L ([\d.]+) [\d.]+ L [\d.]+ ([\d.]+)/g)) {
    const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map((v) => Math.round(Number(v) * scale) + margin);
    for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) pixels.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
  }
  return jsQR(pixels, size, size)?.data;
}

describe('OFD 骑缝章 (cross-page seal)', () => {
  it('VPage7.ofd (5 pages): the seal, then one slice per page against its right edge, each StampAnnot clipped to its slice, in one valid signature', async () => {
    const out = join(dir, 'vpage7-cross.ofd');
    await stamp(ofdrwFile('VPage7.ofd'), out, { crossPage: {} });
    const report = await verify(out);
    expect(failures(report)).toEqual([[]]);
    expect(report.status).toBe('valid');
    const annots = report.signatures[0]!.ofd!.stampAnnots!;
    // the visible seal on page 1, then the five pages by their IDs in Document.xml
    expect(annots.map((a) => a.pageRef)).toEqual(['1', '1', '21', '43', '63', '83']);
    expect(annots[0]!.clip).toBeUndefined();
    const slices = annots.slice(1).map((a) => ({ boundary: boxOf(a.boundary), clip: boxOf(a.clip!) }));
    const [, , width, height] = slices[0]!.boundary;
    slices.forEach(({ boundary, clip }, i) => {
      // the whole seal's box on every page, its slice i (of five) showing, flush with the 210 mm page's right edge, centred on its 297 mm height
      expect(boundary[2]).toBeCloseTo(width, 3);
      expect(clip[2]).toBeCloseTo(width / 5, 2);
      expect(clip[0]).toBeCloseTo((i * width) / 5, 2);
      expect([clip[1], clip[3]]).toEqual([0, boundary[3]]);
      expect(boundary[0] + clip[0] + clip[2]).toBeCloseTo(210, 2);
      expect(boundary[1] + height / 2).toBeCloseTo(297 / 2, 2);
    });
    // the slices add up to the seal, at least 42 mm wide as the PDF's
    expect(width).toBeGreaterThanOrEqual(41.9);
    const signature = textOf((await files(out))['Doc_0/Signs/Sign_0/Signature.xml']);
    expect(signature.match(/<ofd:StampAnnot /g)).toHaveLength(6);
    expect(signature.match(/ Clip="/g)).toHaveLength(5);
    expect(textOf((await files(out))['Doc_0/Signs/Signatures.xml'])).toContain('<ofd:MaxSignId>7</ofd:MaxSignId>');
  });

  it('--pages 2-4 cuts the seal in three for those pages; helloworld and invoice-sample (1 page) carry the whole seal at the edge', async () => {
    const out = join(dir, 'vpage7-cross-2-4.ofd');
    await stamp(ofdrwFile('VPage7.ofd'), out, { crossPage: { from: 2, to: 4 } });
    const report = await verify(out);
    expect(failures(report)).toEqual([[]]);
    const annots = report.signatures[0]!.ofd!.stampAnnots!.slice(1);
    expect(annots.map((a) => a.pageRef)).toEqual(['21', '43', '63']);
    expect(boxOf(annots[2]!.clip!)[0]).toBeCloseTo((2 * boxOf(annots[2]!.boundary)[2]) / 3, 2);

    for (const [name, pageId] of [['helloworld.ofd', '1'], ['invoice-sample.ofd', '61']] as const) {
      const single = join(dir, `cross-${name}`);
      await stamp(ofdrwFile(name), single, { crossPage: {} });
      const r = await verify(single);
      expect(failures(r)).toEqual([[]]);
      const [, slice] = r.signatures[0]!.ofd!.stampAnnots!;
      expect(slice!.pageRef).toBe(pageId);
      const [x, , w] = boxOf(slice!.boundary);
      expect(boxOf(slice!.clip!)).toEqual([0, 0, w, boxOf(slice!.boundary)[3]]);
      expect(x + w).toBeCloseTo(210, 0);
    }
  });

  it('pages the document does not have are PAGE_OUT_OF_RANGE, and nothing is written', async () => {
    for (const crossPage of [{ from: 2, to: 6 }, { from: 0, to: 3 }, { from: 4, to: 2 }]) {
      const out = join(dir, `cross-refused-${crossPage.from}-${crossPage.to}.ofd`);
      const error = await failure(stamp(ofdrwFile('VPage7.ofd'), out, { crossPage }));
      expect(error).toMatchObject({ code: 'PAGE_OUT_OF_RANGE', details: { pageCount: 5 } });
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('OFD QR 证照码 annotation', () => {
  it('helloworld.ofd: Document.xml names Annots/Annotations.xml, the page\'s annotation holds the QR beside the seal, it scans to the link, and the signature protects it', async () => {
    const out = join(dir, 'qr-helloworld.ofd');
    await stamp(ofdrwFile('helloworld.ofd'), out, { qr: URL });
    const report = await verify(out);
    expect(failures(report)).toEqual([[]]);
    const zip = await files(out);
    const document = textOf(zip['Doc_0/Document.xml']);
    expect(document).toContain('<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>');
    // the QR's three IDs (Annot, two PathObjects) follow MaxUnitID 4, which is raised
    expect(document).toContain('<ofd:MaxUnitID>7</ofd:MaxUnitID>');
    expect(textOf(zip['Doc_0/Annots/Annotations.xml'])).toContain('<ofd:Page PageID="1"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page>');
    const annot = textOf(zip['Doc_0/Annots/Page_0/Annotation.xml']);
    expect(annot).toMatch(/<ofd:Annot ID="5" Type="Stamp" Subtype="sealdesk\.QRCode"/);
    expect(readQr(annot)).toBe(URL);
    // right of the seal, lower edges level, 4 pt apart, 25.4 mm (72 pt) square
    const seal = boxOf(report.signatures[0]!.ofd!.stampAnnots![0]!.boundary);
    const qr = boxOf(/<ofd:Appearance Boundary="([^"]+)"/.exec(annot)![1]!);
    expect(qr[0]).toBeCloseTo(seal[0] + seal[2] + (4 * 25.4) / 72, 2);
    expect(qr[1] + qr[3]).toBeCloseTo(seal[1] + seal[3], 2);
    expect(qr[2]).toBeCloseTo(25.4, 2);
    const references = report.signatures[0]!.ofd!.references.map((r) => r.file);
    expect(references).toEqual(expect.arrayContaining(['/Doc_0/Document.xml', '/Doc_0/Annots/Annotations.xml', '/Doc_0/Annots/Page_0/Annotation.xml']));

    // the QR swapped for another: the signature names the changed file
    zip['Doc_0/Annots/Page_0/Annotation.xml'] = Buffer.from(annot.replace('M 0 0 L', 'M 0.1 0 L'));
    const tampered = join(dir, 'qr-tampered.ofd');
    await writeFile(tampered, zipSync(zip));
    const bad = await verify(tampered);
    expect(bad.status).toBe('invalid');
    expect(bad.signatures[0]!.checks).toContainEqual(expect.objectContaining({ check: 'references', error: expect.objectContaining({ code: 'OFD_REFERENCE_MISMATCH', details: { file: '/Doc_0/Annots/Page_0/Annotation.xml' } }) }));
  });

  it('invoice-sample.ofd already has a page annotation (two watermarks): the QR joins it, the watermarks kept', async () => {
    const out = join(dir, 'qr-invoice.ofd');
    await stamp(ofdrwFile('invoice-sample.ofd'), out, { qr: URL });
    expect(failures(await verify(out))).toEqual([[]]);
    const zip = await files(out);
    const before = unzipSync(new Uint8Array(await readFile(ofdrwFile('invoice-sample.ofd'))));
    expect(textOf(zip['Doc_0/Annots/Annotations.xml'])).toBe(textOf(before['Doc_0/Annots/Annotations.xml']));
    const annot = textOf(zip['Doc_0/Annots/Page_0/Annotation.xml']);
    expect(annot.match(/<ofd:Annot /g)).toHaveLength(3);
    expect(annot.startsWith(textOf(before['Doc_0/Annots/Page_0/Annotation.xml']).replace(/<\/ofd:PageAnnot>\s*$/, ''))).toBe(true);
    expect(readQr(annot)).toBe(URL);
    expect(textOf(zip['Doc_0/Document.xml'])).toContain('<ofd:MaxUnitID>6960</ofd:MaxUnitID>');
  });

  it('a second stamp on a QR-stamped document adds no annotation (the first signature protects Document.xml) and both stay valid', async () => {
    const first = join(dir, 'qr-first.ofd');
    const second = join(dir, 'qr-second.ofd');
    await stamp(ofdrwFile('helloworld.ofd'), first, { qr: URL });
    await stamp(first, second, { qr: `${URL}-2`, crossPage: {} }, { kind: 'position', page: 1, x: 300, y: 400 });
    const report = await verify(second);
    expect(failures(report)).toEqual([[], []]);
    const zip = await files(second);
    expect(textOf(zip['Doc_0/Document.xml'])).toBe(textOf((await files(first))['Doc_0/Document.xml']));
    expect(readQr(textOf(zip['Doc_0/Annots/Page_0/Annotation.xml']))).toBe(URL);
  });
});
