import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Seal } from '../../seals/seal.js';
import type { CertificateTemplate } from '../../templates/index.js';
import type { Principal } from '../../directory/principal.js';
import type { ServiceContext } from '../service-context.js';

/**
 * The seal a kiosk (or clerk) issues this template with: among the seals granted to it, active
 * now, the one the template asks for (by id, or the first of the asked type by name). None is
 * KIOSK_NO_SEAL: the citizen is sent to a counter rather than given a document without a seal.
 */
export function kioskSeal(context: ServiceContext, principal: Principal, template: CertificateTemplate, now = new Date()): { seal: Seal; sealOrganisationId: string } {
  const candidates: { seal: Seal; sealOrganisationId: string }[] = [];
  for (const grant of context.directory.grants.ofOperator(principal.operatorId)) {
    let seal: Seal;
    try {
      seal = context.seals.usable(grant.sealId, now);
    } catch {
      continue; // revoked, suspended or expired: not offered
    }
    const wanted = 'id' in template.seal ? seal.id === template.seal.id : seal.type === template.seal.type;
    const sealOrganisationId = context.scope.organisationOfUscc(seal.organisation.uscc);
    if (wanted && sealOrganisationId && context.scope.maySeal(principal, seal.id, sealOrganisationId)) candidates.push({ seal, sealOrganisationId });
  }
  candidates.sort((a, b) => a.seal.name.localeCompare(b.seal.name, 'zh-CN') || a.seal.id.localeCompare(b.seal.id));
  const found = candidates[0];
  if (!found) throw new SealdeskError('KIOSK_NO_SEAL', { template: template.title.zh });
  return found;
}
