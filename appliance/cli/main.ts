import { Command, CommanderError } from 'commander';
import { start } from '../start.js';
import { EXIT_USAGE, reportError } from './output.js';
import { tokenCommand } from './token-commands.js';

const program = new Command('sealdesk')
  .description('sealdesk — hardware-backed seal signing appliance / 电子印章签章终端')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();

program.addCommand(tokenCommand());
program
  .command('start')
  .description('run the appliance (npm start)')
  .action(async () => {
    try {
      await start();
    } catch (error) {
      process.exitCode = reportError(error, false);
    }
  });

// exit codes as pkcs11-tool users expect: 0 ok, 1 failed, 2 usage.
for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
    process.exitCode = benign ? 0 : EXIT_USAGE;
  } else {
    process.exitCode = reportError(error, false);
  }
}
