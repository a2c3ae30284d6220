import type { FastifyRequest } from 'fastify';

/**
 * URLs that may carry a secret or personal data in the path: a licence code opens its record (the
 * service reads codes from request bodies now, but an old link may still put one in a path). The
 * log, and a 404's answer, keep the route, not the value.
 */
const SECRET_PATHS = [/^(\/api\/licences\/)(?!read(?:$|\?))[^/?]+/, /^(\/api\/verify\/code\/)[^/?]+/];

export function loggedUrl(url: string): string {
  let out = url.replace(/\?.*$/, (query) => (query.length > 1 ? '?…' : ''));
  for (const pattern of SECRET_PATHS) out = out.replace(pattern, '$1[redacted]');
  return out;
}

/**
 * pino options: PINs, passwords, credentials, ID numbers and names never reach the log, whichever
 * object they ride in (request bodies are not logged at all; these paths catch them in the
 * objects the code logs on purpose).
 */
export function logOptions(level: string): object {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.pin',
        '*.soPin',
        '*.newPin',
        '*.password',
        '*.credential',
        '*.idNumber',
        '*.name',
        '*.holder',
        '*.*.pin',
        '*.*.soPin',
        '*.*.newPin',
        '*.*.idNumber',
        '*.*.name',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, url: loggedUrl(request.url), remoteAddress: request.ip };
      },
    },
  };
}
