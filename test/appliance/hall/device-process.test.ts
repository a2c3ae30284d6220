/**
 * The demo hall's simulated devices run in a process of their own, as real devices are outside
 * the service: the service (this process) reaches the receipt printer only over its pty, and the
 * printer's end of that pty is held by another process. A citizen's receipts printed one after
 * another at the kiosk all come out, and the counter's panel says the printer is idle after them.
 */
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoHall, type DemoHall } from '../../../appliance/hall/start-demo-hall.js';
import { readSimState } from '../../../appliance/sim/sim-state.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { json } from './helpers/hall-json.js';

let hall: DemoHall | undefined;
afterAll(async () => {
  await hall?.stop();
});

/** The files a process holds open, as the paths their descriptors lead to. */
function openFiles(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).flatMap((fd) => {
    try {
      return [readlinkSync(join(dir, fd))];
    } catch {
      return []; // closed meanwhile
    }
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const RECEIPTS = 4;

describe('the demo hall: simulated devices in their own process', () => {
  it('runs the devices outside the service process, and prints receipt after receipt', { timeout: 400_000 }, async () => {
    const home = await tempDir('hall-devices');
    hall = await startDemoHall(home, { port: 0, log: () => undefined });
    const { url } = hall;

    const sim = await readSimState(home);
    expect(sim.pid).not.toBe(process.pid);
    expect(alive(sim.pid)).toBe(true);
    // the printer's end of the receipt pty is open in the device process, not in the service's
    const printerEnd = realpathSync(join(dirname(sim.connections.receipt!), 'receipt-device'));
    expect(openFiles(sim.pid)).toContain(printerEnd);
    expect(openFiles(process.pid)).not.toContain(printerEnd);

    const credential = hall.signIns.find((s) => s.username === 'xihu-kiosk-01')!.credential!;
    const session = await json<{ token: string }>(`${url}/api/session`, {}, { method: 'POST', body: { terminal: 'xihu-kiosk-01', credential } });
    const kiosk = { authorization: `Bearer ${session.body.token}` };
    for (let i = 1; i <= RECEIPTS; i++) {
      expect((await json(`${url}/api/devices/idcard/read`, kiosk, { method: 'POST', body: {} })).status).toBe(200);
      const issued = await json<{ stamp: { result: { verificationUrl: string } }; printError: unknown }>(`${url}/api/kiosk/certificates`, kiosk, {
        method: 'POST',
        key: `device-process-${i}`,
        body: { templateId: 'residence-certificate', fields: { residenceAddress: '浙江省杭州市西湖区文三路90号', residenceSince: '2020-09-01', purpose: '子女入学' } },
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      expect(issued.body.printError, `receipt ${i}`).toBeNull();
      // what the paper says, as the device process wrote it down
      const paper = join(sim.receiptsDir!, `receipt-${i}.json`);
      await expect.poll(() => readFile(paper, 'utf8').then((t) => (JSON.parse(t) as { qr: string[] }).qr[0], () => undefined), { timeout: 10_000 }).toBe(issued.body.stamp.result.verificationUrl);
    }

    // and each one's picture, drawn on the device process's render thread
    for (let i = 1; i <= RECEIPTS; i++) {
      await expect.poll(() => existsSync(join(sim.receiptsDir!, `receipt-${i}.png`)), { timeout: 30_000 }).toBe(true);
    }

    const devices = await json<Array<{ kind: string; activity?: string; waiting?: string | null }>>(`${url}/api/devices`, kiosk);
    expect(devices.body.find((d) => d.kind === 'receipt')).toMatchObject({ activity: 'idle', waiting: null });

    await hall.stop();
    hall = undefined;
    await expect.poll(() => alive(sim.pid), { timeout: 15_000 }).toBe(false);
  });
});
