import { buildService, type BuiltService } from '../../appliance/service/build-service.js';
import { openServiceContext, type OpenedServiceContext, type ServiceContextParts } from '../../appliance/service/open-service-context.js';
import { serviceSettings } from '../../appliance/service/service-settings.js';
import type { ServicePlugin } from '../../appliance/service/service-plugin.js';
import type { Role } from '../../appliance/directory/principal.js';
import { ensureDemoSeals } from '../../appliance/hall/demo-seals.js';
import type { Organisation } from '../../appliance/directory/organisation.js';
import type { Seal } from '../../appliance/seals/seal.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from './softhsm.js';
import { afterFile } from './after-file.js';

/** A cheap scrypt for tests: sign-in cost is not what they measure. */
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
export const TEST_PASSWORD = 'Hall-test-2026';

/** The tree every service test gets: 浙江省 → 杭州市 → 西湖区 → two departments, and 宁波市 as "another organisation". */
export interface TestOrganisations {
  province: Organisation;
  city: Organisation;
  district: Organisation;
  /** The stamping department: its seals are the fixture's seals. */
  own: Organisation;
  sibling: Organisation;
  /** Outside the own subtree (another city). */
  other: Organisation;
  otherDepartment: Organisation;
}

export interface TestService extends BuiltService {
  fx: TokenFixture;
  token: Token;
  context: OpenedServiceContext;
  organisations: TestOrganisations;
  /** The own department's seals: [official, business]; the other department's: [official, business]. */
  seals: Seal[];
  otherSeals: Seal[];
  /** Signs in a fresh operator of this role in this organisation (default: the own department); returns the bearer header. */
  signIn(role: Role, organisation?: Organisation, options?: { grantSeals?: Seal[] }): Promise<TestOperator>;
  close(): Promise<void>;
}

let operators = 0;

/**
 * A real service on a real SoftHSM token (dev CA and seals made by the real code), the real
 * directory, audit log and outbox in a temp SEALDESK_HOME; fastify.inject or app.listen({port:0}).
 * Closed after the test file.
 */
export async function startTestService(options: { plugins?: readonly ServicePlugin[]; parts?: Partial<ServiceContextParts>; extraTokens?: string[] } = {}): Promise<TestService> {
  // extraTokens: more SoftHSM tokens beside the seals' (e.g. a terminal token for the chain key), left closed
  const fx = await openTokenFixture(['sealdesk-demo', ...(options.extraTokens ?? [])]);
  const token = fx.pkcs11.token({ label: 'sealdesk-demo' });
  const context = openServiceContext({ home: fx.home, settings: serviceSettings({ port: 0, logLevel: 'silent' }), pkcs11: fx.pkcs11, directory: { scrypt: TEST_SCRYPT }, verifyBaseUrl: 'https://verify.hall.example.cn/v', ...options.parts });
  const orgs = context.directory.organisations;
  const province = orgs.create({ name: '浙江省人民政府', level: 'province', uscc: '11330000002482000F' });
  const city = orgs.create({ name: '杭州市人民政府', level: 'city', uscc: '11330100002482100A', parentId: province.id });
  const district = orgs.create({ name: '杭州市西湖区人民政府', level: 'district', uscc: '11330106002489100K', parentId: city.id });
  const own = orgs.create({ name: '杭州市西湖区行政审批服务管理局', level: 'department', uscc: '11330106002489166C', parentId: district.id });
  const sibling = orgs.create({ name: '杭州市西湖区市场监督管理局', level: 'department', uscc: '11330106MB12345675', parentId: district.id });
  const other = orgs.create({ name: '宁波市人民政府', level: 'city', uscc: '11330200002480200N', parentId: province.id });
  const otherDepartment = orgs.create({ name: '宁波市行政审批服务管理局', level: 'department', uscc: '11330200MB0000001Y', parentId: other.id });

  await token.login(USER_PIN);
  const made = await ensureDemoSeals(fx.home, fx.pkcs11, context.seals, token, [own, otherDepartment].map((o) => ({ name: o.name, uscc: o.uscc! })), 'http://127.0.0.1:7700');
  // a counter token starts locked: the clerk's PIN opens it
  await token.logout();
  // the shared token belongs to the district, whose admin administers it in the page tests (it also
  // holds 宁波's seals: a real hall would give each its own token, issue 13 item 3)
  context.directory.tokens.bind(token.serial, district.id, 'test');
  const built = await buildService(context, options.plugins);

  let closing: Promise<void> | undefined;
  const service: TestService = {
    ...built,
    fx,
    token,
    context,
    organisations: { province, city, district, own, sibling, other, otherDepartment },
    seals: made.slice(0, 2),
    otherSeals: made.slice(2),
    async signIn(role, organisation = own, signInOptions = {}) {
      const grants = (signInOptions.grantSeals ?? []).map((seal) => ({ sealId: seal.id, organisationId: orgs.organisationOfUscc(seal.organisation.uscc)!.id }));
      return signInOperator(context.directory, role, `${role}-${++operators}`, organisation.id, grants);
    },
    close() {
      // once: a test may close it itself, and the cleanup after the file closes it too
      closing ??= (async () => {
        await built.app.close();
        context.close();
        await fx.close();
      })();
      return closing;
    },
  };
  afterFile(() => service.close());
  return service;
}

/** A signed-in operator of a test hall: its id, its name and its session's Authorization header. */
export interface TestOperator {
  operatorId: string;
  username: string;
  headers: { authorization: string };
}

/**
 * Creates an operator of `role` in the organisation (a kiosk gets a terminal credential, the
 * others TEST_PASSWORD), grants it the seals given (each as of the seal's organisation), and
 * signs it in.
 */
export async function signInOperator(directory: OpenedServiceContext['directory'], role: Role, username: string, organisationId: string, grants: readonly { sealId: string; organisationId: string }[] = []): Promise<TestOperator> {
  const created = await directory.operators.create({ username, displayName: `测试${role}`, role, organisationId, ...(role === 'kiosk' ? {} : { password: TEST_PASSWORD }) });
  for (const grant of grants) directory.grants.grant(grant.sealId, grant.organisationId, created.operator.id, 'test');
  const session = await directory.signIn(role === 'kiosk' ? { terminal: username, credential: created.terminalCredential! } : { username, password: TEST_PASSWORD }, '127.0.0.1');
  return { operatorId: created.operator.id, username, headers: { authorization: `Bearer ${session.sessionId}` } };
}
