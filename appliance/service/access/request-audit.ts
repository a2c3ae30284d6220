import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isSealdeskError, type SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { AuditAction, AuditDetails, AuditEntryInput } from '../../audit/audit-entry.js';
import { looksLikeIdNumber } from '../../audit/sensitive-details.js';
import type { ServiceContext } from '../service-context.js';
import { auditActor } from './audit-actor.js';
import type { Principal } from '../../directory/principal.js';
import { refusedOrganisation, wasAudited } from './refusal.js';

/** A route's privileged action: its outcome, success or not, is appended here (never its body: no PIN or password reaches the log). */
export interface RouteAudit {
  action: AuditAction;
  /** The route parameter naming what was acted on (a token's serial, an operator's id). */
  target?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    audit?: RouteAudit;
  }
}

/** Refusals of the access layer: who may call what, from where. Each is worth an entry. */
const REFUSALS = new Set(['FORBIDDEN', 'ORIGIN_REFUSED', 'HOST_NOT_ALLOWED']);
/** Not signed in: an entry only when something was to be changed (a page asking "who am I?" is no attempt). */
const UNSIGNED = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DENIED = new Set([...REFUSALS, ...UNSIGNED]);

/** The caller as far as known: refusals before the access hook (Origin, Host) still name whose session was used. */
function principalOf(context: ServiceContext, request: FastifyRequest): Principal | undefined {
  if (request.principal) return request.principal;
  try {
    return context.authenticator.principalOf(request);
  } catch {
    return undefined;
  }
}

function targetOf(request: FastifyRequest, audit: RouteAudit | undefined): string | null {
  if (!audit?.target) return null;
  const value = (request.params as Record<string, unknown> | undefined)?.[audit.target];
  return typeof value === 'string' ? value.slice(0, 100) : null;
}

/**
 * The entry's organisation is the target's when the refusal knows it (requireWithin), else the
 * actor's; the actor's is also kept as `actorOrganisationId`, so that the entry shows in the
 * audit of both subtrees (see AuditLog.list).
 */
function entryFor(context: ServiceContext, request: FastifyRequest, action: AuditAction, principal: Principal | undefined, targetOrganisationId: string | undefined): Omit<AuditEntryInput, 'outcome'> {
  const known = targetOrganisationId !== undefined && context.directory.organisations.find(targetOrganisationId) !== undefined ? targetOrganisationId : undefined;
  const details: AuditDetails = {
    method: request.method,
    route: request.routeOptions.url ?? null,
    ipAddress: request.ip,
    ...(principal ? { actorOrganisationId: principal.organisationId } : {}),
  };
  return { action, actor: auditActor(principal), organisationId: known ?? principal?.organisationId ?? null, target: targetOf(request, request.routeOptions.config?.audit), details };
}

/** A Host or Origin as the caller sent it; one shaped like an ID number is withheld, so the entry is still written. */
function callerText(key: string, value: unknown): AuditDetails {
  if (typeof value !== 'string') return {};
  return { [key]: looksLikeIdNumber(value) ? '(withheld)' : value };
}

/**
 * The one place a refused or failed request is audited: the route's own action when it declares
 * one (`config.audit`), else `access.refused` for a refusal of the access layer (a wrong role,
 * an organisation outside the caller's subtree, another origin, another host). Errors the route
 * already audited itself (markAudited) are skipped. Called from the service's error handler.
 */
export function auditRequestError(context: ServiceContext, request: FastifyRequest, error: SealdeskError): void {
  if (wasAudited(error)) return;
  const routeAudit = request.routeOptions.config?.audit;
  const refusal = REFUSALS.has(error.code) || (UNSIGNED.has(error.code) && STATE_CHANGING.has(request.method));
  if (!routeAudit && !refusal) return;
  const principal = principalOf(context, request);
  const entry = entryFor(context, request, routeAudit?.action ?? 'access.refused', principal, refusedOrganisation(error));
  const named = isSealdeskError(error, 'HOST_NOT_ALLOWED') || isSealdeskError(error, 'ORIGIN_REFUSED') ? error.details : {};
  context.audit.append({
    ...entry,
    outcome: DENIED.has(error.code) ? 'denied' : 'failed',
    errorCode: error.code,
    details: { ...entry.details, ...callerText('host', named.host), ...callerText('origin', named.origin) },
  });
}

/**
 * A route with `config.audit` gets its success appended before the answer leaves: if the entry
 * cannot be written, the caller hears AUDIT_WRITE_FAILED rather than a success nobody can audit.
 */
export function installRouteAudit(app: FastifyInstance, context: ServiceContext): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const routeAudit = request.routeOptions.config?.audit;
    if (routeAudit && reply.statusCode < 400) context.audit.append({ ...entryFor(context, request, routeAudit.action, request.principal, undefined), outcome: 'ok' });
    return payload;
  });
}
