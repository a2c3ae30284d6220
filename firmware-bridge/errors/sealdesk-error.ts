import { errorEntry, type CatalogueEntry, type ErrorCode } from './catalogue.js';
// The bottom layer's own codes are always there; the others come with their layer's errors.ts.
import './general.js';
import './transport.js';

export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

/** The wire shape of an error, as the HTTP API and `--json` print it. */
export interface ErrorBody {
  code: ErrorCode;
  message_zh: string;
  message_en: string;
  details: ErrorDetails;
}

/**
 * The template with its placeholders filled from `details`. For the Chinese sentence a detail
 * `xZh` takes the place of `x` when it is there: a reason written in English for the log and the
 * English sentence then reads in Chinese in the Chinese one.
 */
function fill(template: string, details: ErrorDetails, suffix = ''): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = (suffix ? details[`${name}${suffix}`] : undefined) ?? details[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** A code no imported errors.ts declared: said plainly rather than thrown again while reporting. */
function unregistered(code: string): CatalogueEntry {
  return {
    status: 500,
    zh: `错误代码 ${code} 未登记（缺少其所在层的 errors.ts 导入）。`,
    en: `Error code ${code} is not registered (its layer's errors.ts was not imported).`,
  };
}

/**
 * A failure a user can meet: code, HTTP status and sentences come from the catalogue.
 * `message` is the English sentence so stack traces stay readable; `cause` keeps the
 * underlying error (e.g. the CKR_ code) for the log, never for the user. Status and sentences are
 * looked up when read, so a layer's codes need only be registered (its errors.ts imported, as
 * appliance/service/error-catalogue.ts does for all) before an error is shown, not before it is made.
 */
export class SealdeskError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(undefined, options);
    this.name = 'SealdeskError';
    this.code = code;
    this.details = details;
  }

  private get entry(): CatalogueEntry {
    return errorEntry(this.code) ?? unregistered(this.code);
  }

  get status(): number {
    return this.entry.status;
  }

  override get message(): string {
    return fill(this.entry.en, this.details);
  }

  get messageZh(): string {
    return fill(this.entry.zh, this.details, 'Zh');
  }

  get messageEn(): string {
    return this.message;
  }

  toJSON(): ErrorBody {
    return { code: this.code, message_zh: this.messageZh, message_en: this.messageEn, details: this.details };
  }
}

export function isSealdeskError(error: unknown, code?: ErrorCode): error is SealdeskError {
  return error instanceof SealdeskError && (code === undefined || error.code === code);
}
