import { isIP } from 'node:net';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { ServiceSettings } from './service-settings.js';

function loopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * The bind rule: plain HTTP only on loopback. Sessions and token PINs cross this socket, so a
 * counter terminal reachable from the hall network must speak TLS; refusing at start is safer
 * than a warning in a log nobody reads.
 */
export function checkListenAddress(settings: Pick<ServiceSettings, 'host' | 'tls'>): void {
  if (!loopback(settings.host) && !settings.tls) throw new SealdeskError('TLS_REQUIRED', { host: settings.host });
}
