import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A time-stamping authority for tests and development: RFC 3161 over HTTP (RFC 3161 §3.4),
 * the replies made by `openssl ts -reply` with a root and a TSA certificate generated at start
 * (the TSA's with extendedKeyUsage critical timeStamping, as RFC 3161 §2.3 requires).
 */
export interface Tsa {
  url: string;
  /** The root that issued the TSA certificate: the trust anchor for its tokens. */
  caCertPem: string;
  tsaCertPem: string;
  /** Requests answered so far (granted or rejected). */
  readonly requests: number;
  close(): Promise<void>;
}

export interface TsaOptions {
  host?: string;
  port?: number;
  /** Digest algorithms accepted in requests (openssl names); others are rejected with badAlg. */
  digests?: string[];
  /** The TSA policy OID put in every token. */
  policy?: string;
}

const EXTENSIONS = `
[ v3_root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_tsa ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

const tsConfig = (dir: string, options: TsaOptions): string => `
[ tsa ]
default_tsa = simulator
[ simulator ]
dir = ${dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/root.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = ${options.policy ?? '1.3.6.1.4.1.99999.3161.1'}
digests = ${(options.digests ?? ['sha256', 'sha384', 'sha512']).join(', ')}
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

async function openssl(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('openssl', args, { cwd });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('openssl is not installed: the TSA simulator needs it (apt-get install openssl; scripts/setup.sh does this)');
    }
    throw new Error(`openssl ${args[0]} failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
}

async function makeCertificates(dir: string): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await writeFile(join(dir, 'ext.cnf'), EXTENSIONS);
  await openssl(['req', '-x509', ...ec, '-subj', '/C=CN/O=sealdesk simulator/CN=sealdesk Simulator TSA Root', '-keyout', 'root.key', '-out', 'root.pem', '-days', '3650', '-config', 'ext.cnf', '-extensions', 'v3_root'], dir);
  await openssl(['req', ...ec, '-subj', '/C=CN/O=sealdesk simulator/CN=sealdesk Simulator TSA', '-keyout', 'tsa.key', '-out', 'tsa.csr'], dir);
  await openssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '3650', '-extfile', 'ext.cnf', '-extensions', 'v3_tsa', '-out', 'tsa.pem'], dir);
  await writeFile(join(dir, 'serial'), '01\n');
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startTsa(options: TsaOptions = {}): Promise<Tsa> {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-tsa-'));
  try {
    await makeCertificates(dir);
    await writeFile(join(dir, 'ts.cnf'), tsConfig(dir, options));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let requests = 0;
  // openssl ts keeps its serial number in a file: one reply at a time
  let queue: Promise<unknown> = Promise.resolve();
  const reply = (query: Buffer): Promise<Buffer> => {
    const n = ++requests;
    const next = queue.then(async () => {
      await writeFile(join(dir, `${n}.tsq`), query);
      await openssl(['ts', '-reply', '-config', 'ts.cnf', '-queryfile', `${n}.tsq`, '-out', `${n}.tsr`], dir);
      const answer = await readFile(join(dir, `${n}.tsr`));
      await Promise.all([rm(join(dir, `${n}.tsq`), { force: true }), rm(join(dir, `${n}.tsr`), { force: true })]);
      return answer;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      if (request.method !== 'POST') {
        response.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      if (request.headers['content-type'] !== 'application/timestamp-query') {
        response.writeHead(415).end();
        return;
      }
      try {
        const answer = await reply(await body(request));
        response.writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': answer.length }).end(answer);
      } catch {
        // a query openssl cannot even read
        response.writeHead(400).end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/tsa`,
    caCertPem: await readFile(join(dir, 'root.pem'), 'utf8'),
    tsaCertPem: await readFile(join(dir, 'tsa.pem'), 'utf8'),
    get requests() {
      return requests;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
