/**
 * One appliance of the hall-grants test, in a process of its own (own SEALDESK_HOME and SoftHSM).
 * TERMINAL_ROLE=prepare: the desk's one-off set-up — its chain key, the registry deployed, the
 * dev CA, a seal on each counter's USB key and a chain key beside it (the counter's identity) —
 * printed as `@{json}`, then exit. Any other role runs the appliance (its follower included) and
 * answers one JSON command a line on stdin with an `@{json}` line: enrol (the desk), stamp,
 * organisation, terminals, audit, stop.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ensureDemoSeals } from '../../../../appliance/hall/demo-seals.js';
import { runAppliance } from '../../../../appliance/hall/run-appliance.js';
import { tokenAccount } from '../../../../appliance/ledger/chain/token-account.js';
import { followedTerminals } from '../../../../appliance/ledger/follower/hall-view.js';
import { publishOrganisations, registerTerminal, setTerminalGrant } from '../../../../appliance/ledger/hall-desk.js';
import { saveLedgerConfig } from '../../../../appliance/ledger/ledger-config.js';
import { publishSealChange } from '../../../../appliance/ledger/seal-chain.js';
import { serviceSettings } from '../../../../appliance/service/service-settings.js';
import { SealRegistry } from '../../../../appliance/seals/registry/seal-registry.js';
import { stampDocument } from '../../../../appliance/stamping/index.js';
import { pdfLibDocument } from '../../pdf/make-pdf.js';
import { answerCommands, deployHall, env, hallChild, say } from './hall-child.js';

const child = hallChild();
const { pin: PIN, home, login, pkcs11 } = child;

if (process.env.TERMINAL_ROLE === 'prepare') {
  const rpcUrl = env('TERMINAL_ANVIL');
  const organisation = JSON.parse(env('TERMINAL_ORG')) as { name: string; uscc: string };
  const counters = env('TERMINAL_COUNTERS').split(',');
  const { registry, desk } = await deployHall(child, rpcUrl, [organisation.uscc]);
  const seals = SealRegistry.open(home);
  const made: Record<string, { seal: string; address: string }> = {};
  for (const label of counters) {
    const token = pkcs11.token({ label });
    await login(token);
    const [seal] = await ensureDemoSeals(home, pkcs11, seals, token, [organisation], 'http://127.0.0.1:9/crl', [{ type: 'business', name: `专用章${label.slice(-1).toUpperCase()}` }], `-${label}`);
    // the counter's identity in the hall: a chain key on its own USB key
    await token.generateKey('secp256k1', 'chain');
    made[label] = { seal: seal!.id, address: (await tokenAccount(token, 'chain')).address.toLowerCase() };
  }
  seals.close();
  saveLedgerConfig(home, { rpcUrls: [rpcUrl], registry, chainKey: { token: 'desk', label: 'chain' }, confirmations: 1, pollingIntervalMs: 100, sealRecords: env('TERMINAL_RECORDS') });
  say({ registry, desk: desk.toLowerCase(), counters: made });
  pkcs11.close();
  process.exit(0);
}

const running = await runAppliance({ home, pkcs11, settings: serviceSettings({ port: 0, logLevel: 'silent' }), devices: {}, unlock: login, log: (line) => process.stderr.write(`${line}\n`) });
const { context } = running;
const input = await pdfLibDocument(home, 'in.pdf', 1);
let stamps = 0;

type Command = { op: string; seal?: string; id?: string; names?: [string, string]; address?: string; name?: string; granted?: boolean };
const deskChain = { home, pkcs11, login };

async function handle(command: Command): Promise<unknown> {
  const sealId = command.seal ?? '';
  switch (command.op) {
    // the desk's decisions, through the functions `sealdesk org|terminal|grant` call
    case 'org-tree': {
      const [cityName, officeName] = command.names!;
      const city = context.directory.organisations.create({ name: cityName, level: 'city' });
      const office = context.directory.organisations.create({ name: officeName, level: 'department', parentId: city.id });
      const published = await publishOrganisations(deskChain, [city, office]);
      return { ok: true, city: city.id, office: office.id, gasUsed: String(published[1]!.gasUsed) };
    }
    case 'register': {
      const registered = await registerTerminal(deskChain, { address: command.address!, name: command.name!, kind: 'counter', organisation: context.directory.organisations.get(command.id!) });
      return { ok: true, gasUsed: String(registered.gasUsed) };
    }
    case 'grant': {
      const done = await setTerminalGrant(deskChain, sealId, command.address!, command.granted !== false);
      return { ok: true, gasUsed: String(done.gasUsed) };
    }
    case 'enrol': {
      const seal = context.seals.get(sealId);
      const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
      const published = await publishSealChange(home, pkcs11, 'registered', { ...seal, certificateSha256 }, login);
      return { ok: true, txHash: published?.txHash };
    }
    case 'has-seal':
      return { ok: context.seals.list().some((s) => s.id === sealId) };
    case 'stamp': {
      const outcome = await stampDocument(
        { sealId, input, output: join(home, `out-${++stamps}.pdf`), placement: { kind: 'position', page: 1, x: 100, y: 100 } },
        { home, registry: context.seals, pkcs11, pin: PIN, events: context.events, audit: { log: context.audit, actor: { id: 'hall-test', username: null, role: 'cli' }, organisationId: null } },
      );
      return { ok: true, eventId: outcome.eventId };
    }
    case 'organisation': {
      const found = context.directory.organisations.find(command.id ?? '');
      return found ? { ok: true, ...found } : { ok: false };
    }
    case 'terminals':
      return { ok: true, terminals: followedTerminals(context.seals.db) };
    case 'audit': {
      const last = context.audit.list({ limit: 1, descending: true })[0];
      return { ok: true, last };
    }
    case 'stop':
      await running.stop();
      pkcs11.close();
      say({ ok: true });
      process.exit(0);
  }
  return { ok: false, error: `unknown op ${command.op}` };
}

say({ ready: true, url: running.url });
answerCommands<Command>(handle);
