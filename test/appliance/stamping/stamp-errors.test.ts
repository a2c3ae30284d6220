/** Every refusal a clerk can meet while stamping, with its code, and never an output file. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../appliance/audit/audit-log.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { SealEventLog } from '../../../appliance/ledger/seal-events.js';
import { StampIndex, stampSignatureDigest } from '../../../appliance/ledger/stamp-index.js';
import { stampDocument, stampPdf, type StampRequest } from '../../../appliance/stamping/index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { failure } from '../../helpers/failure.js';
import { pdfLibDocument, qpdf } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { openSealFixture, type SealFixture } from './helpers/seal-fixture.js';

let f: SealFixture;
let dir: string;
let seal: Seal;
let base: string;

beforeAll(async () => {
  f = await openSealFixture();
  dir = await tempDir('stamp-errors');
  seal = await f.seal('行政审批专用章');
  await f.token.logout();
  base = await pdfLibDocument(dir, 'base.pdf', 2);
}, 60_000);

function request(input: string, extra: Partial<StampRequest> = {}): StampRequest {
  return { input, output: join(dir, `out-${Math.random().toString(16).slice(2)}.pdf`), sealId: seal.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, ...extra };
}

/** Stamps and expects `code`; then no output and no temp file is left in the folder. */
async function refused(req: StampRequest, code: string, context = f.context): Promise<void> {
  const before = new Set(await readdir(dir));
  expect((await failure(stampPdf(context, req))).code).toBe(code);
  expect(existsSync(req.output)).toBe(false);
  expect((await readdir(dir)).filter((n) => !before.has(n))).toEqual([]);
}

describe('refused before the token signs', () => {
  it('wrong PIN: PIN_INCORRECT, no output', async () => {
    await refused(request(base), 'PIN_INCORRECT', { ...f.context, pin: '000000' });
  });

  it('encrypted: PDF_ENCRYPTED; garbage: PDF_MALFORMED', async () => {
    const encrypted = await qpdf(['--encrypt', 'user', 'owner', '256', '--'], base, join(dir, 'encrypted.pdf'));
    await refused(request(encrypted), 'PDF_ENCRYPTED');
    const garbage = join(dir, 'garbage.pdf');
    await writeFile(garbage, Buffer.from('%PDF-1.7\nnot a pdf at all\n'.repeat(40)));
    await refused(request(garbage), 'PDF_MALFORMED');
    // no format's header at all: the format registry refuses it before any parser sees it
    const text = join(dir, 'letter.pdf');
    await writeFile(text, Buffer.from('not a pdf at all\n'.repeat(40)));
    await refused(request(text), 'DOCUMENT_FORMAT_UNSUPPORTED');
  });

  it('page out of range, anchor text not found, unknown field, B-T without a TSA', async () => {
    await refused(request(base, { placement: { kind: 'position', page: 3, x: 100, y: 100 } }), 'PAGE_OUT_OF_RANGE');
    await refused(request(base, { placement: { kind: 'text', text: '盖章处' } }), 'ANCHOR_TEXT_NOT_FOUND');
    await refused(request(base, { placement: { kind: 'field', name: '甲方盖章' } }), 'SIGNATURE_FIELD_NOT_FOUND');
    await refused(request(base, { level: 'B-T' }), 'TSA_REQUIRED');
  });

  it('a document certified "no changes" (DocMDP P=1): DOC_LOCKED', async () => {
    const doc = await PDFDocument.load(await readFile(base));
    const sig = doc.context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.CAdES.detached',
      Reference: [{ Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: 1, V: '1.2' } }],
      M: PDFString.of('D:20260101000000Z'),
    });
    doc.catalog.set(PDFName.of('Perms'), doc.context.obj({ DocMDP: doc.context.register(sig) }));
    const locked = join(dir, 'locked.pdf');
    await writeFile(locked, await doc.save({ useObjectStreams: false }));
    await refused(request(locked), 'DOC_LOCKED');
  });

  it('a suspended seal: SEAL_SUSPENDED; once revoked: SEAL_REVOKED', async () => {
    f.registry.suspend(seal.id, '保管人休假');
    await refused(request(base), 'SEAL_SUSPENDED');
    f.registry.revoke(seal.id, '机构更名');
    await refused(request(base), 'SEAL_REVOKED');
  });
});

describe('an output that cannot be written', () => {
  it('a missing output folder or a folder in its place: OUTPUT_NOT_WRITABLE with the path, and nothing left behind', async () => {
    const fresh = await f.seal('财务专用章', 'finance');
    const missing = join(dir, 'no-such-folder', 'out.pdf');
    const error = await failure(stampPdf(f.context, { ...request(base, { sealId: fresh.id }), output: missing }));
    expect([error.code, error.details]).toEqual(['OUTPUT_NOT_WRITABLE', { path: missing, reason: 'ENOENT' }]);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    const folder = join(dir, 'a-folder.pdf');
    await mkdir(folder);
    const before = new Set(await readdir(dir));
    expect((await failure(stampPdf(f.context, { ...request(base, { sealId: fresh.id }), output: folder }))).code).toBe('OUTPUT_NOT_WRITABLE');
    expect((await readdir(dir)).filter((n) => !before.has(n))).toEqual([]);
    expect(await readdir(folder)).toEqual([]);
  });

  it('a path no file system takes (a NUL byte in it): OUTPUT_NOT_WRITABLE, and nothing left behind', async () => {
    const before = new Set(await readdir(dir));
    const fresh = await f.seal('人事专用章', 'business');
    const error = await failure(stampPdf(f.context, { ...request(base, { sealId: fresh.id }), output: join(dir, 'out\0.pdf') }));
    expect([error.code, error.details.reason, error.status]).toEqual(['OUTPUT_NOT_WRITABLE', 'EINVAL', 409]);
    expect((await readdir(dir)).filter((n) => !before.has(n))).toEqual([]);
  });
});

describe('a signature that does not match the seal certificate', () => {
  it('CERT_KEY_MISMATCH (checked while the output is flushed), no output and no temp file', async () => {
    const a = await f.seal('业务专用章甲', 'business');
    const b = await f.seal('业务专用章乙', 'business');
    // a's key now signs under b's certificate: what a token swapped behind a seal would do
    f.registry.db.prepare('UPDATE seal_certificates SET der = ? WHERE seal_id = ? AND position = 0').run(b.certificateChain[0], a.id);
    await refused(request(base, { sealId: a.id }), 'CERT_KEY_MISMATCH');
  });
});

describe('stampDocument: no stamp without its event, every stamp audited', () => {
  it('an event the outbox cannot keep fails the stamp (OUTBOX_WRITE_FAILED), leaves no output, and the refusal is audited', async () => {
    const fresh = await f.seal('合同专用章', 'contract');
    const req = request(base, { sealId: fresh.id });
    // a terminal whose outbox cannot be opened: a folder stands where its database goes
    const broken = join(dir, 'broken-home');
    await mkdir(outboxPath(broken), { recursive: true });
    const events = new SealEventLog(broken);
    const audit = AuditLog.openPath(join(dir, 'audit-broken.db'));
    try {
      const before = new Set(await readdir(dir));
      const deps = { ...f.context, events, audit: { log: audit, actor: { id: 'clerk-1', username: 'clerk', role: 'clerk' }, organisationId: null } };
      expect((await failure(stampDocument(req, deps))).code).toBe('OUTBOX_WRITE_FAILED');
      expect(existsSync(req.output)).toBe(false);
      expect((await readdir(dir)).filter((n) => !before.has(n) && !n.startsWith('audit-broken.db'))).toEqual([]);
      const [entry] = audit.list({});
      expect(entry).toMatchObject({ action: 'stamp', outcome: 'failed', errorCode: 'OUTBOX_WRITE_FAILED', target: fresh.id, actor: { id: 'clerk-1' } });
    } finally {
      events.close();
      audit.close();
    }
  });

  it('a document refused after its event was signed (CERT_KEY_MISMATCH: the token signs both at once) leaves no event, no output, and is audited', async () => {
    const a = await f.seal('业务专用章丙', 'business');
    const b = await f.seal('业务专用章丁', 'business');
    f.registry.db.prepare('UPDATE seal_certificates SET der = ? WHERE seal_id = ? AND position = 0').run(b.certificateChain[0], a.id);
    const req = request(base, { sealId: a.id });
    const events = new SealEventLog(join(dir, 'mismatch-home'));
    const audit = AuditLog.openPath(join(dir, 'audit-mismatch.db'));
    try {
      const before = new Set(await readdir(dir));
      const deps = { ...f.context, events, audit: { log: audit, actor: { id: 'clerk-3' }, organisationId: null } };
      expect((await failure(stampDocument(req, deps))).code).toBe('CERT_KEY_MISMATCH');
      expect(existsSync(req.output)).toBe(false);
      expect((await readdir(dir)).filter((n) => !before.has(n) && !n.startsWith('audit-mismatch.db') && n !== 'mismatch-home')).toEqual([]);
      expect(events.outbox.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
      expect(audit.list({})).toMatchObject([{ action: 'stamp', outcome: 'failed', errorCode: 'CERT_KEY_MISMATCH', target: a.id }]);
    } finally {
      events.close();
      audit.close();
    }
  });

  it('a stamp that goes through has its event in the outbox, keyed by its signature, and its audit entry', async () => {
    const fresh = await f.seal('公章', 'official');
    const req = request(base, { sealId: fresh.id });
    const home = join(dir, 'good-home');
    const events = new SealEventLog(home);
    const audit = AuditLog.openPath(join(dir, 'audit-good.db'));
    try {
      const done = await stampDocument(req, { ...f.context, events, audit: { log: audit, actor: { id: 'clerk-2' }, organisationId: 'org-1' } });
      expect(existsSync(req.output)).toBe(true);
      expect(events.outbox.event(done.eventId)).toMatchObject({ kind: 'stamped', sealId: fresh.id, documentHash: done.result.documentHash });
      expect(new StampIndex(events.outbox.db).eventOf((await stampSignatureDigest(req.output))!)).toBe(done.eventId);
      expect(audit.list({})).toMatchObject([{ seq: done.auditSeq, action: 'stamp', outcome: 'ok', organisationId: 'org-1', details: { sealId: fresh.id, eventId: done.eventId } }]);
    } finally {
      events.close();
      audit.close();
    }
  });
});
