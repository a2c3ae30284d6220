import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

let waitedNs = 0n;
let timed = false;

/**
 * From the first call on, the time between each fs.fsync call and its callback is summed: the
 * disk's share of a stamp, which the stamp benches take off (one stamp after another, nothing
 * else runs while a flush is awaited). Returns the sum so far, in ns; a bench takes differences.
 */
export function fsyncWaitNs(): bigint {
  if (!timed) {
    timed = true;
    const fsync = fs.fsync;
    fs.fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      const began = process.hrtime.bigint();
      fsync(fd, (error) => {
        waitedNs += process.hrtime.bigint() - began;
        callback(error);
      });
    }) as typeof fs.fsync;
    syncBuiltinESMExports();
  }
  return waitedNs;
}
