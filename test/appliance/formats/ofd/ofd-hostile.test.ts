/**
 * Hostile OFDs: a zip bomb, 100,000 entries, paths that leave the package, XML with a DOCTYPE,
 * entities or endless nesting, a truncated zip. Each is refused with its typed code, quickly, and
 * a stamp of one leaves nothing behind.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument } from '../../../../appliance/formats/index.js';
import { failure } from '../../../helpers/failure.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { makeZip, minimalOfd, PAGE_XML } from './hostile-zip.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('ofd-hostile');
});

async function refusal(name: string, bytes: Buffer) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const error = await failure((async () => {
    const doc = await openDocument(path);
    try {
      // what a stamp reads: pages, and every file the signature will protect
      await doc.page(1);
      await doc.signatures();
    } finally {
      await doc.close();
    }
  })());
  return { code: error.code, status: error.status, details: error.details, json: error.toJSON() };
}

describe('hostile OFD packages', () => {
  it('the minimal package used below is itself fine', async () => {
    const path = join(dir, 'fine.ofd');
    await writeFile(path, minimalOfd());
    const doc = await openDocument(path);
    expect(await doc.pageCount()).toBe(1);
    await doc.close();
  });

  it('a zip bomb is DOCUMENT_TOO_COMPLEX: by its declared size before inflating, or, lying, stopped at its ratio cap', async () => {
    const bomb = Buffer.alloc(40 * 1024 * 1024); // 40 MiB of zeros deflate ~1030:1
    const honest = await refusal('bomb.ofd', minimalOfd([{ name: 'Doc_0/Pages/Page_0/Content.xml', data: Buffer.alloc(0), store: true, declaredSize: 100 * 1024 * 1024 }]));
    expect(honest).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', status: 422, details: { limit: 'inflatedBytesPerStream' } });
    const lying = await refusal('bomb.ofd', minimalOfd([{ name: 'Doc_0/Pages/Page_0/Content.xml', data: bomb, declaredSize: 1000 }]));
    expect(lying).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', status: 422, details: { limit: 'archiveEntryRatio' } });
    expect(lying.json.message_zh).toContain('压缩比');
  });

  it('100,000 entries are DOCUMENT_TOO_COMPLEX (archiveEntries) while the directory is read', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `Doc_0/Res/${i}`, data: Buffer.alloc(0), store: true }));
    const r = await refusal('many.ofd', minimalOfd(entries));
    expect(r).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', details: { limit: 'archiveEntries', maximum: 20_000 } });
  });

  it('names that leave or confuse the package are OFD_ENTRY_NAME_INVALID; Chinese names are fine', async () => {
    for (const [name, reason] of [
      ['../evil.xml', '".." segment'],
      ['Doc_0/../../evil.xml', '".." segment'],
      ['/etc/passwd', 'absolute'],
      ['C:/evil.xml', 'absolute'],
      ['Doc_0\\evil.xml', 'backslash'],
    ] as const) {
      const r = await refusal('name.ofd', minimalOfd([{ name, data: Buffer.from('x') }]));
      expect(r.code).toBe('OFD_ENTRY_NAME_INVALID');
      expect(r.json.message_en).toContain(reason);
    }
    const twice = makeZip([{ name: 'OFD.xml', data: Buffer.from('a') }, { name: 'OFD.xml', data: Buffer.from('b') }]);
    expect((await refusal('twice.ofd', twice)).json.message_en).toContain('occurs twice');
    const path = join(dir, 'chinese.ofd');
    await writeFile(path, minimalOfd([{ name: 'Doc_0/Res/中文目录/数据.txt', data: Buffer.from('数据') }]));
    const doc = await openDocument(path);
    expect(await doc.pageCount()).toBe(1);
    await doc.close();
  });

  it('XML with a DOCTYPE or an entity (billion laughs, external entity) is OFD_XML_REFUSED, never expanded', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">&lol2;</ofd:Page>`;
    const external = `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">&x;</ofd:Page>`;
    for (const xml of [laughs, external]) {
      const r = await refusal('doctype.ofd', minimalOfd([{ name: 'Doc_0/Pages/Page_0/Content.xml', data: Buffer.from(xml) }]));
      expect(r).toMatchObject({ code: 'OFD_XML_REFUSED', details: { file: 'Doc_0/Pages/Page_0/Content.xml', reason: 'a DOCTYPE' } });
    }
  });

  it('XML nested 100,000 deep is DOCUMENT_TOO_COMPLEX (nestingDepth) before any parser recursion', async () => {
    const deep = `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</ofd:Page>`;
    const r = await refusal('deep.ofd', minimalOfd([{ name: 'Doc_0/Pages/Page_0/Content.xml', data: Buffer.from(deep) }]));
    expect(r).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', details: { limit: 'nestingDepth' } });
  });

  it('a truncated zip, a zip without OFD.xml and damaged XML are typed refusals', async () => {
    const whole = minimalOfd();
    for (const cut of [whole.length - 10, Math.floor(whole.length / 2), 30, 4]) {
      expect((await refusal('cut.ofd', whole.subarray(0, cut))).code).toBe('OFD_MALFORMED');
    }
    expect((await refusal('docx.ofd', makeZip([{ name: 'word/document.xml', data: PAGE_XML }]))).code).toBe('DOCUMENT_FORMAT_UNSUPPORTED');
    const broken = await refusal('broken.ofd', minimalOfd([{ name: 'Doc_0/Document.xml', data: Buffer.from('<ofd:Document><oops') }]));
    expect(broken.code).toBe('OFD_MALFORMED');
    // a CRC that does not match its data
    const flipped = Buffer.from(whole);
    flipped.writeUInt32LE(flipped.readUInt32LE(whole.indexOf(Buffer.from('PK\x01\x02', 'latin1')) + 16) ^ 1, whole.indexOf(Buffer.from('PK\x01\x02', 'latin1')) + 16);
    expect((await refusal('crc.ofd', flipped)).code).toBe('OFD_MALFORMED');
  });

  it('nothing is left in the folder by any refusal', async () => {
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
