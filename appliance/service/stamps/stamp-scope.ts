import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Principal } from '../access/principal.js';
import type { OrganisationScope } from '../service-context.js';
import type { StampJob } from './stamp-job.js';

/** Its operator, or anyone whose subtree holds the seal's organisation, may see a stamp. */
export function stampVisible(scope: OrganisationScope, principal: Principal, job: StampJob): boolean {
  return job.operatorId === principal.operatorId || scope.within(principal.organisationId, job.sealOrganisationId);
}

export function requireStampVisible(scope: OrganisationScope, principal: Principal, job: StampJob | undefined, id: string): StampJob {
  if (!job) throw new SealdeskError('STAMP_NOT_FOUND', { stamp: id });
  if (!stampVisible(scope, principal, job)) throw new SealdeskError('FORBIDDEN', { role: principal.role });
  return job;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day of a time on this terminal's clock (the hall's day, not UTC's). */
export function localDay(time: Date | string): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
