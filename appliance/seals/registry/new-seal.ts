import { parseCertificate } from '../../../drivers/pkcs11/certificates.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { importSealPng } from '../image/import-png.js';
import { SEAL_TYPES, type SealKeyLocation, type SealOrganisation, type SealType } from '../seal.js';
import { parseUscc } from '../../directory/uscc.js';

const ORGANIZATION_IDENTIFIER = '2.5.4.97';

/** What an administrator gives to create a seal. */
export interface NewSeal {
  name: string;
  type: SealType;
  organisation: SealOrganisation;
  key: SealKeyLocation;
  /** DER (or PEM) certificates, the seal's own first. */
  certificateChain: Buffer[];
  image: { png: Buffer; source: 'generated' | 'imported' };
  code?: string;
  /** A GB/T 38540 seal: its id, chosen before the SESeal naming it was made, and the SESeal (DER). */
  gbt38540?: { id: string; eseal: Buffer };
  /** Default: the seal certificate's validity. */
  notBefore?: Date;
  notAfter?: Date;
}

export interface CheckedSeal extends NewSeal {
  certificateChain: Buffer[];
  certificateSerial: string;
  certificateIssuer: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Checks a new seal before it is stored: a valid USCC, a known type, a certificate whose
 * organizationIdentifier (when present) is that USCC, a usable PNG, a validity inside the
 * certificate's.
 */
export function checkNewSeal(input: NewSeal): CheckedSeal {
  const name = input.name.trim();
  if (!name || [...name].length > 32) throw new SealdeskError('INPUT_INVALID', { reason: 'a seal name has 1 to 32 characters', reasonZh: '印章名称须为 1 至 32 个字' });
  if (!Object.hasOwn(SEAL_TYPES, input.type)) throw new SealdeskError('INPUT_INVALID', { reason: `unknown seal type "${input.type}"`, reasonZh: `未知的印章类型“${input.type}”` });
  if (!input.organisation.name.trim()) throw new SealdeskError('INPUT_INVALID', { reason: 'the organisation needs a name', reasonZh: '须填写单位名称' });
  const uscc = parseUscc(input.organisation.uscc).code;
  if (input.code !== undefined && !/^\d{13}$/.test(input.code)) throw new SealdeskError('INPUT_INVALID', { reason: 'the seal code has 13 digits', reasonZh: '印章编码须为 13 位数字' });
  if (!input.certificateChain.length) throw new SealdeskError('CERT_INVALID', { reason: 'a seal needs its certificate', reasonZh: '缺少印章证书' });
  const chain = input.certificateChain.map((c) => parseCertificate(c));
  const leaf = (chain[0] as (typeof chain)[number]).certificate;
  const certUscc = leaf.subjectName.getField(ORGANIZATION_IDENTIFIER)[0];
  if (certUscc !== undefined && certUscc !== uscc) {
    throw new SealdeskError('CERT_INVALID', { reason: `the certificate is for organisation ${certUscc}, not ${uscc}`, reasonZh: `证书属于单位 ${certUscc}，而不是 ${uscc}` });
  }
  importSealPng(input.image.png);
  const notBefore = input.notBefore ?? leaf.notBefore;
  const notAfter = input.notAfter ?? leaf.notAfter;
  if (notAfter <= notBefore) throw new SealdeskError('INPUT_INVALID', { reason: 'the seal validity ends before it starts', reasonZh: '印章有效期的结束时间早于开始时间' });
  if (notBefore < leaf.notBefore || notAfter > leaf.notAfter) {
    throw new SealdeskError('INPUT_INVALID', { reason: 'the seal validity must lie inside its certificate’s', reasonZh: '印章有效期须在其证书的有效期之内' });
  }
  return {
    ...input,
    name,
    organisation: { name: input.organisation.name.trim(), uscc },
    certificateChain: chain.map((c) => c.der),
    certificateSerial: leaf.serialNumber.toLowerCase(),
    certificateIssuer: leaf.issuer,
    notBefore,
    notAfter,
  };
}
