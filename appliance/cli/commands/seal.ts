import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Name, X509Certificate } from '@peculiar/x509';
import { Command, Option } from 'commander';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import type { TokenSelector } from '../../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chainError } from '../../ledger/chain/chain-error.js';
import { sealChangeQueued } from '../../ledger/follower/status-queue.js';
import { publishSealChange, type PublishedSealChange, type SealChange } from '../../ledger/seal-chain.js';
import { SealRegistry } from '../../seals/registry/seal-registry.js';
import { SEAL_TYPES, type Seal, type SealFormat, type SealStatus, type SealType } from '../../seals/seal.js';
import { writeOutputWhole } from '../../pdf/index.js';
import { commandAction, type ActionContext } from '../command-action.js';
import { printJson, printTable } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';
import { readInputFile } from '../read-input-file.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

async function withRegistry<T>(ctx: ActionContext, use: (registry: SealRegistry) => Promise<T> | T): Promise<T> {
  const registry = SealRegistry.open(ctx.home);
  try {
    return await use(registry);
  } finally {
    registry.close();
  }
}

/** A seal for people and scripts: the chain as PEM, not bytes. */
function sealJson(seal: Seal): Record<string, unknown> {
  const { certificateChain, ...rest } = seal;
  return { ...rest, typeName: SEAL_TYPES[seal.type], certificateChain: certificateChain.map((der) => toPem(der, 'CERTIFICATE')) };
}

function listRow(seal: Seal): Record<string, string> {
  return {
    id: seal.id,
    name: seal.name,
    type: SEAL_TYPES[seal.type],
    organisation: seal.organisation.name,
    uscc: seal.organisation.uscc,
    token: seal.key.tokenLabel,
    key: seal.key.keyLabel,
    status: seal.status,
    until: seal.notAfter.slice(0, 10),
  };
}

/**
 * The change as a seal event and on the SealRegistry contract, when a chain is configured
 * (signed with the terminal's chain key: SEALDESK_PIN). The local registry changed first and
 * stays authoritative for this terminal; a chain failure is reported (exit 1) after it, as
 * SEAL_CHANGE_QUEUED when the change waits in the queue the running appliance sends.
 */
async function publish(ctx: ActionContext, change: SealChange, seal: Seal): Promise<PublishedSealChange | undefined> {
  const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
  try {
    return await publishSealChange(ctx.home, await ctx.pkcs11(), change, { ...seal, certificateSha256 }, login);
  } catch (error) {
    // queued before the chain was asked: still exit 1 (not on chain yet), but say the running appliance sends it
    if (!sealChangeQueued(ctx.home, seal.id)) throw error;
    throw new SealdeskError('SEAL_CHANGE_QUEUED', { seal: seal.id, reason: chainError(error).code }, { cause: error });
  }
}

function chainLine(published: PublishedSealChange | undefined): string {
  if (!published) return '';
  const pending = published.recordPending ? `; its seal record is not published yet (${published.recordPending}): queued, the running appliance publishes it` : '';
  return `; on chain from ${new Date(published.effectiveAt * 1000).toISOString()} (tx ${published.txHash}, event ${published.eventId})${pending}`;
}

function idArgument(args: string[]): string {
  const id = args[0];
  if (!id) throw new SealdeskError('USAGE', { reason: 'name the seal id', reasonZh: '请指定印章编号' });
  return id;
}

interface CreateOptions {
  token?: string;
  serial?: string;
  name: string;
  type: SealType;
  org: string;
  uscc: string;
  key?: string;
  keyLabel?: string;
  keyType?: 'ec-p256' | 'sm2';
  cert?: string;
  chain?: string[];
  image?: string;
  shape?: 'round' | 'oval' | 'square';
  holder?: string;
  code?: string;
  eku?: 'none' | 'documentSigning';
  format?: SealFormat;
  json?: boolean;
}

function statusCommand(parent: Command, verb: 'suspend' | 'resume' | 'revoke', description: string): void {
  const command = parent
    .command(`${verb} <id>`)
    .description(description)
    .option('--module <path>', 'PKCS#11 module (for the chain key)')
    .option('--json', 'machine-readable output');
  if (verb === 'resume') command.option('--reason <text>', 'why');
  else command.requiredOption('--reason <text>', 'why (kept in the seal history)');
  command.action(
    commandAction<{ reason?: string; json?: boolean; module?: string }>(async (ctx, o, args) => {
      const seal = await withRegistry(ctx, (registry) => {
        const id = idArgument(args);
        return verb === 'resume' ? registry.resume(id, o.reason ?? null) : registry[verb](id, o.reason as string);
      });
      const change = ({ suspend: 'suspended', resume: 'resumed', revoke: 'revoked' } as const)[verb];
      const chain = await publish(ctx, change, seal);
      if (o.json) return printJson({ ...sealJson(seal), chain: chain ?? null });
      console.log(`seal ${seal.id} (${seal.name}) is now ${seal.status}${chainLine(chain)}`);
    }),
  );
}

export default function sealCommand(): Command {
  const seal = new Command('seal').description('seals: key on a token, certificate, image, owning organisation, status');

  seal
    .command('create')
    .description('create a seal: key on the token (SEALDESK_PIN), certificate from the dev CA or --cert, generated or --image PNG')
    .option('--token <label>', 'token holding (or to hold) the seal key')
    .option('--serial <serial>', 'token serial number')
    .requiredOption('--name <name>', 'seal name, e.g. 行政审批专用章')
    .addOption(new Option('--type <type>', 'seal type').choices(Object.keys(SEAL_TYPES)).makeOptionMandatory())
    .requiredOption('--org <name>', 'owning organisation')
    .requiredOption('--uscc <code>', '统一社会信用代码')
    .option('--key <label>', 'use this existing key instead of generating one')
    .option('--key-label <label>', 'label for the generated key (default: the seal name)')
    .addOption(new Option('--key-type <type>', 'the generated key: ec-p256, or sm2 on a GM USB key').choices(['ec-p256', 'sm2']))
    .option('--cert <file>', 'seal certificate from an external CA (PEM or DER)')
    .option('--chain <file...>', 'issuer certificates of --cert, nearest first')
    .option('--image <file>', 'PNG to use instead of a generated image (transparent background)')
    .addOption(new Option('--shape <shape>', 'generated image shape (default by type)').choices(['round', 'oval', 'square']))
    .option('--holder <name>', 'name on a square personal seal (法定代表人章)')
    .option('--code <digits>', '13-digit seal code along the lower arc')
    .addOption(new Option('--eku <eku>', 'extended key usage of a dev CA certificate').choices(['none', 'documentSigning']))
    .addOption(new Option('--format <format>', 'gbt38540: also make a GB/T 38540 e-seal (SESeal v4) signed by the dev CA as seal maker; SM2 keys only').choices(['sealdesk', 'gbt38540']))
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<CreateOptions>(async (ctx, o) => {
        if (!o.token && !o.serial) throw new SealdeskError('USAGE', { reason: 'say which token: --token LABEL or --serial SERIAL', reasonZh: '请指定 Ukey：--token 标签或 --serial 序列号' });
        if (o.chain && !o.cert) throw new SealdeskError('USAGE', { reason: '--chain goes with --cert', reasonZh: '--chain 只能与 --cert 一起使用' });
        const selector: TokenSelector = { ...(o.token ? { label: o.token } : {}), ...(o.serial ? { serial: o.serial } : {}) };
        // loaded here only: the renderer and the CA are not needed by list/show/suspend
        const { createSeal } = await import('../../seals/create-seal.js');
        const pkcs11 = await ctx.pkcs11();
        const token = pkcs11.token(selector);
        await login(token);
        const created = await withRegistry(ctx, (registry) =>
          createSeal(
            ctx.home,
            pkcs11,
            registry,
            {
              name: o.name,
              type: o.type,
              organisation: { name: o.org, uscc: o.uscc },
              token,
              ...(o.key ? { existingKey: o.key } : {}),
              ...(o.keyLabel ? { keyLabel: o.keyLabel } : {}),
              ...(o.keyType ? { keyType: o.keyType } : {}),
              ...(o.cert ? { certificateChain: [o.cert, ...(o.chain ?? [])].map(readInputFile) } : {}),
              ...(o.image ? { imagePng: readInputFile(o.image) } : {}),
              ...(o.shape ? { shape: o.shape } : {}),
              ...(o.holder ? { holder: o.holder } : {}),
              ...(o.code ? { code: o.code } : {}),
              ...(o.eku ? { eku: o.eku } : {}),
              ...(o.format ? { format: o.format } : {}),
            },
            login,
          ),
        );
        const chain = await publish(ctx, 'registered', created);
        if (o.json) return printJson({ ...sealJson(created), chain: chain ?? null });
        console.log(`seal ${created.id} created: ${created.name} (${SEAL_TYPES[created.type]}) of ${created.organisation.name}, key "${created.key.keyLabel}" on "${created.key.tokenLabel}"${chainLine(chain)}`);
      }),
    );

  seal
    .command('list')
    .description('seals of this terminal')
    .addOption(new Option('--status <status>', 'only seals with this status').choices(['active', 'suspended', 'revoked']))
    .option('--uscc <code>', 'only seals of this organisation')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ status?: SealStatus; uscc?: string; json?: boolean }>((ctx, o) =>
        withRegistry(ctx, (registry) => {
          const seals = registry.list({ ...(o.status ? { status: o.status } : {}), ...(o.uscc ? { uscc: o.uscc } : {}) });
          if (o.json) return printJson(seals.map(sealJson));
          printTable(seals.map(listRow), ['id', 'name', 'type', 'organisation', 'uscc', 'token', 'key', 'status', 'until']);
        }),
      ),
    );

  seal
    .command('show <id>')
    .description('one seal: organisation, key location, certificate, status history')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean }>((ctx, o, args) =>
        withRegistry(ctx, (registry) => {
          const found = registry.get(idArgument(args));
          const history = registry.history(found.id);
          if (o.json) return printJson({ ...sealJson(found), history });
          const cert = new X509Certificate(found.certificateChain[0] as Buffer);
          const lines: Array<[string, string]> = [
            ['id', found.id],
            ['name', `${found.name} (${SEAL_TYPES[found.type]})`],
            ['organisation', `${found.organisation.name}  ${found.organisation.uscc}`],
            ['key', `"${found.key.keyLabel}" on token "${found.key.tokenLabel}" (serial ${found.key.tokenSerial})`],
            // name 2.5.4.97 as OpenSSL does, so the USCC reads as organizationIdentifier=…
            ['certificate', `${new Name(cert.subjectName.toArrayBuffer(), { organizationIdentifier: '2.5.4.97' }).toString()}  serial ${found.certificateSerial}`],
            ['issuer', cert.issuer],
            ['valid', `${found.notBefore} – ${found.notAfter}`],
            ['code', found.code ?? '-'],
            ['image', found.imageSource],
            ['status', `${found.status} since ${found.statusChangedAt}${found.statusReason ? ` (${found.statusReason})` : ''}`],
          ];
          for (const [key, value] of lines) console.log(`${key.padEnd(13)}${value}`);
          for (const event of history) console.log(`  ${event.at}  ${event.status}${event.reason ? `  ${event.reason}` : ''}`);
        }),
      ),
    );

  seal
    .command('image <id>')
    .description("write the seal's PNG image to a file")
    .requiredOption('-o, --out <file>', 'PNG file to write')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ out: string; json?: boolean }>((ctx, o, args) =>
        withRegistry(ctx, (registry) => {
          const png = registry.image(idArgument(args));
          writeFileSync(o.out, png, { mode: 0o644 });
          if (o.json) return printJson({ path: o.out, bytes: png.length, width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
          console.log(`${o.out}: ${png.readUInt32BE(16)}×${png.readUInt32BE(20)} PNG`);
        }),
      ),
    );

  seal
    .command('export <id>')
    .description("write the seal's GB/T 38540 e-seal (SESeal DER, .esl) to a file")
    .requiredOption('-o, --out <file>', '.esl file to write (whole or not at all)')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ out: string; json?: boolean }>(async (ctx, o, args) => {
        const id = idArgument(args);
        const der = await withRegistry(ctx, (registry) => Buffer.from(registry.eseal(id)));
        await writeOutputWhole(o.out, [der]);
        const sha256 = createHash('sha256').update(der).digest('hex');
        if (o.json) return printJson({ path: o.out, bytes: der.length, sha256 });
        console.log(`${o.out}: GB/T 38540 SESeal, ${der.length} bytes, sha256 ${sha256}`);
      }),
    );

  statusCommand(seal, 'suspend', 'stop a seal from stamping for now (--reason)');
  statusCommand(seal, 'resume', 'let a suspended seal stamp again');
  statusCommand(seal, 'revoke', 'revoke a seal for good (--reason); it can never be resumed');

  return seal;
}
