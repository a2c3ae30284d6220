import { createInterface } from 'node:readline';
import { isSealdeskError } from '../../../../firmware-bridge/errors/sealdesk-error.js';

/** One line to the test: `@` and JSON, so the test tells replies from anything else the child prints. */
export const say = (value: unknown) => void process.stdout.write(`@${JSON.stringify(value)}\n`);

/**
 * A child process of the hall tests answering the commands the test writes to its stdin (one
 * JSON object a line), one at a time and in order: each reply is what `handle` returns, or the
 * error it threw, a SealdeskError by its code, status and both sentences.
 */
export function answerCommands<C>(handle: (command: C) => Promise<unknown>): void {
  const lines = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      try {
        say(await handle(JSON.parse(line) as C));
      } catch (error) {
        say(isSealdeskError(error) ? { ok: false, code: error.code, status: error.status, en: error.messageEn, zh: error.messageZh } : { ok: false, error: String((error as Error).stack) });
      }
    });
  });
}
