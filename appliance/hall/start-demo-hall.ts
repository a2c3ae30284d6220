import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { freePort } from '../../simulator/ipp-printer/free-port.js';
import { startSoftHsm } from '../../simulator/softhsm/softhsm.js';
import { Directory } from '../directory/directory.js';
import { seedDemoDirectory, type DemoSignIn } from '../directory/seed-demo.js';
import { SealRegistry } from '../seals/registry/seal-registry.js';
import { spawnDeviceProcess } from '../sim/spawn-device-process.js';
import { serviceSettings } from '../service/service-settings.js';
import { openPkcs11 } from '../tokens/open-pkcs11.js';
import { ensureDemoChain, type DemoSealFacts } from './demo-chain.js';
import { COUNTER_SEAL_KINDS, ensureDemoCa, ensureDemoSeals, KIOSK_SEAL_KINDS } from './demo-seals.js';
import { ensureDemoTokens, type DemoTokenLayout } from './demo-token.js';
import { startDemoTsa } from './demo-tsa.js';
import { runAppliance, type RunningAppliance } from './run-appliance.js';

export interface DemoHall {
  url: string;
  /** Which token holds what (per role; a home from before holds all on one). */
  layout: DemoTokenLayout;
  signIns: DemoSignIn[];
  appliance: RunningAppliance;
  stop(): Promise<void>;
}

/** Grants each operator the seals whose keys are on the given token (the admin would, in the admin page). */
function grantDemoSeals(directory: Directory, registry: SealRegistry, grants: ReadonlyArray<{ operatorId: string; tokenLabel: string }>, grantedBy: string): void {
  for (const seal of registry.list()) {
    const organisation = directory.organisations.organisationOfUscc(seal.organisation.uscc);
    if (!organisation) continue;
    for (const { operatorId, tokenLabel } of grants) {
      if (seal.key.tokenLabel === tokenLabel && !directory.grants.get(seal.id, operatorId)) directory.grants.grant(seal.id, organisation.id, operatorId, grantedBy);
    }
  }
}

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
}

export async function startDemoHall(home: string, options: DemoHallOptions = {}): Promise<DemoHall> {
  const log = options.log ?? ((line: string) => console.log(line));
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
    // the CA and the counter are opened only to make what is missing, then closed again: the CA's
    // key signs at issuance (sealdesk ca crl), the counter's key when a clerk gives the PIN
    const setUp = [tokenOf('ca'), tokenOf('counter')].filter((t) => !t.isLoggedIn);
    try {
      for (const token of setUp) await open(token);
      const demo = await seedDemoDirectory(directory);
      signIns = demo.signIns;
      const departments = [demo.organisations.serviceCentre, demo.organisations.marketRegulation].map((o) => ({ name: o.name, uscc: o.uscc! }));
      await ensureDemoCa(home, tokenOf('ca'), crlBaseUrl);
      await ensureDemoSeals(home, pkcs11, registry, tokenOf('counter'), departments, crlBaseUrl, COUNTER_SEAL_KINDS);
      if (layout.kind === 'per-role') await ensureDemoSeals(home, pkcs11, registry, kioskToken, departments, crlBaseUrl, KIOSK_SEAL_KINDS, '-kiosk');
      grantDemoSeals(
        directory,
        registry,
        [
          { operatorId: demo.operators.clerk.id, tokenLabel: layout.tokens.counter.label },
          { operatorId: demo.operators.kiosk.id, tokenLabel: layout.tokens.kiosk.label },
        ],
        demo.operators.admin.id,
      );
      // the hall's tokens (all four, or the one of an older home) are 西湖区's: its departments' seals, its CA, its chain key
      for (const role of ['ca', 'chain', 'kiosk', 'counter'] as const) {
        const serial = tokenOf(role).serial;
        if (!directory.tokens.get(serial)) directory.tokens.bind(serial, demo.organisations.xihu.id, 'demo-hall');
      }
      chainUscc = demo.organisations.xihu.uscc!;
      demoSeals = registry.list().map((seal) => ({ id: seal.id, organisationUscc: seal.organisation.uscc, certificateSha256: createHash('sha256').update(seal.certificateChain[0]!).digest('hex') }));
    } finally {
      registry.close();
      directory.close();
      for (const token of setUp) if (token !== kioskToken && token !== chainToken) await token.logout();
    }
    log('demo seals ready: 西湖区行政服务中心, 西湖区市场监督管理局 (公章, 行政审批专用章)');

    // HOOK (issue 17 item 1): each terminal of a hall of several still enrols the demo seals on its own
    // token and registry, as a hall of one does; once the follower makes the chain the hall's registry,
    // counters and the kiosk read the desk's seals from it instead
    const { anvil, config } = await ensureDemoChain(home, chainToken, chainUscc, demoSeals, options.chainRpcUrl ? { rpcUrl: options.chainRpcUrl } : {});
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
    return { url: appliance.url, layout, signIns, appliance, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
