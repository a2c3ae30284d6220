import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';

/**
 * A test signer and checker for SM2 outside sealdesk: OpenSSL's own SM2 (`pkeyutl -rawin -digest
 * sm3` with GM/T 0009's default distinguishing ID). Keys come from PKCS#12 files such as ofdrw's
 * (RC2-40 inside, hence -legacy). Not product code: the product signs on a GM key.
 */
const run = promisify(execFile);
const DISTID = 'distid:1234567812345678';

export interface OpensslSm2Key {
  keyPem: string;
  certPem: string;
  /** The certificate, DER. */
  cert: Buffer;
  /** Signs bytes with SM2 (SM3, default ID); DER SM2Signature. */
  sign: (data: Buffer) => Promise<Buffer>;
}

let counter = 0;

export async function opensslSm2KeyFromP12(p12: string, password: string): Promise<OpensslSm2Key> {
  const dir = await tempDir('openssl-sm2');
  const keyPem = join(dir, 'key.pem');
  const certPem = join(dir, 'cert.pem');
  const certDer = join(dir, 'cert.der');
  await run('openssl', ['pkcs12', '-legacy', '-in', p12, '-passin', `pass:${password}`, '-nodes', '-nocerts', '-out', keyPem]);
  await run('openssl', ['pkcs12', '-legacy', '-in', p12, '-passin', `pass:${password}`, '-nokeys', '-clcerts', '-out', certPem]);
  await run('openssl', ['x509', '-in', certPem, '-outform', 'DER', '-out', certDer]);
  const sign = async (data: Buffer) => {
    const n = ++counter;
    const input = join(dir, `tbs-${n}`);
    const output = join(dir, `sig-${n}`);
    await writeFile(input, data);
    await run('openssl', ['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-pkeyopt', DISTID, '-inkey', keyPem, '-in', input, '-out', output]);
    return readFile(output);
  };
  return { keyPem, certPem, cert: await readFile(certDer), sign };
}

/** Whether OpenSSL finds `signature` to be the SM2 signature of `data` by the certificate's key. */
export async function opensslSm2Verifies(certPem: string, data: Buffer, signature: Buffer): Promise<boolean> {
  const dir = await tempDir('openssl-sm2-verify');
  const pub = join(dir, 'pub.pem');
  await run('openssl', ['x509', '-in', certPem, '-pubkey', '-noout', '-out', pub]);
  await writeFile(join(dir, 'data'), data);
  await writeFile(join(dir, 'sig'), signature);
  try {
    const { stdout } = await run('openssl', ['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', DISTID, '-pubin', '-inkey', pub, '-in', join(dir, 'data'), '-sigfile', join(dir, 'sig')]);
    return stdout.includes('Signature Verified Successfully');
  } catch {
    return false;
  }
}

export interface Asn1Line {
  offset: number;
  depth: number;
  headerLength: number;
  length: number;
  /** "SEQUENCE", "OCTET STRING", "cont [ 0 ]" … */
  tag: string;
  value: string;
}

/** `openssl asn1parse` of DER bytes, line by line. */
export async function opensslAsn1Parse(der: Buffer): Promise<Asn1Line[]> {
  const dir = await tempDir('asn1parse');
  const file = join(dir, 'value.der');
  await writeFile(file, der);
  const { stdout } = await run('openssl', ['asn1parse', '-inform', 'DER', '-in', file], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:prim|cons):\s?(.*)$/.exec(line);
      if (!match) throw new Error(`asn1parse line not understood: ${line}`);
      const rest = match[5]!;
      const colon = rest.indexOf(':');
      // "OCTET STRING      [HEX DUMP]:8950…", "OBJECT            :SM2-with-SM3", "cont [ 0 ]"
      const tag = rest.split(/\s{2,}|:/)[0]!.trim();
      return { offset: Number(match[1]), depth: Number(match[2]), headerLength: Number(match[3]), length: Number(match[4]), tag, value: colon === -1 ? '' : rest.slice(colon + 1) };
    });
}

/** The bytes of the value an asn1parse line describes (tag, length and contents). */
export function slice(der: Buffer, line: Asn1Line): Buffer {
  return der.subarray(line.offset, line.offset + line.headerLength + line.length);
}
