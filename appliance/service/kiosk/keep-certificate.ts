import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IdCard } from '../../../drivers/idcard/idcard-reader.js';
import type { Principal } from '../../directory/principal.js';
import type { Seal } from '../../seals/seal.js';
import { holderFromCard, type CertificateFormat, type CertificateTemplate } from '../../templates/index.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { ServiceContext } from '../service-context.js';
import { keepPaperBase } from './paper-copy.js';
import { renderForHolder } from './render-for-holder.js';

/** A certificate kept as the citizen's document, not yet stamped: what the stamp job takes. */
export interface KeptCertificate {
  documentId: string;
  placement: { kind: 'text'; text: string };
}

/** Writes bytes under the store's incoming folder and keeps them as the kiosk's document, named by the certificate's number. */
async function keepBytes(documents: DocumentStore, principal: Principal, bytes: Buffer, fileName: string): Promise<string> {
  await mkdir(documents.incoming, { recursive: true, mode: 0o700 });
  const path = join(documents.incoming, `${randomUUID()}${fileName.slice(fileName.lastIndexOf('.'))}`);
  await writeFile(path, bytes, { mode: 0o600 });
  const kept = await documents.keep({ path, fileName, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length }, principal);
  return kept.id;
}

/**
 * The holder's certificate rendered in the template's format (the caller checked it with the seal:
 * checkKioskFormat) and kept as the citizen's document, ready to stamp. PDF: rendered and kept.
 * OFD: the OFD (the e-licence that is stamped and kept) and the PDF of the same layout, data and
 * time (the paper copy's base: the document printer takes PDF), rendered together in document
 * threads; the PDF kept beside the document, or the document removed again — nothing half kept.
 */
export async function keepCertificate(
  context: ServiceContext,
  documents: DocumentStore,
  principal: Principal,
  issue: { template: CertificateTemplate; card: IdCard; seal: Seal; fields: Record<string, string>; format: CertificateFormat },
): Promise<KeptCertificate> {
  const { template, card, seal, fields, format } = issue;
  const time = new Date();
  if (format === 'pdf') {
    const rendered = await renderForHolder(context.documentPool, template, card, seal, fields, time);
    return { documentId: await keepBytes(documents, principal, rendered.pdf, `${rendered.documentNumber}.pdf`), placement: rendered.placement };
  }
  const [ofd, paper] = await Promise.all([
    context.documentPool.renderCertificateFile(template, { holder: holderFromCard(card), fields }, { time, issuer: seal.organisation.name, format }),
    renderForHolder(context.documentPool, template, card, seal, fields, time),
  ]);
  const documentId = await keepBytes(documents, principal, ofd.bytes, `${ofd.documentNumber}${ofd.extension}`);
  try {
    await keepPaperBase(context, documentId, paper);
  } catch (error) {
    await rm(join(documents.dir, documentId), { recursive: true, force: true });
    throw error;
  }
  return { documentId, placement: ofd.placement };
}
