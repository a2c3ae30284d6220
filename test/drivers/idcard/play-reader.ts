import type { EventEmitter } from 'node:events';
import { REQUEST } from './fixtures.js';

type RequestName = keyof typeof REQUEST;
/** What the played reader answers to a request: bytes, nothing (silence), or a function of the call count. */
export type Answer = Buffer | undefined | ((call: number) => Buffer | undefined | Promise<Buffer | undefined>);

interface DeviceEnd extends EventEmitter {
  write(data: Buffer): unknown;
}

/**
 * The test playing the reader: collects the bytes the driver sends, recognises each 10-byte
 * request by its exact golden frame, and answers with the canned reply. Not a simulator: it
 * knows only the replies a test gives it. Returns the log of requests seen, by name.
 */
export function playReader(device: DeviceEnd, answers: Partial<Record<RequestName, Answer>>): RequestName[] {
  const seen: RequestName[] = [];
  const calls = new Map<RequestName, number>();
  let pending = Buffer.alloc(0);
  device.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 10) {
      const request = pending.subarray(0, 10);
      pending = pending.subarray(10);
      const name = (Object.keys(REQUEST) as RequestName[]).find((n) => REQUEST[n].equals(request));
      if (!name) throw new Error(`unexpected request ${request.toString('hex')}`);
      seen.push(name);
      const call = (calls.get(name) ?? 0) + 1;
      calls.set(name, call);
      const answer = answers[name];
      void Promise.resolve(typeof answer === 'function' ? answer(call) : answer).then((reply) => {
        if (reply) device.write(reply);
      });
    }
  });
  return seen;
}
