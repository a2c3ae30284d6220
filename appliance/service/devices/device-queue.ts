/**
 * One operation at a time per device: two clerks pressing "read card" at once must not
 * interleave frames on one serial line. Later callers wait their turn (a reader answers in
 * ~100 ms, a receipt in a few seconds), rather than failing with DEVICE_BUSY.
 */
export class DeviceQueue {
  #tails = new Map<string, Promise<unknown>>();

  run<T>(device: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(device) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#tails.set(device, next);
    const clear = () => {
      if (this.#tails.get(device) === next) this.#tails.delete(device);
    };
    next.then(clear, clear);
    return next;
  }
}
