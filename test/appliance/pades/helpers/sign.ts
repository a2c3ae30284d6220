import { buildSignedData } from '../../../../appliance/pades/signed-data.js';
import { tokenSigner } from '../../../../drivers/pkcs11/seal-signer.js';
import type { AlgorithmId } from '../../../../drivers/pkcs11/signature-algorithms.js';
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
  options: { algorithm?: AlgorithmId; transform?: (cms: Buffer) => Buffer | Promise<Buffer> } = {},
): Promise<SignedPdf> {
  const signer = await tokenSigner(token, key.label, options.algorithm ? { algorithm: options.algorithm } : {});
  const prepared = await preparePdf();
  const built = await buildSignedData({
    digest: byteRangeDigest(prepared, signer.algorithm.hash as 'sha256' | 'sha384'),
    signerCertificate: key.certificate,
    chain,
    signer,
  });
  const cms = options.transform ? await options.transform(built) : built;
  return { prepared, pdf: embedCms(prepared, cms), cms };
}
