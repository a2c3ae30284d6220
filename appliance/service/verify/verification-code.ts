import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

export interface VerificationCode {
  documentHash: string;
  eventId: string;
}

const DOC = /^[0-9a-f]{64}$/i;
const EVENT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function checked(doc: string | null | undefined, event: string | null | undefined): VerificationCode {
  if (!doc || !event || !DOC.test(doc) || !EVENT.test(event)) throw new SealdeskError('INPUT_INVALID', { reason: 'not a verification code: expected a document hash and a seal event id', reasonZh: '不是有效的验证码：应包含文件哈希值和印章事件编号' });
  return { documentHash: doc.toLowerCase(), eventId: event.toLowerCase() };
}

/**
 * What a QR 证照码 carries, in any of the forms a scanner or a person hands over: the whole
 * verification URL (stamping/verify-url.ts: `…?doc=<sha256>&event=<uuid7>`), its query alone,
 * or the short `<sha256>.<uuid7>`.
 */
export function parseVerificationCode(code: string): VerificationCode {
  const text = code.trim();
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return checked(undefined, undefined);
    }
    return checked(url.searchParams.get('doc'), url.searchParams.get('event'));
  }
  if (text.includes('=')) {
    const query = new URLSearchParams(text.replace(/^\?/, ''));
    return checked(query.get('doc'), query.get('event'));
  }
  const [doc, event, ...rest] = text.split(/[.:~/]/);
  return rest.length ? checked(undefined, undefined) : checked(doc, event);
}
