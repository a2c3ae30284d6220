import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { simControl } from '../../appliance/sim/control-client.js';
import type { HallClient } from './hall-client.js';
import { plugToken, pullToken } from './token-pull.js';

/** What one kiosk session or counter stamp came to. A fault injected on purpose counts only if it did not recover. */
export interface Outcome {
  kind: 'kiosk' | 'counter';
  ok: boolean;
  fault?: 'card-out' | 'paper-out' | 'token-pull';
  /** The error the fault was seen as, then whether the retry after putting things right succeeded. */
  faultSeen?: string;
  recovered?: boolean;
  /** Retries the recovery took (the hall noticing a key plugged back in, the printer free again). */
  retries?: number;
  /** Prints retried because the other side's paper-out or waiting receipt held the shared receipt printer. */
  printerWaits?: number;
  error?: string;
  ms: number;
}

const FIELDS = { residenceAddress: '浙江省杭州市西湖区文三路90号', residenceSince: '2020-09-01', purpose: '子女入学' };
const TEMPLATE = 'residence-certificate';

/** The receipt printer is one for the whole demo hall: the other side's paper-out or waiting receipt holds it a while. */
const PRINTER_HELD = new Set(['DEVICE_BUSY', 'PRINTER_PAPER_OUT']);

const code = (body: unknown) => (body && typeof body === 'object' && 'code' in body ? String((body as { code: unknown }).code) : JSON.stringify(body).slice(0, 200));

function expect(ok: boolean, what: string, status: number, body: unknown): void {
  if (!ok) throw new Error(`${what}: ${status} ${code(body)}`);
}

/**
 * Prints a stamp's outputs again until the shared receipt printer lets it (as a clerk presses
 * "retry" once the paper is in and the waiting receipt finished); how many retries it took.
 */
async function printWhenFree(client: HallClient, stampId: string): Promise<number> {
  for (let retries = 0; ; retries++) {
    const printed = await client.call('POST', `/api/stamps/${stampId}/print`, {});
    if (printed.status === 200) return retries;
    expect(PRINTER_HELD.has(code(printed.body)) && retries < 120, 'print', printed.status, printed.body);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A print error that says the other side holds the shared receipt printer, rather than a fault of this session. */
const heldByOtherSide = (printError: unknown) => printError !== null && PRINTER_HELD.has(code(printError));

/**
 * A citizen at the kiosk: the card goes on the reader, is read, the certificate previewed, issued
 * with its receipt, and the card taken away. Faults: the card taken off before the read
 * (NO_CARD, then put back), or the receipt paper out (the certificate stands, its receipt is
 * reprinted after paper in).
 */
export async function kioskSession(home: string, kiosk: HallClient, n: number, fault?: 'card-out' | 'paper-out'): Promise<Outcome> {
  const started = Date.now();
  const outcome: Outcome = { kind: 'kiosk', ok: false, ms: 0, ...(fault ? { fault } : {}) };
  try {
    await simControl(home, 'card/insert', { name: n % 2 ? '李华' : '王小明' });
    if (fault === 'card-out') {
      await simControl(home, 'card/remove');
      const refused = await kiosk.call('POST', '/api/devices/idcard/read', {});
      outcome.faultSeen = `${refused.status} ${code(refused.body)}`;
      expect(refused.status === 404, 'read without a card', refused.status, refused.body);
      await simControl(home, 'card/insert', {});
    }
    const read = await kiosk.call('POST', '/api/devices/idcard/read', {});
    expect(read.status === 200, 'card read', read.status, read.body);
    const preview = await kiosk.bytes('POST', '/api/kiosk/preview', { templateId: TEMPLATE, fields: FIELDS });
    expect(preview.status === 200 && preview.bytes.subarray(0, 5).toString() === '%PDF-', 'preview', preview.status, preview.bytes.subarray(0, 200).toString());
    if (fault === 'paper-out') await simControl(home, 'paper/out');
    const issued = await kiosk.call<{ stamp?: { id: string; status: string }; printError: unknown }>('POST', '/api/kiosk/certificates', { templateId: TEMPLATE, fields: FIELDS }, `soak-kiosk-${n}`);
    expect(issued.status === 201 && issued.body.stamp?.status === 'done', 'certificate', issued.status, issued.body);
    if (fault === 'paper-out') {
      outcome.faultSeen = `printError ${code(issued.body.printError)}`;
      expect(issued.body.printError !== null, 'receipt with the paper out', issued.status, issued.body);
      await simControl(home, 'paper/in');
      outcome.retries = await printWhenFree(kiosk, issued.body.stamp!.id);
    } else if (heldByOtherSide(issued.body.printError)) {
      outcome.printerWaits = 1 + (await printWhenFree(kiosk, issued.body.stamp!.id));
    } else {
      expect(issued.body.printError === null, 'certificate and receipt printed', issued.status, issued.body.printError);
    }
    await kiosk.call('DELETE', '/api/devices/idcard/card');
    await simControl(home, 'card/remove');
    outcome.ok = true;
    if (fault) outcome.recovered = true;
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
    if (fault) outcome.recovered = false;
    // leave the hall as the next citizen expects it: paper in, no card
    await simControl(home, 'paper/in').catch(() => undefined);
    await simControl(home, 'card/remove').catch(() => undefined);
  }
  outcome.ms = Date.now() - started;
  return outcome;
}

/** An application form of one page, a little different each time (so each upload is a document of its own). */
export async function applicationPdf(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`soak application ${n}`);
  const page = doc.addPage([595, 842]);
  page.drawText(`Application ${n}`, { x: 72, y: 760, size: 18, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

export interface CounterSetup {
  sealId: string;
  pin: string;
  /** The counter token's SoftHSM directory, for the pull. */
  tokenDir: string;
}

/**
 * A clerk at the counter: uploads the application, stamps it with the PIN, prints it and its
 * receipt. Fault: the USB key pulled while stamping is asked for (TOKEN_NOT_PRESENT), plugged in
 * again, and the same request (same Idempotency-Key, the PIN logs in again) stamps it.
 */
export async function counterStamp(home: string, clerk: HallClient, setup: CounterSetup, n: number, fault?: 'token-pull'): Promise<Outcome> {
  const started = Date.now();
  const outcome: Outcome = { kind: 'counter', ok: false, ms: 0, ...(fault ? { fault } : {}) };
  let pulled = false;
  try {
    const uploaded = await clerk.upload(await applicationPdf(n), `申请表-${n}.pdf`);
    expect(uploaded.status === 201, 'upload', uploaded.status, uploaded.body);
    const body = { documentId: uploaded.body.documentId, sealId: setup.sealId, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: setup.pin };
    const key = `soak-counter-${n}`;
    if (fault === 'token-pull') {
      await pullToken(home, setup.tokenDir);
      pulled = true;
      const refused = await clerk.call('POST', '/api/stamps', body, key);
      outcome.faultSeen = `${refused.status} ${code(refused.body)}`;
      expect(refused.status === 503, 'stamp with the key pulled', refused.status, refused.body);
      await plugToken(home, setup.tokenDir);
      pulled = false;
    }
    let stamped = await clerk.call<{ id: string; status: string }>('POST', '/api/stamps', body, key);
    // the key back in: the clerk tries again until the hall has found it (its hot-plug watch polls)
    for (let attempt = 1; fault && stamped.status === 503 && attempt <= 20; attempt++) {
      await new Promise((r) => setTimeout(r, 500));
      stamped = await clerk.call<{ id: string; status: string }>('POST', '/api/stamps', body, key);
      outcome.retries = attempt;
    }
    expect((stamped.status === 201 || stamped.status === 200) && stamped.body.status === 'done', 'stamp', stamped.status, stamped.body);
    const waits = await printWhenFree(clerk, stamped.body.id);
    if (waits) outcome.printerWaits = waits;
    outcome.ok = true;
    if (fault) outcome.recovered = true;
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
    if (fault) outcome.recovered = false;
    if (pulled) await plugToken(home, setup.tokenDir).catch(() => undefined);
  }
  outcome.ms = Date.now() - started;
  return outcome;
}
