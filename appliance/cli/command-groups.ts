import type { Command } from 'commander';

export interface CommandGroup {
  name: string;
  /** The line `sealdesk --help` shows, without loading the group (its own help says more). */
  description: string;
  /** The group's module, loaded only when the group runs (a chunk of its own in the built CLI). */
  load(): Promise<{ default: () => Command }>;
}

/**
 * Every `sealdesk GROUP`, one file each in ./commands whose default export builds it. Listed
 * here with literal import() calls so that the bundler makes one chunk per group and
 * `sealdesk --version` or `--help` load none of them (test/cli/command-groups.test.ts checks that
 * every file of ./commands is listed).
 */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { name: 'audit', description: 'the hash-chained audit log of privileged actions / 审计日志', load: () => import('./commands/audit.js') },
  { name: 'ca', description: 'the development seal CA: its key on a PKCS#11 token, seal certificates and CRLs', load: () => import('./commands/ca.js') },
  { name: 'chain', description: 'the ledger chain: node, SealRegistry contract, receipts / 区块链存证', load: () => import('./commands/chain.js') },
  { name: 'devices', description: 'hall peripherals: ID-card reader, receipt printer, document printer, QR scanner / 外设', load: () => import('./commands/devices.js') },
  { name: 'grant', description: 'which terminal may stamp with which seal, decided at the desk, followed from the chain / 终端用章授权', load: () => import('./commands/grant.js') },
  {
    name: 'licence',
    description: 'licence records 电子证照: issued encrypted to their holder, published on the chain, read anywhere with the licence code',
    load: () => import('./commands/licence.js'),
  },
  { name: 'org', description: 'the hall’s organisation tree, made at the desk and followed by every terminal / 机构树', load: () => import('./commands/org.js') },
  { name: 'outbox', description: 'the local outbox of seal events waiting to be anchored / 待上链事件', load: () => import('./commands/outbox.js') },
  { name: 'seal', description: 'seals: key on a token, certificate, image, owning organisation, status', load: () => import('./commands/seal.js') },
  { name: 'serve', description: 'run the appliance on real tokens, devices and chain until Ctrl+C / 运行签章服务', load: () => import('./commands/serve.js') },
  { name: 'sim', description: 'simulated hall devices on real ptys plus a real IPP printer, for trials and tests / 模拟外设', load: () => import('./commands/sim.js') },
  {
    name: 'stamp',
    description: 'stamp a PDF (or every PDF of --batch DIR) with a seal: PAdES signature, visible seal, QR code (PIN from SEALDESK_PIN or a prompt)',
    load: () => import('./commands/stamp.js'),
  },
  {
    name: 'start',
    description: 'npm start: a whole simulated service hall (token, seals, chain, TSA, devices, printer, service) until Ctrl+C / 模拟大厅',
    load: () => import('./commands/start.js'),
  },
  { name: 'terminal', description: 'the hall’s terminals registered on chain by their chain key / 终端登记', load: () => import('./commands/terminal.js') },
  { name: 'token', description: 'PKCS#11 slots and tokens: PINs, keys, certificate requests and certificates', load: () => import('./commands/token.js') },
  {
    name: 'verify',
    description: 'check every signature of a PDF: integrity, certificate chain, revocation, seal status, PAdES level; exit 0 valid, 1 invalid, 2 could not check',
    load: () => import('./commands/verify.js'),
  },
];
