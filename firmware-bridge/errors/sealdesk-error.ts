import { catalogue, type ErrorCode } from './catalogue.js';

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

/**
 * A failure a user can meet: code, HTTP status and sentences come from the catalogue.
 * `message` is the English sentence so stack traces stay readable; `cause` keeps the
 * underlying error (e.g. the CKR_ code) for the log, never for the user.
 */
export class SealdeskError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(fill(catalogue[code].en, details), options);
    this.name = 'SealdeskError';
    this.code = code;
    this.status = catalogue[code].status;
    this.details = details;
  }

  get messageZh(): string {
    return fill(catalogue[this.code].zh, this.details, 'Zh');
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
