import { ORGANISATION_LEVELS, type OrganisationLevel } from '../api/client.js';

/** The levels a child of an organisation at this level may have: every one below it (the service refuses the rest). */
export function levelsBelow(level: OrganisationLevel): OrganisationLevel[] {
  return ORGANISATION_LEVELS.slice(ORGANISATION_LEVELS.indexOf(level) + 1);
}
