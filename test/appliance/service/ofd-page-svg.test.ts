/**
 * The counter's OFD page preview: GET /api/documents/:id/pages/:page/svg draws the clerk's own
 * uploaded OFD as SVG in the document pool's thread. What is checked is what the browser gets: the
 * page's text where the OFD puts it, the invoice's image as a PNG data URL, a strict type and CSP;
 * a page past the end and a PDF are typed refusals; a hostile package is refused as opening it
 * would be; text and a font name written to break out of the SVG arrive as text, never as markup;
 * another clerk's document is FORBIDDEN and the refusal is audited.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentPool } from '../../../appliance/document-pool/document-pool.js';
import { DEFAULT_DOCUMENT_LIMITS } from '../../../appliance/documents/index.js';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { startTestService, type TestService } from '../../helpers/service.js';
import { readInterop } from '../../helpers/interop.js';
import { readFile } from 'node:fs/promises';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { multipart } from './helpers/multipart.js';

let service: TestService;
let clerk: Awaited<ReturnType<TestService['signIn']>>;

async function upload(fileName: string, content: Buffer, headers = clerk.headers): Promise<{ documentId: string; pages: number; format: string }> {
  const body = multipart(fileName, content, 'file', 'application/ofd');
  const response = await service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...headers, ...body.headers } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const svgOf = (documentId: string, page: number | string, headers = clerk.headers) => service.app.inject({ method: 'GET', url: `/api/documents/${documentId}/pages/${page}/svg`, headers });

/** helloworld.ofd with its page's XML (and, if given, PublicRes.xml) rewritten. */
async function helloWith(change: (page: string) => string, publicRes?: (xml: string) => string): Promise<Buffer> {
  const files = unzipSync(new Uint8Array(await readInterop('ofdrw/helloworld.ofd')));
  const page = 'Doc_0/Pages/Page_0/Content.xml';
  files[page] = strToU8(change(strFromU8(files[page]!)));
  if (publicRes) files['Doc_0/PublicRes.xml'] = strToU8(publicRes(strFromU8(files['Doc_0/PublicRes.xml']!)));
  return Buffer.from(zipSync(files));
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, htmlEntities: true });

beforeAll(async () => {
  // few objects per document, so a page past them is quick to write (the default is 1,000,000)
  const documentPool = new DocumentPool(serviceSettings({ port: 0, logLevel: 'silent' }).documentPool, undefined, { ...DEFAULT_DOCUMENT_LIMITS, objects: 1000 });
  service = await startTestService({ parts: { documentPool } });
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: service.seals });
}, 120_000);

describe('GET /api/documents/:id/pages/:page/svg', { timeout: 60_000 }, () => {
  it('draws the page: its PhysicalBox as the viewBox in mm, its text at its size and place, under a strict type and CSP', async () => {
    const doc = await upload('helloworld.ofd', await readInterop('ofdrw/helloworld.ofd'));
    expect(doc).toMatchObject({ pages: 1, format: 'ofd' });
    const response = await svgOf(doc.documentId, 1);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; img-src data:; sandbox");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const svg = parser.parse(response.body).svg;
    expect(svg['@_viewBox']).toBe('0 0 210 297');
    expect(svg['@_width']).toBe('210mm');
    const g = [svg.g].flat()[0];
    expect(g['@_transform']).toBe('translate(31.7 25.4)');
    expect(g['@_font-size']).toBe('3');
    expect(g['@_font-family']).toBe("'宋体', serif");
    expect(g.text['#text']).toBe('你好呀，OFD Reader&Writer！');
    expect(g.text['@_x'].split(' ').slice(0, 5)).toEqual(['0', '3', '6', '9', '12']);
  });

  it('an invoice: its paths, its template and its PNG image (a data URL)', async () => {
    const doc = await upload('invoice-sample.ofd', await readInterop('ofdrw/invoice-sample.ofd'));
    const response = await svgOf(doc.documentId, 1);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/<image [^>]*href="data:image\/png;base64,iVBORw0KGgo/);
    expect(response.body).toContain('d="M 0 0.2 L 201 0.2"'); // a table line of the template
    expect(response.body).toContain('>海南麒麟云服科技有限公司</text>');
    expect(parser.parse(response.body).svg['@_viewBox']).toBe('0 0 210 140');
  });

  it('the seals already on the page: ofdrw\'s PNG seal drawn at its StampAnnot\'s Boundary over the content; a vendor\'s seal drawn as OFD is outlined there; an unsigned page has none', async () => {
    const signed = await upload('SESV4SignDoc.ofd', await readInterop('ofdrw/SESV4SignDoc.ofd'));
    const body = (await svgOf(signed.documentId, 1)).body;
    // Signature.xml: <ofd:StampAnnot ID="2" Boundary="50 50 40 40" PageRef="1"/>
    expect(body).toMatch(/<g class="stamp"><image x="50" y="50" width="40" height="40" preserveAspectRatio="none" href="data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/]+=*"\/><\/g><\/svg>$/);
    const vendor = await upload('v4signed.ofd', await readInterop('ofdrw/v4signed.ofd'));
    const drawn = (await svgOf(vendor.documentId, 1)).body;
    expect(drawn).toContain('<g class="stamp"><rect x="90" y="8" width="30" height="20" fill="none" stroke="rgb(200,0,0)"');
    expect(drawn).not.toContain('<g class="stamp"><image');
    const unsigned = await upload('helloworld.ofd', await readInterop('ofdrw/helloworld.ofd'));
    const plain = (await svgOf(unsigned.documentId, 1)).body;
    expect(plain).not.toContain('<image');
    expect(plain).not.toContain('class="stamp"');
  });

  it('a page past the end: PAGE_OUT_OF_RANGE in zh and en; page 0: REQUEST_INVALID', async () => {
    const doc = await upload('helloworld.ofd', await readInterop('ofdrw/helloworld.ofd'));
    const past = await svgOf(doc.documentId, 2);
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ code: 'PAGE_OUT_OF_RANGE', details: { page: 2, pageCount: 1 }, message_zh: '页码 2 超出范围，该文件共 1 页。', message_en: 'Page 2 is out of range; the document has 1 pages.' });
    const zero = await svgOf(doc.documentId, 0);
    expect([zero.statusCode, zero.json().code]).toEqual([400, 'REQUEST_INVALID']);
  });

  it('a PDF upload has no server-drawn preview: PAGE_PREVIEW_UNSUPPORTED', async () => {
    const body = multipart('申请表.pdf', await readFile(await pdfLibDocument(await tempDir('svg-pdf'), 'in.pdf', 1)));
    const uploaded = await service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...clerk.headers, ...body.headers } });
    expect(uploaded.json().format).toBe('pdf');
    const response = await svgOf(uploaded.json().documentId, 1);
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'PAGE_PREVIEW_UNSUPPORTED', message_en: 'The service draws page previews for OFD files only; a PDF file is shown by the browser itself.' });
    expect(response.json().message_zh).toContain('PDF 文件由浏览器直接显示');
  });

  it('a hostile page (an entity declaration in its XML) is refused typed, before any parser expands it', async () => {
    const hostile = await helloWith((xml) => xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>').replace('你好呀', '&b;'));
    const doc = await upload('bomb.ofd', hostile);
    const response = await svgOf(doc.documentId, 1);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'OFD_XML_REFUSED', details: { file: 'Doc_0/Pages/Page_0/Content.xml', reason: 'a DOCTYPE' } });
  });

  it('a page of more objects than the document may hold is DOCUMENT_TOO_COMPLEX, not a huge answer', async () => {
    const many = await helloWith((xml) => xml.replace('</ofd:Layer>', `${'<ofd:PathObject ID="9" Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0 L 1 1</ofd:AbbreviatedData></ofd:PathObject>'.repeat(1001)}</ofd:Layer>`));
    const doc = await upload('many.ofd', many);
    const response = await svgOf(doc.documentId, 1);
    expect(response.json()).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', details: { limit: 'objects', maximum: 1000 } });
  });

  it('text and a font name written to break out of the SVG arrive as text: no element, no attribute of theirs', async () => {
    const hostile = await helloWith(
      (xml) => xml.replace('你好呀，OFD Reader&amp;Writer！', '&lt;script&gt;alert(1)&lt;/script&gt;"&lt;/text&gt;&lt;image href="x" onerror="alert(2)"/&gt;'),
      (res) => res.replace('FamilyName="宋体"', 'FamilyName="x&quot; onload=&quot;alert(3)&quot; y=&quot;&apos;"'),
    );
    const doc = await upload('inject.ofd', hostile);
    const response = await svgOf(doc.documentId, 1);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toMatch(/<script|<image|onload="|onerror="/i);
    const svg = parser.parse(response.body).svg;
    const g = [svg.g].flat()[0];
    expect(Object.keys(g).filter((k) => k.startsWith('@_')).sort()).toEqual(['@_fill', '@_font-family', '@_font-size', '@_transform']);
    expect(g['@_font-family']).toBe('\'x" onload="alert(3)" y="\', sans-serif');
    expect(g.text['#text']).toBe('<script>alert(1)</script>"</text><image href="x" onerror="alert(2)"/>');
    expect(Object.keys(svg).filter((k) => !k.startsWith('@_')).sort()).toEqual(['g', 'rect']);
  });

  it('another clerk’s document is FORBIDDEN, and the refusal is audited; no sign-in is 401', async () => {
    const doc = await upload('helloworld.ofd', await readInterop('ofdrw/helloworld.ofd'));
    const colleague = await service.signIn('clerk');
    const refused = await svgOf(doc.documentId, 1, colleague.headers);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.json().message_en).toBeTruthy();
    expect(service.context.audit.list({ action: 'access.refused' }).at(-1)).toMatchObject({
      outcome: 'denied',
      actor: { id: colleague.operatorId },
      details: expect.objectContaining({ route: '/api/documents/:id/pages/:page/svg' }),
    });
    const kiosk = await service.signIn('kiosk');
    expect((await svgOf(doc.documentId, 1, kiosk.headers)).statusCode).toBe(403);
    expect((await svgOf(doc.documentId, 1, {} as typeof clerk.headers)).statusCode).toBe(401);
  });
});
