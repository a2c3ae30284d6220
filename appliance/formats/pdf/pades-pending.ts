import { addSignatureTimestamp, buildSignedDataCheckedLater } from '../../pades/index.js';
import type { PreparedSignature } from '../../pdf/index.js';
import type { DocumentSigner, PendingSignature, SignatureLevel } from '../document-format.js';
import { appendDocumentTimestamp, appendDss, removeQuietly, workPath } from './long-term.js';

/**
 * A PDF waiting for its PAdES signature: the CMS over the byte ranges' digest, a signature
 * timestamp from B-T, then for B-LT a /DSS and for B-LTA a document timestamp, each a further
 * incremental update through work files beside the output, so the output appears only whole.
 */
export class PadesPending implements PendingSignature {
  readonly #prepared: PreparedSignature;
  readonly #output: string;
  readonly #level: SignatureLevel;

  constructor(prepared: PreparedSignature, output: string, level: SignatureLevel) {
    this.#prepared = prepared;
    this.#output = output;
    this.#level = level;
  }

  get digest(): Buffer {
    return this.#prepared.digest;
  }

  async sign(signer: DocumentSigner): Promise<Buffer> {
    const prepared = this.#prepared;
    const { level, tsaUrl, crls } = this.#level;
    const output = this.#output;
    const signedPath = prepared.outPath;
    const work: string[] = signedPath === output ? [] : [signedPath];
    try {
      prepared.reserve(); // the output's file is made while the token signs
      const signed = await buildSignedDataCheckedLater({
        digest: prepared.digest,
        signerCertificate: signer.certificateChain[0]!,
        chain: signer.certificateChain.slice(1),
        signer: signer.key,
      });
      let cms = signed.cms;
      if (level === 'B-B') {
        // the signature is checked against the certificate while the disk flushes the output
        await prepared.embed(cms, signed.check);
      } else {
        signed.check(); // before a TSA is asked to timestamp it
        cms = await addSignatureTimestamp(cms, tsaUrl!);
        await prepared.embed(cms);
      }
      if (level === 'B-LT' || level === 'B-LTA') {
        const withDss = level === 'B-LT' ? output : workPath(output, 'dss');
        if (withDss !== output) work.push(withDss);
        await appendDss(signedPath, withDss, cms, signer.certificateChain, crls ?? []);
        if (level === 'B-LTA') await appendDocumentTimestamp(withDss, output, tsaUrl!);
      }
      return cms;
    } catch (error) {
      await prepared.abort();
      throw error;
    } finally {
      await removeQuietly(work);
    }
  }

  abort(): Promise<void> {
    return this.#prepared.abort();
  }
}
