import type { AuditVerification } from './audit-verify.js';
import type { AuditProblem } from './chain-walk.js';

export type ReportLanguage = 'zh' | 'en';

const PROBLEM: Record<AuditProblem, Record<ReportLanguage, string>> = {
  edited: { zh: '内容被修改', en: 'was edited' },
  removed: { zh: '被删除', en: 'was removed' },
  inserted: { zh: '被伪造插入', en: 'was inserted (forged)' },
  reordered: { zh: '顺序被调换', en: 'was moved out of order' },
};

export const problemText = (problem: AuditProblem, language: ReportLanguage) => PROBLEM[problem][language];

const short = (hash: string) => `${hash.slice(0, 16)}…`;

/**
 * The verify result for a clerk or an auditor, one language: the verdict first, then what it
 * rests on (checkpoints on chain, the head file) and what it cannot cover.
 */
export function auditReportText(v: AuditVerification, language: ReportLanguage): string {
  const zh = language === 'zh';
  const lines: string[] = [];
  lines.push(zh ? `审计日志：共 ${v.entries} 条，最新第 ${v.head.seq} 条（${short(v.head.hash)}）` : `Audit log: ${v.entries} entries, latest #${v.head.seq} (${short(v.head.hash)})`);
  if (v.firstBad) {
    const { seq, problem, detectedBy, witnessSeq } = v.firstBad;
    lines.push(zh ? `✗ 第 ${seq} 条${PROBLEM[problem].zh}。` : `✗ Entry #${seq} ${PROBLEM[problem].en}.`);
    if (detectedBy === 'checkpoint') {
      lines.push(
        zh
          ? `  哈希链本身被重新计算过；已上链的检查点（第 ${witnessSeq} 条）与现存记录不符，篡改发生在第 ${seq} 条至第 ${witnessSeq} 条之间。`
          : `  The hash chain itself was recomputed; the anchored checkpoint at #${witnessSeq} no longer matches, so the tampering lies between #${seq} and #${witnessSeq}.`,
      );
    } else if (detectedBy === 'head-file') {
      lines.push(zh ? `  外部头部文件记录到第 ${witnessSeq} 条，与现存记录不符。` : `  The external head file records #${witnessSeq}, which the stored log no longer matches.`);
    }
  } else {
    lines.push(zh ? '✓ 哈希链完整：没有记录被修改、删除、插入或调换顺序。' : '✓ The hash chain is intact: no entry was edited, removed, inserted or reordered.');
  }
  for (const c of v.checkpoints) {
    const anchor = c.anchor
      ? zh
        ? `已上链：区块 ${c.anchor.blockNumber}，交易 ${short(c.anchor.txHash)}`
        : `anchored: block ${c.anchor.blockNumber}, tx ${short(c.anchor.txHash)}`
      : c.inOutbox
        ? zh
          ? '待上链'
          : 'waiting to be anchored'
        : zh
          ? '存证队列中找不到该事件'
          : 'event not in the outbox';
    const status = {
      ok: zh ? '一致' : 'matches',
      mismatch: zh ? '不一致' : 'DOES NOT MATCH',
      'beyond-end': zh ? '该条已不存在' : 'entry no longer exists',
      'not-checked': zh ? '未核对' : 'not checked',
    }[c.status];
    lines.push(zh ? `  检查点 第 ${c.seq} 条（${c.time}）：${status}，${anchor}` : `  checkpoint #${c.seq} (${c.time}): ${status}, ${anchor}`);
  }
  if (v.checkpoints.length === 0) lines.push(zh ? '  尚无检查点。' : '  No checkpoints yet.');
  if (v.headFile.configured) {
    const s = v.headFile.status;
    lines.push(zh ? `  外部头部文件：${s === 'ok' ? '一致' : s === 'absent' ? '尚未写入' : '不一致'}` : `  head file: ${s === 'ok' ? 'matches' : s === 'absent' ? 'not written yet' : 'DOES NOT MATCH'}`);
  }
  if (!v.firstBad && v.unwitnessed > 0) {
    lines.push(
      zh
        ? `注意：从第 ${v.witnessedUpTo + 1} 条起的 ${v.unwitnessed} 条尚未被检查点或头部文件覆盖：若有人删去末尾的记录，或从某条起重算整条哈希链，要到下一个检查点才能发现。`
        : `Note: the ${v.unwitnessed} entries from #${v.witnessedUpTo + 1} on are not yet covered by a checkpoint or the head file: entries cut off the end, or a chain recomputed from some entry on, cannot be detected before the next checkpoint.`,
    );
  }
  lines.push(v.ok ? (zh ? '结论：未发现篡改。' : 'Result: no tampering found.') : zh ? '结论：审计日志已被篡改，请保全现场并报告安全管理员。' : 'Result: the audit log has been tampered with; preserve the terminal and report to the security officer.');
  return lines.join('\n');
}
