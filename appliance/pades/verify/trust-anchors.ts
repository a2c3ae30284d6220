import { readFile } from 'node:fs/promises';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { parseCertificates, type ParsedCertificate } from '../certificates.js';

/** Trust anchors from PEM (or DER) files: configured, never implied. */
export async function loadTrustAnchors(paths: string[]): Promise<ParsedCertificate[]> {
  const anchors: ParsedCertificate[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new SealdeskError('FILE_NOT_FOUND', { path }, { cause: error });
    }
    anchors.push(...parseCertificates(bytes));
  }
  return anchors;
}
