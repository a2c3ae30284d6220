import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { ServicePlugin } from '../service-plugin.js';

/** The bundle scripts/build-pages.ts writes (setup.sh runs it before `npm start` and `npm test`). */
export const PAGES_DIST = fileURLToPath(new URL('../../pages/dist', import.meta.url));

/** The pages, each answered with the same index.html (the bundle picks the page from the path). */
export const PAGE_PATHS = ['/', '/counter', '/kiosk', '/admin', '/verify'] as const;

/**
 * Everything the pages load comes from this appliance (the terminal may be offline): scripts,
 * styles and images from 'self', the API on the same origin, the PDF preview from the API.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // pdf.js decodes JPEG 2000 scans with WebAssembly
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "font-src 'self' data:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'self'",
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>sealdesk</title>
<p>页面尚未构建，请运行 <code>npm run build:pages</code>。</p>
<p lang="en">The pages are not built: run <code>npm run build:pages</code>.</p></html>`;

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

/**
 * The web pages: counter, kiosk, admin and verify (and `/` linking them), a preact bundle served
 * from appliance/pages/dist under /assets/. Pages and assets are public: they hold no data; the
 * API decides who may do what. Deep paths under a page (/verify/…) get the page too.
 */
const pagesPlugin: ServicePlugin = (_context) => async (app) => {
  const root = PAGES_DIST;
  await app.register(fastifyStatic, {
    root,
    prefix: '/assets/',
    index: false,
    // the bundle's names carry no hash: the browser revalidates (ETag / Last-Modified) on each load
    cacheControl: false,
    setHeaders: (res) => {
      res.setHeader('cache-control', 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
  const page = async (_request: unknown, reply: FastifyReply) => {
    securityHeaders(reply).header('cache-control', 'no-cache');
    if (!existsSync(join(root, 'index.html'))) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.type('text/html; charset=utf-8').sendFile('index.html', root);
  };
  for (const path of PAGE_PATHS) {
    app.get(path, { schema: { hide: true }, config: { access: 'public' } }, page);
    if (path !== '/') app.get(`${path}/*`, { schema: { hide: true }, config: { access: 'public' } }, page);
  }
};
export default pagesPlugin;
