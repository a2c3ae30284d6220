import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { freePort } from '../../simulator/ipp-printer/free-port.js';
import { startSoftHsm } from '../../simulator/softhsm/softhsm.js';
import { Directory } from '../directory/directory.js';
import type { Organisation } from '../directory/organisation.js';
import { seedDemoDirectory, type DemoSignIn } from '../directory/seed-demo.js';
import { putSealRecord, sealRecordOf } from '../ledger/follower/seal-record.js';
import { SealRegistry } from '../seals/registry/seal-registry.js';
import type { Seal } from '../seals/seal.js';
import { spawnDeviceProcess } from '../sim/spawn-device-process.js';
import { serviceSettings } from '../service/service-settings.js';
import { openPkcs11 } from '../tokens/open-pkcs11.js';
import { admitHallTerminals, type AdmittedHall } from './admit-terminals.js';
import { ensureDemoChain, type DemoSealFacts } from './demo-chain.js';
import { COUNTER_SEAL_KINDS, ensureDemoCa, ensureDemoSeals, hallCounterSealKinds, KIOSK_SEAL_KINDS } from './demo-seals.js';
import { ensureDemoTokens, type DemoTokenLayout } from './demo-token.js';
import { startDemoTsa } from './demo-tsa.js';
import type { HallMemberFacts, HallMembership } from './hall-member.js';
import { runAppliance, type RunningAppliance } from './run-appliance.js';

export interface DemoHall {
  url: string;
  /** Which token holds what (per role; a home from before holds all on one). */
  layout: DemoTokenLayout;
  signIns: DemoSignIn[];
  appliance: RunningAppliance;
  /** A terminal of a hall of several: what its desk needs to admit it. */
  member?: HallMemberFacts;
  /** The desk of a hall of several: registers the hall's terminals on chain and grants each its seals (admit-terminals.ts). */
  admit?: (members: readonly HallMemberFacts[]) => Promise<AdmittedHall>;
  stop(): Promise<void>;
}

/**
 * Grants each operator the seals whose keys are on the given token (the admin would, in the admin
 * page): told by the token's serial, since a terminal of a hall of several also knows the seals
 * the other terminals hold on tokens of the same label.
 */
function grantDemoSeals(directory: Directory, registry: SealRegistry, grants: ReadonlyArray<{ operatorId: string; tokenSerial: string }>, grantedBy: string): void {
  for (const seal of registry.list()) {
    const organisation = directory.organisations.organisationOfUscc(seal.organisation.uscc);
    if (!organisation) continue;
    for (const { operatorId, tokenSerial } of grants) {
      if (seal.key.tokenSerial === tokenSerial && !directory.grants.get(seal.id, operatorId)) directory.grants.grant(seal.id, organisation.id, operatorId, grantedBy);
    }
  }
}

/** The facts the chain keeps of a seal (its certificate by hash). */
const sealFacts = (seal: Seal): DemoSealFacts => ({ id: seal.id, organisationUscc: seal.organisation.uscc, certificateSha256: createHash('sha256').update(seal.certificateChain[0]!).digest('hex') });

/**
 * `npm start` on a fresh clone: a whole simulated service hall. A SoftHSM token with the dev CA
 * and the demo organisations' seals, the chain node with the registry deployed, the TSA, the
 * simulated ID reader / receipt printer / QR scanner on real ptys and the IPP printer (in a
 * process of their own, as real devices are outside the service), and the service on 127.0.0.1:7700. Everything lives under SEALDESK_HOME, so a second start resumes the
 * same seals, chain, outbox and sign-ins.
 */
export interface DemoHallOptions {
  port?: number;
  log?: (line: string) => void;
  /** Join this chain node instead of starting one: a terminal of a hall of several (start-terminal-hall.ts). */
  chainRpcUrl?: string;
  /** The terminal's name in its seal events (default SEALDESK_TERMINAL_ID, else the host name). */
  terminalId?: string;
  /** A terminal of a hall of several: its role, the hall's record store and registry. */
  hall?: HallMembership;
}

export async function startDemoHall(home: string, options: DemoHallOptions = {}): Promise<DemoHall> {
  const log = options.log ?? ((line: string) => console.log(line));
  const hall = options.hall;
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    // the QR codes and CRL URLs name the port, so a free one (port 0) is chosen before anything is made
    const port = options.port === 0 ? await freePort() : (options.port ?? 7700);
    // the devices come up in their own process while the tokens and the chain are made ready here
    const devicesStarting = spawnDeviceProcess(home);
    devicesStarting.catch(() => undefined); // a failure is met where it is awaited, below or in stop()
    stops.push(async () => (await devicesStarting.catch(() => undefined))?.stop());
    const hsm = await startSoftHsm({ dir: join(home, 'softhsm') });
    process.env.SOFTHSM2_CONF = hsm.confPath;
    const layout = await ensureDemoTokens(hsm);
    if (layout.kind === 'legacy') {
      log(`this SEALDESK_HOME keeps every key on one token ("${layout.tokens.counter.label}"), as made by an earlier sealdesk: it starts as it was. Keys never leave a token, so for the hall's layout (a token each for the CA, the chain key, the kiosk and the counter) start with a new SEALDESK_HOME`);
    }
    const pkcs11: Pkcs11 = await openPkcs11(home);
    stops.push(() => pkcs11.close());
    const tokenOf = (role: keyof DemoTokenLayout['tokens']) => pkcs11.token({ label: layout.tokens[role].label });
    const pinOf = (label: string) => Object.values(layout.tokens).find((t) => t.label === label)?.pin;
    const open = async (token: Token) => {
      const pin = pinOf(token.label);
      if (!token.isLoggedIn && pin) await token.login(pin);
    };
    // the kiosk's seal token and the chain key are opened at start from the configured secret (README: deployment)
    const kioskToken = tokenOf('kiosk');
    const chainToken = tokenOf('chain');
    await open(kioskToken);
    await open(chainToken);

    const crlBaseUrl = `http://127.0.0.1:${port}`;
    const directory = Directory.open(home);
    const registry = SealRegistry.open(home);
    let signIns: DemoSignIn[];
    let chainUscc: string;
    let demoSeals: DemoSealFacts[];
    let hallOrganisation: Organisation;
    // a terminal of a hall of several: its seals' records, put into the hall's store for its desk to register
    let sealRecords: string[] = [];
    let sealNames: string[] = [];
    // the CA and the counter are opened only to make what is missing, then closed again: the CA's
    // key signs at issuance (sealdesk ca crl), the counter's key when a clerk gives the PIN
    const setUp = [tokenOf('ca'), tokenOf('counter')].filter((t) => !t.isLoggedIn);
    try {
      for (const token of setUp) await open(token);
      const demo = await seedDemoDirectory(directory);
      signIns = demo.signIns;
      const departments = [demo.organisations.serviceCentre, demo.organisations.marketRegulation].map((o) => ({ name: o.name, uscc: o.uscc! }));
      await ensureDemoCa(home, tokenOf('ca'), crlBaseUrl);
      // a hall of one enrols both; in a hall of several each terminal the seals of its role: the desk
      // and each counter their counter seals (a counter's named for it), the kiosk its kiosk seals
      const seals: Seal[] = [];
      const counterKinds = hall?.role === 'counter' ? hallCounterSealKinds(hall.name.replace(/^counter-/, '')) : COUNTER_SEAL_KINDS;
      if (hall?.role !== 'kiosk') seals.push(...(await ensureDemoSeals(home, pkcs11, registry, tokenOf('counter'), departments, crlBaseUrl, counterKinds)));
      if (layout.kind === 'per-role' && (!hall || hall.role === 'kiosk')) seals.push(...(await ensureDemoSeals(home, pkcs11, registry, kioskToken, departments, crlBaseUrl, KIOSK_SEAL_KINDS, '-kiosk')));
      grantDemoSeals(
        directory,
        registry,
        [
          { operatorId: demo.operators.clerk.id, tokenSerial: tokenOf('counter').serial },
          { operatorId: demo.operators.kiosk.id, tokenSerial: kioskToken.serial },
        ],
        demo.operators.admin.id,
      );
      // the hall's tokens (all four, or the one of an older home) are 西湖区's: its departments' seals, its CA, its chain key
      for (const role of ['ca', 'chain', 'kiosk', 'counter'] as const) {
        const serial = tokenOf(role).serial;
        if (!directory.tokens.get(serial)) directory.tokens.bind(serial, demo.organisations.xihu.id, 'demo-hall');
      }
      chainUscc = demo.organisations.xihu.uscc!;
      hallOrganisation = demo.organisations.xihu;
      demoSeals = (hall ? seals : registry.list()).map(sealFacts);
      if (hall) {
        sealNames = [...new Set(seals.map((seal) => seal.name))];
        sealRecords = seals.map((seal) => putSealRecord(hall.records, sealRecordOf(registry.get(seal.id), registry.image(seal.id), seal.format === 'gbt38540' ? registry.eseal(seal.id) : undefined)));
      }
    } finally {
      registry.close();
      directory.close();
      for (const token of setUp) if (token !== kioskToken && token !== chainToken) await token.logout();
    }
    log(`demo seals ready: 西湖区行政服务中心, 西湖区市场监督管理局 (${hall ? sealNames.join(', ') : '公章, 行政审批专用章'})`);

    // Alone, the terminal runs its chain and registers its seals there. In a hall of several the desk
    // deploys the hall's registry and registers its own seals; a counter or the kiosk follows that
    // registry and, being no admin of it, registers nothing: its seals (enrolled on its own token,
    // keys never leave a token) reach the chain when the desk admits it (admit-terminals.ts), and
    // it stamps with the seals the desk granted it, as its follower applies them.
    const joining = hall && hall.role !== 'desk';
    const { anvil, config, address } = await ensureDemoChain(home, chainToken, chainUscc, joining ? [] : demoSeals, {
      ...(options.chainRpcUrl ? { rpcUrl: options.chainRpcUrl } : {}),
      ...(hall ? { sealRecords: hall.records } : {}),
      ...(joining ? { registry: await hall.registry!() } : {}),
    });
    stops.push(() => anvil.stop());
    log(`chain node ${anvil.rpcUrl}, SealRegistry ${config.registry}`);
    const tsa = await startDemoTsa(home);
    stops.push(() => tsa.close());

    const simulated = await devicesStarting;
    const sim = simulated.state;
    log(`simulated devices: process ${simulated.pid}`);

    const appliance = await runAppliance({
      home,
      pkcs11,
      // the terminal shows the hall's own lines; request logs only when asked for (SEALDESK_LOG_LEVEL=info)
      settings: serviceSettings({ port, logLevel: process.env.SEALDESK_LOG_LEVEL ?? 'warn' }),
      devices: sim.connections,
      tsaUrl: tsa.url,
      verifyBaseUrl: `http://127.0.0.1:${port}/verify`,
      unlock: open,
      unattendedTokens: [layout.tokens.kiosk.label],
      ...(options.terminalId ? { terminalId: options.terminalId } : {}),
      log,
    });
    stops.push(() => appliance.stop());
    return {
      url: appliance.url,
      layout,
      signIns,
      appliance,
      ...(hall ? { member: { name: hall.name, role: hall.role, address, sealRecords } } : {}),
      ...(hall?.role === 'desk' ? { admit: (members: readonly HallMemberFacts[]) => admitHallTerminals({ home, pkcs11, login: open }, hallOrganisation, members) } : {}),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
