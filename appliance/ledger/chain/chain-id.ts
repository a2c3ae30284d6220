import { keccak256 } from '../../../drivers/pkcs11/keccak.js';
import type { Hex } from 'viem';

/**
 * Organisation, seal and terminal ids on chain: keccak256 of their text id (USCC, seal serial) as
 * UTF-8 (viem's keccak256(stringToHex(id))). Its own module on sealdesk's keccak256 (the
 * same bytes as viem's), so that a stamp checking its seal's status loads neither viem nor the contract.
 */
export const chainId32 = (text: string): Hex => `0x${Buffer.from(keccak256(Buffer.from(text, 'utf8'))).toString('hex')}`;
