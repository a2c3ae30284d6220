import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Principal } from '../../directory/principal.js';
import { forbidden } from '../access/refusal.js';
import type { OrganisationScope } from '../service-context.js';
import type { StampJob } from './stamp-job.js';

/** Was this document made in the kiosk's current citizen visit? (CardDesk.madeInVisit) */
export type InVisit = (sessionId: string, documentId: string) => boolean;

/**
 * Its operator, or anyone whose subtree holds the seal's organisation, may see a stamp. A kiosk is
 * no one's reader: its credential sits on an unattended terminal in the public hall, so it sees
 * only its own stamps of the documents made in its current citizen visit (none without `inVisit`).
 */
export function stampVisible(scope: OrganisationScope, principal: Principal, job: StampJob, inVisit?: InVisit): boolean {
  if (principal.role === 'kiosk') return job.operatorId === principal.operatorId && (inVisit?.(principal.sessionId, job.spec.documentId) ?? false);
  return job.operatorId === principal.operatorId || scope.within(principal.organisationId, job.sealOrganisationId);
}

export function requireStampVisible(scope: OrganisationScope, principal: Principal, job: StampJob | undefined, id: string, inVisit?: InVisit): StampJob {
  if (!job) throw new SealdeskError('STAMP_NOT_FOUND', { stamp: id });
  if (!stampVisible(scope, principal, job, inVisit)) throw forbidden(principal, job.sealOrganisationId);
  return job;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day of a time on this terminal's clock (the hall's day, not UTC's). */
export function localDay(time: Date | string): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
