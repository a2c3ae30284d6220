import { Command, Option } from 'commander';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { Directory } from '../../directory/directory.js';
import { ORGANISATION_LEVELS, type Organisation, type OrganisationLevel } from '../../directory/organisation.js';
import { publishOrganisations, type PublishedOrganisation } from '../../ledger/hall-desk.js';
import { loadLedgerConfig } from '../../ledger/ledger-config.js';
import { chainConfigured } from '../../ledger/seal-chain.js';
import { pinFrom } from '../../tokens/pin-input.js';
import { auditedCli } from '../cli-audit.js';
import { commandAction, type ActionContext } from '../command-action.js';
import { printJson, printTable } from '../output.js';
import { organisationByCodeOrId } from '../token-organisation.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

/** Publishes organisations (parents first), audited one entry per organisation sent. */
async function publish(ctx: ActionContext, organisations: Organisation[]): Promise<PublishedOrganisation[]> {
  const entry = { action: 'organisation.publish', target: organisations.map((o) => o.id).join(',') } as const;
  return auditedCli(ctx.home, entry, async () => publishOrganisations({ home: ctx.home, pkcs11: await ctx.pkcs11(), login }, organisations), (done) => ({ sent: done.filter((p) => p.txHash).length }));
}

function withDirectory<T>(ctx: ActionContext, use: (directory: Directory) => T): T {
  const directory = Directory.open(ctx.home);
  try {
    return use(directory);
  } finally {
    directory.close();
  }
}

export default function org(): Command {
  const group = new Command('org').description('the hall’s organisation tree: made at the desk, followed by every terminal from the chain / 机构树');

  group
    .command('create')
    .description('add an organisation to this desk’s tree; with a chain configured it is published at once (SEALDESK_PIN)')
    .requiredOption('--name <name>', '机构全称, as on the seal')
    .addOption(new Option('--level <level>', 'its level').choices([...ORGANISATION_LEVELS]).makeOptionMandatory())
    .option('--parent <id>', 'the organisation above it (USCC or id); none for the top')
    .option('--uscc <code>', '统一社会信用代码')
    .option('--name-en <name>', 'English name')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ name: string; level: OrganisationLevel; parent?: string; uscc?: string; nameEn?: string; module?: string; json?: boolean }>(async (ctx, options) => {
        const entry = { action: 'organisation.create', details: { level: options.level } } as const;
        const created = await auditedCli(
          ctx.home,
          entry,
          async () =>
            withDirectory(ctx, (directory) => {
              const parentId = options.parent ? organisationByCodeOrId(directory, options.parent).id : null;
              return directory.organisations.create({ name: options.name, level: options.level, parentId, uscc: options.uscc ?? null, nameEn: options.nameEn ?? null });
            }),
          (o) => ({ organisation: o.id }),
        );
        const published = chainConfigured(loadLedgerConfig(ctx.home)) ? (await publish(ctx, [created]))[0] : undefined;
        if (options.json) printJson({ ...created, ...(published ? { published } : {}) });
        else console.log(`organisation ${created.id} (${created.name})${published ? ` published (tx ${published.txHash})` : ''}`);
      }),
    );

  group
    .command('publish')
    .description('publish this desk’s organisations (default: the whole tree, parents first) so every terminal follows them; unchanged ones cost nothing (SEALDESK_PIN)')
    .argument('[ids...]', 'organisations (USCC or id)')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean; module?: string }>(async (ctx, options, args) => {
        const organisations = withDirectory(ctx, (directory) => {
          if (args.length === 0) return directory.organisations.list();
          const wanted = new Set(args.map((a) => organisationByCodeOrId(directory, a).id));
          return directory.organisations.list().filter((o) => wanted.has(o.id));
        });
        const published = await publish(ctx, organisations);
        if (options.json) printJson(published);
        else printTable(published.map((p) => ({ ...p, gasUsed: p.gasUsed?.toString() })), ['id', 'name', 'recordHash', 'txHash']);
      }),
    );

  group
    .command('list')
    .description('this appliance’s organisation tree (at a terminal: the desk’s, as followed), parents first')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean }>((ctx, options) => {
        const organisations = withDirectory(ctx, (directory) => directory.organisations.list());
        if (options.json) printJson(organisations);
        else printTable(organisations.map((o) => ({ ...o })), ['id', 'name', 'level', 'uscc', 'parentId']);
      }),
    );
  return group;
}
