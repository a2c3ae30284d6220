import { Command } from 'commander';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { followedGrants } from '../../ledger/follower/hall-view.js';
import { checkedAddress, setTerminalGrant } from '../../ledger/hall-desk.js';
import { openSealDatabase } from '../../seals/registry/database.js';
import { pinFrom } from '../../tokens/pin-input.js';
import { auditedCli } from '../cli-audit.js';
import { commandAction } from '../command-action.js';
import { printJson, printTable } from '../output.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

function change(granted: boolean) {
  return commandAction<{ json?: boolean; module?: string }>(async (ctx, options, args) => {
    const [sealId, terminalText] = args as [string, string];
    const terminal = checkedAddress(terminalText);
    const entry = { action: granted ? 'terminal.grant' : 'terminal.revoke-grant', target: sealId, details: { terminal } } as const;
    const done = await auditedCli(ctx.home, entry, async () => setTerminalGrant({ home: ctx.home, pkcs11: await ctx.pkcs11(), login }, sealId, terminal, granted), (r) => ({ txHash: r.txHash }));
    if (options.json) printJson({ sealId, terminal, granted, ...done });
    else console.log(`seal ${sealId} ${granted ? 'granted to' : 'withdrawn from'} terminal ${terminal} (tx ${done.txHash}, ${done.gasUsed} gas); terminals apply it once the block is final`);
  });
}

export default function grant(): Command {
  const group = new Command('grant').description('which terminal may stamp with which seal, decided here at the desk and followed by every terminal from the chain / 终端用章授权');
  for (const [name, granted, text] of [['add', true, 'grant a seal to a registered terminal'], ['revoke', false, 'withdraw a seal from a terminal: its next stamp once the block is final is refused']] as const) {
    group
      .command(name)
      .description(`${text}; signed with this desk’s chain key (SEALDESK_PIN)`)
      .argument('<seal>', 'seal id')
      .argument('<terminal>', 'the terminal’s chain key address (0x…)')
      .option('--module <path>', 'PKCS#11 module')
      .option('--json', 'machine-readable output')
      .action(change(granted));
  }
  group
    .command('list')
    .description('the seals granted to terminals, as this appliance’s follower applied them from final blocks')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean }>((ctx, options) => {
        const db = openSealDatabase(ctx.home);
        try {
          const grants = followedGrants(db);
          if (options.json) printJson(grants);
          else printTable(grants.map((g) => ({ ...g })), ['sealId', 'terminal', 'terminalName', 'block']);
        } finally {
          db.close();
        }
      }),
    );
  return group;
}
