import { Command } from 'commander';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { loadLedgerConfig, outboxPath, requireRegistry } from '../../ledger/ledger-config.js';
import { LedgerWorker } from '../../ledger/outbox/ledger-worker.js';
import { Outbox } from '../../ledger/outbox/outbox.js';
import { openTerminalLedger } from '../../ledger/terminal-ledger.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealCertificateOf } from '../../seals/registry/event-certificate.js';
import { SealRegistry } from '../../seals/registry/seal-registry.js';
import { commandAction } from '../command-action.js';
import { printJson, printTable } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

export default function outbox(): Command {
  const group = new Command('outbox').description('the local outbox of seal events waiting to be anchored / 待上链事件');

  group
    .command('status')
    .description('events recorded, waiting, batches pending and anchored, the last chain error')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean }>((ctx, options) => {
        const box = Outbox.open(outboxPath(ctx.home));
        try {
          const status = box.status();
          if (options.json) printJson(status);
          else printTable([{ ...status, oldestUnbatchedAt: status.oldestUnbatchedAt ? new Date(status.oldestUnbatchedAt).toISOString() : null }], Object.keys(status));
        } finally {
          box.close();
        }
      }),
    );

  group
    .command('receipt <eventId>')
    .description('the receipt of an anchored event: the signed event, its Merkle proof and anchoring, the seal certificate when known (for chain verify-receipt)')
    .action(
      commandAction((ctx, _options, args) => {
        const eventId = args[0]!;
        const box = Outbox.open(outboxPath(ctx.home));
        const seals = SealRegistry.open(ctx.home);
        try {
          const receipt = box.receipt(eventId, sealCertificateOf(seals));
          if (!receipt) throw box.event(eventId) ? new SealdeskError('EVENT_NOT_ANCHORED', { event: eventId }) : new SealdeskError('EVENT_NOT_FOUND', { event: eventId });
          printJson(receipt);
        } finally {
          seals.close();
          box.close();
        }
      }),
    );

  group
    .command('retry')
    .description('anchor everything waiting now, batches that failed first (signs with the chain key: SEALDESK_PIN)')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean; module?: string }>(async (ctx, options) => {
        const config = loadLedgerConfig(ctx.home);
        if (!config.organisation) throw new SealdeskError('USAGE', { reason: 'no organisation: run sealdesk chain deploy first', reasonZh: '尚未设置单位：请先运行 sealdesk chain deploy' });
        const ledger = await openTerminalLedger(ctx.home, await ctx.pkcs11(), config, login);
        try {
          ledger.outbox.resetAttempts();
          const worker = new LedgerWorker({ outbox: ledger.outbox, client: ledger.client, registry: requireRegistry(config), organisation: config.organisation, batchSize: config.batchSize });
          const anchored = await worker.drain(true);
          const status = ledger.outbox.status();
          if (options.json) printJson({ anchored, ...status });
          else console.log(`anchored ${anchored} events; ${status.unbatched + status.batchesPending} waiting`);
        } finally {
          ledger.close();
        }
      }),
    );

  return group;
}
