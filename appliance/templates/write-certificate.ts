import { writeFile } from 'node:fs/promises';
import { commitOutput, removeTemp, tempPathFor } from '../pdf/atomic-output.js';
import type { CertificateData } from './certificate-values.js';
import { renderCertificate, type RenderedCertificate, type RenderOptions } from './render-certificate.js';
import type { CertificateTemplate } from './template-schema.js';

/**
 * Renders a certificate to `output` atomically (temp file beside it, fsync, rename, directory
 * fsync): the stamping step that reads it next never sees half a PDF, and a failure leaves none.
 */
export async function writeCertificate(template: CertificateTemplate, data: CertificateData, options: RenderOptions & { output: string }): Promise<RenderedCertificate & { output: string }> {
  const rendered = await renderCertificate(template, data, options);
  const temp = tempPathFor(options.output);
  try {
    await writeFile(temp, rendered.pdf, { mode: 0o600 });
    await commitOutput(temp, options.output);
  } catch (error) {
    await removeTemp(temp);
    throw error;
  }
  return { ...rendered, output: options.output };
}
