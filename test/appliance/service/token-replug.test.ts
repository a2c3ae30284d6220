/**
 * Issue 18: a counter's seal token pulled and put back while the terminal's token (the chain key,
 * opened unattended) stays logged in. Before, the module was never re-initialised while a token
 * was logged in, so the seal token never came back without a restart.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLedgerConfig } from '../../../appliance/ledger/ledger-config.js';
import { LedgerWorker } from '../../../appliance/ledger/outbox/ledger-worker.js';
import { openTerminalLedger } from '../../../appliance/ledger/terminal-ledger.js';
import { startTestService } from '../../helpers/service.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { scannedDocument } from '../pdf/make-pdf.js';
import { configureServiceChain, type ServiceChain } from './helpers/service-chain.js';
import { upload } from './helpers/multipart.js';

const service = await startTestService({ extraTokens: ['hall-terminal'] });
const { pkcs11, hsm } = service.fx;
const seal = service.seals[1]!;
const terminal = pkcs11.token({ label: 'hall-terminal' });
let chain: ServiceChain;
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let pdf: Buffer;
let logins = 0;

const stampedEvents = () => (service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'stamped'").get() as { n: number }).n;

async function stamp(key: string) {
  const doc = await upload(service, clerk.headers, pdf, `${key}.pdf`);
  const payload = { documentId: doc.documentId, sealId: seal.id, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: USER_PIN };
  return service.app.inject({ method: 'POST', url: '/api/stamps', payload, headers: { ...clerk.headers, 'idempotency-key': key } });
}

/** What the ledger worker does with the terminal's token as it is: no login here (a closed token fails it). */
async function publish(): Promise<number> {
  const config = loadLedgerConfig(service.context.home);
  const ledger = await openTerminalLedger(service.context.home, pkcs11, config, async () => undefined);
  try {
    return await new LedgerWorker({ outbox: ledger.outbox, client: ledger.client, registry: chain.registry, organisation: config.organisation! }).drain(true);
  } finally {
    ledger.close();
  }
}

beforeAll(async () => {
  // the terminal's token is kept open unattended, as runAppliance does with the configured secret
  await pkcs11.keepOpen('hall-terminal', async (token) => {
    logins++;
    await token.login(USER_PIN);
  });
  chain = await configureServiceChain(service, { chainToken: terminal });
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [seal] });
  pdf = await readFile(await scannedDocument(await tempDir('replug'), 'scan.pdf', 1, 20_000));
  return () => chain.close();
}, 120_000);

describe('the seal token pulled and put back while the chain token is open', () => {
  it('stamps before; TOKEN_NOT_PRESENT while out (each try); after re-insertion the clerk’s PIN stamps again and the chain token still publishes', async () => {
    expect((await stamp('replug-before')).statusCode).toBe(201);
    expect(terminal.isLoggedIn).toBe(true);
    const before = stampedEvents();

    await hsm.pull('sealdesk-demo');
    for (const key of ['replug-out-1', 'replug-out-2']) {
      const out = await stamp(key);
      expect([out.statusCode, out.json().code], out.body).toEqual([503, 'TOKEN_NOT_PRESENT']);
    }
    expect(stampedEvents()).toBe(before);
    // the looks for the seal token re-initialised the module; the terminal's token was logged back in
    await pkcs11.settling();
    expect(terminal.isLoggedIn).toBe(true);
    expect(await publish()).toBeGreaterThanOrEqual(1);

    await hsm.plug('sealdesk-demo');
    const back = await stamp('replug-after');
    expect(back.statusCode, back.body).toBe(201);
    expect(stampedEvents()).toBe(before + 1);
    await pkcs11.settling();
    expect(terminal.isLoggedIn).toBe(true);
    expect(logins).toBeGreaterThanOrEqual(2);
    // the stamp made after re-insertion reaches the chain through the terminal's token, with no login here
    expect(await publish()).toBeGreaterThanOrEqual(1);
    expect((await service.app.inject({ method: 'GET', url: '/health' })).json().token).not.toBe('degraded');
  });
});
