/**
 * One sealdesk terminal of the hall test, in a process of its own with its own SEALDESK_HOME and
 * SoftHSM instance (SOFTHSM2_CONF). TERMINAL_ROLE=prepare: the desk's one-off set-up (chain key,
 * registry deployed, the dev CA on the desk's token, one seal on each counter's USB key, made but
 * not yet enrolled on chain), printed as `@{json}`, then exit. Any other role runs the appliance
 * (runAppliance: the follower included) and answers commands on stdin, one JSON line each, with
 * `@{json}` lines: enrol / revoke (the desk), seal / stamp / follower (the counters).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ensureDemoSeals } from '../../../../appliance/hall/demo-seals.js';
import { runAppliance } from '../../../../appliance/hall/run-appliance.js';
import { saveLedgerConfig } from '../../../../appliance/ledger/ledger-config.js';
import { publishSealChange } from '../../../../appliance/ledger/seal-chain.js';
import { followerHealth } from '../../../../appliance/service/health/follower-health.js';
import { serviceSettings } from '../../../../appliance/service/service-settings.js';
import { SealRegistry } from '../../../../appliance/seals/registry/seal-registry.js';
import { stampDocument } from '../../../../appliance/stamping/index.js';
import { pdfLibDocument } from '../../pdf/make-pdf.js';
import { answerCommands, deployHall, env, hallChild, say } from './hall-child.js';

const child = hallChild();
const { pin: PIN, home, login, pkcs11 } = child;

if (process.env.TERMINAL_ROLE === 'prepare') {
  const rpcUrl = env('TERMINAL_ANVIL');
  const organisations = JSON.parse(env('TERMINAL_ORGS')) as Array<{ name: string; uscc: string; token: string }>;
  const { registry } = await deployHall(child, rpcUrl, organisations.map((o) => o.uscc));
  const seals = SealRegistry.open(home);
  const made = [];
  // TERMINAL_SEALS per organisation (default 1): a revocation is final, so a bench of n revocations needs n seals
  const count = Number(process.env.TERMINAL_SEALS ?? 1);
  for (const o of organisations) {
    const token = pkcs11.token({ label: o.token });
    await login(token);
    for (let i = 1; i <= count; i++) {
      const [name, tag] = count === 1 ? ['行政审批专用章', `-${o.token}`] : [`行政审批专用章 ${i}`, `-${o.token}-${i}`];
      const [seal] = await ensureDemoSeals(home, pkcs11, seals, token, [o], 'http://127.0.0.1:9/crl', [{ type: 'business', name }], tag);
      made.push({ id: seal!.id, token: o.token });
    }
  }
  seals.close();
  saveLedgerConfig(home, { rpcUrls: [rpcUrl], registry, chainKey: { token: 'desk', label: 'chain' }, confirmations: 1, pollingIntervalMs: 100, sealRecords: env('TERMINAL_RECORDS') });
  say({ registry, seals: made });
  pkcs11.close();
  process.exit(0);
}

const running = await runAppliance({ home, pkcs11, settings: serviceSettings({ port: 0, logLevel: 'silent' }), devices: {}, unlock: login, log: (line) => process.stderr.write(`${line}\n`) });
const { context } = running;
const input = await pdfLibDocument(home, 'in.pdf', 1);
let stamps = 0;

async function handle(command: { op: string; seal?: string }): Promise<unknown> {
  const sealId = command.seal ?? '';
  switch (command.op) {
    case 'enrol':
    case 'revoke': {
      const before = performance.now();
      const seal = command.op === 'revoke' ? context.seals.revoke(sealId, 'revoked at the desk (test)') : context.seals.get(sealId);
      const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
      const published = await publishSealChange(home, pkcs11, command.op === 'enrol' ? 'registered' : 'revoked', { ...seal, certificateSha256 }, login);
      return { ok: true, txHash: published?.txHash, ms: performance.now() - before };
    }
    case 'seal': {
      const seal = context.seals.list().find((s) => s.id === sealId);
      return seal ? { ok: true, status: seal.status, name: seal.name, organisation: seal.organisation, image: context.seals.image(sealId).length } : { ok: false };
    }
    case 'stamp': {
      const outcome = await stampDocument(
        { sealId, input, output: join(home, `out-${++stamps}.pdf`), placement: { kind: 'position', page: 1, x: 100, y: 100 } },
        { home, registry: context.seals, pkcs11, pin: PIN, events: context.events, audit: { log: context.audit, actor: { id: 'hall-test', username: null, role: 'cli' }, organisationId: null } },
      );
      return { ok: true, eventId: outcome.eventId };
    }
    case 'follower':
      return { ok: true, health: followerHealth(context) };
    case 'stop':
      await running.stop();
      pkcs11.close();
      say({ ok: true });
      process.exit(0);
  }
  return { ok: false, error: `unknown op ${command.op}` };
}

say({ ready: true, url: running.url });
answerCommands<{ op: string; seal?: string }>(handle);
