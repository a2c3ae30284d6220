import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from './principal.js';
import { directoryPath } from './database.js';
import type { Directory } from './directory.js';
import type { Operator } from './operator.js';
import type { NewOrganisation, Organisation } from './organisation.js';

/** The demo tree's USCCs (made up, with valid check characters): demo seals name these as `organisation.uscc`. */
export const DEMO_USCC = {
  zhejiang: '113300000024824470',
  hangzhou: '113301000024902864',
  xihu: '11330106002500153M',
  serviceCentre: '11330106MB17524833',
  marketRegulation: '11330106MB17061144',
  ningbo: '11330200003039216G',
} as const;

export interface DemoSignIn {
  role: Role;
  username: string;
  displayName: string;
  organisation: string;
  /** People sign in with a password … */
  password?: string;
  /** … a kiosk with its terminal credential. */
  credential?: string;
}

export interface DemoDirectory {
  organisations: Record<keyof typeof DEMO_USCC, Organisation>;
  operators: Record<'admin' | 'clerk' | 'kiosk' | 'auditor', Operator>;
  signIns: DemoSignIn[];
}

const DEMO_OPERATORS = [
  { key: 'admin', username: 'xihu-admin', displayName: '西湖区印章管理员', role: 'admin' },
  { key: 'clerk', username: 'xihu-clerk', displayName: '西湖区窗口一号', role: 'clerk' },
  { key: 'kiosk', username: 'xihu-kiosk-01', displayName: '西湖区自助终端 01', role: 'kiosk' },
  { key: 'auditor', username: 'xihu-auditor', displayName: '西湖区审计员', role: 'auditor' },
] as const;

type Secrets = Record<string, string>;

// The demo secrets are random per SEALDESK_HOME (no well-known password even in a demo), kept
// beside the database, readable by this user only, so that every `npm start` prints the same ones.
function secretsPath(directory: Directory): string {
  return join(directoryPath(directory.home), 'demo-sign-ins.json');
}

function readSecrets(directory: Directory): Secrets {
  const path = secretsPath(directory);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Secrets;
  } catch {
    return {};
  }
}

function organisation(directory: Directory, input: NewOrganisation): Organisation {
  return directory.organisations.findChild(input.parentId ?? null, input.name) ?? directory.organisations.create(input);
}

/**
 * The demo hall's directory: 浙江省 → 杭州市 → 西湖区 → its service centre and market regulation
 * bureau, and 宁波市 as an organisation outside the demo operators' reach. The demo operators all
 * belong to 西湖区, so both departments' seals are within their subtree. Idempotent: what exists
 * (including changes made since) is kept, and the sign-ins printed are the same every start.
 */
export async function seedDemoDirectory(directory: Directory): Promise<DemoDirectory> {
  const zhejiang = organisation(directory, { name: '浙江省', nameEn: 'Zhejiang Province', level: 'province', uscc: DEMO_USCC.zhejiang });
  const hangzhou = organisation(directory, {
    name: '杭州市', nameEn: 'Hangzhou', level: 'city', uscc: DEMO_USCC.hangzhou, parentId: zhejiang.id,
  });
  const xihu = organisation(directory, {
    name: '西湖区', nameEn: 'Xihu District', level: 'district', uscc: DEMO_USCC.xihu, parentId: hangzhou.id,
  });
  const serviceCentre = organisation(directory, {
    name: '西湖区行政服务中心', nameEn: 'Xihu District Administrative Service Centre', level: 'department',
    uscc: DEMO_USCC.serviceCentre, parentId: xihu.id,
  });
  const marketRegulation = organisation(directory, {
    name: '西湖区市场监督管理局', nameEn: 'Xihu District Administration for Market Regulation', level: 'department',
    uscc: DEMO_USCC.marketRegulation, parentId: xihu.id,
  });
  const ningbo = organisation(directory, { name: '宁波市', nameEn: 'Ningbo', level: 'city', uscc: DEMO_USCC.ningbo, parentId: zhejiang.id });

  const secrets = readSecrets(directory);
  const operators: Partial<DemoDirectory['operators']> = {};
  for (const demo of DEMO_OPERATORS) {
    let operator = directory.operators.findByUsername(demo.username);
    if (!operator) {
      const password = demo.role === 'kiosk' ? undefined : (secrets[demo.username] ?? randomBytes(9).toString('base64url'));
      const created = await directory.operators.create({
        username: demo.username, displayName: demo.displayName, role: demo.role, organisationId: xihu.id,
        ...(password !== undefined ? { password } : {}),
      });
      operator = created.operator;
      secrets[demo.username] = password ?? created.terminalCredential!;
    } else if (secrets[demo.username] === undefined) {
      // the account outlived its printed secret: issue a new one so the demo stays usable
      if (operator.role === 'kiosk') secrets[demo.username] = directory.operators.reissueTerminalCredential(operator.id);
      else {
        const password = randomBytes(9).toString('base64url');
        await directory.operators.resetPassword(operator.id, password);
        secrets[demo.username] = password;
      }
    }
    operators[demo.key] = operator;
  }
  writeFileSync(secretsPath(directory), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });

  const signIns = DEMO_OPERATORS.map((demo): DemoSignIn => {
    const secret = secrets[demo.username]!;
    const operator = operators[demo.key]!;
    const base = { role: operator.role, username: demo.username, displayName: operator.displayName, organisation: xihu.name };
    return operator.role === 'kiosk' ? { ...base, credential: secret } : { ...base, password: secret };
  });
  return {
    organisations: { zhejiang, hangzhou, xihu, serviceCentre, marketRegulation, ningbo },
    operators: operators as DemoDirectory['operators'],
    signIns,
  };
}
