import type { FastifyError } from 'fastify';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import './error-catalogue.js';

/** fastify's own request errors, by their stable codes, turned into the catalogue's. */
function fromFastify(error: FastifyError, uploadLimit: number): SealdeskError | undefined {
  if (error.validation) return new SealdeskError('REQUEST_INVALID', { reason: `${error.validationContext ?? 'request'} ${error.message}` });
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new SealdeskError('JSON_MALFORMED', { reason: error.message });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new SealdeskError('MEDIA_TYPE_UNSUPPORTED', { type: error.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new SealdeskError('PAYLOAD_TOO_LARGE', { limit: uploadLimit });
    default:
      // a JSON body that does not parse arrives as a SyntaxError with a 400 status
      if (error instanceof SyntaxError && error.statusCode === 400) return new SealdeskError('JSON_MALFORMED', { reason: error.message });
      return undefined;
  }
}

/**
 * Every error leaves as `{code, message_zh, message_en, details}` with the catalogue's status:
 * this is the one place that decides it. Anything not typed is INTERNAL (500) and logged whole.
 */
export function typedError(error: unknown, uploadLimit: number): { typed: SealdeskError; unexpected: boolean } {
  if (error instanceof SealdeskError) return { typed: error, unexpected: false };
  const mapped = fromFastify(error as FastifyError, uploadLimit);
  if (mapped) return { typed: mapped, unexpected: false };
  return { typed: new SealdeskError('INTERNAL', {}, { cause: error }), unexpected: true };
}
