import { reportText, type Language } from '../pades/index.js';
import type { StampVerificationReport } from './verify-pdf.js';

const SEAL = { zh: '印章', en: 'Seal' } as const;
const STATUS_AT = { zh: '签章时状态', en: 'status when stamped' } as const;
const LATER = { zh: '之后追加的更新', en: 'Updates appended after it' } as const;
const UPDATE = {
  zh: { signature: '签章', 'document-timestamp': '文档时间戳', dss: '验证数据(DSS)', other: '其他修改' },
  en: { signature: 'signature', 'document-timestamp': 'document timestamp', dss: 'validation data (DSS)', other: 'other change' },
} as const;

/** The pades report text, with each signature's seal and the updates appended after it under its heading. */
export function stampReportText(report: StampVerificationReport, language: Language): string {
  const lines = reportText(report, language).split('\n');
  const sep = language === 'zh' ? '：' : ': ';
  const out: string[] = [];
  let index = -1;
  for (const line of lines) {
    out.push(line);
    if (!line.startsWith(' ') && index + 1 < report.signatures.length && !/^(结论|Result)/.test(line)) {
      const signature = report.signatures[++index];
      const seal = signature?.seal;
      if (seal) out.push(`  ${SEAL[language]}${sep}${seal.organisation.name} ${seal.name} (${seal.id}, ${STATUS_AT[language]} ${seal.statusAtSigning ?? '-'})`);
      const updates = signature?.modifications?.updates;
      if (updates?.length) out.push(`  ${LATER[language]}${sep}${updates.map((u) => UPDATE[language][u]).join(language === 'zh' ? '、' : ', ')}`);
    }
  }
  return out.join('\n');
}
