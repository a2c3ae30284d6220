import { isAbsolute, join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { loadConfig } from '../config/config.js';

/** config.json `audit`, overridden by SEALDESK_AUDIT_HEAD_FILE and SEALDESK_AUDIT_CHECKPOINT_MS. */
export interface AuditConfig {
  /** See head-file.ts; a relative path is under SEALDESK_HOME. Off when absent. */
  headFile?: string;
  /** How often the service checkpoints the head (only when it moved); 0 turns it off. */
  checkpointIntervalMs: number;
}

/** A quarter of an hour: the longest stretch of entries whose truncation would go unnoticed. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 15 * 60_000;

export function loadAuditConfig(home: string, env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const saved = (loadConfig(home) as { audit?: Partial<AuditConfig> }).audit ?? {};
  const headFile = env.SEALDESK_AUDIT_HEAD_FILE || saved.headFile;
  const interval = env.SEALDESK_AUDIT_CHECKPOINT_MS !== undefined && env.SEALDESK_AUDIT_CHECKPOINT_MS !== '' ? Number(env.SEALDESK_AUDIT_CHECKPOINT_MS) : (saved.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS);
  if (!Number.isSafeInteger(interval) || interval < 0) throw new SealdeskError('CONFIG_INVALID', { reason: 'audit checkpoint interval must be a whole number of milliseconds ≥ 0', reasonZh: '审计检查点间隔须为不小于 0 的整数（毫秒）' });
  return { ...(headFile ? { headFile: isAbsolute(headFile) ? headFile : join(home, headFile) } : {}), checkpointIntervalMs: interval };
}
