/** How the service runs: where it listens, what it accepts. From config.json's `service` section. */
export interface ServiceSettings {
  /** Default 127.0.0.1: the pages and the API are for this terminal. */
  host: string;
  /** Default 7700; 0 picks a free port (tests). */
  port: number;
  /** PEM file paths; required to listen on anything but a loopback address. */
  tls?: { cert: string; key: string };
  /** Largest PDF accepted by an upload, in bytes (default 50 MiB). */
  uploadLimitBytes: number;
  /** Sessions end after this much idle time, and at the latest after maxSessionMs. */
  sessionIdleMs: number;
  maxSessionMs: number;
  /** pino level; 'silent' in tests. */
  logLevel: string;
  /**
   * Host names the service answers to besides loopback and its bind address ("name" for any
   * port, or "name:port"): a terminal reached as counter-3.hall.local lists that name here.
   * Other Host headers get HOST_NOT_ALLOWED, so a DNS-rebinding page cannot reach the service.
   */
  allowedHosts: readonly string[];
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  host: '127.0.0.1',
  port: 7700,
  uploadLimitBytes: 50 * 1024 * 1024,
  sessionIdleMs: 30 * 60_000,
  maxSessionMs: 12 * 3600_000,
  logLevel: 'info',
  allowedHosts: [],
};

export function serviceSettings(partial: Partial<ServiceSettings> = {}): ServiceSettings {
  return { ...DEFAULT_SERVICE_SETTINGS, ...partial };
}
