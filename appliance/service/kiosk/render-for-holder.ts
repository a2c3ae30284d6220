import type { IdCard } from '../../../drivers/idcard/idcard-reader.js';
import type { DocumentPool } from '../../document-pool/document-pool.js';
import { holderFromCard, type CertificateTemplate, type RenderedCertificate } from '../../templates/index.js';
import type { Seal } from '../../seals/seal.js';

/**
 * The certificate for the card's holder, issued in the seal's organisation's name; not yet stamped.
 * Rendered in the document pool: CJK subsetting and deflate would hold the service's event loop.
 */
export function renderForHolder(pool: DocumentPool, template: CertificateTemplate, card: IdCard, seal: Seal, fields: Record<string, string>, time: Date): Promise<RenderedCertificate> {
  return pool.renderCertificate(template, { holder: holderFromCard(card), fields }, { time, issuer: seal.organisation.name });
}
