/**
 * A GB/T 38540 seal's SESeal travels in its content-addressed record: a terminal that imports the
 * record (the follower, after SealRecordPublished) holds the seal as a gbt38540 seal with the same
 * SESeal bytes, so it can stamp OFD with it; a record without one is a sealdesk-format seal. The
 * record's bytes are what the chain's hash names, and a record whose SESeal was swapped is a
 * record of another hash, never stored.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { importSealRecords } from '../../../../appliance/ledger/follower/import-records.js';
import { putSealRecord, type SealRecord } from '../../../../appliance/ledger/follower/seal-record.js';
import { SealRegistry } from '../../../../appliance/seals/registry/seal-registry.js';
import { tempDir } from '../../../helpers/temp-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('seal-record-import');
});

const CERT = Buffer.from('3082010a0282010100c0ffee', 'hex');
/** An SESeal's outer SEQUENCE with a few bytes: only carried here, decoded where OFD is stamped. */
const ESEAL = Buffer.from('3009020104160474657374', 'hex');

function record(id: string, name: string, eseal?: Buffer): SealRecord {
  return {
    version: 1, id, name, type: 'business',
    organisation: { name: '杭州市西湖区行政审批服务管理局', uscc: '11330106002489166C' },
    key: { tokenSerial: `serial-${id}`, tokenLabel: 'counter-a', keyLabel: `key-${id}` },
    certificateChain: [CERT.toString('base64')], certificateSerial: '01', certificateIssuer: 'CN=dev CA',
    code: null, imagePng: Buffer.from('png').toString('base64'), imageSource: 'generated',
    notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z', createdAt: '2026-12-01T00:00:00.000Z',
    ...(eseal ? { eseal: eseal.toString('base64') } : {}),
  };
}

/** The follower's rows after SealRegistered + SealRecordPublished of this record were final. */
function registeredOnChain(registry: SealRegistry, id: string, hash: string): void {
  registry.db.prepare(
    `INSERT INTO chain_seals (seal_key, organisation, certificate_hash, status, effective_at, record_hash, record_state, block_number, log_index)
     VALUES (?, ?, ?, 'active', 0, ?, 'pending', 1, 0)`,
  ).run(chainId32(id), chainId32('11330106002489166C'), createHash('sha256').update(CERT).digest('hex'), hash);
}

describe('a seal record carries the e-seal', () => {
  it('imports a GB/T 38540 seal with its SESeal bytes, and a plain seal without one', async () => {
    const store = join(dir, 'records');
    const home = join(dir, 'counter');
    const gb = putSealRecord(store, record('seal-gb', '行政审批专用章（国标）', ESEAL));
    const plain = putSealRecord(store, record('seal-plain', '行政审批专用章'));
    expect(JSON.parse(await readFile(join(store, `${gb}.json`), 'utf8'))).toMatchObject({ eseal: ESEAL.toString('base64') });
    const registry = SealRegistry.open(home);
    registeredOnChain(registry, 'seal-gb', gb);
    registeredOnChain(registry, 'seal-plain', plain);
    const lines: string[] = [];
    expect((await importSealRecords(registry.db, store, (l) => lines.push(l))).sort()).toEqual(['seal-gb', 'seal-plain']);
    expect(lines).toEqual([]);
    expect(registry.get('seal-gb').format).toBe('gbt38540');
    expect(registry.eseal('seal-gb').equals(ESEAL)).toBe(true);
    expect(registry.get('seal-plain').format).toBe('sealdesk');
    expect(() => registry.eseal('seal-plain')).toThrow(expect.objectContaining({ code: 'SEAL_NO_ESEAL' }));
    registry.close();
  });

  it('refuses a record whose SESeal was swapped after its hash went on chain', async () => {
    const store = join(dir, 'swapped');
    const home = join(dir, 'counter-swapped');
    const hash = putSealRecord(store, record('seal-swap', '合同专用章（国标）', ESEAL));
    const path = join(store, `${hash}.json`);
    const bytes = await readFile(path, 'utf8');
    await writeFile(path, bytes.replace(ESEAL.toString('base64'), Buffer.from('3003020105', 'hex').toString('base64')));
    const registry = SealRegistry.open(home);
    registeredOnChain(registry, 'seal-swap', hash);
    const lines: string[] = [];
    expect(await importSealRecords(registry.db, store, (l) => lines.push(l))).toEqual([]);
    expect(lines.join('\n')).toMatch(/SEAL_RECORD_INVALID/);
    expect(registry.list().map((s) => s.id)).not.toContain('seal-swap');
    registry.close();
  });
});
