/**
 * The demo hall is laid out as a real hall: the CA key, the chain key, the kiosk's seals and the
 * counter's seals each on a token of their own. Wrong PINs at the counter up to its limit lock the
 * counter's token, and that one only: the kiosk still stamps a citizen's certificate, the chain
 * still anchors it, and the CA still signs a CRL.
 */
import { X509Crl } from '@peculiar/x509';
import { afterAll, describe, expect, it } from 'vitest';
import { issueCrl } from '../../../appliance/ca/ca-crl.js';
import { loadCa } from '../../../appliance/ca/ca-store.js';
import { DEMO_TOKENS } from '../../../appliance/hall/demo-token.js';
import { startDemoHall, type DemoHall } from '../../../appliance/hall/start-demo-hall.js';
import { loadLedgerConfig } from '../../../appliance/ledger/ledger-config.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { json } from './helpers/hall-json.js';

let hall: DemoHall | undefined;
afterAll(async () => {
  await hall?.stop();
});

describe('the demo hall: a token per role', () => {
  it('keeps the CA, chain, kiosk and counter keys apart; a locked counter token stops neither the kiosk, nor the chain, nor the CA', { timeout: 400_000 }, async () => {
    const home = await tempDir('hall-layout');
    const lines: string[] = [];
    hall = await startDemoHall(home, { port: 0, log: (line) => lines.push(line) });
    const { url, appliance } = hall;
    const { pkcs11, seals } = appliance.context;
    expect(hall.layout.kind).toBe('per-role');

    // where each key lives
    expect(loadCa(home).state.token.label).toBe(DEMO_TOKENS.ca.label);
    expect(loadLedgerConfig(home).chainKey.token).toBe(DEMO_TOKENS.chain.label);
    const keysOn = async (label: string) => (await pkcs11.token({ label }).keys()).map((k) => k.label);
    expect(await keysOn(DEMO_TOKENS.chain.label)).toEqual(['chain']);
    const byToken = (label: string) => seals.list().filter((s) => s.key.tokenLabel === label);
    expect(byToken(DEMO_TOKENS.counter.label).map((s) => s.name).sort()).toEqual(['公章', '公章', '行政审批专用章', '行政审批专用章']);
    expect(byToken(DEMO_TOKENS.kiosk.label)).toHaveLength(4);
    expect(seals.list()).toHaveLength(8);
    // at start only the kiosk's and the chain key's tokens are open; the counter waits for a clerk, the CA for its administrator
    const isOpen = (label: string) => pkcs11.token({ label }).isLoggedIn;
    expect([DEMO_TOKENS.kiosk, DEMO_TOKENS.chain, DEMO_TOKENS.counter, DEMO_TOKENS.ca].map((t) => isOpen(t.label))).toEqual([true, true, false, false]);

    // someone at the counter tries PINs until the counter's token locks
    const counter = pkcs11.token({ label: DEMO_TOKENS.counter.label });
    for (let i = 0; i < pkcs11.guard.maxTries; i++) await counter.login('000000').catch(() => undefined);
    await expect(counter.login(DEMO_TOKENS.counter.pin)).rejects.toMatchObject({ code: 'PIN_LOCKED' });

    // the kiosk still issues a citizen's certificate, stamped with a seal on its own token
    const credential = hall.signIns.find((s) => s.username === 'xihu-kiosk-01')!.credential!;
    const session = await json<{ token: string }>(`${url}/api/session`, {}, { method: 'POST', body: { terminal: 'xihu-kiosk-01', credential } });
    expect(session.status).toBe(201);
    const kiosk = { authorization: `Bearer ${session.body.token}` };
    expect((await json(`${url}/api/devices/idcard/read`, kiosk, { method: 'POST', body: {} })).status).toBe(200);
    const issued = await json<{ stamp: { id: string; sealId: string } }>(`${url}/api/kiosk/certificates`, kiosk, {
      method: 'POST',
      key: 'layout-kiosk-0001',
      body: { templateId: 'residence-certificate', fields: { residenceAddress: '浙江省杭州市西湖区文三路90号', residenceSince: '2020-09-01', purpose: '子女入学' } },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(seals.get(issued.body.stamp.sealId).key.tokenLabel).toBe(DEMO_TOKENS.kiosk.label);

    // the chain still anchors it
    const anchor = async () => (await json<{ anchor: { status: string } | null }>(`${url}/api/stamps/${issued.body.stamp.id}`, kiosk)).body.anchor?.status;
    await expect.poll(anchor, { timeout: 60_000, interval: 500 }).toBe('anchored');

    // and the CA still signs a CRL, opened by its own PIN
    const ca = pkcs11.token({ label: DEMO_TOKENS.ca.label });
    await ca.login(DEMO_TOKENS.ca.pin);
    try {
      const crl = new X509Crl(await issueCrl(home, ca, seals.list()));
      expect(crl.issuer).toContain('sealdesk demo seal CA');
    } finally {
      await ca.logout();
    }
    expect(lines.join('\n')).not.toContain('one token');
  });
});
