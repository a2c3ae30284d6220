import type { HashName, SignScheme } from '../../../../appliance/pades/algorithms.js';
import { buildSignedData } from '../../../../appliance/pades/signed-data.js';
import { tokenSigner } from '../../../../appliance/pades/token-signer.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
import { byteRangeDigest, embedCms, preparePdf, type PreparedPdf } from './pdf-fixture.js';
import type { SealKey } from './seal-keys.js';

export interface SignedPdf {
  prepared: PreparedPdf;
  pdf: Buffer;
  cms: Buffer;
}

/** A PDF signed PAdES B-B with a token key, the chain inside; `transform` may rework the CMS before it is embedded. */
export async function signFixturePdf(
  token: Token,
  key: SealKey,
  chain: Buffer[],
  options: { hash?: HashName; scheme?: SignScheme; transform?: (cms: Buffer) => Buffer | Promise<Buffer> } = {},
): Promise<SignedPdf> {
  const hash = options.hash ?? 'sha256';
  const prepared = await preparePdf();
  const built = await buildSignedData({
    digest: byteRangeDigest(prepared, hash),
    hash,
    signerCertificate: key.certificate,
    chain,
    ...(options.scheme ? { scheme: options.scheme } : {}),
    sign: tokenSigner(token, key.label, { hash, ...(options.scheme ? { scheme: options.scheme } : {}) }),
  });
  const cms = options.transform ? await options.transform(built) : built;
  return { prepared, pdf: embedCms(prepared, cms), cms };
}
