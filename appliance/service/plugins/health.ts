import { existsSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { ServicePlugin } from '../service-plugin.js';
import type { ServiceContext } from '../service-context.js';

const Part = Type.Object({ ok: Type.Boolean(), detail: Type.String() });
const Health = Type.Object({
  ok: Type.Boolean(),
  token: Part,
  devices: Type.Record(Type.String(), Part),
  chain: Part,
  outbox: Type.Object({ ok: Type.Boolean(), waiting: Type.Integer(), oldestWaitingSeconds: Type.Union([Type.Number(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]) }),
});

/** An event older than this not anchored makes the outbox unhealthy: the chain is not keeping up. */
const OUTBOX_LAG_LIMIT_MS = 10 * 60_000;

function tokenPart(context: ServiceContext): { ok: boolean; detail: string } {
  try {
    const present = context.pkcs11.slots().filter((s) => s.token?.flags.initialized);
    return present.length ? { ok: true, detail: present.map((s) => s.token?.label).join(', ') } : { ok: false, detail: 'no token present' };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

async function chainPart(context: ServiceContext): Promise<{ ok: boolean; detail: string }> {
  if (!context.ledger?.chain) return { ok: true, detail: 'no chain configured' };
  try {
    const chain = await context.ledger.chain();
    return { ok: true, detail: `chain ${chain.chainId} height ${chain.height} registry ${chain.registry}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

/**
 * /health: the token, each device, the chain and the outbox lag, each said separately so a kiosk
 * supervisor sees which part is down; 503 when any is, so a load balancer or watchdog reacts.
 */
const healthPlugin: ServicePlugin = (context) => async (app) => {
  app.get('/health', { schema: { response: { 200: Health, 503: Health } }, config: { access: 'public' } }, async (_request, reply) => {
    const devices: Record<string, { ok: boolean; detail: string }> = {};
    for (const [name, path] of Object.entries(context.devices)) {
      if (typeof path !== 'string') continue;
      devices[name] = path.includes('://') ? { ok: true, detail: path } : { ok: existsSync(path), detail: existsSync(path) ? path : `${path} missing` };
    }
    const outbox = context.ledger?.outbox() ?? { waiting: 0, oldestWaitingMs: null, lastError: null };
    const outboxOk = outbox.oldestWaitingMs === null || outbox.oldestWaitingMs < OUTBOX_LAG_LIMIT_MS;
    const body = {
      token: tokenPart(context),
      devices,
      chain: await chainPart(context),
      outbox: { ok: outboxOk, waiting: outbox.waiting, oldestWaitingSeconds: outbox.oldestWaitingMs === null ? null : outbox.oldestWaitingMs / 1000, lastError: outbox.lastError },
    };
    const ok = body.token.ok && body.chain.ok && outboxOk && Object.values(devices).every((d) => d.ok);
    return reply.status(ok ? 200 : 503).send({ ok, ...body });
  });
};
export default healthPlugin;
