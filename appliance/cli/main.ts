import { readdirSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, reportError } from './output.js';

/**
 * `sealdesk GROUP …`: each command group is a file in ./commands whose default export builds it
 * (token.ts → `sealdesk token`). Only the group asked for is loaded, so `sealdesk token list`
 * does not pay for loading the PDF or chain code; help and unknown groups load them all.
 */
const commandsDir = new URL('./commands/', import.meta.url);
const groups = readdirSync(commandsDir)
  .filter((f) => /^[a-z][a-z0-9-]*\.ts$/.test(f))
  .map((f) => f.slice(0, -3))
  .sort();

const program = new Command('sealdesk')
  .description('sealdesk — hardware-backed seal signing appliance / 电子印章签章终端')
  .version('0.1.0')
  .showHelpAfterError();

const asked = process.argv[2];
for (const group of groups.includes(asked ?? '') ? [asked as string] : groups) {
  const module = (await import(new URL(`${group}.ts`, commandsDir).href)) as { default: () => Command };
  program.addCommand(module.default());
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
