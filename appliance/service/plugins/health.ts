import { existsSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { tokensCanStamp, tokensOk, tokenStates } from '../health/token-states.js';
import { followerHealth, FollowerDetails } from '../health/follower-health.js';
import { queuedSealRecords } from '../../ledger/follower/record-queue.js';
import { queuedSealStatuses } from '../../ledger/follower/status-queue.js';
import type { ServicePlugin } from '../service-plugin.js';
import type { ServiceContext } from '../service-context.js';

const PartState = Type.Union([Type.Literal('ok'), Type.Literal('degraded')]);
const Part = Type.Object({ ok: Type.Boolean(), detail: Type.String() });
const Details = Type.Object({
  tokens: Type.Array(
    Type.Object({
      label: Type.String(),
      serial: Type.Union([Type.String(), Type.Null()]),
      state: Type.Union(['ok', 'logged-out', 'locked', 'absent'].map((s) => Type.Literal(s))),
      unattended: Type.Boolean(),
    }),
  ),
  devices: Type.Record(Type.String(), Part),
  chain: Part,
  follower: Type.Optional(FollowerDetails),
  outbox: Type.Object({ ok: Type.Boolean(), waiting: Type.Integer(), oldestWaitingSeconds: Type.Union([Type.Number(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]) }),
  /** Seal changes made here that the chain does not hold yet (the ledger runner sends them): statuses and registrations with their records. */
  sealQueue: Type.Optional(Type.Object({ statuses: Type.Integer(), records: Type.Integer() })),
});
const Health = Type.Object({
  status: PartState,
  token: PartState,
  devices: PartState,
  chain: PartState,
  outbox: PartState,
  database: PartState,
  /** Only for a signed-in admin or auditor: node URLs, versions, device paths and lag figures map the hall for an attacker. */
  details: Type.Optional(Details),
});

/** An event older than this not anchored makes the outbox unhealthy: the chain is not keeping up. */
const OUTBOX_LAG_LIMIT_MS = 10 * 60_000;

async function chainPart(context: ServiceContext): Promise<{ ok: boolean; detail: string }> {
  if (!context.ledger?.chain) return { ok: true, detail: 'no chain configured' };
  try {
    const chain = await context.ledger.chain();
    return { ok: true, detail: `chain ${chain.chainId} height ${chain.height} registry ${chain.registry}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

/** Left out when the seal database does not answer: that is the database part's to report, not a reason for /health to fail. */
function sealQueue(home: string): { sealQueue?: { statuses: number; records: number } } {
  try {
    return { sealQueue: { statuses: queuedSealStatuses(home).length, records: queuedSealRecords(home).length } };
  } catch {
    return {};
  }
}

const said = (ok: boolean) => (ok ? 'ok' : 'degraded') as 'ok' | 'degraded';

/** The directory (who may stamp) and the audit log (every stamp is audited) answer a query. */
function databasesOk(context: ServiceContext): boolean {
  try {
    context.directory.db.prepare('SELECT 1').get();
    context.audit.db.prepare('SELECT 1').get();
    return true;
  } catch {
    return false;
  }
}

/**
 * /health: the tokens, the devices, the chain, the outbox lag and the databases, each ok or
 * degraded, so a kiosk supervisor sees which part is down. The status code says whether the hall
 * can still stamp: 200 while it can, degraded or not (a chain outage only delays anchoring: stamps
 * wait in the outbox; a missing printer or reader stops printing or card reading, not stamping);
 * 503 only when it cannot stamp at all — no token that can sign (every one absent or locked, or
 * an unattended one logged out with no counter token to open), or the PKCS#11 layer or the
 * databases failing — so a load balancer or watchdog reacts to that and not to a slow chain.
 * Anyone may ask; the details (each token's state, node URLs and versions, device paths, outbox
 * figures) go to a signed-in admin or auditor only.
 */
const healthPlugin: ServicePlugin = (context) => async (app) => {
  app.get('/health', { schema: { response: { 200: Health, 503: Health } }, config: { access: 'public' } }, async (request, reply) => {
    const devices: Record<string, { ok: boolean; detail: string }> = {};
    for (const [name, path] of Object.entries(context.devices)) {
      if (typeof path !== 'string') continue;
      devices[name] = path.includes('://') ? { ok: true, detail: path } : { ok: existsSync(path), detail: existsSync(path) ? path : `${path} missing` };
    }
    let tokens: ReturnType<typeof tokenStates> = [];
    let tokenOk = false;
    let tokenCanStamp = false;
    try {
      tokens = tokenStates(context.pkcs11, context.seals, context.unattendedTokens ?? []);
      tokenOk = tokensOk(tokens);
      tokenCanStamp = tokensCanStamp(tokens);
    } catch {
      // the PKCS#11 layer itself failed: no token can be used
    }
    const outbox = context.ledger?.outbox() ?? { waiting: 0, oldestWaitingMs: null, lastError: null };
    const outboxOk = outbox.oldestWaitingMs === null || outbox.oldestWaitingMs < OUTBOX_LAG_LIMIT_MS;
    const follower = followerHealth(context);
    const node = await chainPart(context);
    // the chain part covers the follower too: a stale view or a deep re-org stops stamps (SEAL_STATUS_STALE)
    const chain = follower && !follower.ok ? { ok: false, detail: `${node.detail}; follower: ${follower.detail}` } : node;
    const devicesOk = Object.values(devices).every((d) => d.ok);
    const databaseOk = databasesOk(context);
    const ok = tokenOk && chain.ok && outboxOk && devicesOk && databaseOk;
    const canStamp = tokenCanStamp && databaseOk;
    const role = request.principal?.role;
    const body = {
      status: said(ok),
      token: said(tokenOk),
      devices: said(devicesOk),
      chain: said(chain.ok),
      outbox: said(outboxOk),
      database: said(databaseOk),
      ...(role === 'admin' || role === 'auditor'
        ? {
            details: {
              tokens,
              devices,
              chain,
              ...(follower ? { follower } : {}),
              outbox: { ok: outboxOk, waiting: outbox.waiting, oldestWaitingSeconds: outbox.oldestWaitingMs === null ? null : outbox.oldestWaitingMs / 1000, lastError: outbox.lastError },
              ...sealQueue(context.home),
            },
          }
        : {}),
    };
    return reply.status(canStamp ? 200 : 503).send(body);
  });
};
export default healthPlugin;
