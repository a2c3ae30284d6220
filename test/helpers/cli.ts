import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SEALDESK_BIN = fileURLToPath(new URL('../../bin/sealdesk.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `sealdesk` command in a child process, as an administrator would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SEALDESK_BIN, ...args], {
      env: { ...process.env, SEALDESK_PIN: '', SEALDESK_SO_PIN: '', SEALDESK_NEW_PIN: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
