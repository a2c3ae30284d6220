import type { CjkFace } from './cjk-fonts.js';
import { checkGlyphs, facesOf, loadFaces, measureWith, printedValues } from './certificate-fonts.js';
import { certificateValues, type CertificateData, type CertificateOptions } from './certificate-values.js';
import { layoutCertificate, type CertificateLayout } from './layout-certificate.js';
import type { CertificateTemplate, FontName } from './template-schema.js';

export interface LaidOutCertificate {
  values: Record<string, string>;
  faces: Map<FontName, CjkFace>;
  layout: CertificateLayout;
}

/**
 * The one layout every writer (PDF, OFD) draws: values filled in, glyphs checked, blocks placed
 * in PDF points with the faces' own advances. Two writers of one layout print the same certificate.
 */
export async function layOutFor(template: CertificateTemplate, data: CertificateData, options: CertificateOptions & { fontDir?: string }): Promise<LaidOutCertificate> {
  const values = certificateValues(template, data, options);
  const faces = await loadFaces(facesOf(template), options.fontDir);
  checkGlyphs(template, printedValues(template, values), faces);
  return { values, faces, layout: layoutCertificate(template, values, measureWith(faces)) };
}
