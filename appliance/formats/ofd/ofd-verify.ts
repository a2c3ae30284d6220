import { createHash } from 'node:crypto';
import { sm3 } from '../../../drivers/pkcs11/sm2.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { DocumentBudget } from '../../documents/index.js';
import { decodeSesSignature, verifySesSignature, type SesSignature } from '../../eseals/index.js';
import { parseCertificate, type SignatureReport, type VerificationReport, type VerificationStatus } from '../../pades/index.js';
import { failed, overall, passed, type CheckResult } from '../../pades/verify/checks.js';
import { buildChain, invalidAt, subjectOf } from '../../pades/verify/chain.js';
import type { OfdReferenceResult, OfdSignatureDetails } from '../../pades/verify/report.js';
import type { SignatureTrust } from '../document-format.js';
import { listOfdSignatures, type ListedOfdSignature } from './signature-list.js';
import { readXml, resolveLoc, type OfdStructure } from './ofd-package.js';
import { attribute, child, children, text } from './safe-xml.js';
import type { ZipArchive } from './zip-archive.js';
import { sealPictureView } from './seal-picture.js';
import { signatureAlgorithmOfOid } from '../../../drivers/pkcs11/signature-algorithms.js';

/** CheckMethod values meaning SM3 (GB/T 33190 names it; most writers give the OID). */
const SM3_METHODS = new Set(['sm3', '1.2.156.10197.1.401']);

/**
 * Every signature of Signatures.xml, oldest first: each protected file against its check value,
 * SignedValue.dat as an SES_Signature (the signer's SM2 signature over TBS_Sign, dataHash = SM3 of
 * Signature.xml), the seal in it (maker's signature, validity at the stamp's time, picture), the
 * signer's certificate (valid then, chained to an anchor). A changed file is named in its check.
 */
export function verifyOfdSignatures(archive: ZipArchive, structure: OfdStructure, budget: DocumentBudget, trust: SignatureTrust): VerificationReport {
  const verifiedAt = (trust.now ?? new Date()).toISOString();
  const { listed } = listOfdSignatures(archive, structure, budget);
  const signatures = listed.map((s, index) => verifyOne(archive, budget, trust, s, index));
  const statuses = signatures.map((s) => s.status);
  const status: VerificationStatus = statuses.length === 0 ? 'indeterminate' : statuses.includes('invalid') ? 'invalid' : statuses.includes('indeterminate') ? 'indeterminate' : 'valid';
  return { status, verifiedAt, signatures };
}

function unreadable(listed: ListedOfdSignature, reason: string, reasonZh: string): CheckResult {
  return failed('ofd-structure', 'OFD_SIGNATURE_UNREADABLE', { signature: listed.file, reason, reasonZh }, 'indeterminate');
}

/** What a Type="Sign" signature's value is, in words: a bare SM2 signature (ofdrw's digital signature) or a PKCS#7/other structure. */
function digitalSignatureKind(value: Buffer | undefined): { reason: string; reasonZh: string } {
  if (value && value.length <= 72 && value[0] === 0x30) return { reason: 'a digital signature: a bare SM2 signature, the signer\'s certificate not in the package', reasonZh: '数字签名：仅有 SM2 签名值，包内没有签名者证书' };
  return { reason: 'a digital signature, not an e-seal', reasonZh: '数字签名，不是电子签章' };
}

function verifyOne(archive: ZipArchive, budget: DocumentBudget, trust: SignatureTrust, listed: ListedOfdSignature, index: number): SignatureReport {
  const checks: CheckResult[] = [];
  const ofd: OfdSignatureDetails = { signatureFile: listed.file, id: listed.id, type: listed.type, references: [] };
  const report = (signingTime?: Date, signer?: SignatureReport['signer']): SignatureReport => ({
    index,
    kind: 'signature',
    subFilter: 'GB/T 38540',
    status: overall(checks),
    level: null,
    ...(signer ? { signer } : {}),
    signingTime: signingTime
      ? { claimed: signingTime.toISOString(), usedForChecks: signingTime.toISOString(), source: 'claimed' }
      : { usedForChecks: (trust.now ?? new Date()).toISOString(), source: 'verification-time' },
    checks,
    ofd,
  });
  const xmlBytes = archive.read(listed.file);
  if (!xmlBytes) {
    checks.push(failed('ofd-structure', 'OFD_REFERENCE_MISSING', { file: listed.file }));
    return report();
  }
  let signedInfo;
  let signedValueLoc;
  try {
    const signature = child(readXml(archive, listed.file, budget), 'Signature');
    signedInfo = child(signature, 'SignedInfo');
    signedValueLoc = text(child(signature, 'SignedValue'));
  } catch (error) {
    if (error instanceof SealdeskError && error.code !== 'DOCUMENT_TOO_COMPLEX') {
      checks.push(unreadable(listed, error.toJSON().message_en, error.toJSON().message_zh));
      return report();
    }
    throw error;
  }
  ofd.provider = attribute(child(signedInfo, 'Provider'), 'ProviderName');
  ofd.stampAnnots = children(signedInfo, 'StampAnnot').map((a) => {
    const clip = attribute(a, 'Clip');
    return { pageRef: attribute(a, 'PageRef') ?? '', boundary: attribute(a, 'Boundary') ?? '', ...(clip ? { clip } : {}) };
  });
  checkReferences(archive, signedInfo, checks, ofd.references, (m) => (ofd.checkMethod = m));

  const valueFile = signedValueLoc ? resolveLoc(listed.file, signedValueLoc) : undefined;
  const value = valueFile ? archive.read(valueFile) : undefined;
  if (listed.type.toLowerCase() === 'sign') {
    checks.push(failed('signature', 'OFD_SIGNATURE_TYPE_UNSUPPORTED', { signature: listed.file, type: listed.type, ...digitalSignatureKind(value) }, 'indeterminate'));
    return report();
  }
  if (!valueFile || !value) {
    checks.push(unreadable(listed, `SignedValue ${signedValueLoc ?? '(absent)'} is missing`, `签名值 ${signedValueLoc ?? '（未给出）'} 不在包中`));
    return report();
  }
  ofd.signedValueFile = valueFile;
  let ses: SesSignature;
  try {
    ses = decodeSesSignature(value);
  } catch (error) {
    const body = error instanceof SealdeskError ? error.toJSON() : { message_en: String(error), message_zh: String(error) };
    checks.push(failed('signature', 'OFD_SIGNATURE_TYPE_UNSUPPORTED', { signature: valueFile, type: listed.type, reason: `not an SES_Signature: ${body.message_en}`, reasonZh: `不是 SES_Signature：${body.message_zh}` }, 'indeterminate'));
    return report();
  }
  return verifySes(ses, xmlBytes, listed, valueFile, trust, checks, ofd, report);
}

function checkReferences(archive: ZipArchive, signedInfo: ReturnType<typeof child>, checks: CheckResult[], results: OfdReferenceResult[], setMethod: (m: string) => void): void {
  const refs = child(signedInfo, 'References');
  const method = attribute(refs, 'CheckMethod') ?? '(absent)';
  setMethod(method);
  const listed = children(refs, 'Reference');
  if (!SM3_METHODS.has(method.toLowerCase())) {
    for (const r of listed) results.push({ file: attribute(r, 'FileRef') ?? '', status: 'unchecked' });
    checks.push(failed('references', 'OFD_CHECK_METHOD_UNSUPPORTED', { method }, 'indeterminate'));
    return;
  }
  let bad = 0;
  for (const r of listed) {
    const loc = attribute(r, 'FileRef') ?? '';
    // FileRef is a location from the package root: ofdrw and the vendors write it absolute
    const name = resolveLoc('OFD.xml', loc);
    const data = archive.read(name);
    const expected = text(child(r, 'CheckValue')) ?? '';
    if (!data) {
      bad++;
      results.push({ file: loc, status: 'missing' });
      checks.push(failed('references', 'OFD_REFERENCE_MISSING', { file: loc }));
    } else if (sm3(data).toString('base64') !== expected.replace(/\s+/g, '')) {
      bad++;
      results.push({ file: loc, status: 'changed' });
      checks.push(failed('references', 'OFD_REFERENCE_MISMATCH', { file: loc }));
    } else results.push({ file: loc, status: 'unchanged' });
  }
  if (bad === 0) checks.push(passed('references', `${listed.length} files, SM3`));
}

function verifySes(
  ses: SesSignature,
  signatureXml: Buffer,
  listed: ListedOfdSignature,
  valueFile: string,
  trust: SignatureTrust,
  checks: CheckResult[],
  ofd: OfdSignatureDetails,
  report: (time?: Date, signer?: SignatureReport['signer']) => SignatureReport,
): SignatureReport {
  const result = verifySesSignature(ses, signatureXml);
  const seal = ses.toSign.eseal;
  const time = ses.toSign.timeInfo ?? undefined;
  ofd.sesVersion = ses.version;
  ofd.seal = {
    esId: seal.esID,
    name: seal.property.name,
    type: seal.property.type,
    version: seal.version,
    validStart: seal.property.validStart.toISOString(),
    validEnd: seal.property.validEnd.toISOString(),
    // ofdpages: the picture itself, for the verify page, when it is a PNG or a JPEG (seal-picture.ts)
    picture: sealPictureView(seal.picture),
  };
  checks.push(result.dataHashMatches ? passed('data-hash', 'SM3 of Signature.xml') : failed('data-hash', 'OFD_DATA_HASH_MISMATCH', { file: `/${listed.file}` }));
  checks.push(result.signatureValid ? passed('signature', 'SM3withSM2 over TBS_Sign') : failed('signature', 'OFD_SIGNATURE_INVALID', { file: `/${valueFile}` }));
  checks.push(result.sealValid ? passed('seal', 'the maker\'s SM2 signature') : failed('seal', 'OFD_SEAL_INVALID', { seal: seal.property.name, reason: 'the seal-making authority\'s signature does not verify', reasonZh: '制章者的签名核验失败' }));
  checks.push(result.sealInValidity ? passed('seal-validity') : failed('seal-validity', 'OFD_SEAL_INVALID', {
          seal: seal.property.name,
          reason: `the stamp's time is outside its validity ${ofd.seal.validStart} … ${ofd.seal.validEnd}`,
          reasonZh: `盖章时间不在印章有效期 ${ofd.seal.validStart} 至 ${ofd.seal.validEnd} 内`,
        }));
  if (seal.picture.data.length === 0) checks.push(failed('seal', 'OFD_SEAL_INVALID', { seal: seal.property.name, reason: 'it has no picture', reasonZh: '印章没有图像' }));
  let signer: SignatureReport['signer'];
  try {
    const cert = parseCertificate(ses.signerCert);
    signer = { subject: subjectOf(cert), issuer: cert.node.issuer.split('\n').reverse().join(', '), serialNumber: cert.node.serialNumber, sha256: createHash('sha256').update(cert.der).digest('hex') };
    const { chain, anchored } = buildChain(cert, [], trust.trustAnchors);
    checks.push(anchored ? passed('chain', chain.map(subjectOf).join(' → ')) : failed('chain', 'CERT_UNTRUSTED', { subject: subjectOf(chain.at(-1)!) }, 'indeterminate'));
    const at = time ?? trust.now ?? new Date();
    const expired = invalidAt([cert], at);
    checks.push(expired ? failed('validity', 'CERT_NOT_VALID_AT_TIME', { subject: subjectOf(expired), time: at.toISOString() }) : passed('validity'));
  } catch (error) {
    if (!(error instanceof SealdeskError)) throw error;
    checks.push(failed('signing-certificate', error.code, error.details as Record<string, string>, 'indeterminate'));
  }
  // ofdpages: named as for a PDF's signature (sm2-sm3), or its OID when the table does not know it
  return { ...report(time, signer), algorithm: signatureAlgorithmOfOid(ses.signatureAlgOid)?.id ?? ses.signatureAlgOid };
}
