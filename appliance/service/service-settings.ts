import { availableParallelism } from 'node:os';
import type { DocumentPoolSettings } from '../document-pool/document-pool.js';

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
  /** Where the log lines go (default stdout): an embedding program's own stream, or a test's. */
  logStream?: { write(line: string): unknown };
  /**
   * Host names the service answers to besides loopback and its bind address ("name" for any
   * port, or "name:port"): a terminal reached as counter-3.hall.local lists that name here.
   * Other Host headers get HOST_NOT_ALLOWED, so a DNS-rebinding page cannot reach the service.
   */
  allowedHosts: readonly string[];
  /** Documents from outside are opened and verified in worker threads: see appliance/document-pool. */
  documentPool: DocumentPoolSettings;
  /** The public /api/verify: requests per client address in a window; past it RATE_LIMITED (429). */
  verifyRateLimit: { max: number; windowMs: number };
}

/** config.json's `service` section: every field optional, the two limit groups field by field. */
export type ServiceSettingsInput = Partial<Omit<ServiceSettings, 'documentPool' | 'verifyRateLimit'>> & {
  documentPool?: Partial<DocumentPoolSettings>;
  verifyRateLimit?: Partial<ServiceSettings['verifyRateLimit']>;
};

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  host: '127.0.0.1',
  port: 7700,
  uploadLimitBytes: 50 * 1024 * 1024,
  sessionIdleMs: 30 * 60_000,
  maxSessionMs: 12 * 3600_000,
  logLevel: 'info',
  allowedHosts: [],
  // per lane (public, staff): half the cores less the main thread's, at least 1
  documentPool: { workers: Math.max(1, Math.floor((availableParallelism() - 1) / 2)), queueLimit: 16, staffQueueLimit: 256, timeLimitMs: 30_000, memoryLimitMb: 512 },
  verifyRateLimit: { max: 30, windowMs: 60_000 },
};

export function serviceSettings(partial: ServiceSettingsInput = {}): ServiceSettings {
  return {
    ...DEFAULT_SERVICE_SETTINGS,
    ...partial,
    documentPool: { ...DEFAULT_SERVICE_SETTINGS.documentPool, ...partial.documentPool },
    verifyRateLimit: { ...DEFAULT_SERVICE_SETTINGS.verifyRateLimit, ...partial.verifyRateLimit },
  };
}
