import { writeFileSync } from 'node:fs';
import { X509Certificate } from '@peculiar/x509';
import { Command, Option } from 'commander';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import type { TokenSelector } from '../../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { issueCrl } from '../../ca/ca-crl.js';
import { CA_KEY_ALGORITHMS, initCa, type CaKeyAlgorithm } from '../../ca/ca-init.js';
import { issueSealCertificate } from '../../ca/ca-issue.js';
import { caPaths, loadCa } from '../../ca/ca-store.js';
import { publicKeyFromCsr } from '../../ca/csr.js';
import { SealRegistry } from '../../seals/registry/seal-registry.js';
import { commandAction } from '../command-action.js';
import { printJson } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';
import { readInputFile } from '../read-input-file.js';

const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8443';

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

function selector(options: { token?: string; serial?: string }): TokenSelector {
  if (!options.token && !options.serial) throw new SealdeskError('USAGE', { reason: 'say which token: --token LABEL or --serial SERIAL', reasonZh: '请指定 Ukey：--token 标签或 --serial 序列号' });
  return { ...(options.token ? { label: options.token } : {}), ...(options.serial ? { serial: options.serial } : {}) };
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new SealdeskError('USAGE', { reason: `${flag} takes a positive whole number`, reasonZh: `${flag} 须为正整数` });
  return Number(value);
}

function describe(der: Buffer): { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string } {
  const cert = new X509Certificate(der);
  return { subject: cert.subject, issuer: cert.issuer, serialNumber: cert.serialNumber.toLowerCase(), notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString() };
}

export default function caCommand(): Command {
  const ca = new Command('ca').description('the development seal CA: its key on a PKCS#11 token, seal certificates and CRLs');

  ca.command('init')
    .description('create the seal CA: P-256 (or SM2 on a GM key) generated on the token (SEALDESK_PIN), self-signed root certificate')
    .option('--token <label>', 'token that will hold the CA key')
    .option('--serial <serial>', 'token serial number')
    .option('--key-label <label>', 'label of the CA key', 'seal-ca')
    .requiredOption('--org <name>', 'organisation operating the CA (O)')
    .option('--cn <name>', 'CA name (CN)', 'sealdesk 开发印章 CA / dev seal CA')
    .option('--crl-url <base>', 'base URL sealdesk serves the CRL from (default SEALDESK_PUBLIC_URL or http://127.0.0.1:8443)')
    .option('--years <n>', 'root validity in years', '10')
    .addOption(new Option('--algorithm <key>', 'CA key: ec-p256 (ECDSA SHA-256) or sm2 (SM3withSM2, GM USB key)').choices([...CA_KEY_ALGORITHMS]).default('ec-p256'))
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ token?: string; serial?: string; keyLabel: string; org: string; cn: string; crlUrl?: string; years: string; algorithm: CaKeyAlgorithm; json?: boolean }>(
        async (ctx, o) => {
          const token = (await ctx.pkcs11()).token(selector(o));
          await login(token);
          const { state, root } = await initCa(ctx.home, token, {
            organisation: o.org,
            commonName: o.cn,
            keyLabel: o.keyLabel,
            crlBaseUrl: o.crlUrl ?? (process.env.SEALDESK_PUBLIC_URL || DEFAULT_PUBLIC_URL),
            years: positiveInt(o.years, '--years') as number,
            algorithm: o.algorithm,
          });
          const root_ = { ...describe(root), path: caPaths(ctx.home).root };
          if (o.json) return printJson({ ...state, root: root_ });
          console.log(`seal CA created on "${token.label}" (key "${state.keyLabel}"): ${root_.subject}`);
          console.log(`root certificate: ${root_.path}; CRL URL in seal certificates: ${state.crlUrl}`);
        },
      ),
    );

  ca.command('issue')
    .description('issue a seal certificate for a token key (--token/--key) or a CSR (--csr); the CA token logs in with SEALDESK_PIN')
    .option('--csr <file>', 'PKCS#10 request (PEM or DER)')
    .option('--token <label>', 'token holding the seal key')
    .option('--serial <serial>', 'token serial number')
    .option('--key <label>', 'seal key label on that token')
    .requiredOption('--org <name>', 'owning organisation (O)')
    .requiredOption('--uscc <code>', '统一社会信用代码 (organizationIdentifier)')
    .requiredOption('--name <seal>', 'seal name (CN), e.g. 行政审批专用章')
    .addOption(new Option('--eku <eku>', 'extended key usage').choices(['none', 'documentSigning']).default('none'))
    .option('--days <n>', 'validity in days', '1095')
    .requiredOption('-o, --out <file>', 'where to write the certificate (PEM)')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ csr?: string; token?: string; serial?: string; key?: string; org: string; uscc: string; name: string; eku: 'none' | 'documentSigning'; days: string; out: string; json?: boolean }>(
        async (ctx, o) => {
          if (Boolean(o.csr) === Boolean(o.key)) throw new SealdeskError('USAGE', { reason: 'give either --csr FILE or --token/--serial with --key', reasonZh: '请二选一：--csr 文件，或 --token/--serial 加 --key' });
          const pkcs11 = await ctx.pkcs11();
          const spki = o.csr ? publicKeyFromCsr(readInputFile(o.csr)) : (await pkcs11.token(selector(o)).publicKey(o.key as string)).spki;
          const caToken = pkcs11.token({ serial: loadCa(ctx.home).state.token.serial });
          await login(caToken);
          const days = positiveInt(o.days, '--days') as number;
          const der = await issueSealCertificate(ctx.home, caToken, { spki, organisation: o.org, uscc: o.uscc, sealName: o.name, eku: o.eku, days });
          writeFileSync(o.out, toPem(der, 'CERTIFICATE'), { mode: 0o644 });
          const issued = describe(der);
          if (o.json) return printJson({ ...issued, path: o.out });
          console.log(`seal certificate issued: ${issued.subject} (serial ${issued.serialNumber}) → ${o.out}`);
        },
      ),
    );

  ca.command('crl')
    .description('sign a new CRL listing revoked (and, on hold, suspended) seals; written to $SEALDESK_HOME/ca/seal-ca.crl')
    .option('--days <n>', 'days until the next update', '7')
    .option('-o, --out <file>', 'also write it here (PEM)')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ days: string; out?: string; json?: boolean }>(async (ctx, o) => {
        const { state } = loadCa(ctx.home);
        const caToken = (await ctx.pkcs11()).token({ serial: state.token.serial });
        await login(caToken);
        const registry = SealRegistry.open(ctx.home);
        let der: Buffer;
        let listed: number;
        try {
          const seals = registry.list();
          der = await issueCrl(ctx.home, caToken, seals, { days: positiveInt(o.days, '--days') as number });
          listed = seals.filter((s) => s.status !== 'active').length;
        } finally {
          registry.close();
        }
        if (o.out) writeFileSync(o.out, toPem(der, 'X509 CRL'), { mode: 0o644 });
        const result = { crlNumber: state.crlNumber + 1, path: caPaths(ctx.home).crl, url: state.crlUrl, bytes: der.length };
        if (o.json) return printJson(result);
        console.log(`CRL ${result.crlNumber} signed (${listed} revoked or suspended seals considered): ${result.path}`);
      }),
    );

  return ca;
}
