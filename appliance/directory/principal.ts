/**
 * Who is calling: a signed-in person (admin, clerk, auditor) or a kiosk terminal account.
 * Every route declares which roles it admits (`config.access`); organisation scope is then
 * checked against the principal's organisation subtree.
 */
export const ROLES = ['admin', 'clerk', 'kiosk', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  operatorId: string;
  username: string;
  displayName: string;
  role: Role;
  /** The operator acts within this organisation and the ones below it. */
  organisationId: string;
  sessionId: string;
}

/** A route's access rule: 'public' (anyone, e.g. /health, verify), or the roles it admits. */
export type RouteAccess = 'public' | readonly Role[];
