import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The audit log. */
export const auditErrors = defineErrors('appliance/audit', {
  AUDIT_WRITE_FAILED: {
    status: 500,
    zh: '审计日志无法写入（{reason}），本次操作未执行。',
    en: 'The audit log could not be written ({reason}); the action was not carried out.',
  },
  AUDIT_DETAIL_SENSITIVE: {
    status: 500,
    zh: '审计记录中不得包含口令、身份证号或姓名（{field}），已拒绝写入。',
    en: 'An audit entry may not hold a PIN, an ID number or a name ({field}); it was refused.',
  },
  AUDIT_CHAIN_BROKEN: {
    status: 409,
    zh: '审计日志已被篡改（第 {seq} 条：{problem}），请保全现场并报告安全管理员。',
    en: 'The audit log has been tampered with (entry {seq}: {problem}); preserve the terminal and report to the security officer.',
  },
  AUDIT_UNAVAILABLE: {
    status: 503,
    zh: '无法检查审计日志：{reason}',
    en: 'The audit log could not be checked: {reason}',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/audit': typeof auditErrors;
  }
}
