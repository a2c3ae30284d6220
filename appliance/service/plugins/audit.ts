import { Type, type TSchema } from '@sinclair/typebox';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { AuditCheckpointer } from '../../audit/audit-checkpointer.js';
import { loadAuditConfig } from '../../audit/audit-config.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry } from '../../audit/audit-entry.js';
import { auditReportText } from '../../audit/audit-report.js';
import { chainKeyCheckpointSigner } from '../../audit/checkpoint-signer.js';
import { principalOf } from '../access/route-access.js';
import { requireWithin } from '../access/require-within.js';
import type { ServicePlugin } from '../service-plugin.js';

const Hash = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'the `next` of the previous page' })),
    action: Type.Optional(Type.Unsafe<(typeof AUDIT_ACTIONS)[number]>({ type: 'string', enum: [...AUDIT_ACTIONS] })),
    organisationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this organisation and those below it (within your own subtree)' })),
  },
  { additionalProperties: false },
);

const AuditEntryView = Type.Object({
  v: Type.Literal(1),
  seq: Type.Integer(),
  time: Type.String(),
  action: Type.String(),
  actor: Type.Object({ id: Type.String(), username: Nullable(Type.String()), role: Nullable(Type.String()) }),
  organisationId: Nullable(Type.String()),
  target: Nullable(Type.String()),
  outcome: Type.Unsafe<(typeof AUDIT_OUTCOMES)[number]>({ type: 'string', enum: [...AUDIT_OUTCOMES] }),
  errorCode: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  prev: Hash,
  hash: Hash,
});
const AuditPage = Type.Object({ entries: Type.Array(AuditEntryView), next: Nullable(Type.Integer()) });

const Head = Type.Object({ seq: Type.Integer(), hash: Type.String() });
const Anchor = Type.Object({ batchId: Type.String(), txHash: Type.String(), blockNumber: Type.Integer(), blockTime: Type.Integer(), chainId: Type.Integer() });
const VerificationView = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  head: Head,
  firstBad: Type.Optional(
    Type.Object({
      seq: Type.Integer(),
      problem: Type.String({ enum: ['edited', 'removed', 'inserted', 'reordered'] }),
      detectedBy: Type.String({ enum: ['chain', 'checkpoint', 'head-file'] }),
      witnessSeq: Type.Optional(Type.Integer()),
    }),
  ),
  checkpoints: Type.Array(
    Type.Object({ seq: Type.Integer(), hash: Type.String(), eventId: Type.String(), time: Type.String(), status: Type.String(), inOutbox: Type.Boolean(), anchor: Nullable(Anchor) }),
  ),
  headFile: Type.Object({ configured: Type.Boolean(), seq: Nullable(Type.Integer()), status: Nullable(Type.String()) }),
  witnessedUpTo: Type.Integer(),
  unwitnessed: Type.Integer(),
  /** The same result as sentences for the page, as `sealdesk audit verify` prints them. */
  report: Type.Object({ zh: Type.String(), en: Type.String() }),
});
const CheckpointView = Type.Object({
  checkpoint: Nullable(Type.Object({ seq: Type.Integer(), hash: Type.String(), eventId: Type.String(), createdAt: Type.String(), created: Type.Boolean() })),
});

/**
 * An entry as a caller of this subtree may see it: an entry shown for its actor's organisation
 * (one of ours acted on another subtree) keeps that subtree's organisation and target to itself,
 * and one shown for its target keeps the actor's organisation when it lies outside — a refusal
 * must not tell whose a target was, nor map another subtree. The hash is the stored entry's
 * (verify checks the stored ones).
 */
function withinView(entry: AuditEntry, within: ReadonlySet<string>): AuditEntry {
  const outside = (id: unknown) => typeof id === 'string' && !within.has(id);
  let view = entry;
  if (outside(entry.organisationId)) view = { ...view, organisationId: null, target: null };
  if (outside(entry.details.actorOrganisationId)) view = { ...view, details: { ...view.details, actorOrganisationId: null } };
  return view;
}

/** The service signs with the chain key only when it is already unlocked (at start, or by an admin through /api/tokens). */
async function requireLoggedIn(token: Token): Promise<void> {
  if (!token.isLoggedIn) throw new SealdeskError('LOGIN_REQUIRED');
}

/**
 * /api/audit: the audit log for auditors and administrators — its entries within the caller's
 * subtree, as the target's organisation or the actor's (those of no organisation, e.g. failed
 * sign-ins of unknown users, to the root's operators), newest first; the verification of the whole chain against its anchored
 * checkpoints; and a checkpoint now. The plugin also checkpoints the head every
 * audit.checkpointIntervalMs (config.json, default 15 min) while the service runs; a tick while
 * the chain key's token is locked is logged and retried at the next.
 */
const auditPlugin: ServicePlugin = (context) => async (app) => {
  const checkpointer = new AuditCheckpointer({
    log: context.audit,
    events: context.events,
    signer: () => chainKeyCheckpointSigner(context.home, context.pkcs11, requireLoggedIn),
    intervalMs: loadAuditConfig(context.home).checkpointIntervalMs,
    onError: (error) => app.log.warn({ code: error instanceof SealdeskError ? error.code : 'INTERNAL' }, 'audit checkpoint failed; retried at the next interval'),
  });
  app.addHook('onReady', async () => checkpointer.start());
  app.addHook('onClose', async () => checkpointer.stop());

  app.get(
    '/api/audit',
    { schema: { tags: ['audit'], querystring: ListQuery, response: { 200: AuditPage } }, config: { access: ['admin', 'auditor'] } },
    async (request) => {
      const principal = principalOf(request);
      const { limit, before, action, organisationId } = request.query;
      if (organisationId !== undefined) requireWithin(context.scope, principal, organisationId);
      const root = organisationId ?? principal.organisationId;
      const organisations = context.directory.organisations;
      const within = new Set(organisations.subtree(root).map((o) => o.id));
      const entries = context.audit.list({
        limit: limit + 1,
        descending: true,
        ...(before !== undefined ? { from: before - 1 } : {}),
        ...(action ? { action } : {}),
        organisationIds: [...within],
        includeUnassigned: organisations.get(root).parentId === null,
      });
      const page = entries.slice(0, limit).map((e) => withinView(e, within));
      return { entries: page, next: entries.length > limit ? page[page.length - 1]!.seq : null };
    },
  );

  app.get(
    '/api/audit/verify',
    { schema: { tags: ['audit'], response: { 200: VerificationView } }, config: { access: ['admin', 'auditor'] } },
    async () => {
      const result = context.audit.verify();
      return { ...result, report: { zh: auditReportText(result, 'zh'), en: auditReportText(result, 'en') } };
    },
  );

  app.post(
    '/api/audit/checkpoint',
    { schema: { tags: ['audit'], response: { 200: CheckpointView } }, config: { access: ['admin'] } },
    async (request) => {
      const checkpoint = await checkpointer.checkpoint(principalOf(request).operatorId);
      return { checkpoint: checkpoint ? { seq: checkpoint.seq, hash: checkpoint.hash, eventId: checkpoint.eventId, createdAt: checkpoint.createdAt, created: checkpoint.created } : null };
    },
  );
};
export default auditPlugin;
