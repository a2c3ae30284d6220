import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { Address } from 'viem';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { subjectHash } from '../../../drivers/idcard/subject-hash.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { loadLedgerConfig, requireRegistry, requireRpc } from '../../ledger/ledger-config.js';
import { issueLicence } from '../../licences/issue-licence.js';
import { parseLicenceCode } from '../../licences/licence-code.js';
import type { LicenceKey } from '../../licences/licence-envelope.js';
import { checkHolder, LICENCE_TYPES, type HolderInput } from '../../licences/licence-record.js';
import { readLicence, type VerifiedLicence } from '../../licences/read-licence.js';
import { terminalKeyWrapper } from '../../licences/licence-wrapping-key.js';
import { SubjectKeys } from '../../licences/subject-keys.js';
import { subjectSalt } from '../../licences/terminal-secrets.js';
import { commandAction, type ActionContext } from '../command-action.js';
import { printJson } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';
import { readInputFile } from '../read-input-file.js';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Standard input as text (`-`: a scanner, a pipe), so a code or an ID number need not be an argument `ps` shows. */
const stdinText = (): string => readFileSync(0, 'utf8').trim();

interface HolderOptions {
  holderName?: string;
  holderId?: string;
  holder?: string;
}

/** The holder from --holder FILE|- (JSON {name, idNumber}) or --holder-name / --holder-id. */
function holderOf(o: HolderOptions, needName: boolean): HolderInput {
  if (o.holder) {
    const text = o.holder === '-' ? stdinText() : readInputFile(o.holder).toString('utf8');
    try {
      const parsed = JSON.parse(text) as Partial<HolderInput>;
      return { name: String(parsed.name ?? ''), idNumber: String(parsed.idNumber ?? '') };
    } catch {
      throw new SealdeskError('INPUT_INVALID', { reason: '--holder must be JSON {"name": …, "idNumber": …}', reasonZh: '--holder 须为 JSON {"name": …, "idNumber": …}' });
    }
  }
  if (!o.holderId || (needName && !o.holderName)) throw new SealdeskError('USAGE', { reason: `name the holder: ${needName ? '--holder-name and ' : ''}--holder-id, or --holder FILE|-`, reasonZh: `请指定持证人：${needName ? '--holder-name 和 ' : ''}--holder-id，或 --holder 文件|-` });
  return { name: o.holderName ?? '-', idNumber: o.holderId };
}

function fieldsOf(json: string | undefined, pairs: string[] = []): Record<string, unknown> {
  let fields: Record<string, unknown> = {};
  if (json) {
    try {
      fields = JSON.parse(json.startsWith('@') ? readInputFile(json.slice(1)).toString('utf8') : json) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof SealdeskError) throw error;
      throw new SealdeskError('INPUT_INVALID', { reason: '--fields must be a JSON object (or @FILE)', reasonZh: '--fields 须为 JSON 对象（或 @文件）' });
    }
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new SealdeskError('USAGE', { reason: '--field takes NAME=VALUE', reasonZh: '--field 须为“名称=值”的形式' });
    fields = { ...fields, [pair.slice(0, at)]: pair.slice(at + 1) };
  }
  return fields;
}

function subjectOf(ctx: ActionContext, o: HolderOptions & { subject?: string }): string {
  if (o.subject) return o.subject.toLowerCase();
  const { idNumber } = checkHolder({ ...holderOf(o, false), name: '-' });
  return subjectHash(idNumber, subjectSalt(ctx.home));
}

/** The store; `unwrap`: opened with the terminal token's wrapping key (SEALDESK_PIN), else it can only shred. */
async function withKeys<T>(ctx: ActionContext, unwrap: boolean, use: (keys: SubjectKeys) => T | Promise<T>): Promise<T> {
  const keys = await SubjectKeys.open(ctx.home, unwrap ? await terminalKeyWrapper(ctx.home, await ctx.pkcs11(), login) : undefined);
  try {
    return await use(keys);
  } finally {
    keys.close();
  }
}

function printLicence(verified: VerifiedLicence): void {
  const { record, chain } = verified;
  const lines: Array<[string, string]> = [
    ['证照 licence', `${record.typeName} (${record.type})  ${record.licenceId}`],
    ['持证人 holder', `${record.holder.name}  ${record.holder.idNumber}`],
    ...Object.entries(record.fields).map(([k, v]): [string, string] => [`  ${k}`, v]),
    ['发证单位 issuer', `${record.organisation.name}  ${record.organisation.uscc}`],
    ['印章 seal', `${record.seal.name}  ${record.seal.id}`],
    ['文件 document', `sha256 ${record.documentHash}`],
    ['签发 issued', `${record.issuedAt}; on chain ${chain.publishedAt}, block ${chain.blockNumber}`],
    ['印章状态 seal status', `at issue ${chain.sealStatusAtIssue}, now ${chain.sealStatusNow}`],
    ['存证事件 event', `${verified.event.id}, signature valid`],
  ];
  for (const [key, value] of lines) console.log(`${key.padEnd(22)}${value}`);
  console.log('结果：证照有效，已与区块链核对。 / Result: the licence is valid and checked against the chain.');
}

interface IssueOptions extends HolderOptions {
  type: string;
  fields?: string;
  field?: string[];
  seal: string;
  document?: string;
  documentHash?: string;
  qr?: string;
  module?: string;
  json?: boolean;
}

interface ShowOptions extends HolderOptions {
  licence?: string;
  rpc?: string[];
  registry?: string;
  json?: boolean;
}

export default function licenceCommand(): Command {
  const licence = new Command('licence').description('licence records 电子证照: issued encrypted to their holder, published on the chain, read anywhere with the licence code');

  licence
    .command('issue')
    .description('issue a licence with a seal (SEALDESK_PIN): prints the licence code (证照码) that opens this record, once: nothing can make it again')
    .requiredOption('--type <type>', `licence type: ${Object.entries(LICENCE_TYPES).map(([k, v]) => `${k} / ${v}`).join(', ')}`)
    .option('--holder-name <name>', 'holder’s name')
    .option('--holder-id <number>', 'holder’s resident ID number (GB 11643; prefer --holder - so it stays out of ps)')
    .option('--holder <file>', 'holder as JSON {"name", "idNumber"} from a file or - (stdin)')
    .option('--fields <json>', 'fields as a JSON object, or @FILE')
    .option('--field <name=value>', 'one field (repeatable)', collect)
    .requiredOption('--seal <id>', 'the issuing seal')
    .option('--document <file>', 'the stamped document issued with the licence')
    .option('--document-hash <sha256>', 'its SHA-256 instead of the file')
    .option('--qr <png>', 'also write the licence code as a QR code PNG')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<IssueOptions>(async (ctx, o) => {
        if (!o.document === !o.documentHash) throw new SealdeskError('USAGE', { reason: 'give one of --document FILE or --document-hash SHA256', reasonZh: '请在 --document 文件和 --document-hash SHA256 中指定一个' });
        const documentHash = o.documentHash ?? createHash('sha256').update(readInputFile(o.document!)).digest('hex');
        const issued = await issueLicence(ctx.home, await ctx.pkcs11(), login, { type: o.type, holder: holderOf(o, true), fields: fieldsOf(o.fields, o.field), sealId: o.seal, documentHash });
        if (o.qr) {
          const { default: QRCode } = await import('qrcode');
          await QRCode.toFile(o.qr, issued.code, { errorCorrectionLevel: 'M', margin: 2 });
        }
        if (o.json) return printJson(issued);
        console.log(`licence ${issued.licenceId} issued (tx ${issued.chain.txHash}, block ${issued.chain.blockNumber}, event ${issued.eventId})`);
        console.log(`证照码 / licence code: ${issued.code}`);
      }),
    );

  licence
    .command('show')
    .description('read a licence from the chain with its code (argument or - for stdin), decrypt and verify it; or with this terminal’s copy of the holder’s key (its token opened with SEALDESK_PIN): --licence ID --holder-id …')
    .argument('[code]', 'the licence code (证照码), or - to read it from stdin')
    .option('--licence <id>', 'licence id, read with this terminal’s copy of the holder’s key')
    .option('--holder-id <number>', 'with --licence: the holder’s ID number')
    .option('--holder <file>', 'with --licence: holder as JSON from a file or -')
    .option('--rpc <url>', 'JSON-RPC URL (repeatable; default ledger.json or SEALDESK_RPC_URLS)', collect)
    .option('--registry <address>', 'SealRegistry address (default ledger.json)')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<ShowOptions>(async (ctx, o, args) => {
        const config = loadLedgerConfig(ctx.home);
        const rpcUrls = o.rpc ?? requireRpc(config);
        const registry = (o.registry ?? requireRegistry(config)) as Address;
        let read: { licenceId: string; key: LicenceKey };
        if (args[0]) {
          if (o.licence) throw new SealdeskError('USAGE', { reason: 'give a code or --licence, not both', reasonZh: '证照码与 --licence 只能指定一个' });
          const code = parseLicenceCode(args[0] === '-' ? stdinText() : args[0]);
          read = { licenceId: code.licenceId, key: { kind: 'code', code } };
        } else if (o.licence) {
          const subject = subjectOf(ctx, o);
          read = { licenceId: o.licence, key: { kind: 'terminal', ...(await withKeys(ctx, true, (keys) => keys.terminalKeys(subject))) } };
        } else {
          throw new SealdeskError('USAGE', { reason: 'give the licence code (or -), or --licence ID with the holder', reasonZh: '请提供证照码（或 -），或用 --licence 编号并指定持证人' });
        }
        const verified = await readLicence({ rpcUrls, registry, ...read });
        if (o.json) return printJson(verified);
        printLicence(verified);
      }),
    );

  licence
    .command('shred')
    .description('crypto-shredding: destroy this terminal’s copy of a holder’s key; their records on chain can no longer be read here')
    .option('--holder-id <number>', 'the holder’s ID number')
    .option('--holder <file>', 'holder as JSON from a file or -')
    .option('--subject <hash>', 'the salted subject hash instead of the number')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<HolderOptions & { subject?: string; json?: boolean }>(async (ctx, o) => {
        const subject = subjectOf(ctx, o);
        // nothing to destroy: LICENCE_SHREDDED when it is gone already, LICENCE_SUBJECT_UNKNOWN when there never was a key
        // (shredding needs no token: it opens no key)
        await withKeys(ctx, false, async (keys) => keys.shred(subject) || (await keys.terminalKeys(subject)));
        if (o.json) return printJson({ subjectHash: subject, shredded: true });
        console.log(`subject ${subject}: key destroyed; licence codes already handed to the holder still open their own records`);
      }),
    );

  return licence;
}
