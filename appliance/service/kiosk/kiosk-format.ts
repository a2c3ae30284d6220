import { X509Certificate } from 'node:crypto';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { readSm2Certificate } from '../../eseals/index.js';
import type { Seal } from '../../seals/seal.js';
import type { CertificateFormat, CertificateTemplate } from '../../templates/index.js';

/** The formats a kiosk issues: what its stamp jobs, document store and printers can carry through. */
const KIOSK_FORMATS: readonly string[] = ['pdf', 'ofd'] satisfies CertificateFormat[];

/** A key's algorithm in words for KIOSK_SEAL_NOT_SM2: "ec prime256v1", "rsa". */
function keyAlgorithm(certificate: Buffer): string {
  try {
    const key = new X509Certificate(certificate).publicKey;
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return `${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}`;
  } catch {
    return 'unknown';
  }
}

/**
 * The format this kiosk issues the template's certificate in, checked against the seal before
 * anything is rendered, stored, stamped or printed. An OFD e-licence is stamped with a GB/T 38540
 * e-seal (an SES_Signature, SM2 over TBS_Sign): a seal without its SESeal is KIOSK_ESEAL_REQUIRED,
 * one whose certificate key is not SM2 KIOSK_SEAL_NOT_SM2 — the citizen is sent to a counter, never
 * given a PDF the template did not ask for. A format the kiosk does not know is KIOSK_FORMAT_UNSUPPORTED.
 */
export function checkKioskFormat(template: CertificateTemplate, seal: Seal): CertificateFormat {
  const format = template.format ?? 'pdf';
  if (!KIOSK_FORMATS.includes(format)) throw new SealdeskError('KIOSK_FORMAT_UNSUPPORTED', { template: template.title.zh, format: String(format).toUpperCase() });
  if (format === 'ofd') {
    if (seal.format !== 'gbt38540') throw new SealdeskError('KIOSK_ESEAL_REQUIRED', { template: template.title.zh, seal: seal.name, sealId: seal.id });
    const certificate = seal.certificateChain[0];
    if (!certificate || 'error' in readSm2Certificate(certificate)) {
      throw new SealdeskError('KIOSK_SEAL_NOT_SM2', { template: template.title.zh, seal: seal.name, sealId: seal.id, algorithm: certificate ? keyAlgorithm(certificate) : 'none' });
    }
  }
  return format;
}
