/**
 * The service of test/helpers/service.ts (real SoftHSM token, dev CA, seals, directory) in a
 * process of its own, listening on an ephemeral port: a document that crashes it shows as a
 * dead service to the test, instead of ending the test's own process. Tells the parent over IPC
 * where it listens, a clerk's bearer header and a seal the clerk may use; stops on disconnect.
 */
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { startTestService } from '../../helpers/service.js';
import { runAfterFile } from '../../helpers/after-file.js';

// the corpus goes to /api/verify from one address: far past the public rate limit, which is not what this test is about
const settings = serviceSettings({ port: 0, logLevel: 'silent', verifyRateLimit: { max: 100_000 } });
const service = await startTestService({ parts: { settings } });
const seal = service.seals[1]!;
const clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [seal] });
await service.app.listen({ port: 0, host: '127.0.0.1' });
const address = service.app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.send!({ port, headers: clerk.headers, sealId: seal.id, workDir: service.context.workDir, home: service.context.home });
process.on('disconnect', () => {
  void service
    .close()
    .then(runAfterFile)
    .finally(() => process.exit(0));
});
