import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '../../../../drivers/pkcs11/pem.js';
import { openssl } from './tools.js';

/**
 * A two-level test PKI made by OpenSSL, as an external CA would be: a root (the trust anchor)
 * and a seal CA that issues seal certificates for token keys, revokes them and publishes a CRL.
 */
export interface DevCa {
  dir: string;
  rootPemPath: string;
  rootDer: Buffer;
  sealCaDer: Buffer;
  /** Issues a seal certificate for a CSR (DER); returns the certificate DER and its PEM file's path. */
  issue(csrDer: Buffer, name: string): Promise<{ der: Buffer; pemPath: string }>;
  revoke(pemPath: string): Promise<void>;
  /** The current CRLs, DER: the seal CA's (seal certificates) and the root's (the seal CA). */
  crls(): Promise<Buffer[]>;
  close(): Promise<void>;
}

const CA_CONF = (dir: string): string => `
[ ca ]
default_ca = seal_ca
[ seal_ca ]
database = ${dir}/index.txt
crlnumber = ${dir}/crlnumber
certificate = ${dir}/seal-ca.pem
private_key = ${dir}/seal-ca.key
default_md = sha256
default_crl_days = 7
[ root_ca ]
database = ${dir}/root-index.txt
crlnumber = ${dir}/root-crlnumber
certificate = ${dir}/root.pem
private_key = ${dir}/root.key
default_md = sha256
default_crl_days = 7
[ v3_root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_ca ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_seal ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

export async function makeDevCa(): Promise<DevCa> {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-devca-'));
  const ossl = (args: string[]): Promise<string> => openssl(args, dir);
  await writeFile(join(dir, 'ca.cnf'), CA_CONF(dir));
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'crlnumber'), '01\n');
  await writeFile(join(dir, 'root-index.txt'), '');
  await writeFile(join(dir, 'root-crlnumber'), '01\n');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await ossl(['req', '-x509', ...ec, '-subj', '/C=CN/O=sealdesk test/CN=sealdesk Test Root CA', '-keyout', 'root.key', '-out', 'root.pem', '-days', '30', '-config', 'ca.cnf', '-extensions', 'v3_root']);
  await ossl(['req', ...ec, '-subj', '/C=CN/O=sealdesk test/CN=sealdesk Test Seal CA', '-keyout', 'seal-ca.key', '-out', 'seal-ca.csr']);
  await ossl(['x509', '-req', '-in', 'seal-ca.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '30', '-extfile', 'ca.cnf', '-extensions', 'v3_ca', '-out', 'seal-ca.pem']);
  const der = async (name: string): Promise<Buffer> => {
    await ossl(['x509', '-in', name, '-outform', 'DER', '-out', `${name}.der`]);
    return readFile(join(dir, `${name}.der`));
  };
  return {
    dir,
    rootPemPath: join(dir, 'root.pem'),
    rootDer: await der('root.pem'),
    sealCaDer: await der('seal-ca.pem'),
    async issue(csrDer, name) {
      await writeFile(join(dir, `${name}.csr`), toPem(csrDer, 'CERTIFICATE REQUEST'));
      await ossl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'seal-ca.pem', '-CAkey', 'seal-ca.key', '-CAcreateserial', '-days', '10', '-extfile', 'ca.cnf', '-extensions', 'v3_seal', '-out', `${name}.pem`]);
      return { der: await der(`${name}.pem`), pemPath: join(dir, `${name}.pem`) };
    },
    async revoke(pemPath) {
      await ossl(['ca', '-config', 'ca.cnf', '-revoke', pemPath, '-crl_reason', 'keyCompromise']);
    },
    async crls() {
      const crls: Buffer[] = [];
      for (const name of ['seal_ca', 'root_ca']) {
        await ossl(['ca', '-config', 'ca.cnf', '-name', name, '-gencrl', '-out', `${name}.crl`]);
        await ossl(['crl', '-in', `${name}.crl`, '-outform', 'DER', '-out', `${name}.crl.der`]);
        crls.push(await readFile(join(dir, `${name}.crl.der`)));
      }
      return crls;
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
