import { readFile } from 'node:fs/promises';
import { RandomAccessFile } from '../../pdf/random-access-file.js';
import { DocumentBudget } from '../../documents/index.js';
import type { DocumentFormat, OpenDocumentOptions } from '../document-format.js';
import { readStructure } from './ofd-package.js';
import { OfdOpened } from './ofd-opened.js';
import { ZipArchive } from './zip-archive.js';
import '../errors.js';

const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1');

/**
 * OFD (GB/T 33190): a zip whose root holds OFD.xml, stamped with GB/T 38540 e-seals. Its head is a
 * zip's; OFD.xml need not be its first entry (ofdrw writes Doc_0/ first), so a zip is taken as
 * OFD here and open() refuses one without OFD.xml as DOCUMENT_FORMAT_UNSUPPORTED, as for any other file.
 */
export const ofdFormat: DocumentFormat = {
  name: 'ofd',
  mediaType: 'application/ofd',
  extension: '.ofd',
  recognises: (head) => head.subarray(0, 4).equals(ZIP_LOCAL),
  async open(path, options: OpenDocumentOptions = {}) {
    const bytes = options.bytes ?? (await wholeFile(path));
    const budget = DocumentBudget.for(bytes.length, options.limits);
    const archive = ZipArchive.read(bytes, budget);
    return new OfdOpened(ofdFormat, archive, readStructure(archive, budget), budget, path);
  },
};

/**
 * The package's bytes: a small one (most OFDs: certificates, invoices) read at once as the PDF
 * reader reads small files, where fs.promises.readFile's thread-pool round trips cost more than a
 * one-page OFD's whole verification's reading (test/bench/ofd-stamp.bench.ts).
 */
async function wholeFile(path: string): Promise<Buffer> {
  const file = await RandomAccessFile.open(path);
  if (file.bytes) return file.bytes;
  await file.close();
  return readFile(path);
}
