/** OFD through the document-format seam: ofdrw's files open, their pages are described, `--at-text` finds its anchor. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FORMATS, openDocument } from '../../../../appliance/formats/index.js';
import { failure } from '../../../helpers/failure.js';
import { ofdrwFile } from './interop-files.js';

const A4 = { width: 595.28, height: 841.89 };
const pt = (mm: number) => Math.round((mm * 72 * 100) / 25.4) / 100;

async function describeFile(name: string) {
  const doc = await openDocument(ofdrwFile(name));
  try {
    const count = await doc.pageCount();
    const pages = [];
    for (let n = 1; n <= count; n++) {
      const p = await doc.page(n);
      pages.push({ width: Math.round(p.width * 100) / 100, height: Math.round(p.height * 100) / 100 });
    }
    return { format: doc.format.name, count, pages, signatures: await doc.signatures() };
  } finally {
    await doc.close();
  }
}

describe('OFD reading (GB/T 33190)', () => {
  it('is registered beside PDF', () => {
    expect(FORMATS.map((f) => [f.name, f.mediaType, f.extension])).toEqual([
      ['pdf', 'application/pdf', '.pdf'],
      ['ofd', 'application/ofd', '.ofd'],
    ]);
  });

  it('opens ofdrw\'s unsigned files: page count and sizes in points (from the page\'s or the document\'s PhysicalBox, mm)', async () => {
    expect(await describeFile('helloworld.ofd')).toMatchObject({ format: 'ofd', count: 1, pages: [A4], signatures: [] });
    expect(await describeFile('chineseDir.ofd')).toMatchObject({ format: 'ofd', count: 1, pages: [A4], signatures: [] });
    // keyword.ofd's page has its own Area: a 283 × 196 mm certificate
    expect(await describeFile('keyword.ofd')).toMatchObject({ count: 1, pages: [{ width: pt(283), height: pt(196) }] });
    const vpage = await describeFile('VPage7.ofd');
    expect(vpage.count).toBeGreaterThan(1);
    const invoice = await describeFile('invoice-sample.ofd');
    expect(invoice.count).toBe(1);
  });

  it('lists the signatures of a signed file with their SignedValue.dat, in Signatures.xml\'s order', async () => {
    const described = await describeFile('SESV4SignDoc.ofd');
    expect(described.signatures).toHaveLength(1);
    expect(described.signatures[0]).toMatchObject({ kind: 'signature', revisionEnd: 1 });
    expect(described.signatures[0]!.value.length).toBe(17726);
    expect((await describeFile('keyword.ofd')).signatures).toHaveLength(2);
  });

  it('a document worker inspects an OFD upload (its page count) and leaves --at-text to the stamp\'s own bounded search', async () => {
    const { jobs } = await import('../../../../appliance/document-pool/document-jobs.js');
    expect(await jobs.inspect({ path: ofdrwFile('VPage7.ofd') })).toEqual({ pages: (await describeFile('VPage7.ofd')).count });
    expect(await jobs.rehearse({ path: ofdrwFile('keyword.ofd'), placement: { kind: 'text', text: '李伟' } })).toBeNull();
  });

  it('the same file given as bytes opens alike; a page past the end is PAGE_OUT_OF_RANGE', async () => {
    const path = ofdrwFile('helloworld.ofd');
    const doc = await openDocument(path, { bytes: await readFile(path) });
    try {
      expect(await doc.pageCount()).toBe(1);
      expect((await failure(doc.page(2))).code).toBe('PAGE_OUT_OF_RANGE');
    } finally {
      await doc.close();
    }
  });
});
