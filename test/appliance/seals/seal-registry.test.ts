import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSealPng } from '../../../appliance/seals/image/render.js';
import { sealDatabasePath } from '../../../appliance/seals/registry/database.js';
import { MIGRATIONS } from '../../../appliance/seals/registry/migrations.js';
import { checkNewSeal, type CheckedSeal, type NewSeal } from '../../../appliance/seals/registry/new-seal.js';
import { SealRegistry } from '../../../appliance/seals/registry/seal-registry.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

const USCC = '11330106002489166C';
let home: string;
let registry: SealRegistry;
let png: Buffer;

/** A self-signed certificate made by OpenSSL, as an external CA's would come. */
function opensslCert(name: string, uscc: string, days = 30): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sealdesk-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'),
      '-out', join(dir, 'c.pem'), '-days', String(days), '-utf8', '-subj', `/C=CN/O=西湖区行政审批局/organizationIdentifier=${uscc}/CN=${name}`,
    ], { stdio: 'pipe' });
    return readFileSync(join(dir, 'c.pem'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A seal as create() takes it: checked (the checks' refusals are asserted through here too). */
function newSeal(overrides: Partial<NewSeal> = {}): CheckedSeal {
  const name = overrides.name ?? '行政审批专用章';
  return checkNewSeal({
    name,
    type: 'business',
    organisation: { name: '西湖区行政审批局', uscc: USCC },
    key: { tokenSerial: '0123456789abcdef', tokenLabel: 'seal-token', keyLabel: name },
    certificateChain: [opensslCert(name, USCC)],
    image: { png, source: 'generated' },
    code: '3301060012345',
    ...overrides,
  });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isSealdeskError(error) ? error.code : `not a SealdeskError: ${String(error)}`;
  }
  return undefined;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'sealdesk-registry-'));
  registry = SealRegistry.open(home);
  png = renderSealPng({ shape: 'round', organisation: '西湖区行政审批局', name: '行政审批专用章', size: 200 });
});
afterAll(() => {
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

describe('seal registry (SQLite under SEALDESK_HOME)', () => {
  it('creates the database in WAL mode with a recorded schema version', () => {
    expect(existsSync(sealDatabasePath(home))).toBe(true);
    expect(registry.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(registry.db.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: MIGRATIONS.length });
  });

  it('stores a seal and gives back everything the stamping code needs', () => {
    const seal = registry.create(newSeal());
    expect(seal.id).toMatch(/^seal-[0-9a-f]{10}$/);
    expect(seal).toMatchObject({
      name: '行政审批专用章',
      type: 'business',
      organisation: { name: '西湖区行政审批局', uscc: USCC },
      key: { tokenSerial: '0123456789abcdef', tokenLabel: 'seal-token', keyLabel: '行政审批专用章' },
      status: 'active',
      code: '3301060012345',
      imageSource: 'generated',
    });
    expect(seal.certificateChain).toHaveLength(1);
    expect(seal.certificateChain[0]?.[0]).toBe(0x30); // DER, even though PEM was given
    expect(seal.certificateSerial).toMatch(/^[0-9a-f]+$/);
    expect(registry.image(seal.id).equals(png)).toBe(true);
    expect(registry.usable(seal.id).id).toBe(seal.id);
    expect(registry.list().map((s) => s.id)).toEqual([seal.id]);
  });

  it('refuses a second seal with the same name for the same organisation, or on the same key', () => {
    expect(codeOf(() => registry.create(newSeal()))).toBe('SEAL_EXISTS');
    expect(codeOf(() => registry.create(newSeal({ name: '合同专用章', key: { tokenSerial: '0123456789abcdef', tokenLabel: 'seal-token', keyLabel: '行政审批专用章' } })))).toBe('SEAL_EXISTS');
  });

  it('refuses an invalid USCC, and a certificate issued to another organisation', () => {
    expect(codeOf(() => registry.create(newSeal({ name: '财务专用章', organisation: { name: 'x', uscc: '11330106002489167C' } })))).toBe('USCC_INVALID');
    const foreign = opensslCert('财务专用章', '91350100M000100Y43');
    expect(codeOf(() => registry.create(newSeal({ name: '财务专用章', certificateChain: [foreign] })))).toBe('CERT_INVALID');
  });

  it('suspend stops stamping, resume allows it again, revoke is final — also for the database itself', () => {
    const seal = registry.create(newSeal({ name: '合同专用章', type: 'contract' }));
    expect(codeOf(() => registry.suspend(seal.id, ''))).toBe('USAGE'); // a reason is required
    expect(registry.suspend(seal.id, '印章保管人调岗').status).toBe('suspended');
    expect(codeOf(() => registry.usable(seal.id))).toBe('SEAL_SUSPENDED');
    expect(registry.resume(seal.id).status).toBe('active');
    const revoked = registry.revoke(seal.id, '机构撤并');
    expect(revoked).toMatchObject({ status: 'revoked', statusReason: '机构撤并' });
    expect(codeOf(() => registry.usable(seal.id))).toBe('SEAL_REVOKED');
    expect(codeOf(() => registry.resume(seal.id))).toBe('SEAL_REVOKED');
    expect(codeOf(() => registry.suspend(seal.id, 'x'))).toBe('SEAL_REVOKED');
    expect(() => registry.db.prepare("UPDATE seals SET status = 'active' WHERE id = ?").run(seal.id)).toThrow(/SEAL_REVOKED/);
    expect(() => registry.db.prepare('DELETE FROM seals WHERE id = ?').run(seal.id)).toThrow(/never deleted/);
    expect(registry.history(seal.id).map((e) => e.status)).toEqual(['active', 'suspended', 'active', 'revoked']);
    expect(registry.list({ status: 'revoked' }).map((s) => s.id)).toEqual([seal.id]);
  });

  it('a seal suspended or revoked by another process stops the next stamp here, though this registry had it read already', () => {
    const seal = registry.create(newSeal({ name: '业务专用章', type: 'business' }));
    expect(registry.usable(seal.id).status).toBe('active');
    const image = registry.image(seal.id);
    const cli = SealRegistry.open(home); // as `sealdesk seal suspend` would, in its own process
    try {
      cli.suspend(seal.id, '印章遗失');
      expect(codeOf(() => registry.usable(seal.id))).toBe('SEAL_SUSPENDED');
      cli.resume(seal.id);
      expect(registry.usable(seal.id).status).toBe('active');
      expect(registry.image(seal.id).equals(image)).toBe(true);
      cli.revoke(seal.id, '机构撤并');
      expect(codeOf(() => registry.usable(seal.id))).toBe('SEAL_REVOKED');
    } finally {
      cli.close();
    }
  });

  it('answers what the status was at a past moment (for verifying an old stamp)', () => {
    const seal = registry.create(newSeal({ name: '财务专用章', type: 'finance' }), new Date('2026-01-01T00:00:00Z'));
    registry.suspend(seal.id, '年度审计', new Date('2026-02-01T00:00:00Z'));
    expect(registry.statusAt(seal.id, new Date('2026-01-15T00:00:00Z'))).toBe('active');
    expect(registry.statusAt(seal.id, new Date('2026-02-15T00:00:00Z'))).toBe('suspended');
    expect(registry.statusAt(seal.id, new Date('2025-12-01T00:00:00Z'))).toBeUndefined();
  });

  it('refuses stamping outside the seal validity, and a validity beyond the certificate', () => {
    const seal = registry.create(newSeal({ name: '法定代表人章', type: 'legal-representative' }));
    expect(codeOf(() => registry.usable(seal.id, new Date(Date.now() + 90 * 86_400_000)))).toBe('SEAL_NOT_VALID');
    expect(codeOf(() => registry.create(newSeal({ name: '公章', notAfter: new Date(Date.now() + 400 * 86_400_000) })))).toBe('INPUT_INVALID');
  });

  it('SEAL_NOT_FOUND for an unknown id; an opaque image is refused', () => {
    expect(codeOf(() => registry.get('seal-0000000000'))).toBe('SEAL_NOT_FOUND');
    expect(codeOf(() => registry.image('seal-0000000000'))).toBe('SEAL_NOT_FOUND');
    expect(codeOf(() => registry.create(newSeal({ name: '公章', image: { png: Buffer.from('GIF89a'), source: 'imported' } })))).toBe('SEAL_IMAGE_INVALID');
  });

  it('keeps everything across a reopen (another process sees committed seals)', () => {
    const other = new Database(sealDatabasePath(home), { readonly: true });
    try {
      const count = other.prepare('SELECT COUNT(*) AS n FROM seals').get() as { n: number };
      expect(count.n).toBe(registry.list().length);
    } finally {
      other.close();
    }
    const again = SealRegistry.open(home);
    try {
      expect(again.list().length).toBe(5);
      expect(again.db.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: MIGRATIONS.length }); // not migrated twice
    } finally {
      again.close();
    }
  });
});
