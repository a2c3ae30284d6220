import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTsa, type Tsa } from '../../../simulator/tsa/tsa.js';

const run = promisify(execFile);
let tsa: Tsa;
let dir: string;

async function openssl(args: string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', args, { cwd: dir });
  return stdout + stderr;
}

async function post(query: Buffer, contentType = 'application/timestamp-query'): Promise<Response> {
  return fetch(tsa.url, { method: 'POST', headers: { 'content-type': contentType }, body: query });
}

beforeAll(async () => {
  [tsa, dir] = await Promise.all([startTsa(), mkdtemp(join(tmpdir(), 'sealdesk-tsa-test-'))]);
  await writeFile(join(dir, 'root.pem'), tsa.caCertPem);
  await writeFile(join(dir, 'tsa.pem'), tsa.tsaCertPem);
  await writeFile(join(dir, 'data.txt'), '盖章文件 document bytes\n');
});

afterAll(async () => {
  await tsa?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('TSA simulator (openssl ts behind HTTP)', () => {
  it('its certificate is for time-stamping only, as RFC 3161 requires (critical EKU), issued by its root', async () => {
    const text = await openssl(['x509', '-in', 'tsa.pem', '-noout', '-ext', 'extendedKeyUsage,basicConstraints']);
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
    expect(await openssl(['verify', '-CAfile', 'root.pem', 'tsa.pem'])).toContain('tsa.pem: OK');
  });

  it('answers an openssl ts query with a reply that openssl ts -verify accepts against its root', async () => {
    await openssl(['ts', '-query', '-data', 'data.txt', '-sha256', '-cert', '-out', 'q.tsq']);
    const response = await post(await readFile(join(dir, 'q.tsq')));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
    await writeFile(join(dir, 'r.tsr'), Buffer.from(await response.arrayBuffer()));
    const verified = await openssl(['ts', '-verify', '-queryfile', 'q.tsq', '-in', 'r.tsr', '-CAfile', 'root.pem']);
    expect(verified).toContain('Verification: OK');
    const text = await openssl(['ts', '-reply', '-in', 'r.tsr', '-text']);
    expect(text).toContain('Status: Granted.');
    expect(text).toContain('Hash Algorithm: sha256');
  });

  it('answers parallel queries, each with its own serial number', async () => {
    await openssl(['ts', '-query', '-data', 'data.txt', '-sha384', '-out', 'p.tsq']);
    const query = await readFile(join(dir, 'p.tsq'));
    const replies = await Promise.all([1, 2, 3, 4].map(async (i) => {
      const response = await post(query);
      await writeFile(join(dir, `p${i}.tsr`), Buffer.from(await response.arrayBuffer()));
      return /Serial number: (0x[0-9A-F]+)/.exec(await openssl(['ts', '-reply', '-in', `p${i}.tsr`, '-text']))?.[1];
    }));
    expect(new Set(replies).size).toBe(4);
  });

  it('refuses a digest it is not configured for, and a query it cannot read, with a rejection; non-POSTs at the HTTP level', async () => {
    const strict = await startTsa({ digests: ['sha512'] });
    try {
      await openssl(['ts', '-query', '-data', 'data.txt', '-sha256', '-out', 's.tsq']);
      const response = await fetch(strict.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: await readFile(join(dir, 's.tsq')) });
      await writeFile(join(dir, 's.tsr'), Buffer.from(await response.arrayBuffer()));
      const text = await openssl(['ts', '-reply', '-in', 's.tsr', '-text']);
      expect(text).toContain('Status: Rejected');
      expect(text).toContain('unrecognized or unsupported algorithm identifier');
    } finally {
      await strict.close();
    }
    expect((await fetch(tsa.url)).status).toBe(405);
    expect((await post(Buffer.from('hello'), 'text/plain')).status).toBe(415);
    // a query that is not DER gets openssl's own rejection (badDataFormat), not a token
    const garbage = await post(Buffer.from('not DER'));
    await writeFile(join(dir, 'g.tsr'), Buffer.from(await garbage.arrayBuffer()));
    expect(await openssl(['ts', '-reply', '-in', 'g.tsr', '-text'])).toMatch(/Status: Rejected\.[\s\S]*Failure info: the data submitted has the wrong format/);
  });

  it('is gone after close: the port no longer answers', async () => {
    const short = await startTsa();
    await short.close();
    await expect(fetch(short.url, { method: 'POST', body: 'x' })).rejects.toThrow();
  });

  it('says plainly that openssl is missing when it is not on the PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = dir; // a directory without openssl
    try {
      await expect(startTsa()).rejects.toThrow(/openssl is not installed/);
    } finally {
      process.env.PATH = path;
    }
  });
});
