import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from '../documents/index.js';
import { isPngPrepared, keepPreparedPng, type PreparedPng, type TextHit } from '../pdf/index.js';
import type { Placement } from '../stamping/stamp-request.js';
import type { CertificateTemplate, CertificateData, CertificateFile, CertificateFormat, OfdRenderOptions, PaperMarks, RenderedCertificate, RenderOptions } from '../templates/index.js';
import type { CertificateFileWire, Inspection, RenderedCertificateWire } from './document-jobs.js';
import { WorkerPool } from './worker-pool.js';

export interface DocumentPoolSettings {
  /** Threads of each lane (see DocumentPool), each started on first need and kept. */
  workers: number;
  /** Public jobs waiting for a thread; past it SERVICE_BUSY (503, Retry-After) at once. */
  queueLimit: number;
  /** The same for operators' uploads: as many as a hall's clerks and kiosks may send at once. */
  staffQueueLimit: number;
  /** One document's wall time and heap; past either it is DOCUMENT_TOO_COMPLEX (422). */
  timeLimitMs: number;
  memoryLimitMb: number;
}

// beside this module: the source, or in the built CLI the entry of the same name (scripts/build-cli.ts)
const DOCUMENT_JOBS = new URL(import.meta.url.endsWith('.ts') ? './document-jobs.ts' : './document-jobs.js', import.meta.url);

/**
 * The service's document work on files from outside, each job in a worker thread under the
 * settings' limits (see worker-pool.ts): the main thread keeps answering whatever a document does.
 * Two lanes with their own threads and queues: the anonymous public's verifications, and the
 * documents signed-in operators upload to stamp, so that bombs sent to /api/verify can fill only
 * their own lane and a clerk's upload never waits behind them.
 * `jobs` names another jobs module with the same kinds (tests add hostile ones); `limits` are the
 * parser's budgets (config.json documents.limits), sent with every job.
 */
export class DocumentPool {
  readonly public: WorkerPool;
  readonly staff: WorkerPool;

  constructor(
    settings: DocumentPoolSettings,
    jobs: URL = DOCUMENT_JOBS,
    private readonly limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
  ) {
    const options = { jobs, size: settings.workers, timeLimitMs: settings.timeLimitMs, memoryLimitMb: settings.memoryLimitMb };
    this.public = new WorkerPool({ ...options, queueLimit: settings.queueLimit });
    this.staff = new WorkerPool({ ...options, queueLimit: settings.staffQueueLimit });
  }

  /** Threads alive in both lanes. */
  get threads(): number {
    return this.public.threads + this.staff.threads;
  }

  /** Opens an upload and counts its pages (the tree as it really is, within the parser's budgets). */
  inspect(path: string): Promise<Inspection> {
    return this.staff.run('inspect', { path, limits: this.limits });
  }

  /** Does in a thread the parsing a stamp's placement will do (see document-jobs.ts), so that it is known to stay within the limits. */
  async rehearse(path: string, placement: Placement): Promise<void> {
    await this.staff.run('rehearse', { path, placement, limits: this.limits });
  }

  /** A text placement's anchor, found in a thread (see findText in appliance/pdf). */
  findText(path: string, text: string, pages?: readonly number[]): Promise<TextHit> {
    return this.staff.run('findText', { path, text, ...(pages ? { pages } : {}) });
  }

  /** An uploaded OFD's page as SVG (the counter's preview), drawn in a thread: the page's XML and images are the citizen's. */
  pageSvg(path: string, page: number): Promise<string> {
    return this.staff.run('pageSvg', { path, page, limits: this.limits });
  }

  /** A seal's PNG prepared for the PDF in a thread, once: later stamps draw it from the main thread's cache. */
  async prepareSealImage(png: Buffer): Promise<void> {
    if (isPngPrepared(png)) return;
    keepPreparedPng(png, await this.staff.run<PreparedPng>('sealImage', { png }));
  }

  /** A certificate rendered in a thread (fonts and deflate off the main thread); the same bytes renderCertificate gives. */
  async renderCertificate(template: CertificateTemplate, data: CertificateData, options: RenderOptions): Promise<RenderedCertificate> {
    // an IdNumber's digits are a private field, which a message to a thread would drop: they cross as text, for the page only
    const idNumber = data.holder?.idNumber;
    const holder = data.holder && typeof idNumber === 'object' ? { ...data.holder, idNumber: idNumber.reveal() } : data.holder;
    const rendered = await this.staff.run<RenderedCertificateWire>('certificate', { template, data: { ...data, ...(holder ? { holder } : {}) }, options });
    return { ...rendered, pdf: Buffer.from(rendered.pdf.buffer, rendered.pdf.byteOffset, rendered.pdf.byteLength) };
  }

  /** A certificate in the request's or the template's format (PDF or OFD), rendered in a thread as above. */
  async renderCertificateFile(template: CertificateTemplate, data: CertificateData, options: OfdRenderOptions & { format?: CertificateFormat }): Promise<CertificateFile> {
    const idNumber = data.holder?.idNumber;
    const holder = data.holder && typeof idNumber === 'object' ? { ...data.holder, idNumber: idNumber.reveal() } : data.holder;
    const rendered = await this.staff.run<CertificateFileWire>('certificateFile', { template, data: { ...data, ...(holder ? { holder } : {}) }, options });
    return { ...rendered, bytes: Buffer.from(rendered.bytes.buffer, rendered.bytes.byteOffset, rendered.bytes.byteLength) };
  }

  /** The paper copy of a certificate issued as another format (see paperCopy in templates), made in a thread: a PNG decoded and a PDF written. */
  async paperCopy(pdf: Buffer, marks: PaperMarks): Promise<Buffer> {
    const copy = await this.staff.run<Uint8Array>('paperCopy', { pdf, marks });
    return Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
  }

  /** The verification report of `sealdesk verify --json` (chain included when configured), as JSON. */
  verify<T>(path: string, home: string): Promise<T> {
    return this.public.run('verify', { path, home, limits: this.limits });
  }

  /** Both lanes' threads started and ready (see WorkerPool.warm). */
  async warm(): Promise<void> {
    await Promise.all([this.public.warm(), this.staff.warm()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.public.close(), this.staff.close()]);
  }
}
