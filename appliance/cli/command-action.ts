import type { Command } from 'commander';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { sealdeskHome } from '../config/home.js';
import { EXIT_OK, reportError } from './output.js';

export interface ActionContext {
  home: string;
  /** The PKCS#11 layer, opened on first use and closed after the command. */
  pkcs11(): Promise<Pkcs11>;
}

/**
 * A command action with the common ending: exit 0 (or the code the action returns), or the error printed (both languages, or
 * JSON with --json) with exit 1 (2 for usage). Commands that never touch a token never load
 * the PKCS#11 module.
 */
export function commandAction<O extends { json?: boolean; module?: string }>(
  run: (context: ActionContext, options: O, args: string[]) => Promise<void | number> | void | number,
) {
  return async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = command.opts<O>();
    let opened: Pkcs11 | undefined;
    try {
      const home = sealdeskHome();
      const context: ActionContext = {
        home,
        // loaded on first use: a command that never opens a token (verify) does not load graphene and the module
        pkcs11: async () => (opened ??= await (await import('../tokens/open-pkcs11.js')).openPkcs11(home, options.module ? { modulePath: options.module } : {})),
      };
      // a command whose outcome is not just ok / failed (verify, batch) returns its exit code
      const code = await run(context, options, command.args);
      process.exitCode = typeof code === 'number' ? code : EXIT_OK;
    } catch (error) {
      process.exitCode = reportError(error, options.json === true);
    } finally {
      opened?.close();
    }
  };
}
