/**
 * The PDF format through the seam alone, as a new format's test would read: open → describe
 * pages → place → prepare (the digest) → sign on the token and embed → list and verify the
 * signatures; the output is the input plus an incremental update, and appears only whole.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument, type DocumentSigner } from '../../../appliance/formats/index.js';
import { cmsRoom } from '../../../appliance/formats/pdf/cms-room.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { loadTrustAnchors } from '../../../appliance/pades/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { openSealFixture, type SealFixture } from '../stamping/helpers/seal-fixture.js';

let f: SealFixture;
let dir: string;
let seal: Seal;
let input: string;
let signer: DocumentSigner;

beforeAll(async () => {
  f = await openSealFixture();
  dir = await tempDir('pdf-format');
  seal = await f.seal('行政审批专用章');
  if (!f.token.isLoggedIn) await f.token.login(USER_PIN);
  input = await pdfLibDocument(dir, 'in.pdf', 2);
  signer = { certificateChain: seal.certificateChain, key: await tokenSigner(f.token, seal.key.keyLabel) };
}, 60_000);

const spec = { name: '行政审批专用章', reason: '测试', signingTime: new Date(Math.floor(Date.now() / 1000) * 1000), hash: 'sha256', level: { level: 'B-B' } } as const;

describe('the PDF format behind the seam', () => {
  it('stamps a PDF: pages described, seal placed, the signature over the digest embedded, listed and verified valid', async () => {
    const output = join(dir, 'out.pdf');
    const doc = await openDocument(input);
    let value: Buffer;
    try {
      expect(doc.format.name).toBe('pdf');
      expect(await doc.pageCount()).toBe(2);
      const { width, height } = await doc.page(2);
      const placed = await doc.place({ kind: 'position', page: 2, x: width - 200, y: height / 4 }, { image: f.registry.image(seal.id), crossPage: {} });
      expect(placed.page).toBe(2);
      const pending = await doc.prepareSignature(output, placed, spec);
      expect(pending.digest).toHaveLength(32);
      expect(existsSync(output)).toBe(false); // nothing at the output until it is whole
      value = await pending.sign(signer);
    } finally {
      await doc.close();
    }
    const [before, after] = await Promise.all([readFile(input), readFile(output)]);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);

    const stamped = await openDocument(output);
    try {
      const signatures = await stamped.signatures();
      expect(signatures.map((s) => s.kind)).toEqual(['signature']);
      expect(createHash('sha256').update(signatures[0]!.value).digest('hex')).toBe(createHash('sha256').update(value).digest('hex'));
      const report = await stamped.verifySignatures({ trustAnchors: await loadTrustAnchors([f.rootPem]) });
      expect([report.status, report.signatures.length]).toEqual(['valid', 1]);
    } finally {
      await stamped.close();
    }

    // one byte changed inside the signed range: the format's own check says so
    const tampered = Buffer.from(after);
    const at = tampered.indexOf('/ModDate (D:2', 0, 'latin1') + 13;
    tampered[at] = tampered[at] === 0x39 ? 0x38 : tampered[at]! + 1;
    await writeFile(join(dir, 'tampered.pdf'), tampered);
    const broken = await openDocument(join(dir, 'tampered.pdf'));
    try {
      expect((await broken.verifySignatures({ trustAnchors: await loadTrustAnchors([f.rootPem]) })).status).toBe('invalid');
    } finally {
      await broken.close();
    }
  });

  it("reserves for the CMS the room its signer's certificates need, not 16 KB: a smaller PDF that still verifies", async () => {
    const stampWith = async (name: string, withChain: boolean) => {
      const output = join(dir, name);
      const doc = await openDocument(input);
      try {
        const placed = await doc.place({ kind: 'position', page: 1, x: 100, y: 100 }, { image: f.registry.image(seal.id) });
        await (await doc.prepareSignature(output, placed, withChain ? { ...spec, certificateChain: signer.certificateChain } : spec)).sign(signer);
      } finally {
        await doc.close();
      }
      const bytes = await readFile(output);
      const at = bytes.indexOf('/Contents <', 0, 'latin1') + '/Contents <'.length;
      return { output, bytes, contentsDigits: bytes.indexOf('>', at, 'latin1') - at };
    };
    const sized = await stampWith('sized.pdf', true);
    const unsized = await stampWith('unsized.pdf', false);
    expect(unsized.contentsDigits).toBe(2 * 16384);
    expect(sized.contentsDigits).toBe(2 * cmsRoom(signer.certificateChain, 'B-B'));
    expect(sized.contentsDigits).toBeLessThanOrEqual(2 * 4096); // a P-256 seal and its CA
    expect(unsized.bytes.length - sized.bytes.length).toBe(unsized.contentsDigits - sized.contentsDigits);
    const stamped = await openDocument(sized.output);
    try {
      const report = await stamped.verifySignatures({ trustAnchors: await loadTrustAnchors([f.rootPem]) });
      expect([report.status, report.signatures.length]).toEqual(['valid', 1]);
    } finally {
      await stamped.close();
    }
  });

  it('a prepared signature that is aborted leaves nothing beside the output', async () => {
    const before = new Set(await readdir(dir));
    const doc = await openDocument(input);
    try {
      const placed = await doc.place({ kind: 'position', page: 1, x: 100, y: 100 }, { image: f.registry.image(seal.id) });
      await (await doc.prepareSignature(join(dir, 'never.pdf'), placed, spec)).abort();
    } finally {
      await doc.close();
    }
    expect((await readdir(dir)).filter((n) => !before.has(n))).toEqual([]);
  });
});
