import { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import type { Organisation } from '../../appliance/directory/organisation.js';
import type { Role } from '../../appliance/directory/principal.js';
import { createSeal } from '../../appliance/seals/create-seal.js';
import type { Seal } from '../../appliance/seals/seal.js';
import { buildService, type BuiltService } from '../../appliance/service/build-service.js';
import { openServiceContext, type OpenedServiceContext, type ServiceContextParts } from '../../appliance/service/open-service-context.js';
import { serviceSettings } from '../../appliance/service/service-settings.js';
import { afterFile } from './after-file.js';
import { GM_PIN, gmKeyHome, type GmKeyHome } from './gm-key-home.js';
import { signInOperator, type TestOperator } from './service.js';

const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** A service on a simulated GM USB key: the SM2 dev CA (the seal maker) and the seals' SM2 keys on its token. */
export interface GmKeyService extends BuiltService {
  gm: GmKeyHome;
  pkcs11: Pkcs11;
  /** The GM key's token `gm-seal`, logged in (a kiosk's token is opened at start). */
  token: Token;
  context: OpenedServiceContext;
  organisation: Organisation;
  /** 公章 as a GB/T 38540 seal: an SESeal made by the dev CA, its key SM2. */
  eseal: Seal;
  /** 公章 on an SM2 key, without an SESeal (format 'sealdesk'). */
  plainSm2: Seal;
  /** A fresh operator of this role in the organisation with these seals granted; its bearer header. */
  signIn(role: Role, grantSeals?: Seal[]): Promise<TestOperator>;
  close(): Promise<void>;
}

let operators = 0;

/**
 * The whole service on a simulated GM key (simulator/gm-key), as a hall issuing OFD e-licences
 * runs: the home made by the CLI (token, PIN, SM2 dev CA: gm-key-home.ts), the seals made by the
 * real code in this process, the real directory, outbox and audit log. Closed after the test file.
 */
export async function startGmKeyService(options: { parts?: Partial<ServiceContextParts> } = {}): Promise<GmKeyService> {
  const gm = await gmKeyHome('gm-service');
  gm.key.useInProcess();
  const pkcs11 = Pkcs11.open({ modulePaths: [gm.key.modulePath], stateDir: gm.home, maxPinTries: 3 });
  const token = pkcs11.token({ label: 'gm-seal' });
  await token.login(GM_PIN);
  const context = openServiceContext({ home: gm.home, settings: serviceSettings({ port: 0, logLevel: 'silent' }), pkcs11, directory: { scrypt: TEST_SCRYPT }, verifyBaseUrl: 'https://verify.hall.example.cn/v', ...options.parts });
  const orgs = context.directory.organisations;
  const district = orgs.create({ name: '杭州市西湖区人民政府', level: 'district', uscc: '11330106002489100K' });
  const organisation = orgs.create({ name: '杭州市西湖区行政审批服务管理局', level: 'department', uscc: '11330106002489166C', parentId: district.id });
  const owner = { name: organisation.name, uscc: organisation.uscc! };
  const eseal = await createSeal(gm.home, pkcs11, context.seals, { name: '公章（电子证照）', type: 'official', organisation: owner, token, keyType: 'sm2', keyLabel: 'kiosk-eseal', format: 'gbt38540' }, async () => undefined);
  const plainSm2 = await createSeal(gm.home, pkcs11, context.seals, { name: '公章（无国标电子印章）', type: 'official', organisation: owner, token, keyType: 'sm2', keyLabel: 'kiosk-plain' }, async () => undefined);
  context.directory.tokens.bind(token.serial, organisation.id, 'test');
  const built = await buildService(context);

  let closing: Promise<void> | undefined;
  const service: GmKeyService = {
    ...built,
    gm,
    pkcs11,
    token,
    context,
    organisation,
    eseal,
    plainSm2,
    signIn(role, grantSeals = []) {
      return signInOperator(context.directory, role, `${role}-gm-${++operators}`, organisation.id, grantSeals.map((seal) => ({ sealId: seal.id, organisationId: organisation.id })));
    },
    close() {
      closing ??= (async () => {
        await built.app.close();
        context.close();
        pkcs11.close();
        await gm.close();
      })();
      return closing;
    },
  };
  afterFile(() => service.close());
  return service;
}
