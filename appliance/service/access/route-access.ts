import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Authenticator } from '../service-context.js';
import type { Principal, RouteAccess } from '../../directory/principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every /api route; see route-access.ts. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Every route with its access rule, as registered: the matrix test walks this list. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Installs the access rule: an /api route without `config.access` fails at registration (a
 * forgotten rule must not mean "public"); other routes (pages, /docs, /health) default to public.
 * On each request the principal is resolved, then the route's roles are checked. Organisation
 * scope is the route's own business (it knows which organisation the target belongs to): see
 * requireWithin().
 */
export function installRouteAccess(app: FastifyInstance, authenticator: Authenticator, routes: RegisteredRoute[]): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = route.config?.access;
    if (access === undefined && route.url.startsWith('/api/')) throw new Error(`route ${methods.join(',')} ${route.url} has no config.access`);
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, access: access ?? 'public' });
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'public';
    let principal: Principal | undefined;
    try {
      principal = authenticator.principalOf(request);
    } catch (error) {
      // an expired session on a public route is no error: the caller is simply nobody
      if (access !== 'public') throw error;
    }
    if (principal) request.principal = principal;
    if (access === 'public') return;
    if (!principal) throw new SealdeskError('UNAUTHENTICATED');
    if (!access.includes(principal.role)) throw new SealdeskError('FORBIDDEN', { role: principal.role });
  });
}

/** The signed-in principal of a non-public route (the hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new SealdeskError('UNAUTHENTICATED');
  return request.principal;
}
