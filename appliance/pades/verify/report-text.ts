import type { CheckResult } from './checks.js';
import type { SignatureReport, VerificationReport, VerificationStatus } from './report.js';

export type Language = 'zh' | 'en';

const WORDS = {
  zh: {
    signature: '签名',
    documentTimestamp: '文档时间戳',
    status: { valid: '有效', invalid: '无效', indeterminate: '无法确认' } as Record<VerificationStatus, string>,
    overall: { valid: '结论：全部签名有效。', invalid: '结论：存在无效签名，请勿采信该文件。', indeterminate: '结论：部分签名无法确认，请联系签发单位核实。' } as Record<VerificationStatus, string>,
    none: '该文件没有签名。',
    signer: '签章人',
    algorithm: '签名算法',
    time: '签章时间',
    timestamped: '（可信时间戳）',
    claimed: '（签章方自述）',
    whole: '签名覆盖整个文件。',
    appended: (n: number) => `签名之后文件又追加了 ${n} 字节（后续的签章或修改）。`,
    level: '级别',
    skippedRevocation: '未提供吊销列表，未检查证书吊销状态。',
    seal: '电子印章',
    protectedFiles: (n: number, changed: number) => (changed === 0 ? `签名保护的 ${n} 个文件均未被修改。` : `签名保护的 ${n} 个文件中有 ${changed} 个被修改或缺失。`),
  },
  en: {
    signature: 'Signature',
    documentTimestamp: 'Document timestamp',
    status: { valid: 'valid', invalid: 'INVALID', indeterminate: 'cannot be confirmed' } as Record<VerificationStatus, string>,
    overall: { valid: 'Result: every signature is valid.', invalid: 'Result: a signature is invalid; do not rely on this document.', indeterminate: 'Result: some signatures cannot be confirmed; check with the issuing office.' } as Record<VerificationStatus, string>,
    none: 'The document has no signatures.',
    signer: 'Signer',
    algorithm: 'Algorithm',
    time: 'Signed at',
    timestamped: ' (trusted timestamp)',
    claimed: ' (as claimed by the signer)',
    whole: 'The signature covers the whole document.',
    appended: (n: number) => `${n} bytes were appended after this signature (later stamps or changes).`,
    level: 'level',
    skippedRevocation: 'No revocation list was supplied; revocation was not checked.',
    seal: 'E-seal',
    protectedFiles: (n: number, changed: number) => (changed === 0 ? `All ${n} files the signature protects are unchanged.` : `${changed} of the ${n} files the signature protects were changed or are missing.`),
  },
} as const;

/** The report as a clerk reads it, in Chinese or English. */
export function reportText(report: VerificationReport, language: Language): string {
  const w = WORDS[language];
  const lines = report.signatures.length === 0 ? [w.none] : report.signatures.flatMap((s) => signatureLines(s, language));
  lines.push(w.overall[report.status]);
  return lines.join('\n');
}

function signatureLines(s: SignatureReport, language: Language): string[] {
  const w = WORDS[language];
  const sep = language === 'zh' ? '：' : ': ';
  const name = `${s.kind === 'signature' ? w.signature : w.documentTimestamp} ${s.index + 1}${s.fieldName ? ` (${s.fieldName})` : ''}`;
  const lines = [`${name}${sep}${w.status[s.status]}${s.level ? ` — PAdES ${s.level}` : ''}`];
  if (s.signer) lines.push(`  ${w.signer}${sep}${s.signer.subject}`);
  if (s.algorithm) lines.push(`  ${w.algorithm}${sep}${s.algorithm}`);
  if (s.signingTime.source !== 'verification-time') {
    lines.push(`  ${w.time}${sep}${s.signingTime.usedForChecks}${s.signingTime.source === 'timestamp' ? w.timestamped : w.claimed}`);
  }
  if (s.coverage) lines.push(`  ${s.coverage === 'whole-document' ? w.whole : w.appended(s.appendedBytes ?? 0)}`);
  if (s.ofd?.seal) lines.push(`  ${w.seal}${sep}${s.ofd.seal.name} (GB/T 38540 v${s.ofd.seal.version}, ${s.ofd.seal.esId})`);
  if (s.ofd && s.ofd.references.length > 0 && s.ofd.references[0]!.status !== 'unchecked') {
    lines.push(`  ${w.protectedFiles(s.ofd.references.length, s.ofd.references.filter((r) => r.status !== 'unchanged').length)}`);
  }
  for (const check of s.checks) {
    const line = checkLine(check, language);
    if (line) lines.push(`  ${line}`);
  }
  return lines;
}

function checkLine(check: CheckResult, language: Language): string | undefined {
  if (check.error) return `${check.status === 'failed' ? '✗' : '?'} ${language === 'zh' ? check.error.message_zh : check.error.message_en}`;
  if (check.check === 'revocation' && check.status !== 'passed') return `? ${WORDS[language].skippedRevocation}`;
  return undefined;
}
