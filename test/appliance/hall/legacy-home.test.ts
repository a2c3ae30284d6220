/**
 * A SEALDESK_HOME from before the per-role layout (every key on the one token "sealdesk-demo")
 * still starts: keys cannot leave a token, so it keeps its one token, says so, and its kiosk still
 * issues certificates as before.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LEGACY_DEMO_TOKEN } from '../../../appliance/hall/demo-token.js';
import { startDemoHall, type DemoHall } from '../../../appliance/hall/start-demo-hall.js';
import { startSoftHsm } from '../../../simulator/softhsm/softhsm.js';
import { tempDir } from '../../helpers/temp-dir.js';

let hall: DemoHall | undefined;
afterAll(async () => {
  await hall?.stop();
});

describe('a demo home made by an earlier sealdesk', () => {
  it('starts on its one token and says how to get the per-role layout', { timeout: 400_000 }, async () => {
    const home = await tempDir('hall-legacy');
    // what the earlier `npm start` left under SEALDESK_HOME/softhsm
    const earlier = await startSoftHsm({ dir: join(home, 'softhsm') });
    await earlier.initToken(LEGACY_DEMO_TOKEN.label, LEGACY_DEMO_TOKEN.soPin, LEGACY_DEMO_TOKEN.pin);
    const lines: string[] = [];
    hall = await startDemoHall(home, { port: 0, log: (line) => lines.push(line) });
    expect(hall.layout.kind).toBe('legacy');
    expect(lines.join('\n')).toContain('start with a new SEALDESK_HOME');
    const { pkcs11, seals } = hall.appliance.context;
    expect(pkcs11.tokens().map((t) => t.label)).toEqual([LEGACY_DEMO_TOKEN.label]);
    expect(new Set(seals.list().map((s) => s.key.tokenLabel))).toEqual(new Set([LEGACY_DEMO_TOKEN.label]));

    const credential = hall.signIns.find((s) => s.username === 'xihu-kiosk-01')!.credential!;
    const post = (path: string, body: object, headers: Record<string, string> = {}) =>
      fetch(`${hall!.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const session = (await (await post('/api/session', { terminal: 'xihu-kiosk-01', credential })).json()) as { token: string };
    const kiosk = { authorization: `Bearer ${session.token}` };
    expect((await post('/api/devices/idcard/read', {}, kiosk)).status).toBe(200);
    const issued = await post('/api/kiosk/certificates', { templateId: 'residence-certificate', fields: { residenceAddress: '浙江省杭州市西湖区文三路90号', residenceSince: '2020-09-01', purpose: '子女入学' } }, { ...kiosk, 'idempotency-key': 'legacy-kiosk-0001' });
    expect(issued.status, await issued.clone().text()).toBe(201);
  });
});
