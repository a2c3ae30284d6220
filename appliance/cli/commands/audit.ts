import { Command, Option } from 'commander';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../audit/audit-entry.js';
import { AuditLog } from '../../audit/audit-log.js';
import { auditReportText, type ReportLanguage } from '../../audit/audit-report.js';
import { commandAction, type ActionContext } from '../command-action.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printJson, printTable, reportError } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

function openLog(ctx: ActionContext): AuditLog {
  return AuditLog.open(ctx.home);
}

function whole(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new SealdeskError('USAGE', { reason: `${name} must be a whole number ≥ ${min}`, reasonZh: `${name} 须为不小于 ${min} 的整数` });
  return n;
}

function row(e: AuditEntry): Record<string, string | number | null> {
  return {
    seq: e.seq,
    time: e.time,
    action: e.action,
    actor: e.actor.username ?? e.actor.id,
    role: e.actor.role,
    organisation: e.organisationId,
    target: e.target,
    outcome: e.errorCode ? `${e.outcome} ${e.errorCode}` : e.outcome,
    details: Object.keys(e.details).length ? Object.entries(e.details).map(([k, v]) => `${k}=${String(v)}`).join(' ') : null,
  };
}

export default function audit(): Command {
  const group = new Command('audit').description('the hash-chained audit log of privileged actions / 审计日志');

  group
    .command('verify')
    .description('check the chain of entries and the anchored checkpoints; exit 0 intact, 1 tampered, 2 could not check')
    .addOption(new Option('--lang <lang>', 'language of the report (default both)').choices(['zh', 'en']))
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean; lang?: ReportLanguage }>((ctx, o) => {
        let log: AuditLog | undefined;
        try {
          log = openLog(ctx);
          const result = log.verify();
          if (o.json) printJson(result);
          else console.log((o.lang ? [o.lang] : (['zh', 'en'] as const)).map((l) => auditReportText(result, l)).join('\n\n'));
          return result.ok ? EXIT_OK : EXIT_FAILED;
        } catch (error) {
          // an unreadable database or outbox is "could not check", not "tampered"
          const reason = error instanceof SealdeskError ? String(error.details.reason ?? error.message) : (error as Error).message;
          const zh: Record<string, string> = error instanceof SealdeskError ? { reasonZh: String(error.details.reasonZh ?? error.details.reason ?? error.messageZh) } : {};
          reportError(error instanceof SealdeskError && error.code === 'AUDIT_UNAVAILABLE' ? error : new SealdeskError('AUDIT_UNAVAILABLE', { reason, ...zh }, { cause: error }), o.json === true);
          return EXIT_USAGE;
        } finally {
          log?.close();
        }
      }),
    );

  group
    .command('list')
    .description('entries in order (newest first with --desc)')
    .option('--from <seq>', 'first entry to show (the last one with --desc)')
    .option('--limit <n>', 'at most this many (default 100, at most 1000)')
    .addOption(new Option('--action <action...>', 'only these actions').choices([...AUDIT_ACTIONS]))
    .option('--org <id...>', 'only entries of these organisations')
    .option('--desc', 'newest first')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ from?: string; limit?: string; action?: AuditAction[]; org?: string[]; desc?: boolean; json?: boolean }>((ctx, o) => {
        const log = openLog(ctx);
        try {
          const from = whole('--from', o.from, 1);
          const limit = whole('--limit', o.limit, 1);
          const entries = log.list({ ...(from !== undefined ? { from } : {}), ...(limit !== undefined ? { limit } : {}), ...(o.action ? { action: o.action } : {}), ...(o.org ? { organisationIds: o.org } : {}), descending: o.desc === true });
          if (o.json) printJson(entries);
          else if (entries.length === 0) console.log('没有记录 / no entries');
          else printTable(entries.map(row), ['seq', 'time', 'action', 'actor', 'role', 'organisation', 'target', 'outcome', 'details']);
        } finally {
          log.close();
        }
      }),
    );

  group
    .command('checkpoint')
    .description("record the audit head as a signed seal event in the ledger outbox now (the terminal's chain key: SEALDESK_PIN)")
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean; module?: string }>(async (ctx, o) => {
        // loaded here only: the chain key and the outbox writer are not needed by list / verify
        const [{ recordCheckpoint }, { chainKeyCheckpointSigner }, { SealEventLog }] = await Promise.all([
          import('../../audit/audit-checkpoint.js'),
          import('../../audit/checkpoint-signer.js'),
          import('../../ledger/seal-events.js'),
        ]);
        const log = openLog(ctx);
        const events = new SealEventLog(ctx.home);
        try {
          const signer = await chainKeyCheckpointSigner(ctx.home, await ctx.pkcs11(), login);
          const checkpoint = await recordCheckpoint(log, events, signer);
          if (o.json) return printJson(checkpoint ?? null);
          if (!checkpoint) console.log('审计日志为空，无需检查点 / the audit log is empty: nothing to checkpoint');
          else if (!checkpoint.created) console.log(`第 ${checkpoint.seq} 条已有检查点（事件 ${checkpoint.eventId}） / #${checkpoint.seq} is already checkpointed (event ${checkpoint.eventId})`);
          else console.log(`已记录检查点：第 ${checkpoint.seq} 条，事件 ${checkpoint.eventId} / checkpoint recorded: #${checkpoint.seq} ${checkpoint.hash}, event ${checkpoint.eventId}`);
        } finally {
          events.close();
          log.close();
        }
      }),
    );

  return group;
}
