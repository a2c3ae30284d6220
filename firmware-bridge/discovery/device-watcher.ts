import { EventEmitter } from 'node:events';
import type { DeviceInfo, DeviceLister } from './device-info.js';

const key = (d: DeviceInfo) => `${d.kind}:${d.path}`;

/**
 * Hot-plug as events: polls its listers and emits 'attach' (DeviceInfo) for each device that
 * appeared and 'detach' (DeviceInfo) for each that went away; a device whose identity changed at
 * the same path (re-plugged) gives 'detach' then 'attach'. Polling rather than udev so that it
 * works the same for ptys, by-id links and containers without udev. A lister that fails is
 * skipped for that round ('error' event), so one broken source does not detach everything.
 */
export class DeviceWatcher extends EventEmitter {
  readonly #listers: readonly DeviceLister[];
  readonly #intervalMs: number;
  #known = new Map<string, DeviceInfo>();
  #timer: NodeJS.Timeout | undefined;
  #scanning: Promise<void> | undefined;

  constructor(listers: readonly DeviceLister[], options: { intervalMs?: number } = {}) {
    super();
    this.#listers = listers;
    this.#intervalMs = options.intervalMs ?? 500;
  }

  /** The devices present at the last scan. */
  get devices(): DeviceInfo[] {
    return [...this.#known.values()];
  }

  /** Scans at once (emitting attach for everything present), then every interval. */
  async start(): Promise<void> {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.scan(), this.#intervalMs);
    this.#timer.unref();
    await this.scan();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One scan; concurrent calls share it. */
  scan(): Promise<void> {
    this.#scanning ??= this.#scan().finally(() => (this.#scanning = undefined));
    return this.#scanning;
  }

  async #scan(): Promise<void> {
    const now = new Map<string, DeviceInfo>();
    const failed = new Set<number>();
    await Promise.all(
      this.#listers.map(async (list, i) => {
        try {
          for (const d of await list()) now.set(key(d), d);
        } catch (error) {
          failed.add(i);
          this.emit('error', error);
        }
      }),
    );
    // A failed lister's devices are kept as they were rather than reported as unplugged.
    if (failed.size > 0) for (const [k, d] of this.#known) if (!now.has(k)) now.set(k, d);
    for (const [k, old] of this.#known) {
      const current = now.get(k);
      if (!current || current.identity !== old.identity) this.emit('detach', old);
    }
    for (const [k, d] of now) {
      const old = this.#known.get(k);
      if (!old || old.identity !== d.identity) this.emit('attach', d);
    }
    this.#known = now;
  }
}
