import { Command, CommanderError } from 'commander';
import { COMMAND_GROUPS } from './command-groups.js';
import { EXIT_USAGE, reportError } from './output.js';

/**
 * `sealdesk GROUP …`: only the group asked for is loaded (`sealdesk help GROUP` too), so
 * `sealdesk token list` does not pay for the PDF or chain code. `--version`, `--help` and unknown
 * groups load none: the groups are listed by name and description only.
 */
const program = new Command('sealdesk')
  .description('sealdesk — hardware-backed seal signing appliance / 电子印章签章终端')
  .version('0.1.0')
  .showHelpAfterError();

const [first, second] = process.argv.slice(2);
const asked = COMMAND_GROUPS.find((g) => g.name === (first === 'help' ? second : first));
for (const group of COMMAND_GROUPS) {
  if (group === asked) program.addCommand((await group.load()).default());
  else program.command(group.name).description(group.description);
}

// Exit codes as pkcs11-tool users expect: 0 ok, 1 failed, 2 usage.
const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
for (const command of all(program)) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help', 'commander.executeSubCommandAsync'].includes(error.code);
    process.exitCode = benign ? 0 : EXIT_USAGE;
  } else {
    process.exitCode = reportError(error, false);
  }
}
