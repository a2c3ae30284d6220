import { describe, expect, it } from 'vitest';
import { encodeSamFrame } from '../../../firmware-bridge/codec/sam-frame-encoder.js';
import { SamFrameDecoder } from '../../../firmware-bridge/codec/sam-frame-decoder.js';
import { RequestLink } from '../../../firmware-bridge/link/request-link.js';
import { createMemoryPair, type MemoryTransport } from '../../../firmware-bridge/transport/memory-transport.js';
import { hex } from '../helpers/hex.js';

const FIND = hex('AA AA AA 96 69 00 03 20 01 22');
const OK = hex('AA AA AA 96 69 00 04 00 00 90 94');

function setup(options: { timeoutMs?: number; retries?: number } = {}) {
  const [host, device] = createMemoryPair('reader');
  const link = new RequestLink({ transport: host, decoder: new SamFrameDecoder({ device: host.path }), settleMs: 5, ...options });
  return { host, device, link };
}

/** The device side: answers each request with the next canned reply (function of the request count). */
function answer(device: MemoryTransport, reply: (n: number, request: Buffer) => Buffer | undefined): Buffer[] {
  const requests: Buffer[] = [];
  device.on('data', (chunk: Buffer) => {
    requests.push(chunk);
    const out = reply(requests.length, chunk);
    if (out) void device.write(out);
  });
  return requests;
}

describe('request link', () => {
  it('sends the request and resolves with the reply body', async () => {
    const { device, link } = setup();
    const requests = answer(device, () => OK);
    expect((await link.request(FIND)).toString('hex')).toBe('000090');
    expect(requests).toEqual([FIND]);
  });

  it('keeps one request in flight and answers queued requests in order', async () => {
    const { device, link } = setup();
    let inFlight = 0;
    let maxInFlight = 0;
    device.on('data', (chunk: Buffer) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // echo the command byte in the reply so each caller can see it got its own answer
      setTimeout(() => {
        inFlight--;
        void device.write(encodeSamFrame(Buffer.from([0, 0, 0x90, chunk[7] as number])));
      }, 5);
    });
    const commands = [0x10, 0x11, 0x12, 0x20, 0x30];
    const replies = await Promise.all(commands.map((c) => link.request(encodeSamFrame(Buffer.from([c, 0xff])))));
    expect(replies.map((r) => r[3])).toEqual(commands);
    expect(maxInFlight).toBe(1);
  });

  it('a late answer to a timed-out request that the next request does not accept is dropped, not handed to it', async () => {
    const { device, link } = setup({ timeoutMs: 80 });
    const late = encodeSamFrame(Buffer.from([0, 0, 0x9f, 0, 0, 0, 0])); // a find-card answer
    const selected = encodeSamFrame(Buffer.from([0, 0, 0x90, ...new Array<number>(8).fill(0)]));
    answer(device, (n) => {
      if (n === 1) setTimeout(() => void device.write(late), 150); // answers after the timeout
      if (n === 2) setTimeout(() => void device.write(selected), 200); // the real answer comes later still
      return undefined;
    });
    await expect(link.request(FIND)).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
    const stale: Buffer[] = [];
    link.on('stale', (frame: Buffer) => stale.push(frame));
    const reply = await link.request(FIND, { timeoutMs: 1000, accepts: (frame) => frame[2] === 0x90 });
    expect(reply.length).toBe(11);
    expect(stale.map((f) => f[2])).toEqual([0x9f]);
  });

  it('fails with DEVICE_TIMEOUT when the device stays silent, then serves the next request', async () => {
    const { device, link } = setup({ timeoutMs: 100 });
    answer(device, (n) => (n === 1 ? undefined : OK));
    const started = Date.now();
    await expect(link.request(FIND)).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT', details: { device: 'reader:host' } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await link.request(FIND)).toString('hex')).toBe('000090');
  });

  it('retries a reply with a bad checksum and succeeds when the resend is answered well', async () => {
    const { device, link } = setup();
    const bad = Buffer.from(OK);
    bad.writeUInt8((bad.at(-1) as number) ^ 0xff, bad.length - 1);
    const requests = answer(device, (n) => (n === 1 ? bad : OK));
    expect((await link.request(FIND)).toString('hex')).toBe('000090');
    expect(requests).toHaveLength(2);
  });

  it('gives up with FRAME_CHECKSUM after the bounded retries', async () => {
    const { device, link } = setup({ retries: 2 });
    const bad = Buffer.from(OK);
    bad.writeUInt8((bad.at(-1) as number) ^ 0xff, bad.length - 1);
    const requests = answer(device, () => bad);
    await expect(link.request(FIND)).rejects.toMatchObject({ code: 'FRAME_CHECKSUM' });
    expect(requests).toHaveLength(3);
  });

  it('resends when retryIf says the device saw a corrupted request', async () => {
    const { device, link } = setup();
    const requests = answer(device, (n) => (n === 1 ? hex('AA AA AA 96 69 00 04 00 00 10 14') : OK));
    const reply = await link.request(FIND, { retryIf: (f) => f[2] === 0x10 });
    expect(reply.toString('hex')).toBe('000090');
    expect(requests).toHaveLength(2);
  });

  it('reports an oversized frame as FRAME_TOO_LONG after retries', async () => {
    const { device, link } = setup({ retries: 1 });
    answer(device, () => hex('AA AA AA 96 69 7F FF 00'));
    await expect(link.request(FIND)).rejects.toMatchObject({ code: 'FRAME_TOO_LONG' });
  });

  it('cancels the request in flight and a queued one with DEVICE_CANCELLED', async () => {
    const { device, link } = setup();
    answer(device, () => undefined);
    const first = new AbortController();
    const second = new AbortController();
    const a = link.request(FIND, { signal: first.signal });
    const b = link.request(FIND, { signal: second.signal });
    second.abort();
    first.abort();
    await expect(a).rejects.toMatchObject({ code: 'DEVICE_CANCELLED' });
    await expect(b).rejects.toMatchObject({ code: 'DEVICE_CANCELLED' });
    await expect(link.request(FIND, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'DEVICE_CANCELLED' });
  });

  it('does not hand a late reply of a cancelled request to the next request', async () => {
    const { device, link } = setup();
    let n = 0;
    device.on('data', () => {
      n++;
      // the first reply comes late (after the cancel); the second one is distinct
      if (n === 1) setTimeout(() => void device.write(encodeSamFrame(hex('00 00 90 01'))), 20);
      else void device.write(encodeSamFrame(hex('00 00 90 02')));
    });
    const controller = new AbortController();
    const first = link.request(FIND, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(first).rejects.toMatchObject({ code: 'DEVICE_CANCELLED' });
    await new Promise((r) => setTimeout(r, 10));
    expect((await link.request(FIND)).toString('hex')).toBe('00009002');
  });

  it('fails the pending and queued requests with DEVICE_DISCONNECTED on unplug, and new ones at once', async () => {
    const { device, link } = setup();
    answer(device, () => undefined);
    const a = link.request(FIND);
    const b = link.request(FIND);
    setTimeout(() => void device.close(), 10);
    await expect(a).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    await expect(b).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    await expect(link.request(FIND)).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('passes frames that no request waits for to "unsolicited"', async () => {
    const { device, link } = setup();
    const got = new Promise<Buffer>((resolve) => link.once('unsolicited', resolve));
    await device.write(OK);
    expect((await got).toString('hex')).toBe('000090');
  });
});
