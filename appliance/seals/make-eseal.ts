import { sm3 } from '../../drivers/pkcs11/sm2.js';
import type { Seal, SealType } from './seal.js';
import { encodeSeal, type SealInput, type Sm2Sign } from '../eseals/index.js';

/**
 * 制章: a sealdesk seal as a GB/T 38540 SESeal v4, signed by a seal-making authority. The maker
 * signs with an SM2 key through `sign` — a SealSigner's `sign` for an sm2-sm3 key on a GM key, or
 * any function giving an SM2 signature (SM3, default ID) over the bytes.
 */

export interface SealMaker {
  /** The maker's SM2 certificate (DER). */
  certificate: Buffer;
  sign: Sm2Sign;
  /** SES_Header.vid: who made it (default "sealdesk"). */
  vid?: string;
}

export interface SealPictureInput {
  png: Buffer;
  /** The printed size; the registry's images are 42 mm round, 45 × 30 mm oval. */
  widthMm: number;
  heightMm: number;
}

/**
 * SES_ESPropertyInfo.type. GB/T 38540 leaves the numbers to the seal's registration; the public
 * security seal codes are 1 单位公章, 2 财务专用章, 3 发票专用章, 4 合同专用章, 5 法定代表人名章,
 * 99 other — as the samples show (a 合同专用章 of type 4, a 发票监制章 of type 3).
 */
export const GBT38540_SEAL_TYPES: Record<SealType, number> = {
  official: 1,
  finance: 2,
  contract: 4,
  'legal-representative': 5,
  business: 99,
};

/**
 * esID (an IA5String): the seal's 13-digit registration code when it has one, else its sealdesk id,
 * or — for an id in Chinese — the id's SM3 in hex (first 16 bytes), stable for the same seal.
 */
export function sealEsId(seal: Pick<Seal, 'id' | 'code'>): string {
  if (seal.code) return seal.code;
  return /^[\x20-\x7e]+$/.test(seal.id) ? seal.id : sm3(Buffer.from(seal.id, 'utf8')).subarray(0, 16).toString('hex');
}

/** What of a seal goes into its SESeal (a seal about to be stored has no status or history yet). */
export type SealToMake = Pick<Seal, 'id' | 'code' | 'type' | 'name' | 'certificateChain' | 'notBefore' | 'notAfter'>;

export function sealInputOf(seal: SealToMake, picture: SealPictureInput, maker: Omit<SealMaker, 'sign'>, now: Date): SealInput {
  const certificate = seal.certificateChain[0];
  if (!certificate) throw new TypeError(`seal ${seal.id} has no certificate`);
  return {
    vid: maker.vid ?? 'sealdesk',
    esID: sealEsId(seal),
    type: GBT38540_SEAL_TYPES[seal.type],
    name: seal.name,
    certs: [certificate],
    createDate: now,
    validStart: new Date(seal.notBefore),
    validEnd: new Date(seal.notAfter),
    picture: { type: 'PNG', data: picture.png, widthMm: picture.widthMm, heightMm: picture.heightMm },
    makerCert: maker.certificate,
  };
}

/** The seal's SESeal v4 (DER), ready to export as a .esl or to embed in an OFD stamp. */
export function makeSeal(seal: SealToMake, picture: SealPictureInput, maker: SealMaker, now: Date = new Date()): Promise<Buffer> {
  return encodeSeal(sealInputOf(seal, picture, maker, now), maker.sign);
}
