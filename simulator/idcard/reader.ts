import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SerialTransport } from '../../firmware-bridge/transport/serial-transport.js';
import { openPtyPair, type PtyPair } from '../pty/pty-pair.js';
import { HostFrameParser, type HostEvent } from './command-parser.js';
import { garbageBytes, type IdCardFaults } from './faults.js';
import type { Identity } from './identity.js';
import { isCardRead, respond, type ReaderState } from './responder.js';
import { encodeReply, SW3 } from './sam-frame.js';
import { checkCard } from './text-block.js';

export interface IdCardReaderOptions {
  /** The card lying on the reader at start; none when omitted. */
  identity?: Identity;
  /** 16 bytes answered to "read SAM id". */
  samId?: Uint8Array;
  /** Deliver replies at the speed of 115200 8N1 (10 bits a byte), as a real reader does; default at once. */
  pace?: boolean;
  faults?: IdCardFaults;
  /** A partial host frame older than this is dropped (the host gave up on it). */
  interByteTimeoutMs?: number;
}

export interface IdCardReader {
  /** The end the driver opens, as it would open /dev/ttyUSB0. */
  readonly hostPath: string;
  /** Every host event handled, in order: 'cmd 30 01', 'bad-checksum', 'bad-length'. */
  readonly log: readonly string[];
  insertCard(identity: Identity): void;
  removeCard(): void;
  /** Adds faults (replacing the fields given); clearFaults() removes them all. */
  setFault(faults: IdCardFaults): void;
  clearFaults(): void;
  /** Pulls the cable now: the pty pair goes away. */
  unplug(): Promise<void>;
  /** Plugs the cable back in: a new pty pair at the same hostPath (as udev names it again). */
  replug(): Promise<void>;
  /** Whether the cable is in. */
  readonly plugged: boolean;
  close(): Promise<void>;
}

const BAUD = 115200;
const DEFAULT_SAM_ID = Buffer.from('0501000020250000123456780000abcd', 'hex');

function label(event: HostEvent): string {
  if (event.kind !== 'command') return event.kind;
  return `cmd ${event.command.toString(16).padStart(2, '0')} ${event.parameter.toString(16).padStart(2, '0')}`;
}

/** Writes at wire speed: each chunk leaves when a real 115200-baud line would have carried it. */
async function pacedWrite(transport: SerialTransport, bytes: Buffer): Promise<void> {
  const start = performance.now();
  const chunk = 32;
  for (let sent = 0; sent < bytes.length; sent += chunk) {
    const part = bytes.subarray(sent, sent + chunk);
    const due = start + ((sent + part.length) * 10 * 1000) / BAUD;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await transport.write(part);
  }
}

/**
 * A GA 467 SAM ID-card reader on the device end of a real socat pty pair, written from
 * protocols.md alone (never from the driver), so the two implementations check each other.
 */
export async function startIdCardReader(options: IdCardReaderOptions = {}): Promise<IdCardReader> {
  if (options.identity) checkCard(options.identity); // refuse an impossible card now, not at read time
  // Our own dir, so a re-plug makes the new pair under the same host path.
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-idcard-'));
  const state: ReaderState = { samId: Buffer.alloc(16), card: options.identity ?? null };
  state.samId.set((options.samId ?? DEFAULT_SAM_ID).subarray(0, 16));
  let faults: IdCardFaults = { ...options.faults };
  const log: string[] = [];
  let parser = new HostFrameParser();
  let gone = true;
  let pair: PtyPair | undefined;
  let transport: SerialTransport | undefined;
  let queue: Promise<void> = Promise.resolve();
  let staleTimer: NodeJS.Timeout | undefined;

  const unplug = async (): Promise<void> => {
    if (gone) return;
    gone = true;
    clearTimeout(staleTimer);
    await pair?.close();
    await transport?.close().catch(() => undefined);
  };

  const send = async (bytes: Buffer): Promise<void> => {
    if (!transport) return;
    if (options.pace) await pacedWrite(transport, bytes);
    else await transport.write(bytes);
  };

  const handle = async (event: HostEvent): Promise<void> => {
    log.push(label(event));
    if (log.length > 1000) log.splice(0, log.length - 1000); // a kiosk's reader runs for weeks
    if (faults.silent) {
      faults.silent -= 1;
      return;
    }
    let reply: Buffer;
    try {
      reply = respond(state, event);
    } catch {
      reply = encodeReply(SW3.readFailed); // a card the simulator cannot encode reads as a failed read
    }
    if (faults.delayMs) await sleep(faults.delayMs);
    if (gone) return;
    if (faults.garbage !== undefined) {
      const noise = garbageBytes(faults.garbage);
      faults.garbage = undefined;
      await send(noise);
    }
    if (faults.garbageInstead) {
      faults.garbageInstead -= 1;
      await send(garbageBytes(reply.length));
      return;
    }
    if (faults.corruptChecksums) {
      faults.corruptChecksums -= 1;
      reply[reply.length - 1]! ^= 0xff;
    }
    if (faults.unplugMidRead !== undefined && faults.unplugMidRead !== false && isCardRead(event)) {
      const keep = faults.unplugMidRead === true ? 600 : faults.unplugMidRead;
      faults.unplugMidRead = undefined;
      await send(reply.subarray(0, keep));
      await sleep(20); // let the partial reply reach the host before the cable goes
      await unplug();
      return;
    }
    await send(reply);
  };

  const enqueue = (events: HostEvent[]): void => {
    for (const event of events) queue = queue.then(() => handle(event)).catch(() => undefined); // a write after unplug is expected
  };

  const plug = async (): Promise<void> => {
    if (!gone) return;
    // Stale links from the last pair would look like the new one before socat made it.
    for (const end of ['host', 'device']) await rm(join(dir, `idcard-${end}`), { force: true });
    const next = await openPtyPair({ dir, name: 'idcard' });
    const wire = new SerialTransport({ path: next.devicePath, baudRate: BAUD });
    try {
      await wire.open();
    } catch (error) {
      await next.close();
      throw error;
    }
    pair = next;
    transport = wire;
    parser = new HostFrameParser(); // a fresh reader remembers no half frame
    gone = false;
    wire.on('data', (chunk: Buffer) => {
      clearTimeout(staleTimer);
      enqueue(parser.push(chunk));
      if (parser.pending) {
        staleTimer = setTimeout(() => enqueue(parser.expire()), options.interByteTimeoutMs ?? 100);
        staleTimer.unref();
      }
    });
    wire.on('close', () => {
      if (transport === wire) void unplug();
    });
  };

  try {
    await plug();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    hostPath: join(dir, 'idcard-host'),
    log,
    get plugged() {
      return !gone;
    },
    insertCard(identity) {
      checkCard(identity);
      state.card = identity;
    },
    removeCard() {
      state.card = null;
    },
    setFault(more) {
      faults = { ...faults, ...more };
    },
    clearFaults() {
      faults = {};
    },
    unplug,
    replug: plug,
    // Replies still queued see the reader gone and are dropped, as with a pulled cable.
    async close() {
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
