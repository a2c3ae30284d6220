import ipp, { type IppMessage } from 'ipp';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

export type IppAttributes = Record<string, unknown>;

export interface IppRequestOptions {
  /** The document, for Print-Job. */
  data?: Uint8Array;
  timeoutMs?: number;
}

/** The printer URI as clerks see it in messages: no user or password. */
export function printerLabel(uri: string): string {
  try {
    const url = new URL(uri);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return uri;
  }
}

/** ipp://host[:631]/path → http://host:631/path (IPP is HTTP POST underneath; ipps is https). */
function httpUrl(uri: string): URL {
  let url: URL;
  try {
    url = new URL(uri);
  } catch (error) {
    throw new SealdeskError('PRINTER_UNREACHABLE', { printer: uri }, { cause: error });
  }
  const scheme = { 'ipp:': 'http', 'ipps:': 'https', 'http:': 'http', 'https:': 'https' }[url.protocol];
  if (scheme === undefined) throw new SealdeskError('PRINTER_UNREACHABLE', { printer: printerLabel(uri) });
  return new URL(`${scheme}://${url.host}${url.port === '' ? ':631' : ''}${url.pathname}${url.search}`);
}

let nextId = 1;

/**
 * Sends one IPP operation and returns the parsed answer, whatever its IPP status: the caller
 * knows whether a failure means the printer refused a job or something else. The `ipp`
 * package encodes and decodes; fetch carries it, so a timeout aborts the request instead of
 * leaving a socket behind. Anything that keeps an answer from arriving is PRINTER_UNREACHABLE.
 */
export async function ippRequest(
  printerUri: string,
  operation: string,
  attributes: IppAttributes,
  options: IppRequestOptions = {},
): Promise<IppMessage> {
  const message: IppMessage = {
    version: '2.0',
    operation,
    id: nextId++,
    // charset, language and printer-uri must come first, in this order (RFC 8011 §4.1.4)
    'operation-attributes-tag': {
      'attributes-charset': 'utf-8',
      'attributes-natural-language': 'zh-cn',
      'printer-uri': printerUri,
      ...attributes,
    },
  };
  if (options.data !== undefined) message.data = Buffer.from(options.data);
  const printer = printerLabel(printerUri);
  let response: Response;
  try {
    response = await fetch(httpUrl(printerUri), {
      method: 'POST',
      headers: { 'content-type': 'application/ipp' },
      body: ipp.serialize(message),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    if (error instanceof SealdeskError) throw error;
    throw new SealdeskError('PRINTER_UNREACHABLE', { printer }, { cause: error });
  }
  if (response.status !== 200) {
    throw new SealdeskError('PRINTER_UNREACHABLE', { printer }, { cause: new Error(`HTTP ${response.status} from ${printer}`) });
  }
  try {
    return ipp.parse(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    throw new SealdeskError('PRINTER_UNREACHABLE', { printer }, { cause: error });
  }
}

export function isSuccess(response: IppMessage): boolean {
  return typeof response.statusCode === 'string' && response.statusCode.startsWith('successful-');
}

/** An attribute group of a response, e.g. 'printer-attributes-tag'. */
export function group(response: IppMessage, name: string): IppAttributes {
  const value = response[name];
  return typeof value === 'object' && value !== null ? (value as IppAttributes) : {};
}

/** A 1setOf attribute comes back as a value when it has one member, as an array otherwise. */
export function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The IPP status keyword and the printer's own message, as the reason in a clerk's sentence. */
export function failureReason(response: IppMessage): string {
  const message = group(response, 'operation-attributes-tag')['status-message'];
  return typeof message === 'string' && message !== '' ? `${response.statusCode} (${message})` : String(response.statusCode);
}
