import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { loadConfig, type SealdeskConfig } from '../config/config.js';

const MiB = 1024 * 1024;

/**
 * How much of the appliance one document from outside may take, whatever its format. Every
 * document gets its own DocumentBudget from these (document-budget.ts). config.json
 * `documents.limits` overrides any of them; README "Document limits" says what each one bounds.
 */
export interface DocumentLimits {
  /** Bytes one stream (a PDF object or xref stream, later a zip entry) may decompress to. */
  inflatedBytesPerStream: number;
  /** Bytes all of a document's streams together may decompress to: this many times its size… */
  inflatedBytesRatio: number;
  /** …but never less than this, so a small file may still hold ordinary compressed streams. */
  inflatedBytesFloor: number;
  /** Objects a document may declare (cross-reference entries, later archive entries). */
  objects: number;
  /** Compressed object containers decoded (PDF object streams). */
  objectStreams: number;
  /** Arrays and dictionaries inside one another (later: XML element depth). */
  nestingDepth: number;
  /** Pages the page tree really holds. */
  pages: number;
  /** Levels of the page tree. */
  pageTreeDepth: number;
  /** Signature fields a document's form may have. */
  signatureFields: number;
  /** Bytes of one signature value (a PDF /Contents, decoded). */
  signatureBytes: number;
  /** Revisions: cross-reference sections in the /Prev chain (with hybrid /XRefStm streams). */
  revisions: number;
  /** Files in an archive (an OFD package's zip entries), counted as its central directory is read. */
  archiveEntries: number;
  /** How many times its compressed size one archive entry may inflate to (past 1 MiB): a zip bomb's mark. */
  archiveEntryRatio: number;
}

/**
 * What each limit must be (config.json may set any of them): an integer or any number, at least
 * this much. Checked by hand rather than with a schema library, whose load `sealdesk verify` and
 * `stamp` would pay on every start (cli-start bench) for a check that runs only when config.json sets limits.
 */
const RULES: Readonly<Record<keyof DocumentLimits, { integer: boolean; minimum: number }>> = {
  inflatedBytesPerStream: { integer: true, minimum: 1024 },
  inflatedBytesRatio: { integer: false, minimum: 1 },
  inflatedBytesFloor: { integer: true, minimum: 1024 },
  objects: { integer: true, minimum: 16 },
  objectStreams: { integer: true, minimum: 1 },
  nestingDepth: { integer: true, minimum: 8 },
  pages: { integer: true, minimum: 1 },
  pageTreeDepth: { integer: true, minimum: 2 },
  signatureFields: { integer: true, minimum: 1 },
  signatureBytes: { integer: true, minimum: 1024 },
  revisions: { integer: true, minimum: 1 },
  archiveEntries: { integer: true, minimum: 16 },
  archiveEntryRatio: { integer: false, minimum: 10 },
};

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
  // an OFD holds a few files per page and per resource; ofdrw's largest sample has a few dozen
  archiveEntries: 20_000,
  // text and XML deflate 5-20×, a blank picture a few hundred×; a bomb thousands×
  archiveEntryRatio: 1_000,
});

/** The first thing wrong with a `documents.limits` section, worded as a JSON schema validator words it; undefined when none is. */
function problemOf(override: unknown): string | undefined {
  if (typeof override !== 'object' || override === null || Array.isArray(override)) return ': Expected object';
  const values = override as Record<string, unknown>;
  const unknown = Object.keys(values).find((name) => !Object.hasOwn(RULES, name));
  if (unknown !== undefined) return `/${unknown}: Unexpected property`;
  for (const [name, rule] of Object.entries(RULES)) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    const kind = rule.integer ? 'integer' : 'number';
    if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) return `/${name}: Expected ${kind}`;
    if (value < rule.minimum) return `/${name}: Expected ${kind} to be greater or equal to ${rule.minimum}`;
  }
  return undefined;
}

/** The defaults with `override` on top; CONFIG_INVALID naming the key when one is unknown or out of range. */
export function documentLimits(override: unknown = {}, where = 'documents.limits'): DocumentLimits {
  const problem = problemOf(override);
  if (problem) throw new SealdeskError('CONFIG_INVALID', { reason: `${where}${problem}` });
  return { ...DEFAULT_DOCUMENT_LIMITS, ...(override as Partial<DocumentLimits>) };
}

/** config.json `documents.limits` under `home`, over the defaults. */
export function loadDocumentLimits(home: string | undefined): DocumentLimits {
  return home ? documentLimitsIn(loadConfig(home)) : DEFAULT_DOCUMENT_LIMITS;
}

/** `documents.limits` of a config already read, over the defaults. */
export function documentLimitsIn(config: SealdeskConfig): DocumentLimits {
  const section = (config as { documents?: unknown }).documents;
  if (section === undefined) return DEFAULT_DOCUMENT_LIMITS;
  if (typeof section !== 'object' || section === null || Object.keys(section).some((k) => k !== 'limits')) {
    throw new SealdeskError('CONFIG_INVALID', { reason: 'config.json documents: only "limits" is known' });
  }
  return documentLimits((section as { limits?: unknown }).limits ?? {}, 'config.json documents.limits');
}
