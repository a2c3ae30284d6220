/**
 * Kiosk certificates as OFD: a template's certificate written as GB/T 33190 from the PDF's own
 * layout, checked from outside sealdesk's writer — fast-xml-parser for every XML, fontkit (and
 * FreeType's fc-scan) for the embedded subset, ofdrw's helloworld.ofd for the package's shape —
 * then read back by sealdesk's OFD reader (pages, size, the anchor found), stamped by the OFD
 * stamper with ofdrw's SM2 test key and verified.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import jsQRModule from 'jsqr';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument } from '../../../appliance/formats/index.js';
import { parseCertificate } from '../../../appliance/pades/index.js';
import { loadTemplate, renderCertificate, renderCertificateAs, validateTemplate, type CertificateTemplate } from '../../../appliance/templates/index.js';
import { failure } from '../../helpers/failure.js';
import { layOutFor } from '../../../appliance/templates/lay-out-for.js';
import { renderCertificateOfd } from '../../../appliance/templates/render-certificate-ofd.js';
import { ofdrwFile } from '../formats/ofd/interop-files.js';
import { ofdrwUserKey } from '../formats/ofd/test-signer.js';
import { tempDir } from '../../helpers/temp-dir.js';

// jsqr is CommonJS with its function on module.exports.default (as in devices-cli.test.ts)
const jsQR = jsQRModule.default;

/** The filled rectangles of a PathObject (M L L L C), rasterised at `scale` px per mm with a white margin, read by jsQR. */
function readQrPath(abbreviated: string, side: number, scale = 12, margin = 40): string | undefined {
  const size = Math.ceil(side * scale) + 2 * margin;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const m of abbreviated.matchAll(/M ([\d.]+) ([\d.]+) L ([\d.]+) [\d.]+ L [\d.]+ ([\d.]+)/g)) {
    const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map((v) => Math.round(Number(v) * scale) + margin);
    for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) pixels.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
  }
  return jsQR(pixels, size, size)?.data;
}

let dir: string;
let template: CertificateTemplate;
const TIME = new Date('2021-06-01T02:00:00Z');
const data = {
  holder: { name: '欧阳娜娜', sex: 'female' as const, ethnicity: '汉', birthDate: '1990-03-07', address: '北京市海淀区中关村大街27号', idNumber: '110108199003070024' },
  fields: { residenceAddress: '北京市朝阳区建国路88号院3号楼1201', residenceSince: '2019-09-01', purpose: '子女入学' },
};
const options = { time: TIME, issuer: '北京市朝阳区建外街道办事处', qr: 'https://verify.example.cn/v/abc123' };

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['ofd:TextObject', 'ofd:PathObject', 'ofd:Font', 'ofd:TextCode'].includes(name) });
const parse = (bytes: Uint8Array) => parser.parse(Buffer.from(bytes).toString('utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  dir = await tempDir('ofd-certificate');
  template = (await loadTemplate(dir, 'residence-certificate')).template;
});

describe('certificates as OFD', () => {
  it('the package: ofdrw\'s files, XML that parses, the text of the PDF layout in TextObjects at its positions in mm', async () => {
    const { ofd, documentNumber } = await renderCertificateOfd(template, data, options);
    const files = unzipSync(ofd);
    // ofdrw's layout of files (helloworld.ofd), plus the font under Doc_0/Res
    const ofdrw = Object.keys(unzipSync(await readFile(ofdrwFile('helloworld.ofd')))).filter((n) => !n.endsWith('/'));
    expect(Object.keys(files).filter((n) => !n.startsWith('Doc_0/Res/')).sort()).toEqual(ofdrw.sort());
    for (const name of Object.keys(files).filter((n) => n.endsWith('.xml'))) expect(() => parse(files[name]!), name).not.toThrow();

    const root = parse(files['OFD.xml']!)['ofd:OFD'];
    expect(root['ofd:DocBody']['ofd:DocRoot']).toBe('Doc_0/Document.xml');
    expect(root['ofd:DocBody']['ofd:DocInfo']['ofd:Title']).toBe(`居住证明 ${documentNumber}`);
    const document = parse(files['Doc_0/Document.xml']!)['ofd:Document'];
    expect(document['ofd:CommonData']['ofd:PageArea']['ofd:PhysicalBox']).toBe('0 0 210 297'); // A4: the PDF's 595.28 × 841.89 pt
    const fontsXml = parse(files['Doc_0/PublicRes.xml']!)['ofd:Res'];
    expect(fontsXml.BaseLoc).toBe('Res');

    const page = parse(files['Doc_0/Pages/Page_0/Content.xml']!)['ofd:Page']['ofd:Content']['ofd:Layer'];
    const runs = (page['ofd:TextObject'] as any[]).map((o) => ({ object: o, code: o['ofd:TextCode'][0] })); // eslint-disable-line @typescript-eslint/no-explicit-any
    const printed = runs.map((r) => String(r.code['#text']));
    // one layout, two writers: the runs are the PDF layout's text runs, in order, where it puts them
    const { layout, values } = await layOutFor(template, data, options);
    const ops = layout.ops.filter((op) => op.op === 'text');
    expect(printed).toEqual(ops.map((op) => op.text));
    runs.forEach(({ object, code }, i) => {
      const [x, y] = String(object.Boundary).split(' ').map(Number);
      expect(x).toBeCloseTo((ops[i]!.x * 25.4) / 72, 2);
      expect(y! + Number(code.Y)).toBeCloseTo(297 - (ops[i]!.y * 25.4) / 72, 2);
      expect(Number(object.Size)).toBeCloseTo((ops[i]!.size * 25.4) / 72, 2);
    });
    // the holder's and the template's values are what is printed
    const all = printed.join('');
    for (const value of [data.holder.name, data.holder.idNumber, data.holder.address, data.fields.residenceAddress, data.fields.purpose, options.issuer, documentNumber, values.issueDate!, '盖章处']) expect(all).toContain(value);
    // the QR 证照码 as vector modules: a white square and the dark runs
    expect(page['ofd:PathObject']).toHaveLength(2);
    const [white, dark] = page['ofd:PathObject'] as { Boundary: string; 'ofd:FillColor': { Value: string }; 'ofd:AbbreviatedData': string }[];
    expect([white!['ofd:FillColor'].Value, dark!['ofd:FillColor'].Value]).toEqual(['255 255 255', '0 0 0']);
    expect(readQrPath(dark!['ofd:AbbreviatedData'], 25.4)).toBe(options.qr);
    // right of the 42 mm seal centred on the anchor, 4 pt apart, their lower edges level (as the PDF stamp puts it)
    const [qx, qy, qw] = dark!.Boundary.split(' ').map(Number);
    expect(qw).toBeCloseTo(25.4, 2);
    expect(qx).toBeCloseTo(((layout.anchor.x + 59.5 + 4) * 25.4) / 72, 2);
    expect(qy! + qw!).toBeCloseTo(297 - ((layout.anchor.y - 59.5) * 25.4) / 72, 2);
  });

  it('the embedded font is a valid OpenType subset with every glyph printed, at the widths the layout used', async () => {
    const { ofd } = await renderCertificateOfd(template, data, options);
    const files = unzipSync(ofd);
    const res = parse(files['Doc_0/PublicRes.xml']!)['ofd:Res'];
    const fonts = res['ofd:Fonts']['ofd:Font'] as { ID: string; FontName: string; 'ofd:FontFile': string }[];
    expect(fonts.map((f) => f.FontName).sort()).toEqual(['NotoSerifCJKsc-Bold', 'NotoSerifCJKsc-Regular']);
    const content = Buffer.from(files['Doc_0/Pages/Page_0/Content.xml']!).toString();
    for (const f of fonts) {
      const bytes = Buffer.from(files[`Doc_0/Res/${f['ofd:FontFile']}`]!);
      const font = fontkit.create(bytes) as unknown as { postscriptName: string; numGlyphs: number; unitsPerEm: number; hasGlyphForCodePoint(c: number): boolean; glyphsForString(s: string): { id: number; advanceWidth: number; path: { commands: unknown[] } }[] };
      expect(font.postscriptName).toBe(f.FontName);
      expect(bytes.length).toBeLessThan(200_000);
      const objects = [...content.matchAll(new RegExp(`<ofd:TextObject [^>]*Font="${f.ID}" Size="([\\d.]+)"><ofd:TextCode X="0" Y="[\\d.]+"(?: DeltaX="([^"]*)")?>([^<]*)<`, 'g'))];
      expect(objects.length).toBeGreaterThan(0);
      for (const [, size, deltaX, text] of objects) {
        const glyphs = font.glyphsForString(text!);
        for (const ch of text!) if (ch.trim()) expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
        // every printed character has an outline (spaces excepted), and DeltaX is its advance
        glyphs.forEach((g, i) => {
          if ([...text!][i]!.trim()) expect(g.path.commands.length, [...text!][i]).toBeGreaterThan(0);
        });
        const deltas = (deltaX ?? '').split(' ').filter(Boolean).map(Number);
        deltas.forEach((d, i) => expect(d).toBeCloseTo((glyphs[i]!.advanceWidth * Number(size)) / font.unitsPerEm, 2));
      }
      // FreeType, not fontkit: the file is a font it reads, with the characters printed
      const path = join(dir, f['ofd:FontFile']);
      await writeFile(path, bytes);
      const scan = execFileSync('fc-scan', ['--format', '%{postscriptname} %{fontformat}', path]).toString();
      expect(scan).toBe(`${f.FontName} CFF`);
    }
  });

  it('rules and boxes of the layout are PathObjects at their places in mm', async () => {
    const ruled = validateTemplate({ ...template, layout: { ...template.layout, blocks: [...template.layout.blocks, { kind: 'line', from: [72, 700], to: [523.28, 700], lineWidth: 1.5 }, { kind: 'rect', x: 72, y: 72, width: 144, height: 72 }] } });
    const { ofd } = await renderCertificateOfd(ruled, data, { time: TIME, issuer: options.issuer });
    const page = parse(unzipSync(ofd)['Doc_0/Pages/Page_0/Content.xml']!)['ofd:Page']['ofd:Content']['ofd:Layer'];
    const paths = (page['ofd:PathObject'] as { Boundary: string; LineWidth: string; 'ofd:AbbreviatedData': string }[]).map((p) => [p.Boundary, p.LineWidth, p['ofd:AbbreviatedData']]);
    // 72 pt = 25.4 mm; y from the top: 297 − 700 pt (246.944 mm) = 50.056; the box's top edge at 144 pt, its bottom at 72 pt
    expect(paths).toEqual([
      ['0 0 210 297', '0.529', 'M 25.4 50.056 L 184.602 50.056'],
      ['0 0 210 297', '0.265', 'M 25.4 246.2 L 76.2 246.2 L 76.2 271.6 L 25.4 271.6 C'],
    ]);
  });

  it('a value written to break out of its TextCode stays text: escaped, parsed back as it was typed', async () => {
    const attack = '1号</ofd:TextCode><ofd:ImageObject/>&amp;"楼"<';
    const { ofd } = await renderCertificateOfd(template, { ...data, fields: { ...data.fields, residenceAddress: attack } }, options);
    const layer = parse(unzipSync(ofd)['Doc_0/Pages/Page_0/Content.xml']!)['ofd:Page']['ofd:Content']['ofd:Layer'];
    expect(layer['ofd:ImageObject']).toBeUndefined();
    const printed = (layer['ofd:TextObject'] as { 'ofd:TextCode': { '#text': unknown }[] }[]).map((o) => String(o['ofd:TextCode'][0]!['#text'])).join('');
    expect(printed).toContain(attack);
  });

  it('is deterministic: the same template, data and time give the same bytes', async () => {
    const a = await renderCertificateOfd(template, data, options);
    const b = await renderCertificateOfd(template, data, options);
    expect(a.ofd.equals(b.ofd)).toBe(true);
    const c = await renderCertificateOfd(template, data, { ...options, time: new Date('2021-06-02T02:00:00Z') });
    expect(c.ofd.equals(a.ofd)).toBe(false);
  });

  it('the format is the request\'s, else the template\'s, else PDF — and the PDF is the one renderCertificate gives', async () => {
    const pdf = await renderCertificateAs(template, data, options);
    expect(pdf).toMatchObject({ format: 'pdf', mediaType: 'application/pdf', extension: '.pdf' });
    expect(pdf.bytes.equals((await renderCertificate(template, data, options)).pdf)).toBe(true);
    const ofdTemplate = validateTemplate({ ...template, format: 'ofd' });
    const ofd = await renderCertificateAs(ofdTemplate, data, options);
    expect(ofd).toMatchObject({ format: 'ofd', mediaType: 'application/ofd', extension: '.ofd', documentNumber: pdf.documentNumber, placement: { kind: 'text', text: '盖章处' } });
    expect(ofd.bytes.equals((await renderCertificateOfd(ofdTemplate, data, options)).ofd)).toBe(true);
    expect((await renderCertificateAs(ofdTemplate, data, { ...options, format: 'pdf' })).format).toBe('pdf');
    const refused = await failure(Promise.resolve().then(() => validateTemplate({ ...template, format: 'docx' })));
    expect(refused).toMatchObject({ code: 'TEMPLATE_INVALID', details: { path: '/format' } });
  });

  it('opens in sealdesk\'s OFD reader, and the OFD stamper\'s seal on 盖章处 verifies', async () => {
    const rendered = await renderCertificateOfd(template, data, options);
    const input = join(dir, 'certificate.ofd');
    await writeFile(input, rendered.ofd);
    const doc = await openDocument(input);
    const key = ofdrwUserKey(dir);
    const output = join(dir, 'certificate-stamped.ofd');
    try {
      expect(doc.format.name).toBe('ofd');
      expect(await doc.pageCount()).toBe(1);
      // the OFD reader's text finder finds the printed values (one line each) as for --at-text
      for (const text of [options.issuer, rendered.documentNumber]) expect((await doc.place({ kind: 'text', text }, { image: await readFile(ofdrwFile('StampImg.png')), eseal: await readFile(ofdrwFile('UserV4.esl')) })).page).toBe(1);
      expect(await doc.page(1)).toEqual({ number: 1, width: expect.closeTo(595.28, 1) as number, height: expect.closeTo(841.89, 1) as number });
      const placed = await doc.place(rendered.placement, { image: await readFile(ofdrwFile('StampImg.png')), eseal: await readFile(ofdrwFile('UserV4.esl')) });
      const pending = await doc.prepareSignature(output, placed, { name: '居住证明', reason: 'certificate', signingTime: new Date('2021-06-01T08:00:00Z'), hash: 'sha256', level: { level: 'B-B' } });
      await pending.sign(key.signer);
    } finally {
      await doc.close();
    }
    const stamped = await openDocument(output);
    try {
      const report = await stamped.verifySignatures({ trustAnchors: [parseCertificate(key.certDer)], now: new Date('2021-07-01T00:00:00Z') });
      expect(report.signatures.map((s) => s.checks.filter((c) => c.status !== 'passed').map((c) => c.check))).toEqual([[]]);
      expect(report.status).toBe('valid');
      const ofd = report.signatures[0]!.ofd!;
      // the seal centred on the anchor the layout placed (points → mm, top left)
      const [x, y, w, h] = ofd.stampAnnots![0]!.boundary.split(' ').map(Number);
      expect(x! + w! / 2).toBeCloseTo((rendered.anchor.x * 25.4) / 72, 0);
      // within a mm: the OFD finder takes an em above the baseline as the text's box, the layout 0.35 em above it as its centre
      expect(Math.abs(y! + h! / 2 - (297 - (rendered.anchor.y * 25.4) / 72))).toBeLessThan(1);
      // the font file is among what the signature protects
      expect(ofd.references.map((r) => r.file)).toEqual(expect.arrayContaining(['/Doc_0/Pages/Page_0/Content.xml', expect.stringMatching(/^\/Doc_0\/Res\/font_\d+\.otf$/) as string]));
    } finally {
      await stamped.close();
    }
  });
});
