import type { Hex } from 'viem';
import { chainId32 } from '../chain/chain-id.js';

/**
 * An organisation's key on chain: keccak256 of its USCC (the key its seals and its admins already
 * have, addOrganisation), or of its directory id for an office without one (a province or city
 * node of the tree). A USCC never changes after creation, so neither does the key.
 */
export const organisationKey = (organisation: { id: string; uscc: string | null }): Hex => chainId32(organisation.uscc ?? organisation.id);
