/**
 * A stamp job cut off by a crash: the next start gives it its real outcome. One whose event
 * reached the outbox is done (the stamp happened); one that left only a half-written output fails
 * STAMP_INTERRUPTED, with no output left behind — it does not stay "running" forever.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildService } from '../../../appliance/service/build-service.js';
import { openServiceContext } from '../../../appliance/service/open-service-context.js';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { startTestService } from '../../helpers/service.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { upload } from './helpers/multipart.js';

const service = await startTestService();
const seal = service.seals[1]!;

describe('a stamp job a crash left running', () => {
  it('is settled at the next start: done when its event is in the outbox, else STAMP_INTERRUPTED with no output', async () => {
    const clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [seal] });
    const pdf = await readFile(await pdfLibDocument(await tempDir('interrupted'), 'in.pdf', 1));
    const doc = await upload(service, clerk.headers, pdf);
    const payload = { documentId: doc.documentId, sealId: seal.id, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: USER_PIN };
    // no Idempotency-Key: nobody can retry this job by its key
    const stamped = await service.app.inject({ method: 'POST', url: '/api/stamps', payload, headers: clerk.headers });
    expect(stamped.statusCode, stamped.body).toBe(201);
    const done = stamped.json<{ id: string; result: { eventId: string } }>();

    const jobsDir = join(service.context.workDir, 'stamps', 'jobs');
    const outDir = join(service.context.workDir, 'stamps', 'out');
    const jobFile = (id: string) => join(jobsDir, `${id}.json`);
    const asRunning = (job: Record<string, unknown>) => ({ ...job, status: 'running', result: null, error: null });
    const completed = JSON.parse(readFileSync(jobFile(done.id), 'utf8')) as Record<string, unknown>;
    // crashed after the event was written, before the job was: the stamp happened
    writeFileSync(jobFile(done.id), JSON.stringify(asRunning(completed)));
    // crashed while writing the output: half a PDF on disk, no event
    const cutId = `stamp-${'c'.repeat(32)}`;
    writeFileSync(jobFile(cutId), JSON.stringify({ ...asRunning(completed), id: cutId, idempotencyKey: null }));
    const whole = readFileSync(join(outDir, `${done.id}.pdf`));
    writeFileSync(join(outDir, `${cutId}.pdf`), whole.subarray(0, whole.length >> 1));

    // the next start: a new service process on the same SEALDESK_HOME
    const context = openServiceContext({ home: service.fx.home, settings: serviceSettings({ port: 0, logLevel: 'silent' }), pkcs11: service.fx.pkcs11, verifyBaseUrl: 'https://verify.hall.example.cn/v' });
    try {
      const { app } = await buildService(context);
      try {
        const kept = await app.inject({ method: 'GET', url: `/api/stamps/${done.id}`, headers: clerk.headers });
        expect(kept.json()).toMatchObject({ status: 'done', result: { eventId: done.result.eventId }, error: null });

        const cut = await app.inject({ method: 'GET', url: `/api/stamps/${cutId}`, headers: clerk.headers });
        expect(cut.json()).toMatchObject({ status: 'failed', result: null, error: { code: 'STAMP_INTERRUPTED' } });
        expect(cut.json().error.message_zh).toContain('请重新盖章');
        expect(cut.json().error.message_en).toContain('Stamp the document again');
        expect(existsSync(join(outDir, `${cutId}.pdf`))).toBe(false);
        const download = await app.inject({ method: 'GET', url: `/api/stamps/${cutId}/pdf`, headers: clerk.headers });
        expect(download.statusCode).toBe(404);
        // what was written down is what a later start reads: it stays settled
        expect(JSON.parse(readFileSync(jobFile(cutId), 'utf8'))).toMatchObject({ status: 'failed', error: { code: 'STAMP_INTERRUPTED' } });
      } finally {
        await app.close();
      }
    } finally {
      context.close();
    }
  });
});
