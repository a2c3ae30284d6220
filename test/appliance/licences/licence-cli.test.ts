import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAbiParameters, hexToBigInt, keccak256, numberToHex, stringToHex, toHex, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainId32 } from '../../../appliance/ledger/chain/chain-id.js';
import { tokenAccount } from '../../../appliance/ledger/chain/token-account.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { saltedSubjectHash } from '../../../appliance/ledger/outbox/seal-event.js';
import { parseLicenceCode } from '../../../appliance/licences/licence-code.js';
import { startAnvil, type Anvil } from '../../../simulator/chain/anvil.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';

// The counter's licence commands as processes against a real anvil and SoftHSM: a licence issued
// on this terminal is read from its code on another terminal's home, and nothing personal is on
// chain or in the outbox.
const USCC = '11330106002489166C';
const HOLDERS = {
  zhang: { name: '张三丰', idNumber: '11010519491231002X' },
  li: { name: '李四海', idNumber: '33010619900101123X' },
  wang: { name: '王五岳', idNumber: '440305198807070015' },
} as const;
type HolderKey = keyof typeof HOLDERS;

let tokens: TokenFixture;
let anvil: Anvil;
let env: NodeJS.ProcessEnv;
let registry: Address;
let sealId: string;
let documentPath: string;
let otherHome: string;
const issued: Partial<Record<HolderKey, { licenceId: string; code: string; subjectHash: string; eventId: string; chain: { txHash: Hex } }>> = {};

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): Promise<CliResult> => runCli(args, { ...env, ...extra }, input);
async function ok(args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): Promise<CliResult> {
  const result = await cli(args, extra, input);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}
/** Another terminal: its own empty home, no token, only the node list and the registry address. */
const elsewhere = (args: string[], input?: string) =>
  runCli([...args, '--rpc', anvil.rpcUrl, '--registry', registry], { SEALDESK_HOME: otherHome, SEALDESK_PKCS11_MODULE: '', SOFTHSM2_CONF: '' }, input);
const errorCode = (result: CliResult) => (JSON.parse(result.stdout) as { error: { code: string } }).error.code;

async function issue(holder: HolderKey, type: string, fields: string[]): Promise<void> {
  const { name, idNumber } = HOLDERS[holder];
  const result = await ok(['licence', 'issue', '--type', type, '--holder', '-', ...fields, '--seal', sealId, '--document', documentPath, '--json'], {}, JSON.stringify({ name, idNumber }));
  expect(result.stdout + result.stderr).not.toContain(idNumber);
  expect(result.stdout + result.stderr).not.toContain(name);
  issued[holder] = JSON.parse(result.stdout) as (typeof issued)[HolderKey];
}

beforeAll(async () => {
  tokens = await openTokenFixture(['terminal']);
  const token = tokens.pkcs11.token({ label: 'terminal' });
  await token.login(USER_PIN);
  await token.generateKey('secp256k1', 'chain');
  const [node] = await Promise.all([startAnvil({ dir: join(tokens.home, 'anvil') }), pdfLibDocument(tokens.home, 'in.pdf', 1)]);
  anvil = node;
  await anvil.fund((await tokenAccount(token, 'chain')).address);
  otherHome = await mkdtemp(join(tmpdir(), 'sealdesk-other-terminal-'));
  env = {
    SEALDESK_HOME: tokens.home,
    SOFTHSM2_CONF: tokens.hsm.confPath,
    SEALDESK_PKCS11_MODULE: tokens.hsm.modulePath,
    SEALDESK_PIN: USER_PIN,
    SEALDESK_SOLC_CACHE: join(tmpdir(), 'sealdesk-solc-cache'),
    SEALDESK_TERMINAL_ID: 'counter-03',
    SEALDESK_OPERATOR: 'clerk-7',
  };
  await Promise.all([
    ok(['ca', 'init', '--token', 'terminal', '--org', '西湖区数据资源管理局', '--crl-url', 'http://127.0.0.1:8443']),
    ok(['chain', 'deploy', '--org', USCC, '--token', 'terminal', '--rpc', anvil.rpcUrl, '--json']).then((r) => (registry = (JSON.parse(r.stdout) as { registry: Address }).registry)),
  ]);
  const created = await ok(['seal', 'create', '--token', 'terminal', '--name', '行政审批专用章', '--type', 'business', '--org', '杭州市西湖区行政审批服务管理局', '--uscc', USCC, '--json']);
  sealId = (JSON.parse(created.stdout) as { id: string }).id;
  documentPath = join(tokens.home, 'stamped.pdf');
  await ok(['stamp', join(tokens.home, 'in.pdf'), '-o', documentPath, '--seal', sealId, '--x', '100', '--y', '100']);
  await issue('zhang', '居住证明', ['--field', '住址=浙江省杭州市西湖区文三路 90 号', '--field', '居住起始=2019-03-01']);
  await issue('li', 'no-criminal-record', ['--fields', JSON.stringify({ 用途: '出国留学', 查询范围: '全国' })]);
  await issue('wang', '完税证明', ['--field', '税款所属期=2025']);
}, 300_000);
afterAll(async () => {
  await anvil?.stop();
  await tokens?.close();
  if (otherHome) await rm(otherHome, { recursive: true, force: true });
});

interface Shown {
  record: { licenceId: string; type: string; typeName: string; holder: { name: string; idNumber: string }; fields: Record<string, string>; seal: { id: string }; documentHash: string; organisation: { uscc: string } };
  chain: { sealStatusAtIssue: string; sealStatusNow: string };
  event: { id: string; signatureValid: boolean };
}

// each command is a process (tsx + viem load): seconds apiece on a busy machine
describe('sealdesk licence issue / show / shred', { timeout: 180_000 }, () => {
  it('issue records a licence-issued event (salted subject hash, seal-signed) and prints a code; show on another terminal’s fresh home decrypts and verifies it', async () => {
    const zhang = issued.zhang!;
    expect(zhang.code).toMatch(/^SDL2\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(parseLicenceCode(zhang.code).licenceId).toBe(zhang.licenceId);
    const outbox = Outbox.open(outboxPath(tokens.home));
    try {
      expect(outbox.event(zhang.eventId)).toMatchObject({ id: zhang.licenceId, kind: 'licence-issued', sealId, subjectHash: zhang.subjectHash, terminalId: 'counter-03', operatorId: 'clerk-7', signature: { alg: 'ecdsa-sha256' } });
    } finally {
      outbox.close();
    }
    const salt = await readFile(join(tokens.home, 'licences', 'subject.salt'));
    expect(zhang.subjectHash).toBe(saltedSubjectHash(HOLDERS.zhang.idNumber, salt));

    // the scanner's way in (stdin), text for the clerk, beside the JSON
    const [shown, text] = await Promise.all([elsewhere(['licence', 'show', zhang.code, '--json']), elsewhere(['licence', 'show', '-'], `${issued.li!.code}\n`)]);
    expect(shown.code, shown.stderr).toBe(0);
    const json = JSON.parse(shown.stdout) as Shown;
    expect(json.record).toMatchObject({
      licenceId: zhang.licenceId,
      type: 'residence-certificate',
      typeName: '居住证明',
      holder: HOLDERS.zhang,
      fields: { 住址: '浙江省杭州市西湖区文三路 90 号', 居住起始: '2019-03-01' },
      seal: { id: sealId },
      organisation: { uscc: USCC },
      documentHash: createHash('sha256').update(await readFile(documentPath)).digest('hex'),
    });
    expect(json.chain).toMatchObject({ sealStatusAtIssue: 'active', sealStatusNow: 'active' });
    expect(json.event).toEqual({ id: zhang.licenceId, signatureValid: true });

    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('无违法犯罪记录证明');
    expect(text.stdout).toContain(HOLDERS.li.name);
    expect(text.stdout).toContain('证照有效');
  });

  it('one subject’s key opens nothing of another’s: LICENCE_KEY_MISMATCH', async () => {
    const zhang = parseLicenceCode(issued.zhang!.code);
    const li = parseLicenceCode(issued.li!.code);
    const forged = issued.zhang!.code.split('.').slice(0, 2).concat(li.secret.toString('base64url')).join('.');
    expect(parseLicenceCode(forged)).toEqual({ licenceId: zhang.licenceId, secret: li.secret, version: 2 });
    const result = await elsewhere(['licence', 'show', forged, '--json']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('LICENCE_KEY_MISMATCH');
    expect(result.stdout).not.toContain(HOLDERS.zhang.name);
  });

  it('a malformed code is LICENCE_CODE_INVALID; an unknown licence is LICENCE_NOT_FOUND', async () => {
    const unknown = issued.zhang!.code.replace(/^SDL2\.[A-Za-z0-9_-]{22}/, `SDL2.${Buffer.from('0190000000007000800000000000000a', 'hex').toString('base64url')}`);
    const [malformed, missing] = await Promise.all([elsewhere(['licence', 'show', 'SDL1.nonsense', '--json']), elsewhere(['licence', 'show', unknown, '--json'])]);
    expect(errorCode(malformed)).toBe('LICENCE_CODE_INVALID');
    expect(errorCode(missing)).toBe('LICENCE_NOT_FOUND');
  });

  it('a record changed on the node is LICENCE_TAMPERED', async () => {
    const wang = issued.wang!;
    // SealRegistry storage: _roles 0, _seals 1, _history 2, _batches 3, _licences 4; Licence.ciphertext is field 5
    const base = hexToBigInt(keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint256' }], [chainId32(wang.licenceId), 4n])));
    const slot = (n: bigint) => numberToHex(n, { size: 32 });
    expect(await anvil.rpc<Hex>('eth_getStorageAt', [registry, slot(base), 'latest'])).toBe(chainId32(USCC));
    const data = hexToBigInt(keccak256(slot(base + 5n))) + 2n; // bytes 64..95 of the envelope: ciphertext
    const word = await anvil.rpc<Hex>('eth_getStorageAt', [registry, slot(data), 'latest']);
    const flipped = toHex(hexToBigInt(word) ^ 1n, { size: 32 });
    await anvil.rpc('anvil_setStorageAt', [registry, slot(data), flipped]);
    const result = await elsewhere(['licence', 'show', wang.code, '--json']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('LICENCE_TAMPERED');
    await anvil.rpc('anvil_setStorageAt', [registry, slot(data), word]);
    expect((await elsewhere(['licence', 'show', wang.code, '--json'])).code).toBe(0);
  });

  it('shred destroys the terminal’s copy of the key: its records are LICENCE_SHREDDED here, the chain untouched', async () => {
    const zhang = issued.zhang!;
    const before = await ok(['licence', 'show', '--licence', zhang.licenceId, '--holder', '-', '--json'], {}, JSON.stringify({ idNumber: HOLDERS.zhang.idNumber }));
    expect((JSON.parse(before.stdout) as Shown).record.holder).toEqual(HOLDERS.zhang);
    const blockBefore = await anvil.rpc<Hex>('eth_blockNumber');

    const shred = await ok(['licence', 'shred', '--holder-id', HOLDERS.zhang.idNumber, '--json']);
    expect(JSON.parse(shred.stdout)).toEqual({ subjectHash: zhang.subjectHash, shredded: true });
    const after = await cli(['licence', 'show', '--licence', zhang.licenceId, '--holder-id', HOLDERS.zhang.idNumber, '--json']);
    expect(after.code).toBe(1);
    expect(errorCode(after)).toBe('LICENCE_SHREDDED');
    const [again, unknown, other, holderCopy] = await Promise.all([
      cli(['licence', 'shred', '--subject', zhang.subjectHash, '--json']),
      cli(['licence', 'shred', '--subject', 'ee'.repeat(32), '--json']),
      cli(['licence', 'show', '--licence', issued.li!.licenceId, '--holder-id', HOLDERS.li.idNumber, '--json']),
      elsewhere(['licence', 'show', zhang.code, '--json']),
    ]);
    expect(errorCode(again)).toBe('LICENCE_SHREDDED');
    expect(errorCode(unknown)).toBe('LICENCE_SUBJECT_UNKNOWN');
    // another holder is untouched; the code already handed over is the holder's own copy of the key
    expect(other.code, other.stderr).toBe(0);
    expect(holderCopy.code, holderCopy.stderr).toBe(0);
    // and nothing was written to the chain
    expect(await anvil.rpc<Hex>('eth_blockNumber')).toBe(blockBefore);
  });

  it('an ID number failing GB 11643 is refused before anything is written', async () => {
    const result = await cli(['licence', 'issue', '--type', '居住证明', '--holder-name', '赵六', '--holder-id', '110105194912310021', '--seal', sealId, '--document', documentPath, '--json']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('ID_NUMBER_INVALID');
    expect(result.stdout + result.stderr).not.toContain('110105194912310021');
  });

  it('no name and no ID number reaches the chain (transactions, logs, storage) or the outbox', async () => {
    const needles = Object.values(HOLDERS).flatMap(({ name, idNumber }) => [name, idNumber]);
    const hexNeedles = needles.map((n) => stringToHex(n).slice(2));
    const latest = Number(await anvil.rpc<Hex>('eth_blockNumber'));
    const chainText: string[] = [];
    for (let n = 0; n <= latest; n++) chainText.push(JSON.stringify(await anvil.rpc('eth_getBlockByNumber', [numberToHex(n), true])));
    chainText.push(JSON.stringify(await anvil.rpc('eth_getLogs', [{ address: registry, fromBlock: '0x0', toBlock: 'latest' }])));
    for (const holder of Object.keys(issued) as HolderKey[]) {
      const call = await anvil.rpc<Hex>('eth_call', [{ to: registry, data: `0x${keccak256(stringToHex('licenceOf(bytes32)')).slice(2, 10)}${chainId32(issued[holder]!.licenceId).slice(2)}` }, 'latest']);
      expect(call.length).toBeGreaterThan(1000);
      chainText.push(call);
    }
    const chain = chainText.join('\n').toLowerCase();
    expect(chain).toContain(chainId32(issued.li!.licenceId).slice(2));
    for (const needle of [...needles, ...hexNeedles.map((h) => h.toLowerCase())]) expect(chain).not.toContain(needle.toLowerCase());

    const ledgerDir = join(tokens.home, 'ledger');
    const outboxBytes = Buffer.concat(await Promise.all((await readdir(ledgerDir)).map((f) => readFile(join(ledgerDir, f)))));
    expect(outboxBytes.length).toBeGreaterThan(0);
    for (const needle of needles) expect(outboxBytes.includes(Buffer.from(needle, 'utf8'))).toBe(false);
    expect(outboxBytes.includes(Buffer.from(issued.li!.subjectHash))).toBe(true);
  });
});
