/**
 * `npm start` (sealdesk start) on a fresh SEALDESK_HOME: the whole simulated hall comes up — token,
 * seals, chain, TSA, devices, printer, service — and prints its URLs and sign-ins; a citizen's
 * certificate goes through the kiosk and gets anchored on the chain; Ctrl-C (SIGTERM) stops
 * everything; a second start resumes the same seals, sign-ins and stamps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { SEALDESK_BIN } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { json } from './helpers/hall-json.js';

const jsQR = jsQRModule.default;

interface Hall {
  child: ChildProcess;
  url: string;
  out: () => string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

async function startHall(home: string): Promise<Hall> {
  const child = spawn(process.execPath, [SEALDESK_BIN, 'start', '--port', '0'], { env: { ...process.env, SEALDESK_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => (running.delete(child), r(code))));
  const deadline = Date.now() + 150_000;
  while (!/sealdesk: hall ready at (\S+)/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the hall did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url: /sealdesk: hall ready at (\S+)/.exec(out)![1]!, out: () => out, exited };
}

async function stop(hall: Hall): Promise<void> {
  hall.child.kill('SIGTERM');
  expect(await hall.exited, hall.out()).toBe(0);
  expect(hall.out()).toContain('sealdesk: stopped');
}

/** The secret printed beside a demo user name. */
const secretOf = (out: string, username: string) => new RegExp(`^\\w+\\s+${username}\\s+(\\S+)$`, 'm').exec(out)?.[1];

async function signIn(url: string, body: object): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(201);
  const session = (await response.json()) as { token: string };
  return { authorization: `Bearer ${session.token}` };
}

describe('npm start: the demo hall', () => {
  it('comes up complete, issues an anchored certificate at the kiosk, stops on SIGTERM, and resumes the same state', { timeout: 400_000 }, async () => {
    const home = await tempDir('hall');
    const first = await startHall(home);
    for (const page of ['counter', 'kiosk', 'admin', 'verify']) expect(first.out()).toContain(`${first.url}/${page}`);
    const health = await json<{ status: string }>(`${first.url}/health`, {});
    expect([health.status, health.body], JSON.stringify(health.body)).toEqual([200, { status: 'ok', token: 'ok', devices: 'ok', chain: 'ok', outbox: 'ok', database: 'ok' }]);
    // the details are the auditor's
    const auditor = await signIn(first.url, { username: 'xihu-auditor', password: secretOf(first.out(), 'xihu-auditor') });
    const details = (await json<{ details: { chain: { detail: string }; devices: Record<string, unknown>; tokens: Array<{ label: string; state: string }> } }>(`${first.url}/health`, auditor)).body.details;
    expect(details.chain.detail).toMatch(/^chain 31337 height \d+ registry 0x/);
    expect(Object.keys(details.devices).sort()).toEqual(['idcard', 'printerUri', 'qrscanner', 'receipt']);
    // a token per role: the kiosk's and the chain key's open, the counter's waiting for a clerk, the CA's for its administrator
    expect(Object.fromEntries(details.tokens.map((t) => [t.label, t.state]))).toEqual({ 'sealdesk-ca': 'logged-out', 'sealdesk-chain': 'ok', 'sealdesk-counter': 'logged-out', 'sealdesk-kiosk': 'ok' });

    const clerkPassword = secretOf(first.out(), 'xihu-clerk');
    const kioskCredential = secretOf(first.out(), 'xihu-kiosk-01');
    expect(clerkPassword).toBeDefined();
    const clerk = await signIn(first.url, { username: 'xihu-clerk', password: clerkPassword });
    const seals = await json<Array<{ id: string; name: string }>>(`${first.url}/api/seals`, clerk);
    const sealIds = seals.body.map((s) => s.id).sort();
    expect(seals.body.map((s) => s.name)).toContain('公章');
    // the demo tokens belong to 西湖区: the demo admin (of 西湖区) administers them
    const admin = await signIn(first.url, { username: 'xihu-admin', password: secretOf(first.out(), 'xihu-admin') });
    const slots = await json<Array<{ token: { serial: string; label: string } | null }>>(`${first.url}/api/tokens`, admin);
    const demoToken = slots.body.find((s) => s.token?.label === 'sealdesk-counter')!.token!;
    const keys = await json<{ keys: unknown[] }>(`${first.url}/api/tokens/${demoToken.serial}/keys`, admin);
    expect(keys.status, JSON.stringify(keys.body)).toBe(200);
    expect(keys.body.keys.length).toBeGreaterThan(0);

    // the citizen at the kiosk: card → template → stamped, printed certificate
    const kiosk = await signIn(first.url, { terminal: 'xihu-kiosk-01', credential: kioskCredential });
    expect((await json(`${first.url}/api/devices/idcard/read`, kiosk, { method: 'POST', body: {} })).status).toBe(200);
    const issued = await json<{ stamp: { id: string; result: { verificationUrl: string } }; printError: unknown; licence: { code: string | null } | null; licenceError: unknown }>(`${first.url}/api/kiosk/certificates`, kiosk, {
      method: 'POST',
      key: 'hall-kiosk-0001',
      body: { templateId: 'residence-certificate', fields: { residenceAddress: '浙江省杭州市西湖区文三路90号', residenceSince: '2020-09-01', purpose: '子女入学' } },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body.printError).toBeNull();
    // the template issues a licence record (电子证照) on the chain: its code opens it for anyone holding it
    expect(issued.body.licenceError).toBeNull();
    const code = issued.body.licence!.code!;
    expect(code).toMatch(/^SDL2\./);
    const record = await json<{ type: string; typeName?: string; holder: { name: string; idNumber: string }; fields: Record<string, string> }>(`${first.url}/api/licences/read`, {}, { method: 'POST', body: { code } });
    expect(record.status, JSON.stringify(record.body)).toBe(200);
    expect(JSON.stringify(record.body)).toContain('居住证明');
    expect(record.body.holder.name).toBe('李华');
    expect(record.body.fields.purpose).toBe('子女入学');
    // the citizen's receipt carries both codes: the document's verification URL, then the licence code
    const receiptPath = join(home, 'sim', 'receipts', 'receipt-1.png');
    // rendered in the device process: seconds on two cores shared with other work
    await expect.poll(() => existsSync(receiptPath), { timeout: 30_000 }).toBe(true);
    const receiptPng = PNG.sync.read(await readFile(receiptPath));
    const qrIn = (from: number, to: number) => {
      const width = receiptPng.width;
      const rows = receiptPng.data.subarray(from * width * 4, to * width * 4);
      return jsQR(new Uint8ClampedArray(rows), width, to - from)?.data;
    };
    const middle = Math.floor(receiptPng.height * 0.66);
    expect(qrIn(0, middle)).toBe(issued.body.stamp.result.verificationUrl);
    expect(qrIn(middle, receiptPng.height)).toBe(code);
    expect(issued.body.stamp.result.verificationUrl.startsWith(`${first.url}/verify?`)).toBe(true);
    // the ledger worker anchors the stamp's event
    const stampId = issued.body.stamp.id;
    await expect
      .poll(async () => (await json<{ anchor: { status: string } }>(`${first.url}/api/stamps/${stampId}`, kiosk)).body.anchor.status, { timeout: 30_000, interval: 500 })
      .toBe('anchored');
    await stop(first);

    const second = await startHall(home);
    expect(secretOf(second.out(), 'xihu-clerk')).toBe(clerkPassword);
    const again = await signIn(second.url, { username: 'xihu-clerk', password: clerkPassword });
    expect((await json<Array<{ id: string }>>(`${second.url}/api/seals`, again)).body.map((s) => s.id).sort()).toEqual(sealIds);
    // the kiosk's citizen visit ended with the first process: the clerk of the department checks the stamp
    const kept = await json<{ status: string; anchor: { status: string } }>(`${second.url}/api/stamps/${stampId}`, again);
    expect(kept.body).toMatchObject({ status: 'done', anchor: { status: 'anchored' } });
    await stop(second);
  });
});
