import type { FastifyReply } from 'fastify';

/**
 * Nothing in the preview may run or fetch: its images are data URLs, its fonts the terminal's. The
 * SVG is built with escaped text only (formats/ofd/page-svg.ts); this policy is the second wall,
 * should the document ever be opened as a page of its own rather than as the counter's <img>.
 */
export const PAGE_SVG_POLICY = "default-src 'none'; img-src data:; sandbox";

/** A drawn page as the counter loads it: its own type, never sniffed, never cached, under PAGE_SVG_POLICY. */
export function sendPageSvg(reply: FastifyReply, svg: string): FastifyReply {
  return reply
    .type('image/svg+xml; charset=utf-8')
    .header('content-security-policy', PAGE_SVG_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-disposition', 'inline; filename="page.svg"')
    .send(svg);
}
