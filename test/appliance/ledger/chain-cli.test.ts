import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenAccount } from '../../../appliance/ledger/chain/token-account.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import type { AnchorReceipt } from '../../../appliance/ledger/outbox/anchor-receipt.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { verifyReceipt } from '../../../appliance/ledger/outbox/verify-receipt.js';
import type { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { runCli, SEALDESK_BIN } from '../../helpers/cli.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { stampInput } from './helpers/ledger.js';

let tokens: TokenFixture;
let node: ChildProcess;
let env: NodeJS.ProcessEnv;
let rpcUrl: string;
let chainAddress: string;
const eventIds: string[] = [];

const cli = (args: string[]) => runCli(args, env);

beforeAll(async () => {
  tokens = await openTokenFixture(['terminal']);
  const token = tokens.pkcs11.token({ label: 'terminal' });
  await token.login(USER_PIN);
  await token.generateKey('secp256k1', 'chain');
  await token.generateKey('ec-p256', 'seal');
  const account = await tokenAccount(token, 'chain');
  chainAddress = account.address;
  env = { SEALDESK_HOME: tokens.home, SOFTHSM2_CONF: tokens.hsm.confPath, SEALDESK_PKCS11_MODULE: tokens.hsm.modulePath, SEALDESK_PIN: USER_PIN, SEALDESK_SOLC_CACHE: join(tmpdir(), 'sealdesk-solc-cache') };
  node = spawn(process.execPath, [SEALDESK_BIN, 'chain', 'up', '--json', '--fund', account.address], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  rpcUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    node.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /"rpcUrl": "([^"]+)"/.exec(out);
      if (match) resolve(match[1]!);
    });
    node.on('exit', (code) => reject(new Error(`chain up exited ${code}`)));
  });
  const outbox = Outbox.open(outboxPath(tokens.home));
  const signer = await tokenSigner(token, 'seal');
  for (let i = 0; i < 3; i++) eventIds.push((await outbox.record(stampInput(), signer)).id);
  // signed as seal-chain.ts signs a seal change: the chain key, named by its address
  const chainSigner = await tokenSigner(token, 'chain', { keyId: `chain:${account.address}` });
  eventIds.push((await outbox.record(stampInput(), chainSigner)).id);
  outbox.close();
});
afterAll(async () => {
  if (node && node.exitCode === null) {
    const exited = new Promise((r) => node.once('exit', r));
    node.kill('SIGTERM');
    await exited;
  }
  await tokens?.close();
});

describe('sealdesk chain / outbox', () => {
  it('deploys the registry with the token’s chain key, anchors the outbox, verifies a receipt', async () => {
    const deployed = await cli(['chain', 'deploy', '--org', '91330100MA2B000001', '--token', 'terminal', '--json']);
    expect(deployed.code, deployed.stderr).toBe(0);
    const { registry } = JSON.parse(deployed.stdout) as { registry: string };
    expect(registry).toMatch(/^0x[0-9a-fA-F]{40}$/);
    // the address an organisation admin allows as issuer: the token key's, read without a PIN
    const address = await runCli(['chain', 'address', '--json'], { ...env, SEALDESK_PIN: '' });
    expect(address.code, address.stderr).toBe(0);
    expect(JSON.parse(address.stdout)).toEqual({ address: chainAddress, key: 'chain' });

    const waiting = await cli(['outbox', 'status', '--json']);
    expect(JSON.parse(waiting.stdout)).toMatchObject({ events: 4, unbatched: 4, receipts: 0 });

    const retried = await cli(['outbox', 'retry', '--json']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ anchored: 4, unbatched: 0, batchesPending: 0, receipts: 4 });

    const events = await cli(['chain', 'events', '--json']);
    const names = (JSON.parse(events.stdout) as Array<{ event: string }>).map((e) => e.event);
    expect(names).toEqual(expect.arrayContaining(['OrganisationAdded', 'IssuerAllowed', 'BatchAnchored']));
    expect(names.filter((n) => n === 'BatchAnchored')).toHaveLength(1);

    const status = await cli(['chain', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ nodes: [{ url: rpcUrl, ok: true, chainId: 31337 }], registry: { deployed: true, batches: 1 } });

    const outbox = Outbox.open(outboxPath(tokens.home));
    const receipt = outbox.receipt(eventIds[1]!)!;
    outbox.close();
    const file = join(tokens.home, 'receipt.json');
    await writeFile(file, JSON.stringify(receipt));
    const ok = await cli(['chain', 'verify-receipt', file, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    // signed by a token key no certificate or address names: the binding holds, the signature is left unchecked and says so
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, eventId: eventIds[1], sealId: 'seal-0001', signer: 'unchecked' });

    await writeFile(file, JSON.stringify({ ...receipt, leaf: { ...receipt.leaf, value: `0x${'00'.repeat(32)}` } }));
    const bad = await cli(['chain', 'verify-receipt', file, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'RECEIPT_PROOF_INVALID' } });
  });

  it('a receipt binds its signed event: each claim and each proof or anchoring field changed in turn is refused, naming the field', async () => {
    const exported = await cli(['outbox', 'receipt', eventIds[3]!]);
    expect(exported.code, exported.stderr).toBe(0);
    const receipt = JSON.parse(exported.stdout) as AnchorReceipt;
    expect(receipt).toMatchObject({ version: 2, eventId: eventIds[3], sealId: 'seal-0001', event: { id: eventIds[3], signature: { keyId: `chain:${chainAddress}` } } });
    const verify = async (name: string, value: unknown) => {
      const file = join(tokens.home, `receipt-${name}.json`);
      await writeFile(file, JSON.stringify(value));
      const result = await cli(['chain', 'verify-receipt', file, '--json']);
      return { name, code: result.code, out: JSON.parse(result.stdout) as { valid?: boolean; signer?: string; documentHash?: string; error?: { code: string; message_en: string } } };
    };
    const one = <T extends string>(hex: T) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}` as T;
    const event = receipt.event;
    const otherTime = new Date(Date.parse(receipt.time) + 1000).toISOString();
    // through the command, each field of the receipt in turn
    const cases: Array<[string, unknown, RegExp]> = [
      ['eventId', { ...receipt, eventId: one(receipt.eventId) }, /eventId/],
      ['documentHash', { ...receipt, documentHash: one(receipt.documentHash!) }, /documentHash/],
      ['sealId', { ...receipt, sealId: 'seal-0002' }, /sealId/],
      ['time', { ...receipt, time: otherTime }, /time/],
      ['leaf', { ...receipt, leaf: { ...receipt.leaf, value: one(receipt.leaf.value) } }, /does not hash to the leaf/],
      ['proof', { ...receipt, proof: receipt.proof.map((p, i) => (i === 0 ? one(p) : p)) }, /Merkle proof/],
      ['root', { ...receipt, root: one(receipt.root) }, /Merkle proof/],
    ];
    expect(receipt.proof.length).toBeGreaterThan(0);
    const results = await Promise.all([
      verify('original', receipt),
      ...cases.map(([name, value]) => verify(name, value)),
      verify('txHash', { ...receipt, txHash: one(receipt.txHash) }),
      verify('blockNumber', { ...receipt, blockNumber: receipt.blockNumber + 1 }),
      verify('v1', { ...receipt, version: 1 }),
    ]);
    const [original, ...rest] = results;
    expect(original!.out).toMatchObject({ valid: true, eventId: eventIds[3], documentHash: event.documentHash, time: event.time, signer: 'chain-key' });
    for (const [i, [name, , sentence]] of cases.entries()) {
      const result = rest[i]!;
      expect(result.code, name).toBe(1);
      expect(result.out.error?.code, name).toBe('RECEIPT_PROOF_INVALID');
      expect(result.out.error?.message_en, name).toMatch(sentence);
    }
    // the transaction and block are facts of the chain, not of the proof: the chain says the root is not there
    const [txHash, blockNumber, v1] = rest.slice(cases.length);
    expect([txHash!.out.error?.code, blockNumber!.out.error?.code]).toEqual(['RECEIPT_NOT_ANCHORED', 'RECEIPT_NOT_ANCHORED']);
    expect(v1!.out.error?.code).toBe('RECEIPT_UNBOUND');

    // the same check in this process (what /api/verify runs): the claim and the event changed together, the signature, the leaf hash
    const inProcess: Array<[string, AnchorReceipt, RegExp]> = [
      ['event.id', { ...receipt, eventId: one(receipt.eventId), event: { ...event, id: one(event.id) } }, /does not hash to the leaf/],
      ['event.documentHash', { ...receipt, documentHash: one(event.documentHash!), event: { ...event, documentHash: one(event.documentHash!) } }, /does not hash to the leaf/],
      ['event.sealId', { ...receipt, sealId: 'seal-0002', event: { ...event, sealId: 'seal-0002' } }, /does not hash to the leaf/],
      ['event.time', { ...receipt, time: otherTime, event: { ...event, time: otherTime } }, /does not hash to the leaf/],
      ['event.signature', { ...receipt, event: { ...event, signature: { ...event.signature, keyId: `chain:0x${'11'.repeat(20)}` } } }, /does not hash to the leaf/],
      ['leaf.hash', { ...receipt, leaf: { ...receipt.leaf, hash: one(receipt.leaf.hash) } }, /leaf hash/],
    ];
    for (const [name, value, sentence] of inProcess) {
      const error = await verifyReceipt(value, rpcUrl).then(() => undefined, (e: unknown) => e as SealdeskError);
      expect(error?.code, name).toBe('RECEIPT_PROOF_INVALID');
      expect(error?.messageEn, name).toMatch(sentence);
    }
    expect(v1!.out.error?.code).toBe('RECEIPT_UNBOUND');
  });

  it('chain up keeps its state under SEALDESK_HOME when stopped', async () => {
    const exited = new Promise((r) => node.once('exit', r));
    node.kill('SIGTERM');
    await exited;
    expect(existsSync(join(tokens.home, 'chain', 'state.json'))).toBe(true);
  });
});
