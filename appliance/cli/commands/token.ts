import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { KEY_TYPES, type KeyType } from '../../../drivers/pkcs11/key-types.js';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import type { Pkcs11, TokenSelector } from '../../../drivers/pkcs11/pkcs11.js';
import type { HashName, SignScheme } from '../../../drivers/pkcs11/signature-algorithms.js';
import type { SlotDescription } from '../../../drivers/pkcs11/slot.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealdeskHome } from '../../config/home.js';
import { openPkcs11 } from '../../tokens/open-pkcs11.js';
import { prepareTokenBinding } from '../token-organisation.js';
import { EXIT_OK, printJson, printTable, reportError } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';

interface CommonOptions {
  module?: string;
  slot?: string;
  slotIndex?: string;
  token?: string;
  serial?: string;
  json?: boolean;
}

/** --slot / --slot-index / --token / --serial, --module and --json, as pkcs11-tool spells them. */
function common(command: Command): Command {
  return command
    .option('--module <path>', 'PKCS#11 module to load (default: SEALDESK_PKCS11_MODULE, config.json, SoftHSM)')
    .option('--slot <id>', 'slot id (decimal or 0x…)')
    .option('--slot-index <n>', 'slot position in the module’s list')
    .option('--token <label>', 'token label')
    .option('--serial <serial>', 'token serial number')
    .option('--json', 'machine-readable output');
}

function selectorOf(options: CommonOptions): TokenSelector {
  const selector: TokenSelector = {};
  if (options.slot !== undefined) {
    if (!/^(\d+|0x[0-9a-f]+)$/i.test(options.slot)) throw new SealdeskError('USAGE', { reason: `--slot takes a number, not "${options.slot}"`, reasonZh: `--slot 须为数字，而不是“${options.slot}”` });
    selector.slotId = options.slot;
  }
  if (options.slotIndex !== undefined) {
    if (!/^\d+$/.test(options.slotIndex)) throw new SealdeskError('USAGE', { reason: '--slot-index takes a number', reasonZh: '--slot-index 须为数字' });
    selector.slotIndex = Number(options.slotIndex);
  }
  if (options.token !== undefined) selector.label = options.token;
  if (options.serial !== undefined) selector.serial = options.serial;
  return selector;
}

/** Opens the PKCS#11 layer, runs the action, closes it; maps failures to stderr/JSON and the exit code. */
function action<O extends CommonOptions>(run: (pkcs11: Pkcs11, options: O, args: string[]) => Promise<void>) {
  return async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = command.opts<O>();
    let pkcs11: Pkcs11 | undefined;
    try {
      pkcs11 = await openPkcs11(sealdeskHome(), options.module ? { modulePath: options.module } : {});
      await run(pkcs11, options, command.args);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportError(error, options.json === true);
    } finally {
      pkcs11?.close();
    }
  };
}

function flagsText(slot: SlotDescription): string {
  const f = slot.token?.flags;
  if (!f) return slot.tokenError ? `unreadable (${slot.tokenError})` : '';
  const names: string[] = [];
  if (f.initialized) names.push('initialized');
  else names.push('uninitialized');
  if (f.loginRequired) names.push('login-required');
  if (f.userPinInitialized) names.push('pin-initialized');
  if (f.userPinCountLow) names.push('pin-count-low');
  if (f.userPinFinalTry) names.push('pin-final-try');
  if (f.userPinLocked) names.push('pin-locked');
  if (f.writeProtected) names.push('write-protected');
  return names.join(',');
}

function jsonSlot(slot: SlotDescription): Record<string, unknown> {
  const { moduleRef: _m, slotHandle: _h, ...rest } = slot;
  return rest;
}

async function loginFromEnvOrPrompt(token: Token): Promise<void> {
  await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

function writeOrPrint(text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text, { mode: 0o644 });
  else process.stdout.write(text);
}

export default function tokenCommand(): Command {
  const token = new Command('token').description('PKCS#11 slots and tokens: PINs, keys, certificate requests and certificates');

  common(token.command('list').description('slots and tokens of every module'))
    .action(
      action(async (pkcs11, options) => {
        const slots = pkcs11.slots();
        if (options.json) return printJson(slots.map(jsonSlot));
        printTable(
          slots.map((s) => ({
            slot: s.slotId,
            index: s.index,
            label: s.token?.label,
            serial: s.token?.serial,
            manufacturer: s.token?.manufacturer,
            model: s.token?.model,
            flags: flagsText(s),
            'free public/private': s.token
              ? `${s.token.freePublicMemory ?? 'n/a'}/${s.token.freePrivateMemory ?? 'n/a'}`
              : undefined,
          })),
          ['slot', 'index', 'label', 'serial', 'manufacturer', 'model', 'flags', 'free public/private'],
        );
      }),
    );

  common(token.command('init').description('initialise a token: erase it, set its label and SO PIN (SEALDESK_SO_PIN); --organisation binds it to an organisation of the directory'))
    .requiredOption('--label <label>', 'the new token label')
    .option('--free', 'use the first slot with an uninitialised token')
    .option('--organisation <code>', 'the organisation the token belongs to: its USCC or its id (only admins of its subtree administer the token)')
    .action(
      action<CommonOptions & { label: string; free?: boolean; organisation?: string }>(async (pkcs11, options) => {
        const selector = selectorOf(options);
        if (!options.free && Object.keys(selector).length === 0) {
          throw new SealdeskError('USAGE', { reason: 'say which token to initialise: --free, --slot, --slot-index, --token or --serial', reasonZh: '请指定要初始化的 Ukey：--free、--slot、--slot-index、--token 或 --serial' });
        }
        // an unknown organisation fails here, before the token is erased
        const binding = options.organisation === undefined ? undefined : prepareTokenBinding(sealdeskHome(), options.organisation);
        try {
          const soPin = await pinFrom('SEALDESK_SO_PIN', '安全管理员口令 / SO PIN: ', { confirm: true });
          const info = pkcs11.initToken({ ...selector, ...(options.free ? { free: true } : {}) }, soPin, options.label);
          binding?.bind(info.serial, info.label);
          const organisation = binding ? { id: binding.organisation.id, name: binding.organisation.name } : undefined;
          if (options.json) return printJson({ ...info, ...(organisation ? { organisation } : {}) });
          console.log(`token "${info.label}" initialised, serial ${info.serial}${organisation ? `, bound to ${organisation.name} (${organisation.id})` : ''}; next: sealdesk token init-pin --token ${info.label}`);
        } finally {
          binding?.close();
        }
      }),
    );

  common(token.command('init-pin').description('set the user PIN (SEALDESK_PIN) as the security officer (SEALDESK_SO_PIN)'))
    .action(
      action(async (pkcs11, options) => {
        const t = pkcs11.token(selectorOf(options));
        const soPin = await pinFrom('SEALDESK_SO_PIN', '安全管理员口令 / SO PIN: ');
        const pin = await pinFrom('SEALDESK_PIN', '新用户口令 / new user PIN: ', { confirm: true });
        await t.initUserPin(soPin, pin);
        if (options.json) return printJson({ token: t.label, serial: t.serial, userPin: 'set' });
        console.log(`user PIN set on "${t.label}"`);
      }),
    );

  common(token.command('change-pin').description('change the user PIN (old: SEALDESK_PIN, new: SEALDESK_NEW_PIN)'))
    .action(
      action(async (pkcs11, options) => {
        const t = pkcs11.token(selectorOf(options));
        const oldPin = await pinFrom('SEALDESK_PIN', '当前口令 / current PIN: ');
        const newPin = await pinFrom('SEALDESK_NEW_PIN', '新口令 / new PIN: ', { confirm: true });
        await t.changePin(oldPin, newPin);
        if (options.json) return printJson({ token: t.label, serial: t.serial, userPin: 'changed' });
        console.log(`user PIN changed on "${t.label}"`);
      }),
    );

  common(token.command('unblock').description('unblock a locked user PIN with the SO PIN (SEALDESK_SO_PIN), setting SEALDESK_NEW_PIN'))
    .action(
      action(async (pkcs11, options) => {
        const t = pkcs11.token(selectorOf(options));
        const soPin = await pinFrom('SEALDESK_SO_PIN', '安全管理员口令 / SO PIN: ');
        const newPin = await pinFrom('SEALDESK_NEW_PIN', '新用户口令 / new user PIN: ', { confirm: true });
        await t.initUserPin(soPin, newPin);
        if (options.json) return printJson({ token: t.label, serial: t.serial, userPin: 'unblocked' });
        console.log(`user PIN unblocked on "${t.label}"`);
      }),
    );

  common(token.command('keygen').description('generate a key pair on the token (logs in with SEALDESK_PIN)'))
    .addOption(new Option('--type <type>', 'key type').choices([...KEY_TYPES]).makeOptionMandatory())
    .requiredOption('--label <label>', 'label shared by the private key, public key and certificate')
    .option('--id <hex>', 'CKA_ID in hex (default: 16 random bytes)')
    .action(
      action<CommonOptions & { type: KeyType; label: string; id?: string }>(async (pkcs11, options) => {
        if (options.id !== undefined && !/^([0-9a-f]{2})+$/i.test(options.id)) throw new SealdeskError('USAGE', { reason: '--id takes hex bytes', reasonZh: '--id 须为十六进制字节' });
        const t = pkcs11.token(selectorOf(options));
        await loginFromEnvOrPrompt(t);
        const key = await t.generateKey(options.type, options.label, options.id ? Buffer.from(options.id, 'hex') : undefined);
        if (options.json) return printJson(key);
        console.log(`key pair "${key.label}" (${key.type}, id ${key.id}) generated on "${t.label}"`);
      }),
    );

  common(token.command('keys').description('key pairs on the token (private keys only with --login or SEALDESK_PIN)'))
    .option('--login', 'log in to see private keys')
    .action(
      action<CommonOptions & { login?: boolean }>(async (pkcs11, options) => {
        const t = pkcs11.token(selectorOf(options));
        if (options.login || process.env.SEALDESK_PIN) await loginFromEnvOrPrompt(t);
        const keys = await t.keys();
        if (options.json) return printJson(keys);
        printTable(
          keys.map((k) => ({
            label: k.label,
            id: k.id,
            type: k.type,
            private: k.hasPrivateKey,
            public: k.hasPublicKey,
            certificate: k.hasCertificate,
            sensitive: k.sensitive,
            extractable: k.extractable,
          })),
          ['label', 'id', 'type', 'private', 'public', 'certificate', 'sensitive', 'extractable'],
        );
      }),
    );

  common(token.command('pubkey').description('export a public key (SubjectPublicKeyInfo, PEM)'))
    .requiredOption('--key <label>', 'key label or id (hex)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(
      action<CommonOptions & { key: string; out?: string }>(async (pkcs11, options) => {
        const t = pkcs11.token(selectorOf(options));
        const { spki, type } = await t.publicKey(options.key);
        if (options.json) return printJson({ key: options.key, type, spki: spki.toString('base64') });
        writeOrPrint(toPem(spki, 'PUBLIC KEY'), options.out);
      }),
    );

  common(token.command('sign').description('sign a file with a token key (logs in with SEALDESK_PIN)'))
    .requiredOption('--key <label>', 'key label or id (hex)')
    .requiredOption('--in <file>', 'the data to sign')
    .requiredOption('-o, --out <file>', 'where to write the signature')
    .addOption(new Option('--scheme <scheme>', 'signature scheme').choices(['ecdsa', 'rsa-pkcs1', 'rsa-pss']))
    .addOption(new Option('--hash <hash>', 'hash').choices(['sha256', 'sha384']))
    .addOption(new Option('--format <format>', 'ECDSA output: der (X.509/openssl) or raw r‖s').choices(['der', 'raw']).default('der'))
    .action(
      action<CommonOptions & { key: string; in: string; out: string; scheme?: SignScheme; hash?: HashName; format: 'der' | 'raw' }>(
        async (pkcs11, options) => {
          const data = readFileSync(options.in);
          const t = pkcs11.token(selectorOf(options));
          await loginFromEnvOrPrompt(t);
          const result = await t.sign(options.key, data, {
            ...(options.scheme ? { scheme: options.scheme } : {}),
            ...(options.hash ? { hash: options.hash } : {}),
          });
          const bytes = options.format === 'raw' && result.raw ? result.raw : result.signature;
          writeFileSync(options.out, bytes);
          if (options.json) return printJson({ key: options.key, algorithm: result.algorithm.id, scheme: result.algorithm.scheme, hash: result.algorithm.hash, bytes: bytes.length });
          console.log(`signed with "${options.key}" (${result.algorithm.id}): ${options.out}`);
        },
      ),
    );

  common(token.command('csr').description('a PKCS#10 certificate request signed by a token key (logs in with SEALDESK_PIN)'))
    .requiredOption('--key <label>', 'key label or id (hex)')
    .requiredOption('--subject <name>', 'e.g. "CN=行政审批专用章, O=某某市行政审批局, organizationIdentifier=…, C=CN"')
    .addOption(new Option('--hash <hash>', 'hash').choices(['sha256', 'sha384']))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(
      action<CommonOptions & { key: string; subject: string; hash?: HashName; out?: string }>(async (pkcs11, options) => {
        const t = pkcs11.token(selectorOf(options));
        await loginFromEnvOrPrompt(t);
        const der = await t.certificateRequest(options.key, options.subject, options.hash ? { hash: options.hash } : {});
        if (options.json) return printJson({ key: options.key, csr: toPem(der, 'CERTIFICATE REQUEST') });
        writeOrPrint(toPem(der, 'CERTIFICATE REQUEST'), options.out);
      }),
    );

  common(token.command('import-cert').description('store a certificate on the token beside its key (logs in with SEALDESK_PIN)'))
    .requiredOption('--key <label>', 'key label or id (hex)')
    .argument('<file>', 'certificate, PEM or DER')
    .action(
      action<CommonOptions & { key: string }>(async (pkcs11, options, args) => {
        const file = args[0] as string;
        let input: Buffer;
        try {
          input = readFileSync(file);
        } catch (error) {
          throw new SealdeskError('FILE_NOT_FOUND', { path: file }, { cause: error });
        }
        const t = pkcs11.token(selectorOf(options));
        await loginFromEnvOrPrompt(t);
        const cert = await t.importCertificate(options.key, input);
        const { der: _der, ...shown } = cert;
        if (options.json) return printJson(shown);
        console.log(`certificate for "${cert.label}" stored: ${cert.subject} (serial ${cert.serialNumber}, until ${cert.notAfter})`);
      }),
    );

  common(token.command('certs').description('certificates on the token'))
    .action(
      action(async (pkcs11, options) => {
        const t = pkcs11.token(selectorOf(options));
        const certs = await t.certificates();
        if (options.json) return printJson(certs.map(({ der, ...c }) => ({ ...c, pem: toPem(der, 'CERTIFICATE') })));
        printTable(
          certs.map((c) => ({ label: c.label, id: c.id, subject: c.subject, issuer: c.issuer, serial: c.serialNumber, until: c.notAfter })),
          ['label', 'id', 'subject', 'issuer', 'serial', 'until'],
        );
      }),
    );

  return token;
}
