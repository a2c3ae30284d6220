import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenAccount } from '../../../appliance/ledger/chain/token-account.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
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
    expect(JSON.parse(waiting.stdout)).toMatchObject({ events: 3, unbatched: 3, receipts: 0 });

    const retried = await cli(['outbox', 'retry', '--json']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ anchored: 3, unbatched: 0, batchesPending: 0, receipts: 3 });

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
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, eventId: eventIds[1] });

    await writeFile(file, JSON.stringify({ ...receipt, leaf: { ...receipt.leaf, value: `0x${'00'.repeat(32)}` } }));
    const bad = await cli(['chain', 'verify-receipt', file, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'RECEIPT_PROOF_INVALID' } });
  });

  it('chain up keeps its state under SEALDESK_HOME when stopped', async () => {
    const exited = new Promise((r) => node.once('exit', r));
    node.kill('SIGTERM');
    await exited;
    expect(existsSync(join(tokens.home, 'chain', 'state.json'))).toBe(true);
  });
});
