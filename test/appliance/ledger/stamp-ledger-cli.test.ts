import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, getContract, http, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { ChainClient } from '../../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../../appliance/ledger/chain/chain-id.js';
import { SEAL_STATUS, writeRegistry } from '../../../appliance/ledger/chain/seal-registry.js';
import { tokenAccount } from '../../../appliance/ledger/chain/token-account.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { LedgerWorker } from '../../../appliance/ledger/outbox/ledger-worker.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import type { AnchorReceipt } from '../../../appliance/ledger/outbox/anchor-receipt.js';
import { verifyReceipt } from '../../../appliance/ledger/outbox/verify-receipt.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealRegistry } from '../../../appliance/seals/registry/seal-registry.js';
import { startAnvil, type Anvil } from '../../../simulator/chain/anvil.js';
import { runCli, SEALDESK_BIN, type CliResult } from '../../helpers/cli.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';

// The clerk's and the administrator's commands as processes against a real anvil and SoftHSM:
// stamps and seal changes become seal events, the ledger anchors them, verify asks the chain.
const USCC = '11330106002489166C';
let tokens: TokenFixture;
let token: Token;
let anvil: Anvil;
let env: NodeJS.ProcessEnv;
let registry: Address;
let input: string;
const seals: { main: string; lagging: string; daemon: string } = { main: '', lagging: '', daemon: '' };
const stamps: Record<string, { eventId: string; output: string; time: string; documentHash: string; signerCertificateSha256: string }> = {};

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> => runCli(args, { ...env, ...extra });

async function ok(args: string[]): Promise<CliResult> {
  const result = await cli(args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

async function createSeal(name: string): Promise<string> {
  const created = await ok(['seal', 'create', '--token', 'terminal', '--name', name, '--type', 'business', '--org', '杭州市西湖区行政审批服务管理局', '--uscc', USCC, '--json']);
  const json = JSON.parse(created.stdout) as { id: string; chain: { txHash: string } | null };
  expect(json.chain?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
  return json.id;
}

async function stamp(name: string, sealId: string): Promise<void> {
  const output = join(tokens.home, `${name}.pdf`);
  const result = await ok(['stamp', input, '-o', output, '--seal', sealId, '--x', '100', '--y', '100', '--json']);
  stamps[name] = JSON.parse(result.stdout) as (typeof stamps)[string];
}

/** The terminal's ledger worker, in this process, until the outbox is anchored. */
async function anchorAll(): Promise<Outbox> {
  const outbox = Outbox.open(outboxPath(tokens.home));
  const client = await ChainClient.connect({ rpcUrls: [anvil.rpcUrl], account: await tokenAccount(token, 'chain'), db: outbox.db, pollingIntervalMs: 20 });
  await new LedgerWorker({ outbox, client, registry, organisation: chainId32(USCC) }).drain(true);
  return outbox;
}

const nextSecond = () => new Promise((r) => setTimeout(r, 1_050 - (Date.now() % 1_000)));

beforeAll(async () => {
  tokens = await openTokenFixture(['terminal']);
  token = tokens.pkcs11.token({ label: 'terminal' });
  await token.login(USER_PIN);
  await token.generateKey('secp256k1', 'chain');
  const [node] = await Promise.all([startAnvil({ dir: join(tokens.home, 'anvil') }), pdfLibDocument(tokens.home, 'in.pdf', 1)]);
  anvil = node;
  input = join(tokens.home, 'in.pdf');
  await anvil.fund((await tokenAccount(token, 'chain')).address);
  env = {
    SEALDESK_HOME: tokens.home,
    SOFTHSM2_CONF: tokens.hsm.confPath,
    SEALDESK_PKCS11_MODULE: tokens.hsm.modulePath,
    SEALDESK_PIN: USER_PIN,
    SEALDESK_SOLC_CACHE: join(tmpdir(), 'sealdesk-solc-cache'),
    SEALDESK_TERMINAL_ID: 'counter-07',
    SEALDESK_OPERATOR: 'clerk-42',
  };
  await Promise.all([
    ok(['ca', 'init', '--token', 'terminal', '--org', '西湖区数据资源管理局', '--crl-url', 'http://127.0.0.1:8443']),
    ok(['chain', 'deploy', '--org', USCC, '--token', 'terminal', '--rpc', anvil.rpcUrl, '--json']).then((r) => (registry = (JSON.parse(r.stdout) as { registry: Address }).registry)),
  ]);
  seals.main = await createSeal('行政审批专用章');
  seals.lagging = await createSeal('业务专用章');
  seals.daemon = await createSeal('窗口专用章');
});
afterAll(async () => {
  await anvil?.stop();
  await tokens?.close();
});

describe('seal events on the ledger (sealdesk stamp / seal / verify / start)', () => {
  it('a stamp is a seal event in the outbox when reported done; the worker anchors it and its receipt verifies on chain', async () => {
    await stamp('a', seals.main);
    const a = stamps.a!;
    const outbox = Outbox.open(outboxPath(tokens.home));
    try {
      expect(outbox.event(a.eventId)).toMatchObject({
        id: a.eventId,
        kind: 'stamped',
        sealId: seals.main,
        documentHash: a.documentHash,
        signerCertificateHash: a.signerCertificateSha256,
        terminalId: 'counter-07',
        operatorId: 'clerk-42',
        time: a.time,
        signature: { keyId: `sha256:${a.signerCertificateSha256}`, alg: 'ecdsa-sha256' },
      });
      expect(outbox.receipt(a.eventId)).toBeUndefined();
    } finally {
      outbox.close();
    }
    const anchored = await anchorAll();
    try {
      const receipt = anchored.receipt(a.eventId)!;
      expect(receipt.contract.toLowerCase()).toBe(registry.toLowerCase());
      await expect(verifyReceipt(receipt, anvil.rpcUrl)).resolves.toMatchObject({ eventId: a.eventId });
    } finally {
      anchored.close();
    }
    // exported with the seal certificate the event names: the command checks the stamp's signature with it
    const exported = JSON.parse((await ok(['outbox', 'receipt', a.eventId])).stdout) as AnchorReceipt;
    expect(exported).toMatchObject({ version: 2, eventId: a.eventId, sealId: seals.main, documentHash: a.documentHash, time: a.time, signerCertificate: expect.any(String) });
    const file = join(tokens.home, 'receipt-a.json');
    await writeFile(file, JSON.stringify(exported));
    const verified = await ok(['chain', 'verify-receipt', file, '--rpc', anvil.rpcUrl, '--json']);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, eventId: a.eventId, sealId: seals.main, documentHash: a.documentHash, signer: 'seal-certificate' });
    // another certificate in its place (the lagging seal's, same key type): refused, naming it
    const registryDb = SealRegistry.open(tokens.home);
    const otherDer = registryDb.get(seals.lagging).certificateChain[0]!.toString('base64');
    registryDb.close();
    await writeFile(file, JSON.stringify({ ...exported, signerCertificate: otherDer }));
    const swapped = await cli(['chain', 'verify-receipt', file, '--rpc', anvil.rpcUrl, '--json']);
    expect(JSON.parse(swapped.stdout)).toMatchObject({ error: { code: 'RECEIPT_PROOF_INVALID', message_en: expect.stringMatching(/signerCertificate is not the certificate the event names/) } });
  });

  it('an outbox that cannot be written fails the stamp with OUTBOX_WRITE_FAILED and leaves no output', async () => {
    const ledgerDir = join(tokens.home, 'ledger');
    await rename(ledgerDir, `${ledgerDir}.away`);
    await writeFile(ledgerDir, 'a file where the outbox folder should be\n');
    try {
      const output = join(tokens.home, 'never.pdf');
      const result = await cli(['stamp', input, '-o', output, '--seal', seals.main, '--x', '100', '--y', '100']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error OUTBOX_WRITE_FAILED');
      expect(result.stderr).toContain('本次盖章无效');
      expect(existsSync(output)).toBe(false);
    } finally {
      await rm(ledgerDir);
      await rename(`${ledgerDir}.away`, ledgerDir);
    }
  });

  it('seal revoke writes the revocation to SealRegistry: statusAt says revoked from its time, active before; an event is recorded', async () => {
    await nextSecond();
    const revoked = await ok(['seal', 'revoke', seals.main, '--reason', '印章遗失', '--json']);
    const { status, chain } = JSON.parse(revoked.stdout) as { status: string; chain: { effectiveAt: number; eventId: string } };
    expect(status).toBe('revoked');
    const contract = getContract({ address: registry, abi: sealRegistryAbi, client: createPublicClient({ transport: http(anvil.rpcUrl) }) });
    const id = chainId32(seals.main);
    expect(await contract.read.statusAt([id, BigInt(chain.effectiveAt)])).toBe(SEAL_STATUS.revoked);
    expect(await contract.read.statusAt([id, BigInt(chain.effectiveAt - 1)])).toBe(SEAL_STATUS.active);
    expect(Math.abs(chain.effectiveAt * 1000 - Date.now())).toBeLessThan(10_000);
    const outbox = Outbox.open(outboxPath(tokens.home));
    try {
      expect(outbox.event(chain.eventId)).toMatchObject({ kind: 'seal-revoked', sealId: seals.main });
    } finally {
      outbox.close();
    }
  });

  it('verify asks the chain: a stamp made before the revocation is valid with its anchored event; one made after a revocation on chain is invalid', async () => {
    // the lagging seal is revoked on chain (by the registry admin elsewhere) while this terminal's registry still says active
    await nextSecond();
    const outbox = Outbox.open(outboxPath(tokens.home));
    const client = await ChainClient.connect({ rpcUrls: [anvil.rpcUrl], account: await tokenAccount(token, 'chain'), db: outbox.db, pollingIntervalMs: 20 });
    await writeRegistry(client, registry, 'setStatus', [chainId32(seals.lagging), SEAL_STATUS.revoked, BigInt(Math.floor(Date.now() / 1000)), 'revoked at the registry']);
    outbox.close();
    await stamp('late', seals.lagging);
    (await anchorAll()).close();

    const [before, after, text] = await Promise.all([cli(['verify', stamps.a!.output, '--json']), cli(['verify', stamps.late!.output, '--json']), cli(['verify', stamps.late!.output])]);
    expect(before.code, before.stderr).toBe(0);
    const good = JSON.parse(before.stdout) as { status: string; signatures: Array<{ ledger: { statusAtSigning: string; eventId: string; anchored: { blockNumber: number } | null } }> };
    expect(good.status).toBe('valid');
    expect(good.signatures[0]!.ledger).toMatchObject({ statusAtSigning: 'active', eventId: stamps.a!.eventId, anchored: { blockNumber: expect.any(Number) } });

    expect(after.code).toBe(1);
    const bad = JSON.parse(after.stdout) as { status: string; signatures: Array<{ ledger: { statusAtSigning: string; anchored: unknown } }> };
    expect(bad.status).toBe('invalid');
    expect(bad.signatures[0]!.ledger).toMatchObject({ statusAtSigning: 'revoked', anchored: expect.anything() });
    expect(text.stdout).toContain('签章时印章链上状态 revoked');
    expect(text.stdout).toContain('seal status on chain when stamped: revoked');
    expect(text.stdout).toContain(`印章 ${seals.lagging} 已注销`);
  });

  it('sealdesk serve runs the ledger worker: a new stamp gets anchored; SIGTERM stops it', async () => {
    const child = spawn(process.execPath, [SEALDESK_BIN, 'serve', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      await expect.poll(() => out, { timeout: 15_000, interval: 100 }).toContain('ledger worker: anchoring to');
      // a seal still active on chain: the service's follower applies the lagging seal's revocation
      // to this registry, so `sealdesk stamp` with it is now SEAL_REVOKED (issue 17)
      await stamp('daemon', seals.daemon);
      const id = stamps.daemon!.eventId;
      await expect
        .poll(
          () => {
            const outbox = Outbox.open(outboxPath(tokens.home));
            try {
              return outbox.receipt(id) !== undefined;
            } finally {
              outbox.close();
            }
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('sealdesk: stopped');
  });
});
