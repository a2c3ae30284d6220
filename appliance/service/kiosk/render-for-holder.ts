import type { IdCard } from '../../../drivers/idcard/idcard-reader.js';
import { holderFromCard, renderCertificate, type CertificateTemplate, type RenderedCertificate } from '../../templates/index.js';
import type { Seal } from '../../seals/seal.js';

/** The certificate for the card's holder, issued in the seal's organisation's name; not yet stamped. */
export function renderForHolder(template: CertificateTemplate, card: IdCard, seal: Seal, fields: Record<string, string>, time: Date): Promise<RenderedCertificate> {
  return renderCertificate(template, { holder: holderFromCard(card), fields }, { time, issuer: seal.organisation.name });
}
