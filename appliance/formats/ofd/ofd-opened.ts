import { createHash } from 'node:crypto';
import { sm3 } from '../../../drivers/pkcs11/sm2.js';
import type { DocumentBudget } from '../../documents/index.js';
import { decodeSeal } from '../../eseals/index.js';
import type { VerificationReport } from '../../pades/index.js';
import type { DocumentFormat, EmbeddedSignature, OpenedDocument, PageDescription, PendingSignature, Placement, PlacedSeal, SealAppearance, SignatureSpec, SignatureTrust, TextFinder } from '../document-format.js';
import type { PendingOutput } from '../../pdf/index.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { MM_TO_PT, pageBox, readXml, resolveLoc, type OfdStructure } from './ofd-package.js';
import { OfdPending } from './ofd-pending.js';
import { isOfdPlaced, placeOnOfd } from './ofd-placement.js';
import { attribute, child, children, text } from './safe-xml.js';
import { extendSignaturesXml, newSignaturesXml, ofdXmlWithSignatures, signatureXml } from './signature-xml.js';
import { findTextInPages } from './text-find.js';
import { qrAnnotation } from './qr-annotation.js';
import { verifyOfdSignatures } from './ofd-verify.js';
import { listOfdSignatures, type ListedOfdSignature } from './signature-list.js';
import type { ZipArchive } from './zip-archive.js';
import { rewritePackage } from './zip-writer.js';

/** An OFD package opened as the document-format seam sees it (the whole package in memory, read within its budget). */
export class OfdOpened implements OpenedDocument {
  readonly format: DocumentFormat;
  readonly archive: ZipArchive;
  readonly structure: OfdStructure;
  readonly #budget: DocumentBudget;
  readonly #path: string;

  /** A caller's TextFinder (the service's, for PDF's viewer extraction in its threads) is not used: see place(). */
  constructor(format: DocumentFormat, archive: ZipArchive, structure: OfdStructure, budget: DocumentBudget, path: string) {
    this.format = format;
    this.archive = archive;
    this.structure = structure;
    this.#budget = budget;
    this.#path = path;
  }

  sha256(): Promise<string> {
    return Promise.resolve(createHash('sha256').update(this.archive.bytes).digest('hex'));
  }

  pageCount(): Promise<number> {
    return Promise.resolve(this.structure.pages.length);
  }

  page(number: number): Promise<PageDescription> {
    const page = this.structure.pages[number - 1];
    if (!page || number < 1) return Promise.reject(new SealdeskError('PAGE_OUT_OF_RANGE', { page: number, pageCount: this.structure.pages.length }));
    const [, , width, height] = pageBox(this.archive, this.structure, page, this.#budget);
    return Promise.resolve({ number, width: width * MM_TO_PT, height: height * MM_TO_PT });
  }

  /** Text is found in this thread: an OFD's text is its XML, read in microseconds (no viewer's extraction). */
  place(placement: Placement, appearance: SealAppearance): Promise<PlacedSeal> {
    const find: TextFinder = async (_path, needle, pages) => findTextInPages(this.archive, this.structure, needle, this.#budget, pages);
    // the seal prints at its picture's own size (GB/T 38540 gives it in mm) unless the placement says otherwise
    const widthMm = appearance.eseal ? pictureWidthMm(appearance.eseal) : undefined;
    return placeOnOfd(this.structure.pages, (p) => pageBox(this.archive, this.structure, p, this.#budget), this.#path, placement, appearance, find, widthMm || undefined);
  }

  /**
   * The stamped package: OFD.xml names Signatures.xml (on the first stamp), Signatures.xml gains
   * the new signature, Sign_K/ holds Seal.esl, Signature.xml (an SM3 check value for every file
   * but Signatures.xml and this signature's own two) and, once signed, SignedValue.dat. Every
   * other entry is copied raw, so what earlier signatures protect stays byte-identical.
   */
  async prepareSignature(output: string | PendingOutput, placed: PlacedSeal, spec: SignatureSpec): Promise<PendingSignature> {
    if (!isOfdPlaced(placed)) throw new TypeError('a seal placed on another format');
    const archive = this.archive;
    const signsFile = this.structure.signaturesFile ?? `${this.structure.docFolder}Signs/Signatures.xml`;
    const signsDir = signsFile.split('/').slice(0, -1).join('/');
    const taken = archive.entries.map((e) => new RegExp(`^${escapeRegExp(signsDir)}/Sign_(\\d+)/`).exec(e.name)).filter((m) => m !== null).map((m) => Number(m[1]));
    const folder = `${signsDir}/Sign_${taken.length ? Math.max(...taken) + 1 : 0}`;
    const { listed, maxId } = listOfdSignatures(archive, this.structure, this.#budget);
    const protectedFiles = this.#protectedFiles(listed);
    if (protectedFiles.has(signsFile)) {
      throw new SealdeskError('OFD_SIGNATURES_PROTECTED', { signature: `/${protectedFiles.get(signsFile)!}`, file: `/${signsFile}` });
    }
    const signId = String(maxId + 1);
    // the StampAnnots' IDs follow the signature's; MaxSignId names the last, so the next signature's ID is new
    const annots = [{ pageId: placed.pageId, boundary: placed.boundary }, ...(placed.crossPage ?? [])].map((a, i) => ({ ...a, id: String(maxId + 2 + i) }));
    const lastId = annots.at(-1)!.id;
    const loc = (name: string) => `/${name}`;
    const replaced = new Map<string, Buffer>();
    const added = new Map<string, Buffer>();
    if (!this.structure.signaturesFile) replaced.set('OFD.xml', ofdXmlWithSignatures(archive.read('OFD.xml')!, loc(signsFile)));
    // the QR 证照码 annotation changes Document.xml: left out when an earlier signature protects what it changes
    const qr = placed.qr ? qrAnnotation(archive, this.structure, this.#budget, this.structure.pages[placed.page - 1]!, placed.qr.box, placed.qr.grid, spec.signingTime) : undefined;
    if (qr && ![...qr.replaced.keys()].some((name) => protectedFiles.has(name))) {
      for (const [name, data] of qr.replaced) replaced.set(name, data);
      for (const [name, data] of qr.added) added.set(name, data);
    }
    const existing = archive.has(signsFile) ? archive.read(signsFile) : undefined;
    const signatures = existing ? extendSignaturesXml(existing, signId, loc(`${folder}/Signature.xml`), lastId) : newSignaturesXml(signId, loc(`${folder}/Signature.xml`), lastId);
    (existing ? replaced : added).set(signsFile, signatures);
    added.set(`${folder}/Seal.esl`, placed.eseal);
    const references = [...archive.entries.filter((e) => !e.directory).map((e) => e.name), ...added.keys()]
      .filter((name) => name !== signsFile)
      .map((name) => ({ loc: loc(name), checkValue: sm3(replaced.get(name) ?? added.get(name) ?? archive.read(name)!).toString('base64') }));
    const xml = signatureXml({
      signedValueLoc: loc(`${folder}/SignedValue.dat`),
      sealLoc: loc(`${folder}/Seal.esl`),
      time: spec.signingTime,
      references,
      stampAnnots: annots.map(({ id, pageId, boundary, ...rest }) => ({ id, pageId, boundary, ...('clip' in rest ? { clip: rest.clip } : {}) })),
    });
    added.set(`${folder}/Signature.xml`, xml);
    const before = (signedValue: Buffer) => rewritePackage(archive, replaced, new Map([...added, [`${folder}/SignedValue.dat`, signedValue]]), spec.signingTime);
    return new OfdPending({ before, signatureXml: xml, signatureLoc: loc(`${folder}/Signature.xml`), eseal: placed.eseal, signingTime: spec.signingTime }, output);
  }

  /**
   * Every file an earlier signature protects, with the signature that does. A new signature
   * extends Signatures.xml: when one protects it (ofdrw's "all protected" mode, some vendors'
   * digital signatures) stamping would break it, so the stamp is refused instead.
   */
  #protectedFiles(listed: readonly ListedOfdSignature[]): Map<string, string> {
    const files = new Map<string, string>();
    for (const s of listed) {
      if (!this.archive.has(s.file)) continue;
      const refs = children(child(child(child(readXml(this.archive, s.file, this.#budget), 'Signature'), 'SignedInfo'), 'References'), 'Reference');
      for (const r of refs) files.set(resolveLoc('OFD.xml', attribute(r, 'FileRef') ?? ''), s.file);
    }
    return files;
  }

  /** Each listed signature's SignedValue.dat, in Signatures.xml's order; revisionEnd is its position there (1-based): an OFD has no revisions. */
  async signatures(): Promise<EmbeddedSignature[]> {
    const { listed } = listOfdSignatures(this.archive, this.structure, this.#budget);
    return listed.map((s, i) => {
      const signature = child(readXml(this.archive, s.file, this.#budget), 'Signature');
      const valueLoc = text(child(signature, 'SignedValue'));
      const value = valueLoc ? this.archive.read(resolveLoc(s.file, valueLoc)) : undefined;
      return { kind: 'signature' as const, revisionEnd: i + 1, value: value ?? Buffer.alloc(0) };
    });
  }

  verifySignatures(trust: SignatureTrust): Promise<VerificationReport> {
    return Promise.resolve(verifyOfdSignatures(this.archive, this.structure, this.#budget, trust));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

// a batch stamps with one seal, and decoding an SESeal with its picture takes ~20 ms (asn1js): its width is kept by its bytes
const widths = new Map<string, number>();
function pictureWidthMm(eseal: Buffer): number {
  const key = createHash('sha256').update(eseal).digest('base64');
  let width = widths.get(key);
  if (width === undefined) {
    width = decodeSeal(eseal).picture.widthMm;
    if (widths.size >= 16) widths.delete(widths.keys().next().value!);
    widths.set(key, width);
  }
  return width;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
