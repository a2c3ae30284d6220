import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fromPem, toPem } from '../../drivers/pkcs11/pem.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** $SEALDESK_HOME/ca/ca.json: where the CA key is and what the CA has handed out. No secret is kept here. */
export interface CaState {
  token: { serial: string; label: string };
  keyLabel: string;
  /** SubjectKeyIdentifier of the CA key (hex): the AKI of everything it signs. */
  keyId: string;
  /** Where relying parties fetch the CRL; written into every seal certificate. */
  crlUrl: string;
  /** The last CRL number used (RFC 5280 §5.2.3: monotonically increasing). */
  crlNumber: number;
  createdAt: string;
}

export interface IssuedRecord {
  serial: string;
  subject: string;
  notAfter: string;
  issuedAt: string;
}

export function caDir(home: string): string {
  return join(home, 'ca');
}

export const caPaths = (home: string) => ({
  state: join(caDir(home), 'ca.json'),
  root: join(caDir(home), 'root.pem'),
  issued: join(caDir(home), 'issued.jsonl'),
  crl: join(caDir(home), 'seal-ca.crl'),
});

/** Write, fsync, rename: a CA state or CRL is either the old one or the new one, never half. */
export function writeDurably(path: string, data: string | Buffer): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, data, { mode: 0o644 });
  const fd = openSync(temp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export function caExists(home: string): boolean {
  return existsSync(caPaths(home).state);
}

export function loadCa(home: string): { state: CaState; root: Buffer } {
  const paths = caPaths(home);
  if (!caExists(home)) throw new SealdeskError('CA_NOT_INITIALIZED');
  const state = JSON.parse(readFileSync(paths.state, 'utf8')) as CaState;
  return { state, root: fromPem(readFileSync(paths.root), 'CERTIFICATE') };
}

export function saveCa(home: string, state: CaState, root?: Buffer): void {
  mkdirSync(caDir(home), { recursive: true, mode: 0o700 });
  const paths = caPaths(home);
  if (root) writeDurably(paths.root, toPem(root, 'CERTIFICATE'));
  writeDurably(paths.state, `${JSON.stringify(state, null, 2)}\n`);
}

/** Every certificate the CA signed, one JSON line each: the CA's own audit trail. */
export function recordIssued(home: string, record: IssuedRecord): void {
  appendFileSync(caPaths(home).issued, `${JSON.stringify(record)}\n`, { mode: 0o644 });
}
