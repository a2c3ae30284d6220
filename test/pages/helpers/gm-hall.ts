import { buildService, type BuiltService } from '../../../appliance/service/build-service.js';
import { openServiceContext, type OpenedServiceContext } from '../../../appliance/service/open-service-context.js';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { buildPages } from '../../../scripts/build-pages.js';
import { afterFile } from '../../helpers/after-file.js';
import { cliOk, GM_PIN, gmKeyHome, type GmKeyHome } from '../../helpers/gm-key-home.js';
import { TEST_PASSWORD } from '../../helpers/service.js';

const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
export const GM_ORG = '杭州市西湖区行政审批服务管理局';
export const GM_USCC = '11330106002489166C';

export interface GmHall {
  gm: GmKeyHome;
  service: BuiltService;
  context: OpenedServiceContext;
  baseUrl: string;
  /** The GB/T 38540 seal (an SESeal made by the SM2 dev CA) on the simulated GM key. */
  eseal: { id: string; name: string };
  /** A clerk of the seal's organisation, granted the seal. */
  clerk(): Promise<{ username: string; password: string }>;
}

let made = 0;

/**
 * The service over a simulated GM USB key, for the pages that work on OFD: the key's token holds
 * an SM2 dev CA and a `--format gbt38540` seal made with the real CLI, the service opens the key
 * through PKCS#11 in this process, the pages are freshly built. Closed after the test file.
 */
export async function startGmHall(sealName = '合同专用章'): Promise<GmHall> {
  const [gm] = await Promise.all([gmKeyHome('ofd-pages'), buildPages()]);
  afterFile(() => gm.close());
  const created = await cliOk(gm.cli(['seal', 'create', '--token', 'gm-seal', '--key-type', 'sm2', '--format', 'gbt38540', '--name', sealName, '--type', 'contract', '--org', GM_ORG, '--uscc', GM_USCC, '--json'], { SEALDESK_PIN: GM_PIN }));
  const eseal = JSON.parse(created) as { id: string; name: string };

  gm.key.useInProcess();
  const pkcs11 = Pkcs11.open({ modulePaths: [gm.key.modulePath], stateDir: gm.home, maxPinTries: 3 });
  const context = openServiceContext({ home: gm.home, settings: serviceSettings({ port: 0, logLevel: 'silent' }), pkcs11, directory: { scrypt: TEST_SCRYPT } });
  const orgs = context.directory.organisations;
  const province = orgs.create({ name: '浙江省人民政府', level: 'province', uscc: '11330000002482000F' });
  const city = orgs.create({ name: '杭州市人民政府', level: 'city', uscc: '11330100002482100A', parentId: province.id });
  const district = orgs.create({ name: '杭州市西湖区人民政府', level: 'district', uscc: '11330106002489100K', parentId: city.id });
  const own = orgs.create({ name: GM_ORG, level: 'department', uscc: GM_USCC, parentId: district.id });
  context.directory.tokens.bind(pkcs11.token({ label: 'gm-seal' }).serial, own.id, 'test');
  const service = await buildService(context);
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  afterFile(async () => {
    await service.app.close();
    context.close();
    pkcs11.close();
  });
  const address = service.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    gm,
    service,
    context,
    baseUrl: `http://127.0.0.1:${port}`,
    eseal,
    async clerk() {
      const username = `ofd-clerk-${++made}`;
      const operator = await context.directory.operators.create({ username, displayName: '李窗口', role: 'clerk', organisationId: own.id, password: TEST_PASSWORD });
      context.directory.grants.grant(eseal.id, own.id, operator.operator.id, 'test');
      return { username, password: TEST_PASSWORD };
    },
  };
}
