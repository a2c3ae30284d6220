import { Command, Option } from 'commander';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { Directory } from '../../directory/directory.js';
import { TERMINAL_KINDS, type TerminalKind } from '../../ledger/follower/hall-record.js';
import { followedTerminals } from '../../ledger/follower/hall-view.js';
import { registerTerminal } from '../../ledger/hall-desk.js';
import { openSealDatabase } from '../../seals/registry/database.js';
import { pinFrom } from '../../tokens/pin-input.js';
import { auditedCli } from '../cli-audit.js';
import { commandAction } from '../command-action.js';
import { printJson, printTable } from '../output.js';
import { organisationByCodeOrId } from '../token-organisation.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

export default function terminal(): Command {
  const group = new Command('terminal').description('the hall’s terminals (counters, kiosks, the desk) registered on chain by their chain key / 终端登记');

  group
    .command('register')
    .description('register a terminal by its chain key address (`sealdesk chain address` on the terminal) under an organisation; signed with this desk’s chain key (SEALDESK_PIN)')
    .argument('<address>', 'the terminal’s chain key address (0x…)')
    .requiredOption('--name <name>', 'what the hall calls it, e.g. 3号窗口')
    .addOption(new Option('--kind <kind>', 'counter, kiosk or desk').choices([...TERMINAL_KINDS]).default('counter'))
    .requiredOption('--organisation <id>', 'its organisation (USCC or directory id)')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ name: string; kind: TerminalKind; organisation: string; module?: string; json?: boolean }>(async (ctx, options, args) => {
        const directory = Directory.open(ctx.home);
        let organisation;
        try {
          organisation = organisationByCodeOrId(directory, options.organisation);
        } finally {
          directory.close();
        }
        const entry = { action: 'terminal.register', organisationId: organisation.id, target: args[0]!.toLowerCase(), details: { kind: options.kind } } as const;
        const registered = await auditedCli(ctx.home, entry, async () => registerTerminal({ home: ctx.home, pkcs11: await ctx.pkcs11(), login }, { address: args[0]!, name: options.name, kind: options.kind, organisation }), (r) => ({ txHash: r.txHash, recordHash: r.recordHash }));
        if (options.json) printJson(registered);
        else console.log(`terminal ${registered.record.address} (${registered.record.name}, ${registered.record.terminalKind}) registered under ${organisation.name} (tx ${registered.txHash}, ${registered.gasUsed} gas)`);
      }),
    );

  group
    .command('list')
    .description('the hall’s terminals and the seals granted to each, as this appliance’s follower applied them from final blocks')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean }>((ctx, options) => {
        const db = openSealDatabase(ctx.home);
        try {
          const terminals = followedTerminals(db);
          if (options.json) printJson(terminals);
          else printTable(terminals.map((t) => ({ ...t, seals: t.seals.join(',') })), ['address', 'name', 'kind', 'organisationId', 'seals', 'block']);
        } finally {
          db.close();
        }
      }),
    );
  return group;
}
