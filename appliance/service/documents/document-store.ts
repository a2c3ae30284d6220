import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { formatOf, headOf, openDocument } from '../../formats/index.js';
import type { Principal } from '../../directory/principal.js';
import { forbidden } from '../access/refusal.js';
import { readJson, writeJsonAtomic } from './atomic-json.js';
import type { ReceivedPdf } from './receive-pdf.js';

/** An uploaded document: it belongs to the operator who uploaded it. */
export interface DocumentRecord {
  id: string;
  operatorId: string;
  organisationId: string;
  fileName: string;
  sha256: string;
  size: number;
  pages: number;
  uploadedAt: string;
  /** 'pdf' or 'ofd'; absent in records kept before OFD documents were stored under their own name. */
  format?: string;
}

async function inspectHere(path: string): Promise<{ pages: number }> {
  const doc = await openDocument(path);
  try {
    return { pages: await doc.pageCount() };
  } finally {
    await doc.close();
  }
}

export const DOCUMENT_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * Uploaded documents under workDir/documents/<id>/: document.pdf (or document.ofd: a document is
 * stored under its format's extension) and record.json. The id is ours (a UUID), never the
 * client's file name, so no upload can name a place on disk.
 */
export class DocumentStore {
  readonly dir: string;

  constructor(workDir: string) {
    this.dir = join(workDir, 'documents');
  }

  /** Where uploads stream to before they are checked and kept. */
  get incoming(): string {
    return join(this.dir, 'incoming');
  }

  /** The stored document: document.ofd for an OFD, else document.pdf (every document kept before OFD had its own name). */
  documentPath(id: string): string {
    const ofd = join(this.dir, id, 'document.ofd');
    return existsSync(ofd) ? ofd : join(this.dir, id, 'document.pdf');
  }

  /**
   * Keeps a received upload once it opens as a PDF or an OFD (PDF_MALFORMED, OFD_MALFORMED, DOCUMENT_TOO_COMPLEX otherwise,
   * and nothing is kept). `inspect` opens it: in a worker thread for a file from outside (the
   * documents plugin), here for one this terminal made itself (a kiosk's rendered licence).
   */
  async keep(received: ReceivedPdf, owner: Principal, inspect: (path: string) => Promise<{ pages: number }> = inspectHere): Promise<DocumentRecord> {
    let pages: number;
    try {
      ({ pages } = await inspect(received.path));
    } catch (error) {
      await rm(received.path, { force: true });
      throw error;
    }
    const format = formatOf(headOf(received.path));
    const id = randomUUID();
    const record: DocumentRecord = {
      id,
      operatorId: owner.operatorId,
      organisationId: owner.organisationId,
      fileName: received.fileName,
      sha256: received.sha256,
      size: received.size,
      pages,
      uploadedAt: new Date().toISOString(),
      format: format.name,
    };
    await mkdir(join(this.dir, id), { recursive: true, mode: 0o700 });
    await rename(received.path, join(this.dir, id, `document${format.extension}`));
    await writeJsonAtomic(join(this.dir, id, 'record.json'), record);
    return record;
  }

  async get(id: string): Promise<DocumentRecord> {
    const record = new RegExp(DOCUMENT_ID_PATTERN).test(id) ? await readJson<DocumentRecord>(join(this.dir, id, 'record.json')) : undefined;
    if (!record) throw new SealdeskError('DOCUMENT_NOT_FOUND', { document: id });
    return record;
  }

  /** The operator's own document; another operator's is FORBIDDEN. */
  async own(id: string, principal: Principal): Promise<DocumentRecord> {
    const record = await this.get(id);
    if (record.operatorId !== principal.operatorId) throw forbidden(principal, record.organisationId);
    return record;
  }
}
