/** The seal's status when the document was stamped decides, not its status now. */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stampPdf } from '../../../appliance/stamping/index.js';
import { stampReportText, verifyPdf } from '../../../appliance/verification/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { openSealFixture, type SealFixture } from '../stamping/helpers/seal-fixture.js';

let f: SealFixture;
let dir: string;
let input: string;

beforeAll(async () => {
  [f, dir] = await Promise.all([openSealFixture(), tempDir('seal-status')]);
  input = await pdfLibDocument(dir, 'in.pdf', 1);
}, 60_000);

/** Stamps with a fresh seal; /M has whole seconds, so the seal is made a second before. */
async function stamped(name: string): Promise<{ seal: Seal; output: string; signedAt: Date }> {
  const seal = await f.seal(name);
  await sleep(1100);
  const output = join(dir, `${name}.pdf`);
  const result = await stampPdf(f.context, { input, output, sealId: seal.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, qr: false });
  return { seal, output, signedAt: new Date(Math.floor(Date.parse(result.time) / 1000) * 1000) };
}

describe('seal status at signing time', () => {
  it('revoked after the stamp (even within the same second): the stamp stays valid, the report says the seal is revoked now', async () => {
    const { seal, output } = await stamped('合同专用章');
    f.registry.revoke(seal.id, '机构更名');
    const report = await verifyPdf(output, { home: f.fx.home });
    expect(report.status).toBe('valid');
    expect(report.signatures[0]!.seal).toMatchObject({ statusAtSigning: 'active', status: 'revoked' });
    expect(stampReportText(report, 'zh')).toContain(`印章：杭州市西湖区行政审批服务管理局 合同专用章 (${seal.id}, 签章时状态 active)`);
  });

  it('suspended (or revoked) when it was stamped: SEAL_SUSPENDED / SEAL_REVOKED, invalid', async () => {
    // a registry on another terminal learns of the suspension late: it is dated just before the signing time
    const a = await stamped('财务专用章');
    f.registry.suspend(a.seal.id, '保管人休假', new Date(a.signedAt.getTime() - 1));
    const b = await stamped('业务专用章');
    f.registry.revoke(b.seal.id, '印章遗失', new Date(b.signedAt.getTime() - 1));
    const [ra, rb] = await Promise.all([verifyPdf(a.output, { home: f.fx.home }), verifyPdf(b.output, { home: f.fx.home })]);
    expect([ra.status, rb.status]).toEqual(['invalid', 'invalid']);
    expect(ra.signatures[0]!.checks.find((c) => c.check === 'seal-status')?.error?.code).toBe('SEAL_SUSPENDED');
    expect(rb.signatures[0]!.checks.find((c) => c.check === 'seal-status')?.error?.code).toBe('SEAL_REVOKED');
  });
});
