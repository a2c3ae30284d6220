import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * The optional head file: the last seq and hash, rewritten after every append. It catches what
 * checkpoints cannot — entries cut off the end after the last checkpoint — but only if whoever
 * tampers with audit.db cannot rewrite it too, so point it at another place (a remote mount, a
 * partition the service user can only write through sealdesk, an append-only file system).
 */
export function writeHeadFile(path: string, head: AuditHead): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ seq: head.seq, hash: head.hash })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The head file's head; undefined when there is none yet; AUDIT_UNAVAILABLE when unreadable. */
export function readHeadFile(path: string): AuditHead | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SealdeskError('AUDIT_UNAVAILABLE', { reason: `head file ${path}: ${(error as Error).message}`, reasonZh: `审计头文件 ${path}：${(error as Error).message}` }, { cause: error });
  }
  let head: Partial<AuditHead> = {};
  try {
    head = JSON.parse(text) as Partial<AuditHead>;
  } catch {
    // reported below as not {seq, hash}
  }
  if (!Number.isSafeInteger(head.seq) || typeof head.hash !== 'string' || !/^[0-9a-f]{64}$/.test(head.hash)) {
    throw new SealdeskError('AUDIT_UNAVAILABLE', { reason: `head file ${path} is not {seq, hash}`, reasonZh: `审计头文件 ${path} 的内容不是 {seq, hash} 格式` });
  }
  return { seq: head.seq as number, hash: head.hash };
}
