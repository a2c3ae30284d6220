import type { CertificateData } from './certificate-values.js';
import { renderCertificate } from './render-certificate.js';
import { renderCertificateOfd, type OfdRenderOptions } from './render-certificate-ofd.js';
import type { CertificateTemplate } from './template-schema.js';

export type CertificateFormat = 'pdf' | 'ofd';

/** A certificate in the format asked for or the template's own (default PDF), with what a caller needs to store and stamp it. */
export interface CertificateFile {
  format: CertificateFormat;
  bytes: Buffer;
  mediaType: 'application/pdf' | 'application/ofd';
  extension: '.pdf' | '.ofd';
  documentNumber: string;
  placement: { kind: 'text'; text: string };
  anchor: { x: number; y: number };
}

/** One layout, two writers: the request's format, else the template's `format`, else PDF. */
export async function renderCertificateAs(template: CertificateTemplate, data: CertificateData, options: OfdRenderOptions & { format?: CertificateFormat }): Promise<CertificateFile> {
  const format = options.format ?? template.format ?? 'pdf';
  if (format === 'ofd') {
    const { ofd, ...rest } = await renderCertificateOfd(template, data, options);
    return { format, bytes: ofd, mediaType: 'application/ofd', extension: '.ofd', ...rest };
  }
  const { pdf, ...rest } = await renderCertificate(template, data, options);
  return { format, bytes: pdf, mediaType: 'application/pdf', extension: '.pdf', ...rest };
}
