import Database from 'better-sqlite3';
import { createPublicKey, verify } from 'node:crypto';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainClient } from '../../../appliance/ledger/chain/chain-client.js';
import type { AnchorReceipt } from '../../../appliance/ledger/outbox/anchor-receipt.js';
import { signedBytes } from '../../../appliance/ledger/outbox/event-signer.js';
import { eventDigest } from '../../../appliance/ledger/outbox/event-tree.js';
import { LedgerWorker } from '../../../appliance/ledger/outbox/ledger-worker.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import type { SignedSealEvent } from '../../../appliance/ledger/outbox/seal-event.js';
import { verifyReceipt } from '../../../appliance/ledger/outbox/verify-receipt.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { startFaultProxy, type FaultProxy } from '../../../simulator/chain/fault-proxy.js';
import { openLedger, ORGANISATION, stampInput, type LedgerFixture } from './helpers/ledger.js';

let ledger: LedgerFixture;
let outbox: Outbox;
let proxy: FaultProxy;
let client: ChainClient;
const recorded: SignedSealEvent[] = [];

beforeAll(async () => {
  ledger = await openLedger();
  outbox = Outbox.open(ledger.outboxPath);
  proxy = await startFaultProxy(ledger.chain.anvil.rpcUrl);
  client = await ChainClient.connect({ rpcUrls: [proxy.url], account: ledger.account, db: outbox.db, pollingIntervalMs: 20, requestTimeoutMs: 500, finalityTimeoutMs: 10_000 });
});
afterAll(async () => {
  outbox?.close();
  await proxy?.close();
  await ledger?.close();
});

const worker = () => new LedgerWorker({ outbox, client, registry: ledger.registry, organisation: ORGANISATION, batchSize: 10, batchWindowMs: 0 });
const anchoredLogs = () => client.public.getContractEvents({ address: ledger.registry, abi: sealRegistryAbi, eventName: 'BatchAnchored', fromBlock: 0n });

describe('outbox', () => {
  it('records a signed event durably: another connection reads it back, signature valid on the seal key', async () => {
    const event = await outbox.record(stampInput(), ledger.signer);
    recorded.push(event);
    const other = new Database(ledger.outboxPath, { readonly: true });
    const row = other.prepare('SELECT body FROM events WHERE id = ?').get(event.id) as { body: string };
    other.close();
    expect(JSON.parse(row.body)).toEqual(event);
    expect(outbox.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(outbox.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const { spki } = await ledger.token.publicKey('seal');
    const { signature, ...unsigned } = event;
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify('sha256', signedBytes(unsigned), key, Buffer.from(signature.value, 'base64'))).toBe(true);
  });
});

describe('ledger worker', () => {
  it('anchors 25 events in 3 batches, one transaction each, every event with a receipt that verifies', async () => {
    for (let i = 0; i < 24; i++) recorded.push(await outbox.record(stampInput(), ledger.signer));
    const before = (await anchoredLogs()).length;
    expect(await worker().drain(true)).toBe(25);
    const logs = (await anchoredLogs()).slice(before);
    expect(logs.map((l) => l.args.count)).toEqual([10, 10, 5]);
    expect(new Set(logs.map((l) => l.transactionHash)).size).toBe(3);
    for (const event of recorded) {
      const receipt = outbox.receipt(event.id)!;
      expect(receipt.leaf.value).toBe(eventDigest(event));
      const verified = await verifyReceipt(receipt, ledger.chain.anvil.rpcUrl);
      expect(verified.eventId).toBe(event.id);
    }
    expect(outbox.status()).toMatchObject({ events: 25, unbatched: 0, batchesPending: 0, receipts: 25 });
  });

  it('a tampered receipt, a proof for another root, a wrong transaction, another chain: each its own error', async () => {
    const a = outbox.receipt(recorded[0]!.id)!;
    const b = outbox.receipt(recorded[24]!.id)!;
    const rpc = ledger.chain.anvil.rpcUrl;
    const tampered: AnchorReceipt = { ...a, leaf: { ...a.leaf, value: eventDigest(recorded[1]!) } };
    await expect(verifyReceipt(tampered, rpc)).rejects.toMatchObject({ code: 'RECEIPT_PROOF_INVALID' });
    await expect(verifyReceipt({ ...a, root: b.root }, rpc)).rejects.toMatchObject({ code: 'RECEIPT_PROOF_INVALID' });
    await expect(verifyReceipt({ ...a, txHash: b.txHash, blockNumber: b.blockNumber }, rpc)).rejects.toMatchObject({ code: 'RECEIPT_NOT_ANCHORED' });
    await expect(verifyReceipt({ ...a, chainId: 1 }, rpc)).rejects.toMatchObject({ code: 'RECEIPT_CHAIN_MISMATCH' });
    await expect(verifyReceipt({ ...a, proof: ['0x1234' as Hex] }, rpc)).rejects.toMatchObject({ code: 'RECEIPT_INVALID' });
  });

  it('keeps events while the node is down and anchors them in order once it is back', async () => {
    proxy.setFault({ kind: 'unavailable' });
    const queued: SignedSealEvent[] = [];
    for (let i = 0; i < 15; i++) queued.push(await outbox.record(stampInput(), ledger.signer));
    await expect(worker().drain(true)).rejects.toMatchObject({ code: 'CHAIN_UNREACHABLE' });
    expect(outbox.status()).toMatchObject({ batchesPending: 1, unbatched: 5 });
    expect(outbox.status().lastError).toMatch(/CHAIN_UNREACHABLE/);
    proxy.setFault({ kind: 'pass' });
    expect(await worker().drain(true)).toBe(15);
    const receipts = queued.map((e) => outbox.receipt(e.id)!);
    const blocks = receipts.map((r) => r.blockNumber);
    expect(blocks).toEqual([...blocks].sort((x, y) => x - y)); // first recorded, first anchored
    expect(new Set(receipts.map((r) => r.batchId)).size).toBe(2);
  });
});
