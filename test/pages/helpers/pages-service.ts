import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { seedDemoDirectory, type DemoDirectory } from '../../../appliance/directory/seed-demo.js';
import { buildService } from '../../../appliance/service/build-service.js';
import { receivePdf } from '../../../appliance/service/documents/receive-pdf.js';
import { openServiceContext, type OpenedServiceContext } from '../../../appliance/service/open-service-context.js';
import { SERVICE_PLUGINS } from '../../../appliance/service/plugins/index.js';
import type { ServicePlugin } from '../../../appliance/service/service-plugin.js';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import { buildPages } from '../../../scripts/build-pages.js';
import type { SealFixture } from '../../appliance/stamping/helpers/seal-fixture.js';

/** scrypt at a test's cost (the directory tests' parameters). */
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/**
 * POST /api/verify made of the real upload and verification code, registered only while
 * plugins/verify.ts does not serve it yet (it is being written beside the pages).
 */
const verifyStandIn: ServicePlugin = (context) => async (app) => {
  if (app.hasRoute({ method: 'POST', url: '/api/verify' })) return;
  app.post('/api/verify', { schema: { consumes: ['multipart/form-data'] }, config: { access: 'public' } }, async (request) => {
    const received = await receivePdf(request, join(context.workDir, 'verify'), context.settings.uploadLimitBytes);
    try {
      return { ...(await verifyPdf(received.path, { home: context.home })), file: received.fileName };
    } finally {
      await rm(received.path, { force: true });
    }
  });
};

export interface PagesService {
  app: FastifyInstance;
  baseUrl: string;
  context: OpenedServiceContext;
  demo: DemoDirectory;
  close(): Promise<void>;
}

/**
 * The whole service (every plugin, the real context over the fixture's SEALDESK_HOME and token,
 * the demo directory seeded) with the pages freshly built, on a free loopback port.
 */
export async function startPagesService(f: SealFixture): Promise<PagesService> {
  await buildPages();
  const context = openServiceContext({
    home: f.fx.home,
    settings: serviceSettings({ port: 0, logLevel: 'silent' }),
    pkcs11: f.fx.pkcs11,
    directory: { scrypt: TEST_SCRYPT },
  });
  const demo = await seedDemoDirectory(context.directory);
  const { app } = await buildService(context, [...SERVICE_PLUGINS, verifyStandIn]);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    context,
    demo,
    async close() {
      await app.close();
      context.close();
    },
  };
}
