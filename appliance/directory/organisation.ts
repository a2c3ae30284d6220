/** What an organisation is: one office of the government hierarchy that operators and seals belong to. */

/** From the top down; a child's level is always below its parent's. */
export const ORGANISATION_LEVELS = ['province', 'city', 'district', 'department'] as const;
export type OrganisationLevel = (typeof ORGANISATION_LEVELS)[number];

export const ORGANISATION_LEVEL_NAMES: Readonly<Record<OrganisationLevel, string>> = {
  province: '省',
  city: '市',
  district: '区（县）',
  department: '部门',
};

export interface Organisation {
  id: string;
  /** The official Chinese name, as on the seal. */
  name: string;
  nameEn: string | null;
  level: OrganisationLevel;
  /** 统一社会信用代码; seals belong to the organisation through it (`seal.organisation.uscc`). */
  uscc: string | null;
  /** null for the top of this terminal's tree. */
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewOrganisation {
  name: string;
  nameEn?: string | null;
  level: OrganisationLevel;
  uscc?: string | null;
  parentId?: string | null;
}

export function levelRank(level: OrganisationLevel): number {
  return ORGANISATION_LEVELS.indexOf(level);
}
