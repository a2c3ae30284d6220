import { loadTextEncoder } from '../../drivers/receipt/encoder/text.js';
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { auditRequestError, installRouteAudit } from './access/request-audit.js';
import { installRequestOrigin } from './access/request-origin.js';
import { installRouteAccess, type RegisteredRoute } from './access/route-access.js';
import { typedError } from './error-body.js';
import { checkListenAddress } from './listen-address.js';
import { loggedUrl, logOptions } from './log-options.js';
import { SERVICE_PLUGINS } from './plugins/index.js';
import type { ServiceContext } from './service-context.js';
import type { ServicePlugin } from './service-plugin.js';

export interface BuiltService {
  app: FastifyInstance;
  /** Every route and its access rule, filled as plugins register (after app.ready()). */
  routes: RegisteredRoute[];
}

/**
 * The appliance's HTTP service: fastify with TypeBox schemas, the access rule on every route,
 * errors mapped in one place, OpenAPI at /docs, one plugin per resource. Not listening yet:
 * `app.listen({host, port})` with the settings (checked by checkListenAddress) does that.
 */
export async function buildService(context: ServiceContext, plugins: readonly ServicePlugin[] = SERVICE_PLUGINS): Promise<BuiltService> {
  const { settings } = context;
  checkListenAddress(settings);
  const app = Fastify({
    logger: { ...logOptions(settings.logLevel), ...(settings.logStream ? { stream: settings.logStream } : {}) },
    ...(settings.tls ? { https: { cert: readFileSync(settings.tls.cert), key: readFileSync(settings.tls.key) } } : {}),
    // uploads go through multipart with their own limit; JSON bodies stay small
    bodyLimit: 1024 * 1024,
    // a stamp job survives a client that hangs up: its handler does not depend on the socket
    return503OnClosing: true,
    // an unknown field is refused, not silently dropped: a typo in "placement" must not stamp elsewhere
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // the API takes JSON and multipart uploads only: a text/plain body is a wrong content type (415), not a string to validate
  app.removeContentTypeParser('text/plain');

  // the cookie parser's hook first: the access hook reads the session cookie it parses (hooks run in the order added)
  await app.register(fastifyCookie);
  // Host and Origin before the access rule: a refused request never resolves a session
  installRequestOrigin(app, [...settings.allowedHosts, settings.host]);
  const routes: RegisteredRoute[] = [];
  installRouteAccess(app, context.authenticator, routes);
  installRouteAudit(app, context);

  app.setErrorHandler((error, request, reply) => {
    const { typed, unexpected } = typedError(error, settings.uploadLimitBytes);
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    // a device or printer failing (5xx) is the staff's to fix: the detail (which device, its path) is
    // logged here, since the pages a citizen reads say only what to do
    else if (typed.status >= 500) request.log.warn({ code: typed.code, details: typed.details }, typed.messageEn);
    try {
      auditRequestError(context, request, typed);
    } catch (auditError) {
      // the refusal stands either way; an audit log that cannot be written is the operator's alarm
      request.log.error({ err: auditError }, 'refusal not audited');
    }
    context.metrics.errors.inc({ code: typed.code });
    // SERVICE_BUSY and RATE_LIMITED say when to come back, in the header clients and proxies read
    if (typeof typed.details.retryAfter === 'number') void reply.header('retry-after', String(typed.details.retryAfter));
    return reply.status(typed.status).type('application/json; charset=utf-8').send(typed.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const typed = new SealdeskError('ROUTE_NOT_FOUND', { method: request.method, url: loggedUrl(request.url).replace(/\?.*$/, '') });
    return reply.status(typed.status).send(typed.toJSON());
  });

  await app.register(fastifyMultipart, { limits: { fileSize: settings.uploadLimitBytes, files: 1, fields: 20, parts: 25 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'sealdesk', description: '电子印章签章服务 / seal signing appliance', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sealdesk_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  for (const plugin of plugins) await app.register(plugin(context));
  await app.ready();
  // what loads once is loaded at start, not in the first citizen's request: the receipt text table
  if (context.devices.receipt) loadTextEncoder();
  return { app, routes };
}
