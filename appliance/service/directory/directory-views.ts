import { Type, type Static } from '@sinclair/typebox';
import { ORGANISATION_LEVELS, type Organisation } from '../../directory/organisation.js';
import type { Operator } from '../../directory/operator.js';
import type { SealGrant } from '../../directory/seal-grants.js';
import { ROLES } from '../../directory/principal.js';

/** The TypeBox shapes the sessions, organisations, operators and grants plugins answer with. */

export const RoleName = Type.Union(ROLES.map((role) => Type.Literal(role)));
export const LevelName = Type.Union(ORGANISATION_LEVELS.map((level) => Type.Literal(level)));
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** Ids as the directory makes them ("org-…", "op-…"), and as seals are named. */
export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const OrganisationView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: LevelName,
  uscc: Nullable(Type.String()),
  parentId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const OperatorView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleName,
  organisationId: Type.String(),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const GrantView = Type.Object({
  sealId: Type.String(),
  operatorId: Type.String(),
  granted: Type.Boolean(),
  grantedBy: Nullable(Type.String()),
  grantedAt: Nullable(Type.String({ format: 'date-time' })),
});

/** Who is signed in, with the organisation's name for the page header. */
export const Me = Type.Object({
  operatorId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleName,
  organisation: Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), level: LevelName }),
});

export function organisationView(o: Organisation): Static<typeof OrganisationView> {
  return { ...o };
}

export function operatorView(o: Operator): Static<typeof OperatorView> {
  return { ...o };
}

export function grantView(sealId: string, operatorId: string, grant: SealGrant | undefined): Static<typeof GrantView> {
  return { sealId, operatorId, granted: grant !== undefined, grantedBy: grant?.grantedBy ?? null, grantedAt: grant?.grantedAt ?? null };
}
