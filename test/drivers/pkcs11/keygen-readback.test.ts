import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSoftHsm, type SoftHsm } from '../../../simulator/softhsm/softhsm.js';
import { runCli } from '../../helpers/cli.js';

const run = promisify(execFile);
const SO_PIN = '11223344';
const PIN = '135790';

// Keys are made by the real CLI, then read back by independent PKCS#11 software (opensc's
// pkcs11-tool) and by raw pkcs11js, and their signatures checked by OpenSSL through node:crypto.
let hsm: SoftHsm;
let home: string;
let env: NodeJS.ProcessEnv;

const TYPES = [
  { type: 'ec-p256', listing: /EC_POINT 256 bits/, params: '06082a8648ce3d030107', curve: 'prime256v1' },
  { type: 'ec-p384', listing: /EC_POINT 384 bits/, params: '06052b81040022', curve: 'secp384r1' },
  { type: 'secp256k1', listing: /EC_POINT 256 bits/, params: '06052b8104000a', curve: 'secp256k1' },
  { type: 'rsa-2048', listing: /RSA 2048 bits/, params: undefined, curve: undefined },
  { type: 'rsa-3072', listing: /RSA 3072 bits/, params: undefined, curve: undefined },
] as const;

beforeAll(async () => {
  hsm = await startSoftHsm();
  await hsm.initToken('keys', SO_PIN, PIN);
  home = await mkdtemp(join(tmpdir(), 'sealdesk-home-'));
  env = { SEALDESK_HOME: home, SOFTHSM2_CONF: hsm.confPath, SEALDESK_PKCS11_MODULE: hsm.modulePath };
  for (const { type } of TYPES) {
    const made = await runCli(['token', 'keygen', '--token', 'keys', '--type', type, '--label', `seal-${type}`, '--json'], {
      ...env,
      SEALDESK_PIN: PIN,
    });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ label: `seal-${type}`, type, sensitive: true, extractable: false });
  }
}, 180_000);

afterAll(async () => {
  await hsm?.close();
  await rm(home, { recursive: true, force: true });
});

async function pkcs11Tool(args: string[]): Promise<string> {
  const { stdout } = await run('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', 'keys', ...args], {
    env: { ...process.env, SOFTHSM2_CONF: hsm.confPath },
  });
  return stdout;
}

/** pkcs11-tool -O prints one block per object; this picks the block of one class and label. */
function objectBlock(listing: string, kind: 'Private Key' | 'Public Key', label: string): string {
  const blocks = listing.split(/\n(?=\S)/);
  const block = blocks.find((b) => b.startsWith(`${kind} Object`) && b.includes(`label:      ${label}\n`));
  if (!block) throw new Error(`no ${kind} object labelled ${label} in:\n${listing}`);
  return block;
}

describe('keys made by `sealdesk token keygen`, read back with pkcs11-tool', () => {
  it.each(TYPES)('$type: private key sensitive, never extractable, sign only; public key of the right curve or size', async ({ type, listing, params }) => {
    const objects = await pkcs11Tool(['--login', '--pin', PIN, '--list-objects']);
    const priv = objectBlock(objects, 'Private Key', `seal-${type}`);
    expect(priv).toMatch(/Access:\s+sensitive, always sensitive, never extractable, local/);
    expect(priv).toMatch(/Usage:\s+sign\n/);
    const pub = objectBlock(objects, 'Public Key', `seal-${type}`);
    expect(pub).toMatch(listing);
    if (params) expect(pub).toContain(`EC_PARAMS:  ${params}`);
    // the three objects of one seal share CKA_ID
    const id = /ID:\s+([0-9a-f]+)/.exec(priv)?.[1];
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(pub).toContain(`ID:         ${id}`);
  });

  it('refuses to give out a private key value (CKA_VALUE / CKA_PRIVATE_EXPONENT are sensitive)', () => {
    process.env.SOFTHSM2_CONF = hsm.confPath;
    const lib = new pkcs11js.PKCS11();
    lib.load(hsm.modulePath);
    lib.C_Initialize();
    try {
      const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === 'keys');
      expect(slot).toBeDefined();
      const session = lib.C_OpenSession(slot!, pkcs11js.CKF_SERIAL_SESSION);
      lib.C_Login(session, pkcs11js.CKU_USER, PIN);
      for (const { type } of TYPES) {
        lib.C_FindObjectsInit(session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_LABEL, value: `seal-${type}` },
        ]);
        const [key] = lib.C_FindObjects(session, 1);
        lib.C_FindObjectsFinal(session);
        expect(key, type).toBeDefined();
        const secret = type.startsWith('rsa') ? pkcs11js.CKA_PRIVATE_EXPONENT : pkcs11js.CKA_VALUE;
        expect(() => lib.C_GetAttributeValue(session, key!, [{ type: secret }]), type).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      }
    } finally {
      lib.C_Finalize();
    }
  });
});

describe('signatures verify against the exported public key', () => {
  const cases = [
    ...TYPES.map(({ type }) => ({ type, scheme: undefined as string | undefined, hash: undefined as string | undefined })),
    { type: 'ec-p256', scheme: 'ecdsa', hash: 'sha384' },
    { type: 'rsa-2048', scheme: 'rsa-pss', hash: 'sha256' },
    { type: 'rsa-3072', scheme: 'rsa-pss', hash: 'sha384' },
    { type: 'rsa-2048', scheme: 'rsa-pkcs1', hash: 'sha384' },
  ];

  it.each(cases)('$type $scheme $hash: `sealdesk token sign` output verifies with OpenSSL (node:crypto), and a changed byte does not', async ({ type, scheme, hash }) => {
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-sig-'));
    try {
      const data = Buffer.from(`申请人材料 ${type} ${scheme} ${hash}`);
      await writeFile(join(dir, 'data'), data);
      const pub = await runCli(['token', 'pubkey', '--token', 'keys', '--key', `seal-${type}`], env);
      expect(pub.code).toBe(0);
      const publicKey = createPublicKey(pub.stdout);
      const args = ['token', 'sign', '--token', 'keys', '--key', `seal-${type}`, '--in', join(dir, 'data'), '-o', join(dir, 'sig')];
      if (scheme) args.push('--scheme', scheme);
      if (hash) args.push('--hash', hash);
      const signed = await runCli(args, { ...env, SEALDESK_PIN: PIN });
      expect(signed.stderr).toBe('');
      expect(signed.code).toBe(0);
      const signature = await readFile(join(dir, 'sig'));
      const digest = hash ?? (type === 'ec-p384' ? 'sha384' : 'sha256');
      const key = scheme === 'rsa-pss' ? { key: publicKey, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: digest === 'sha256' ? 32 : 48 } : publicKey;
      expect(verify(digest, data, key, signature)).toBe(true);
      const tampered = Buffer.from(data);
      tampered.writeUInt8(tampered.readUInt8(0) ^ 1, 0);
      expect(verify(digest, tampered, key, signature)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ECDSA raw r‖s output is the IEEE P1363 form of the same signature', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-sig-'));
    try {
      const data = Buffer.from('raw');
      await writeFile(join(dir, 'data'), data);
      const pub = await runCli(['token', 'pubkey', '--token', 'keys', '--key', 'seal-secp256k1'], env);
      const signed = await runCli(
        ['token', 'sign', '--token', 'keys', '--key', 'seal-secp256k1', '--in', join(dir, 'data'), '-o', join(dir, 'sig'), '--format', 'raw'],
        { ...env, SEALDESK_PIN: PIN },
      );
      expect(signed.code).toBe(0);
      const raw = await readFile(join(dir, 'sig'));
      expect(raw.length).toBe(64);
      expect(verify('sha256', data, { key: createPublicKey(pub.stdout), dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
