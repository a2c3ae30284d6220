/**
 * The child process of a PIN check by C_Login (see pin-login.ts): a second PKCS#11 application,
 * so its C_Login neither meets the appliance's own login (CKR_USER_ALREADY_LOGGED_IN) nor ends
 * it. Arguments: the module path and the token serial; the PIN comes on stdin, never in argv or
 * the environment (both are readable by other users through /proc). Answers one JSON line on
 * stdout and exits.
 */
import pkcs11js from 'pkcs11js';
import { ckrName } from './ckr.js';
import { readTokenInfo } from './token-info.js';

/** What the child answers; `finalTry`/`locked` are the token's own flags after the try. */
export type PinLoginAnswer =
  | { result: 'ok' }
  | { result: 'incorrect'; finalTry: boolean; locked: boolean }
  | { result: 'locked' }
  | { result: 'absent' }
  | { result: 'failed'; reason: string };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function findSlot(lib: pkcs11js.PKCS11, serial: string): Buffer | undefined {
  for (const slot of lib.C_GetSlotList(true)) {
    try {
      if (readTokenInfo(lib, slot).serial === serial) return slot;
    } catch {
      // a broken slot: not ours
    }
  }
  return undefined;
}

function tryLogin(lib: pkcs11js.PKCS11, serial: string, pin: string): PinLoginAnswer {
  const slot = findSlot(lib, serial);
  if (!slot) return { result: 'absent' };
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  try {
    lib.C_Login(session, pkcs11js.CKU_USER, pin);
  } catch (error) {
    const code = error instanceof pkcs11js.Pkcs11Error ? error.code : undefined;
    if (code === pkcs11js.CKR_PIN_LOCKED) return { result: 'locked' };
    if (code === pkcs11js.CKR_PIN_INCORRECT) {
      const flags = readTokenInfo(lib, slot).flags;
      return { result: 'incorrect', finalTry: flags.userPinFinalTry, locked: flags.userPinLocked };
    }
    if (code === pkcs11js.CKR_TOKEN_NOT_PRESENT || code === pkcs11js.CKR_DEVICE_REMOVED) return { result: 'absent' };
    return { result: 'failed', reason: code === undefined ? (error as Error).message : ckrName(code) };
  }
  lib.C_Logout(session);
  lib.C_CloseSession(session);
  return { result: 'ok' };
}

const [modulePath, serial] = process.argv.slice(2);
let answer: PinLoginAnswer;
try {
  if (!modulePath || !serial) throw new Error('usage: pin-login-child <module> <serial> (PIN on stdin)');
  const pin = await readStdin();
  const lib = new pkcs11js.PKCS11();
  lib.load(modulePath);
  lib.C_Initialize();
  try {
    answer = tryLogin(lib, serial, pin);
  } finally {
    lib.C_Finalize();
  }
} catch (error) {
  answer = { result: 'failed', reason: error instanceof pkcs11js.Pkcs11Error ? ckrName(error.code) : (error as Error).message };
}
process.stdout.write(`${JSON.stringify(answer)}\n`);
