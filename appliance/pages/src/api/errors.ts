import type { Messages } from '../i18n/messages.js';
import type { Locale } from '../i18n/locale.js';

/** The API's error body: one shape for every failure, from the project's error catalogue. */
export interface ApiErrorBody {
  code: string;
  message_zh: string;
  message_en: string;
  details?: Record<string, unknown>;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message_zh === 'string' && typeof v.message_en === 'string';
}

/** A failed request: the API's typed error, or (status 0) the appliance could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
  ) {
    super(body ? `${body.code}: ${body.message_en}` : `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return this.body?.code;
  }
}

/** What the user reads for an error, in their language: the catalogue sentence, never a bare code. */
export function errorMessage(error: unknown, locale: Locale, t: Messages): string {
  if (error instanceof ApiError) {
    if (error.body) return locale === 'en' ? error.body.message_en : error.body.message_zh;
    return error.status === 0 ? t.networkError : t.unexpectedError;
  }
  if (isApiErrorBody(error)) return locale === 'en' ? error.message_en : error.message_zh;
  return t.unexpectedError;
}
