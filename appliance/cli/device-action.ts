import type { Command } from 'commander';
import { EXIT_OK, reportError } from './output.js';

/**
 * The action of a `devices` / `sim` subcommand: exit 0, or the typed error printed in zh-CN and
 * en (JSON with --json) and exit 1 (2 for usage). Opens no token, unlike the token commands.
 */
export function deviceAction<O extends { json?: boolean }>(run: (options: O, args: string[]) => Promise<void>) {
  return async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = command.opts<O>();
    try {
      await run(options, command.args);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportError(error, options.json === true);
    }
  };
}
