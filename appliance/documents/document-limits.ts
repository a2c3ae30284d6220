import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { loadConfig } from '../config/config.js';

const MiB = 1024 * 1024;

/**
 * How much of the appliance one document from outside may take, whatever its format. Every
 * document gets its own DocumentBudget from these (document-budget.ts). config.json
 * `documents.limits` overrides any of them; README "Document limits" says what each one bounds.
 */
export const DocumentLimitsSchema = Type.Object(
  {
    /** Bytes one stream (a PDF object or xref stream, later a zip entry) may decompress to. */
    inflatedBytesPerStream: Type.Integer({ minimum: 1024 }),
    /** Bytes all of a document's streams together may decompress to: this many times its size… */
    inflatedBytesRatio: Type.Number({ minimum: 1 }),
    /** …but never less than this, so a small file may still hold ordinary compressed streams. */
    inflatedBytesFloor: Type.Integer({ minimum: 1024 }),
    /** Objects a document may declare (cross-reference entries, later archive entries). */
    objects: Type.Integer({ minimum: 16 }),
    /** Compressed object containers decoded (PDF object streams). */
    objectStreams: Type.Integer({ minimum: 1 }),
    /** Arrays and dictionaries inside one another (later: XML element depth). */
    nestingDepth: Type.Integer({ minimum: 8 }),
    /** Pages the page tree really holds. */
    pages: Type.Integer({ minimum: 1 }),
    /** Levels of the page tree. */
    pageTreeDepth: Type.Integer({ minimum: 2 }),
    /** Signature fields a document's form may have. */
    signatureFields: Type.Integer({ minimum: 1 }),
    /** Bytes of one signature value (a PDF /Contents, decoded). */
    signatureBytes: Type.Integer({ minimum: 1024 }),
    /** Revisions: cross-reference sections in the /Prev chain (with hybrid /XRefStm streams). */
    revisions: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type DocumentLimits = Static<typeof DocumentLimitsSchema>;

/** Large enough for every real document we have seen (a 1,151-page, 50 MB scan uses a fraction of each). */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = Object.freeze({
  inflatedBytesPerStream: 64 * MiB,
  inflatedBytesRatio: 20,
  inflatedBytesFloor: 64 * MiB,
  objects: 1_000_000,
  objectStreams: 20_000,
  nestingDepth: 256,
  pages: 50_000,
  pageTreeDepth: 64,
  signatureFields: 100,
  signatureBytes: 4 * MiB,
  revisions: 1_000,
});

const ConfigSection = Type.Partial(DocumentLimitsSchema, { additionalProperties: false });

/** The defaults with `override` on top; CONFIG_INVALID naming the key when one is unknown or out of range. */
export function documentLimits(override: unknown = {}, where = 'documents.limits'): DocumentLimits {
  const problem = Value.Errors(ConfigSection, override).First();
  if (problem) throw new SealdeskError('CONFIG_INVALID', { reason: `${where}${problem.path || ''}: ${problem.message}` });
  return { ...DEFAULT_DOCUMENT_LIMITS, ...(override as Partial<DocumentLimits>) };
}

/** config.json `documents.limits` under `home`, over the defaults. */
export function loadDocumentLimits(home: string | undefined): DocumentLimits {
  if (!home) return DEFAULT_DOCUMENT_LIMITS;
  const section = (loadConfig(home) as { documents?: unknown }).documents;
  if (section === undefined) return DEFAULT_DOCUMENT_LIMITS;
  if (typeof section !== 'object' || section === null || Object.keys(section).some((k) => k !== 'limits')) {
    throw new SealdeskError('CONFIG_INVALID', { reason: 'config.json documents: only "limits" is known' });
  }
  return documentLimits((section as { limits?: unknown }).limits ?? {}, 'config.json documents.limits');
}
