import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/** Methods that change something: these must come from the service's own pages (or from no page at all). */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The host name of a Host header, without its port; IPv6 literals keep their brackets. */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

function loopbackName(name: string): boolean {
  if (name === 'localhost' || name === '[::1]') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/**
 * The names the service answers to: loopback (127.0.0.0/8, localhost, [::1], any port), the
 * address it is bound to, and the configured names (service.allowedHosts: "name" for any port or
 * "name:port"). Any other Host is a DNS-rebinding page, or a request not meant for this service.
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  const name = hostName(host);
  if (loopbackName(name)) return true;
  const lower = host.trim().toLowerCase();
  return allowed.some((entry) => {
    const want = entry.trim().toLowerCase();
    return want === lower || want === name;
  });
}

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    // URL() drops a default port on both sides, so "http://localhost" equals Host "localhost:80"
    return new URL(origin).origin === new URL(`${request.protocol}://${request.headers.host ?? ''}`).origin;
  } catch {
    return false;
  }
}

/**
 * Why a state-changing request may not go on, or undefined. Every browser sends `Origin` on a
 * cross-origin POST, PUT, PATCH or DELETE (fetch and form alike; Chromium, Firefox and Safari on
 * same-origin ones too), and `Sec-Fetch-Site` on every request: either must say "this
 * service's own page". SameSite=Strict on the cookie is not enough, since another port of
 * 127.0.0.1 is the same site. A request with neither header comes from no browser (the CLI,
 * curl, a test's API client): a page cannot make a browser send one, so it goes on to the
 * access rule like any other.
 */
export function originRefusal(request: FastifyRequest): string | undefined {
  if (!STATE_CHANGING.has(request.method)) return undefined;
  const origin = request.headers.origin;
  if (origin !== undefined) return sameOrigin(origin, request) ? undefined : origin;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' ? undefined : `Sec-Fetch-Site: ${site}`;
  return undefined;
}

/**
 * One onRequest hook, before the access rule: HOST_NOT_ALLOWED (421) for a Host the service
 * does not answer to, ORIGIN_REFUSED (403) for a change asked by another page. Added before the
 * access hook: a refused request never resolves a session.
 */
export function installRequestOrigin(app: FastifyInstance, allowedHosts: readonly string[]): void {
  // an IPv6 bind address is a bracketed literal in a Host header
  const names = allowedHosts.map((h) => (isIP(h) === 6 ? `[${h}]` : h));
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host;
    if (!hostAllowed(host, names)) throw new SealdeskError('HOST_NOT_ALLOWED', { host: (host ?? '').slice(0, 100) });
    const refused = originRefusal(request);
    if (refused !== undefined) throw new SealdeskError('ORIGIN_REFUSED', { origin: refused.slice(0, 100) });
  });
}
