import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { freePort } from '../../simulator/ipp-printer/free-port.js';
import { startSoftHsm } from '../../simulator/softhsm/softhsm.js';
import { Directory } from '../directory/directory.js';
import { seedDemoDirectory, type DemoSignIn } from '../directory/seed-demo.js';
import { SealRegistry } from '../seals/registry/seal-registry.js';
import { startControlServer } from '../sim/control-server.js';
import { removeSimState, writeSimState } from '../sim/sim-state.js';
import { startSimulatedHall } from '../sim/start-hall.js';
import { serviceSettings } from '../service/service-settings.js';
import { openPkcs11 } from '../tokens/open-pkcs11.js';
import { ensureDemoChain, type DemoSealFacts } from './demo-chain.js';
import { ensureDemoSeals } from './demo-seals.js';
import { DEMO_TOKEN, ensureDemoToken } from './demo-token.js';
import { startDemoTsa } from './demo-tsa.js';
import { runAppliance, type RunningAppliance } from './run-appliance.js';

export interface DemoHall {
  url: string;
  signIns: DemoSignIn[];
  appliance: RunningAppliance;
  stop(): Promise<void>;
}

/** Grants the demo clerk and kiosk the business seals of the departments (the admin would, in the admin page). */
function grantDemoSeals(directory: Directory, registry: SealRegistry, operatorIds: string[], grantedBy: string): void {
  for (const seal of registry.list()) {
    const organisation = directory.organisations.organisationOfUscc(seal.organisation.uscc);
    if (!organisation) continue;
    for (const operatorId of operatorIds) if (!directory.grants.get(seal.id, operatorId)) directory.grants.grant(seal.id, organisation.id, operatorId, grantedBy);
  }
}

/**
 * `npm start` on a fresh clone: a whole simulated service hall. A SoftHSM token with the dev CA
 * and the demo organisations' seals, the chain node with the registry deployed, the TSA, the
 * simulated ID reader / receipt printer / QR scanner on real ptys, the IPP printer, and the
 * service on 127.0.0.1:7700. Everything lives under SEALDESK_HOME, so a second start resumes the
 * same seals, chain, outbox and sign-ins.
 */
export async function startDemoHall(home: string, options: { port?: number; log?: (line: string) => void } = {}): Promise<DemoHall> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    // the QR codes and CRL URLs name the port, so a free one (port 0) is chosen before anything is made
    const port = options.port === 0 ? await freePort() : (options.port ?? 7700);
    const hsm = await startSoftHsm({ dir: join(home, 'softhsm') });
    process.env.SOFTHSM2_CONF = hsm.confPath;
    await ensureDemoToken(hsm);
    const pkcs11: Pkcs11 = await openPkcs11(home);
    stops.push(() => pkcs11.close());
    const token = pkcs11.token({ label: DEMO_TOKEN.label });
    // the kiosk's seal token and the chain key are opened at start from the configured secret (README: deployment)
    if (!token.isLoggedIn) await token.login(DEMO_TOKEN.pin);

    const crlBaseUrl = `http://127.0.0.1:${port}`;
    const directory = Directory.open(home);
    const registry = SealRegistry.open(home);
    let signIns: DemoSignIn[];
    let chainUscc: string;
    let demoSeals: DemoSealFacts[];
    try {
      const demo = await seedDemoDirectory(directory);
      signIns = demo.signIns;
      const departments = [demo.organisations.serviceCentre, demo.organisations.marketRegulation];
      await ensureDemoSeals(home, pkcs11, registry, token, departments.map((o) => ({ name: o.name, uscc: o.uscc! })), crlBaseUrl);
      grantDemoSeals(directory, registry, [demo.operators.clerk.id, demo.operators.kiosk.id], demo.operators.admin.id);
      // the one demo token holds the CA key, the chain key and both departments' seals: it is 西湖区's
      if (!directory.tokens.get(token.serial)) directory.tokens.bind(token.serial, demo.organisations.xihu.id, 'demo-hall');
      chainUscc = demo.organisations.xihu.uscc!;
      demoSeals = registry.list().map((seal) => ({ id: seal.id, organisationUscc: seal.organisation.uscc, certificateSha256: createHash('sha256').update(seal.certificateChain[0]!).digest('hex') }));
    } finally {
      registry.close();
      directory.close();
    }
    log('demo seals ready: 西湖区行政服务中心, 西湖区市场监督管理局 (公章, 行政审批专用章)');

    const { anvil, config } = await ensureDemoChain(home, token, chainUscc, demoSeals);
    stops.push(() => anvil.stop());
    log(`chain node ${anvil.rpcUrl}, SealRegistry ${config.registry}`);
    const tsa = await startDemoTsa(home);
    stops.push(() => tsa.close());

    const hall = await startSimulatedHall(home);
    stops.push(() => hall.close());
    const control = await startControlServer(hall.actions);
    stops.push(() => control.close());
    await writeSimState(home, { pid: process.pid, controlPort: control.port, ...hall.devices });
    stops.push(() => removeSimState(home));

    const appliance = await runAppliance({
      home,
      pkcs11,
      // the terminal shows the hall's own lines; request logs only when asked for (SEALDESK_LOG_LEVEL=info)
      settings: serviceSettings({ port, logLevel: process.env.SEALDESK_LOG_LEVEL ?? 'warn' }),
      devices: {
        idcard: hall.devices.idcard,
        receipt: hall.devices.receipt,
        qrscanner: hall.devices.qrscanner,
        ...(hall.devices.ipp ? { printerUri: hall.devices.ipp.uri } : {}),
      },
      tsaUrl: tsa.url,
      verifyBaseUrl: `http://127.0.0.1:${port}/verify`,
      unlock: async (t) => {
        if (!t.isLoggedIn) await t.login(DEMO_TOKEN.pin);
      },
      log,
    });
    stops.push(() => appliance.stop());
    return { url: appliance.url, signIns, appliance, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
