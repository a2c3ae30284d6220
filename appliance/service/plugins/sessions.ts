import { Type } from '@sinclair/typebox';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { signInName, type SignInCredentials } from '../../directory/sign-in.js';
import { SESSION_COOKIE } from '../access/directory-access.js';
import type { Principal } from '../../directory/principal.js';
import { principalOf } from '../access/route-access.js';
import { recordOk } from '../directory/directory-audit.js';
import { Me } from '../directory/directory-views.js';
import type { ServiceContext } from '../service-context.js';
import type { ServicePlugin } from '../service-plugin.js';

// No additionalProperties: false on the two shapes: with fastify's removeAdditional, the first
// branch of the union would strip the second one's fields before the second is tried.
const SignInBody = Type.Union([
  Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { title: 'PasswordSignIn' }),
  Type.Object(
    { terminal: Type.String({ minLength: 1, maxLength: 64 }), credential: Type.String({ minLength: 1, maxLength: 128 }) },
    { title: 'TerminalSignIn', description: 'a kiosk: its terminal name and the credential issued when the account was made' },
  ),
]);
const SignedIn = Type.Composite([
  Me,
  Type.Object({
    token: Type.String({ description: 'the session id, for `Authorization: Bearer` (the pages use the cookie)' }),
    expiresAt: Type.String({ format: 'date-time', description: 'the latest end; unused for the idle time, the session ends sooner' }),
  }),
]);

function me(context: ServiceContext, principal: Principal) {
  const organisation = context.directory.organisations.get(principal.organisationId);
  return {
    operatorId: principal.operatorId,
    username: principal.username,
    displayName: principal.displayName,
    role: principal.role,
    organisation: { id: organisation.id, name: organisation.name, nameEn: organisation.nameEn, level: organisation.level },
  };
}

/**
 * /api/session: sign in (password, or a kiosk's terminal credential), who am I, sign out. The
 * session id goes out twice: as an HttpOnly, SameSite=Strict cookie for the pages (scripts
 * cannot read it, other sites cannot send it) and in the body for API clients' bearer header.
 */
const sessionsPlugin: ServicePlugin = (context) => async (app) => {
  const { directory } = context;

  app.post(
    '/api/session',
    { schema: { tags: ['session'], body: SignInBody, response: { 201: SignedIn } }, config: { access: 'public' } },
    async (request, reply) => {
      const credentials = request.body as SignInCredentials;
      // the typed username goes to the audit log only as the id of an account that exists:
      // people do type their password into the username field
      const target = directory.operators.findByUsername(signInName(credentials))?.id;
      let opened;
      try {
        opened = await directory.signIn(credentials, request.ip);
      } catch (error) {
        context.audit.append({
          action: 'session.sign-in-failed',
          actor: { id: 'anonymous' },
          target: target ?? null,
          outcome: isSealdeskError(error, 'SIGN_IN_THROTTLED') ? 'denied' : 'failed',
          errorCode: isSealdeskError(error) ? error.code : 'INTERNAL',
          details: { ipAddress: request.ip, kind: 'username' in credentials ? 'password' : 'terminal' },
        });
        if (isSealdeskError(error, 'SIGN_IN_THROTTLED')) reply.header('retry-after', String(error.details.retryAfter));
        throw error;
      }
      try {
        recordOk(context, opened.principal, { action: 'session.sign-in', target: opened.principal.operatorId, details: { ipAddress: request.ip } });
      } catch (error) {
        // not audited, not signed in
        directory.sessions.end(opened.principal.sessionId);
        throw error;
      }
      reply.setCookie(SESSION_COOKIE, opened.sessionId, {
        httpOnly: true,
        sameSite: 'strict',
        secure: context.settings.tls !== undefined,
        path: '/',
        maxAge: Math.floor(directory.sessions.settings.maxMs / 1000),
      });
      return reply.status(201).send({ ...me(context, opened.principal), token: opened.sessionId, expiresAt: opened.expiresAt.toISOString() });
    },
  );

  app.get(
    '/api/session',
    { schema: { tags: ['session'], response: { 200: Me } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => me(context, principalOf(request)),
  );

  app.delete(
    '/api/session',
    { schema: { tags: ['session'], response: { 204: Type.Null() } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      directory.sessions.end(principal.sessionId);
      recordOk(context, principal, { action: 'session.sign-out', target: principal.operatorId });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
};
export default sessionsPlugin;
