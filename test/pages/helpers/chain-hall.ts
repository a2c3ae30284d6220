import { readFile } from 'node:fs/promises';
import { buildPages } from '../../../scripts/build-pages.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { pdfLibDocument } from '../../appliance/pdf/make-pdf.js';
import { upload } from '../../appliance/service/helpers/multipart.js';
import { configureServiceChain, type ServiceChain } from '../../appliance/service/helpers/service-chain.js';
import { startTestService, type TestService } from '../../helpers/service.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { afterFile } from '../../helpers/after-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

export type Headers = { authorization: string };

/** A stamp as POST /api/stamps answered it (the fields a page test reads). */
export interface MadeStamp {
  id: string;
  result: { eventId: string; documentHash: string; verificationUrl: string };
}

export interface ChainHall {
  service: TestService;
  chain: ServiceChain;
  baseUrl: string;
  /** Stamps a fresh two-page PDF through the API as this clerk (PIN and all), with this seal. */
  stamp(headers: Headers, seal: Seal): Promise<MadeStamp>;
}

/**
 * The service on a real SoftHSM token with a real anvil chain (SealRegistry deployed, the seals
 * registered, anchorAll() is the real ledger worker), the pages freshly built and served on a
 * free loopback port. It closes everything after the test file.
 */
export async function startChainHall(): Promise<ChainHall> {
  const [service, dir] = await Promise.all([startTestService(), tempDir('chain-hall'), buildPages()]);
  const chain = await configureServiceChain(service);
  // registered after startTestService's own cleanup, which runs newest first: the chain closes before the service
  afterFile(() => chain.close());
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const address = service.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const pdf = await readFile(await pdfLibDocument(dir, 'in.pdf', 2));
  let made = 0;
  return {
    service,
    chain,
    baseUrl: `http://127.0.0.1:${port}`,
    async stamp(headers, seal) {
      const doc = await upload(service, headers, pdf, `申请表-${++made}.pdf`);
      const response = await service.app.inject({
        method: 'POST',
        url: '/api/stamps',
        payload: { documentId: doc.documentId, sealId: seal.id, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: USER_PIN },
        headers: { ...headers, 'idempotency-key': `chain-hall-${made}-${Date.now()}` },
      });
      if (response.statusCode !== 201) throw new Error(`stamp refused: ${response.statusCode} ${response.body}`);
      return response.json<MadeStamp>();
    },
  };
}
