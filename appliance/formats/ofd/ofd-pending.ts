import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sm3 } from '../../../drivers/pkcs11/sm2.js';
import { PendingOutput } from '../../pdf/index.js';
import type { DocumentSigner, PendingSignature } from '../document-format.js';
import { encodeSesSignature } from '../../eseals/index.js';

export interface OfdToSign {
  /** The stamped package's parts up to SignedValue.dat, and what follows it. */
  before: (signedValue: Buffer) => Buffer[];
  signatureXml: Buffer;
  /** Signature.xml's absolute location: TBS_Sign's propertyInfo. */
  signatureLoc: string;
  eseal: Buffer;
  signingTime: Date;
}

/**
 * An OFD stamp waiting for its SM2 signature: Signature.xml is written (every protected file's
 * SM3 in it), so what is signed is DER(TBS_Sign) with dataHash = SM3(Signature.xml). The signer
 * signs those bytes with SM2 (signer.key.sign: SM3 with Z and the standard ID, on the token);
 * then SignedValue.dat joins the package and the output appears whole, or not at all.
 */
export class OfdPending implements PendingSignature {
  readonly #toSign: OfdToSign;
  readonly #output: PendingOutput;

  /** `output`: the output's path, or its temp file already being made. */
  constructor(toSign: OfdToSign, output: string | PendingOutput) {
    this.#toSign = toSign;
    // the output's temp file is made while the rest is computed and the token signs
    this.#output = typeof output === 'string' ? PendingOutput.create(output) : output;
  }

  /** SM3 of Signature.xml: TBS_Sign's dataHash. */
  get digest(): Buffer {
    return sm3(this.#toSign.signatureXml);
  }

  async sign(signer: DocumentSigner): Promise<Buffer> {
    try {
      const algorithm = signer.key.algorithm.id as string;
      if (!algorithm.startsWith('sm2')) throw new SealdeskError('OFD_SIGNER_NOT_SM2', { algorithm });
      const t = this.#toSign;
      const signedValue = await encodeSesSignature(
        { sealDer: t.eseal, timeInfo: t.signingTime, dataHash: this.digest, propertyInfo: t.signatureLoc, signerCert: signer.certificateChain[0]! },
        (tbs) => signer.key.sign(tbs),
      );
      await this.#output.commit(t.before(signedValue));
      return signedValue;
    } catch (error) {
      await this.#output.discard();
      throw error;
    }
  }

  abort(): Promise<void> {
    return this.#output.discard();
  }
}
