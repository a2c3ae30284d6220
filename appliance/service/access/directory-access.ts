import type { FastifyRequest } from 'fastify';
import type { Directory } from '../../directory/directory.js';
import type { Authenticator, OrganisationScope } from '../service-context.js';

/** The session cookie the pages carry; API clients may send the same id as `Authorization: Bearer`. */
export const SESSION_COOKIE = 'sealdesk_session';

function sessionIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie || undefined;
}

/** Sessions of the directory: the cookie or bearer id → principal (SESSION_EXPIRED when it ran out). */
export function directoryAuthenticator(directory: Directory): Authenticator {
  return {
    principalOf(request) {
      const id = sessionIdOf(request);
      return id === undefined ? undefined : directory.sessions.principalOf(id);
    },
  };
}

/** The directory's organisation tree and seal grants as access checks need them. */
export function directoryScope(directory: Directory): OrganisationScope {
  return {
    within: (ancestorId, orgId) => directory.organisations.within(ancestorId, orgId),
    organisationOfUscc: (uscc) => directory.organisations.organisationOfUscc(uscc)?.id,
    maySeal: (principal, sealId, sealOrganisationId) => sealOrganisationId !== undefined && directory.grants.maySeal(principal, sealId, sealOrganisationId),
  };
}
