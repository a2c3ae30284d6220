import type { IdCard } from '../../../drivers/idcard/idcard-reader.js';
import { holderFromCard, loadTemplate, renderCertificate, type RenderedCertificate } from '../../templates/index.js';
import type { Seal } from '../../seals/seal.js';
import type { ServiceContext } from '../service-context.js';

/** The certificate for the card's holder, issued in the seal's organisation's name; not yet stamped. */
export async function renderForHolder(context: ServiceContext, templateId: string, card: IdCard, seal: Seal, fields: Record<string, string>, time: Date): Promise<RenderedCertificate & { templateTitle: string }> {
  const { template } = await loadTemplate(context.home, templateId);
  const rendered = await renderCertificate(template, { holder: holderFromCard(card), fields }, { time, issuer: seal.organisation.name });
  return { ...rendered, templateTitle: template.title.zh };
}
