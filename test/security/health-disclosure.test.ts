/**
 * Attack: map the hall through /health without signing in. Anonymously (and for a clerk or a kiosk)
 * /health says only ok or degraded per part; the token labels and serials, device paths, node
 * URLs and versions, and outbox figures go to a signed-in admin or auditor only.
 */
import { describe, expect, it } from 'vitest';
import { startTestService } from '../helpers/service.js';

const READER = '/dev/serial/by-id/usb-hall-secret-reader-if00';
const PRINTER = 'ipp://printer-7.hall.internal:631/ipp/print';
const NODE = 'http://127.0.0.1:9/secret-besu-node';
const service = await startTestService({
  parts: { devices: { idcard: READER, printerUri: PRINTER }, chain: { rpcUrl: NODE, registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } },
});

/** Everything that tells an attacker where the hall's parts are or what runs there. */
const secrets = () => [READER, 'hall-secret-reader', PRINTER, 'printer-7', NODE, 'secret-besu-node', '127.0.0.1:9', 'sealdesk-demo', service.token.serial, 'registry', 'waiting'];

describe('/health discloses nothing to whoever is not an admin or auditor', () => {
  it('anonymously: ok or degraded per part, and none of the paths, URLs, labels or figures', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/health' });
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['chain', 'database', 'devices', 'outbox', 'status', 'token']);
    for (const part of Object.values(body)) expect(['ok', 'degraded']).toContain(part);
    // the node does not answer and the reader is not plugged in: said, without saying where;
    // 200 all the same, as the counter still stamps (the stamps wait in the outbox for the chain)
    expect(body).toMatchObject({ status: 'degraded', chain: 'degraded', devices: 'degraded', token: 'ok', database: 'ok' });
    expect(response.statusCode).toBe(200);
    for (const secret of secrets()) expect(response.body, secret).not.toContain(secret);
  });

  it('a clerk and a kiosk get the same public answer', async () => {
    for (const role of ['clerk', 'kiosk'] as const) {
      const { headers } = await service.signIn(role);
      const response = await service.app.inject({ method: 'GET', url: '/health', headers });
      expect(response.json().details, role).toBeUndefined();
      for (const secret of secrets()) expect(response.body, `${role}: ${secret}`).not.toContain(secret);
    }
  });

  it('an admin and an auditor get the details', async () => {
    for (const role of ['admin', 'auditor'] as const) {
      const { headers } = await service.signIn(role);
      const details = (await service.app.inject({ method: 'GET', url: '/health', headers })).json().details;
      expect(details.devices.idcard).toEqual({ ok: false, detail: `${READER} missing` });
      expect(details.devices.printerUri).toEqual({ ok: true, detail: PRINTER });
      expect(details.chain.ok).toBe(false);
      expect(details.tokens.map((t: { label: string }) => t.label)).toEqual(['sealdesk-demo']);
      expect(details.outbox).toMatchObject({ waiting: 0 });
    }
  });
});
