/**
 * A document signed first by another tool (poppler's pdfsig with an RSA key in an NSS db) and
 * then stamped by sealdesk: pdfsig still calls the first signature valid, and our listing sees
 * both, the first with bytes appended after it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listSignatures, openPdf } from '../../../appliance/pdf/index.js';
import { pdfLibDocument, qpdfCheck, run } from './make-pdf.js';
import { stamp } from './stamp.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;
let nss: string;
beforeAll(async () => {
  dir = await tempDir('peer');
  nss = `sql:${join(dir, 'nss')}`;
  await mkdir(join(dir, 'nss'));
  await writeFile(join(dir, 'noise'), randomBytes(64));
  await run('certutil', ['-N', '-d', nss, '--empty-password']);
  // pdfsig signs correctly only with RSA (protocols.md)
  await run('certutil', ['-S', '-k', 'rsa', '-g', '2048', '-x', '-n', 'peer', '-s', 'CN=peer', '-t', 'CT,C,C', '-d', nss, '-z', join(dir, 'noise')]);
});

/** pdfsig's verdict per signature, in file order. */
async function pdfsigVerdicts(path: string): Promise<string[]> {
  const result = await run('pdfsig', ['-nssdir', nss, path]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return [...result.stdout.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]!.trim());
}

describe('an earlier signature by another tool', () => {
  it('stays valid after the sealdesk stamp', async () => {
    const input = await pdfLibDocument(dir, 'base.pdf', 2);
    const signed = join(dir, 'peer-signed.pdf');
    await run('pdfsig', ['-add-signature', '-nssdir', nss, '-nick', 'peer', input, signed]);
    expect(await pdfsigVerdicts(signed)).toEqual(['Signature is Valid.']);

    const output = join(dir, 'peer-then-sealdesk.pdf');
    await stamp(signed, output);
    const [before, after] = await Promise.all([readFile(signed), readFile(output)]);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect((await qpdfCheck(output)).ok).toBe(true);

    const verdicts = await pdfsigVerdicts(output);
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toBe('Signature is Valid.');
    // ours carries a stand-in CMS until appliance/pades signs for real

    const doc = await openPdf(output);
    try {
      const [theirs, ours] = await listSignatures(doc);
      expect(theirs!.subFilter).toBe('adbe.pkcs7.detached');
      expect(theirs!.revisionEnd).toBe(before.length);
      expect(theirs!.bytesAfter).toBe(after.length - before.length);
      expect(theirs!.contents[0]).toBe(0x30);
      expect(ours!.subFilter).toBe('ETSI.CAdES.detached');
      expect(ours!.bytesAfter).toBe(0);
    } finally {
      await doc.close();
    }
  });
});
