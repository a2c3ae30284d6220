import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listSignatures, openPdf } from '../../../../appliance/pdf/index.js';
import { run } from '../../pdf/make-pdf.js';

/** An NSS db for pdfsig with the dev CA root trusted for signing (certutil -t CT,C,C). */
export async function nssWithRoot(dir: string, rootPem: string): Promise<string> {
  const path = join(dir, 'nss');
  await mkdir(path, { recursive: true });
  const db = `sql:${path}`;
  await run('certutil', ['-N', '-d', db, '--empty-password']);
  await run('certutil', ['-A', '-d', db, '-n', 'sealdesk dev CA', '-t', 'CT,C,C', '-a', '-i', rootPem]);
  return db;
}

/** pdfsig's lines per signature: validation and certificate verdicts. */
export async function pdfsig(db: string, path: string): Promise<{ signatures: string[]; certificates: string[]; output: string }> {
  const result = await run('pdfsig', ['-nssdir', db, path]).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
  const output = result.stdout;
  return {
    signatures: [...output.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]!.trim()),
    certificates: [...output.matchAll(/Certificate Validation: (.*)/g)].map((m) => m[1]!.trim()),
    output,
  };
}

/**
 * openssl cms -verify on the n-th signature's CMS (0-based, file order), with the bytes of
 * its byte ranges as the detached content. Returns openssl's verdict line.
 */
export async function opensslVerify(dir: string, path: string, n: number, caFile: string): Promise<string> {
  const doc = await openPdf(path);
  const signature = (await listSignatures(doc))[n]!;
  await doc.close();
  const bytes = await readFile(path);
  const [a, b, c, d] = signature.byteRange;
  const cms = join(dir, `sig-${n}.der`);
  const content = join(dir, `content-${n}.bin`);
  await writeFile(cms, signature.contents);
  await writeFile(content, Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]));
  const result = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', content, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null']).catch(
    (e: { stderr?: string }) => ({ stderr: e.stderr ?? 'failed' }),
  );
  return result.stderr.trim();
}
