/**
 * /api/verify with an OFD, uploaded the way the verify page sends it (multipart): each signature
 * of another implementation's signed OFDs (ofdrw's SESV4SignDoc.ofd, a vendor's e-invoice
 * v4signed.ofd) is reported with its seal and every reference; one changed byte of a page file
 * is invalid and names the file. The seals' SM2 roots are not this service's anchors: the chain
 * step is indeterminate, every other check passes.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/service.js';
import { readInterop } from '../../helpers/interop.js';
import { multipart } from './helpers/multipart.js';

let service: TestService;
let addresses = 0;

function verify(fileName: string, content: Buffer) {
  const body = multipart(fileName, content, 'file', 'application/ofd');
  return service.app.inject({ method: 'POST', url: '/api/verify', payload: body.payload, headers: body.headers, remoteAddress: `10.7.0.${++addresses}` });
}

interface Check {
  check: string;
  status: string;
  error?: { code: string; details?: Record<string, string> };
}

beforeAll(async () => {
  service = await startTestService();
}, 120_000);
afterAll(async () => {
  await service?.close();
});

describe('/api/verify with an OFD', { timeout: 120_000 }, () => {
  it('reports each signature of ofdrw’s and a vendor’s signed OFDs: seal, references, SM2 signature, data hash', async () => {
    for (const name of ['SESV4SignDoc.ofd', 'v4signed.ofd']) {
      const response = await verify(name, await readInterop(`ofdrw/${name}`));
      expect(response.statusCode).toBe(200);
      const report = response.json();
      expect(report.file).toBe(name);
      expect(report.signatures.length).toBeGreaterThan(0);
      for (const signature of report.signatures as { subFilter: string; checks: Check[]; algorithm: string; ofd: { seal: { name: string; picture: unknown }; references: { status: string }[] } }[]) {
        expect(signature.subFilter).toBe('GB/T 38540');
        expect(signature.ofd.seal.name).toBeTruthy();
        expect(signature.ofd.references.length).toBeGreaterThan(0);
        expect(signature.ofd.references.every((r) => r.status === 'unchanged')).toBe(true);
        for (const check of ['references', 'data-hash', 'signature', 'seal']) expect(signature.checks).toContainEqual(expect.objectContaining({ check, status: 'passed' }));
        // ofdpages: the algorithm named as for a PDF, and the seal's picture for the verify page
        expect(signature.algorithm).toBe('sm2-sm3');
        // ofdrw's seal is a PNG; the vendor's is drawn as an OFD, which the page names but does not show
        if (name === 'SESV4SignDoc.ofd') expect(signature.ofd.seal.picture).toMatchObject({ shown: 'image', dataUrl: expect.stringMatching(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/) });
        else {
          expect(signature.ofd.seal.picture).toMatchObject({ type: 'ofd', shown: 'unsupported-type' });
          expect(signature.ofd.seal.picture).not.toHaveProperty('dataUrl');
        }
      }
    }
  });

  it('one changed byte of a page file is invalid, and the file is named', async () => {
    const files = unzipSync(new Uint8Array(await readInterop('ofdrw/SESV4SignDoc.ofd')));
    const page = Object.keys(files).find((f) => /Pages\/Page_\d+\/Content\.xml$/.test(f))!;
    const xml = strFromU8(files[page]!);
    const at = xml.indexOf('Boundary="') + 'Boundary="'.length;
    files[page] = strToU8(xml.slice(0, at) + (xml[at] === '1' ? '2' : '1') + xml.slice(at + 1));
    const response = await verify('changed.ofd', Buffer.from(zipSync(files)));
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.status).toBe('invalid');
    expect(report.signatures[0].checks).toContainEqual(expect.objectContaining({ check: 'references', status: 'failed', error: expect.objectContaining({ code: 'OFD_REFERENCE_MISMATCH', details: { file: `/${page}` } }) }));
  });
});
