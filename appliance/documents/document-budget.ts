import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';
import { LIMIT_NAMES } from './limit-names.js';

/** Limits a document spends from as it is read: totals over the whole document. */
export type CountedLimit = 'inflatedBytes' | 'objects' | 'objectStreams' | 'pages' | 'signatureFields' | 'revisions' | 'archiveEntries';
/** Limits one item is held to on its own: a stream, a nesting, a tree, a signature. */
export type ItemLimit = 'inflatedBytesPerStream' | 'nestingDepth' | 'pageTreeDepth' | 'signatureBytes' | 'archiveEntryRatio';
export type LimitName = CountedLimit | ItemLimit;

/**
 * One opened document's share of the appliance. The parser of each format (PDF today, OFD next)
 * holds one and spends from it before it does the work: inflating, declaring objects, walking
 * pages. Past a limit it throws DOCUMENT_TOO_COMPLEX naming the limit, so a bomb ends as a typed
 * refusal, never as a hang or an exhausted heap. Not shared between documents.
 */
export class DocumentBudget {
  private readonly spent = new Map<CountedLimit, number>();

  private constructor(
    readonly limits: DocumentLimits,
    /** The input's size in bytes: the per-document inflate limit grows with it. */
    readonly inputSize: number,
  ) {}

  /** A budget for one document of `inputSize` bytes; `limits` default to DEFAULT_DOCUMENT_LIMITS. */
  static for(inputSize: number, limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS): DocumentBudget {
    return new DocumentBudget(limits, inputSize);
  }

  /** The most a counted limit allows over the whole document, or the most one item may reach. */
  maximum(limit: LimitName): number {
    if (limit === 'inflatedBytes') return Math.max(this.limits.inflatedBytesFloor, Math.ceil(this.limits.inflatedBytesRatio * this.inputSize));
    return this.limits[limit];
  }

  /** What is left of a counted limit. */
  remaining(limit: CountedLimit): number {
    return Math.max(0, this.maximum(limit) - this.used(limit));
  }

  used(limit: CountedLimit): number {
    return this.spent.get(limit) ?? 0;
  }

  /** Records `amount` more of `limit`; DOCUMENT_TOO_COMPLEX when that goes past it (nothing recorded then). */
  spend(limit: CountedLimit, amount = 1): void {
    this.allow(limit, amount);
    this.spent.set(limit, this.used(limit) + amount);
  }

  /** DOCUMENT_TOO_COMPLEX when spending `amount` would go past `limit`; records nothing (check before allocating). */
  allow(limit: CountedLimit, amount: number): void {
    const value = this.used(limit) + amount;
    if (value > this.maximum(limit)) throw tooComplex(limit, this.maximum(limit), value);
  }

  /** DOCUMENT_TOO_COMPLEX when one item's `value` (a depth, a size) is past `limit`. */
  within(limit: ItemLimit, value: number): void {
    if (value > this.maximum(limit)) throw tooComplex(limit, this.maximum(limit), value);
  }
}

/** The refusal itself, for a parser that finds a limit passed in its own way (e.g. zlib's output cap). */
export function tooComplex(limit: LimitName, maximum: number, value?: number): SealdeskError {
  const name = LIMIT_NAMES[limit];
  return new SealdeskError('DOCUMENT_TOO_COMPLEX', {
    limit,
    limitName: name.en,
    limitNameZh: name.zh,
    maximum,
    setting: `documents.limits.${limit}`,
    ...(value === undefined ? {} : { value }),
  });
}
