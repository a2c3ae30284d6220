import { Type, type Static } from '@sinclair/typebox';
import { chainError } from '../../ledger/chain/chain-error.js';
import { ledgerView } from '../ledger-view.js';
import type { ServiceContext } from '../service-context.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const ChainStatus = Type.Object({
  configured: Type.Boolean({ description: 'false: this terminal anchors nothing; events wait in the outbox.' }),
  chainId: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  registry: Nullable(Type.String()),
  /** Set when a chain is configured but its node did not answer: the outbox figures still matter then. */
  error: Nullable(Type.Object({ code: Type.String(), message_zh: Type.String(), message_en: Type.String() })),
  outbox: Type.Object({ waiting: Type.Integer(), oldestWaitingMs: Nullable(Type.Number()), lastError: Nullable(Type.String()) }),
});
export type ChainStatus = Static<typeof ChainStatus>;

/**
 * The chain as /health sees it (context.ledger), said in full: an unreachable node is part of the
 * answer, not an error of the request, so the outbox backlog it causes stays visible.
 */
export async function chainStatus(context: ServiceContext): Promise<ChainStatus> {
  const view = context.ledger ?? ledgerView(() => context.events.outbox);
  const none = { chainId: null, height: null, registry: null, error: null };
  const outbox = view.outbox();
  if (!view.chain) return { configured: false, ...none, outbox };
  try {
    return { configured: true, ...none, ...(await view.chain()), outbox };
  } catch (error) {
    const typed = chainError(error);
    return { configured: true, ...none, error: { code: typed.code, message_zh: typed.messageZh, message_en: typed.messageEn }, outbox };
  }
}
