/** `sealdesk verify FILE.ofd`: the format registry sends an OFD to its own verifier; the clerk reads which file changed. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { ofdrwFile } from './interop-files.js';

let home: string;
beforeAll(async () => {
  home = await tempDir('ofd-verify-cli');
});

describe('sealdesk verify FILE.ofd', () => {
  it('a vendor\'s sealed e-invoice: every check passes but the chain to this terminal\'s anchors (exit 2), in zh and en, and as JSON', async () => {
    const text = await runCli(['verify', ofdrwFile('v4signed.ofd')], { SEALDESK_HOME: home });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('电子印章：');
    expect(text.stdout).toContain('签名保护的 13 个文件均未被修改。');
    expect(text.stdout).toContain('All 13 files the signature protects are unchanged.');
    const json = await runCli(['verify', '--json', ofdrwFile('v4signed.ofd')], { SEALDESK_HOME: home });
    const report = JSON.parse(json.stdout) as { status: string; signatures: { ofd: { provider: string; references: unknown[] }; checks: { check: string; status: string }[] }[] };
    expect(report.status).toBe('indeterminate');
    expect(report.signatures[0]!.ofd.provider).toBe('gomain_eseal');
    expect(report.signatures[0]!.checks.filter((c) => c.status !== 'passed').map((c) => c.check)).toEqual(['chain']);
  });

  it('a page file changed after sealing: INVALID (exit 1), the file named', async () => {
    const files = unzipSync(await readFile(ofdrwFile('v4signed.ofd')));
    const page = Buffer.from(files['Doc_0/Pages/Page_0/Content.xml']!).toString('utf8').replace('318.00', '918.00');
    files['Doc_0/Pages/Page_0/Content.xml'] = new Uint8Array(Buffer.from(page));
    const forged = join(home, 'forged.ofd');
    await writeFile(forged, zipSync(files));
    const result = await runCli(['verify', '--lang', 'en', forged], { SEALDESK_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ The file /Doc_0/Pages/Page_0/Content.xml that the signature protects was changed');
    expect(result.stdout).toContain('1 of the 13 files the signature protects were changed or are missing.');
  });
});
