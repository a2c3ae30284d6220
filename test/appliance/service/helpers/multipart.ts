import { randomBytes } from 'node:crypto';
import type { TestService } from '../../../helpers/service.js';

/**
 * A multipart/form-data body written by hand (not FormData), so a test controls every byte of
 * the file name: traversal, NUL and backslashes arrive exactly as an attacker would send them.
 */
export function multipart(fileName: string, content: Buffer, field = 'file', type = 'application/pdf'): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = `----sealdesk${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface Uploaded {
  documentId: string;
  pages: number;
  sha256: string;
}

/** Uploads a PDF as the operator with these headers; fails the test unless it is accepted. */
export async function upload(service: TestService, headers: Record<string, string>, content: Buffer, fileName = '申请表.pdf'): Promise<Uploaded> {
  const body = multipart(fileName, content);
  const response = await service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...headers, ...body.headers } });
  if (response.statusCode !== 201) throw new Error(`upload refused: ${response.statusCode} ${response.body}`);
  return response.json<Uploaded>();
}
