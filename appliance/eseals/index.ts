/**
 * GB/T 38540 electronic seals: the single entry for everything outside this folder. SESeal (the
 * seal) and SES_Signature (one stamp), decoded in versions 1, 4 and 5, encoded in version 4, and
 * verified with SM2/SM3.
 */
export { decodeSeal, type ESeal, type SealCertDigest, type SealExtData, type SealHeader, type SealPicture, type SealProperty } from './eseal.js';
export { decodeSesSignature, type SesSignature, type TbsSign } from './ses-signature.js';
export { verifySealMaker, verifySesSignature, type SealMakerResult, type SesSignatureResult } from './verify.js';
export { readSm2Certificate, type Sm2Certificate } from './sm2-certificate.js';
export { MAX_ESEAL_BYTES } from './der-reader.js';
export { esealErrors } from './errors.js';
export { encodeSeal, encodeSealInfo, encodeSesSignature, encodeTbsSign, type SealInput, type SesSignatureInput, type Sm2Sign } from './encode.js';
