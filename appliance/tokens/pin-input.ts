import { read } from 'read';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

export type PinVariable = 'SEALDESK_PIN' | 'SEALDESK_SO_PIN' | 'SEALDESK_NEW_PIN';

/**
 * A PIN from its environment variable, or typed at a hidden prompt on a terminal. Never from
 * the command line: arguments show in `ps` and shell history. The value goes straight to the
 * token layer and is not kept.
 */
export async function pinFrom(variable: PinVariable, prompt: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = process.env[variable];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new SealdeskError('PIN_REQUIRED', { variable });
  const pin = String(await read({ prompt, silent: true, replace: '*', output: process.stderr }));
  if (options.confirm) {
    const again = String(await read({ prompt: '再次输入 / again: ', silent: true, replace: '*', output: process.stderr }));
    if (again !== pin) throw new SealdeskError('INPUT_INVALID', { reason: 'the two PINs differ / 两次输入的口令不一致', reasonZh: '两次输入的口令不一致' });
  }
  return pin;
}
