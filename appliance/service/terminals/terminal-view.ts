import { Type, type Static } from '@sinclair/typebox';
import type Database from 'better-sqlite3';
import { chainId32 } from '../../ledger/chain/chain-id.js';
import { followedGrants, followedTerminals, type FollowedGrant, type FollowedTerminal } from '../../ledger/follower/hall-view.js';
import type { Principal } from '../../directory/principal.js';
import type { Seal } from '../../seals/seal.js';
import type { ServiceContext } from '../service-context.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const TerminalGrantView = Type.Object({
  /** The seal's id here, or its chain key when this terminal does not know the seal (its record not read yet). */
  sealId: Type.String(),
  sealName: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  organisationUscc: Nullable(Type.String()),
  grantedAt: Nullable(Type.String({ format: 'date-time' })),
  block: Type.Integer(),
  /** A seal of an organisation outside the administrator's subtree: shown as granted, not named. */
  outsideScope: Type.Boolean(),
});

export const TerminalView = Type.Object({
  address: Type.String(),
  name: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  organisationId: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  registeredAt: Nullable(Type.String({ format: 'date-time' })),
  /** pending: its record not read from the hall's store yet; stored; mismatch; no-store. */
  recordState: Type.String(),
  block: Type.Integer(),
  grants: Type.Array(TerminalGrantView),
});

export const TerminalList = Type.Object({ terminals: Type.Array(TerminalView) });
export type TerminalView = Static<typeof TerminalView>;

/**
 * May this admin see the terminal? Its organisation within the admin's subtree; a terminal whose
 * record is not read yet (no organisation known) only by an admin at the root of the tree, as an
 * unbound token is (tokens/listed-tokens.ts).
 */
function terminalVisible(context: ServiceContext, principal: Principal, terminal: FollowedTerminal): boolean {
  if (terminal.organisationId === null || context.directory.organisations.find(terminal.organisationId) === undefined) {
    return context.directory.organisations.find(principal.organisationId)?.parentId === null;
  }
  return context.scope.within(principal.organisationId, terminal.organisationId);
}

/** Whether the seal's organisation is in the admin's subtree (a seal of no known organisation is not). */
function sealInScope(context: ServiceContext, principal: Principal, seal: Seal): boolean {
  const organisation = context.directory.organisations.organisationOfUscc(seal.organisation.uscc);
  return organisation !== undefined && context.scope.within(principal.organisationId, organisation.id);
}

/** The local seal a followed grant names (by id, or by chain key for one applied before its record). */
function sealOf(seals: Map<string, Seal>, grant: FollowedGrant): Seal | undefined {
  return seals.get(grant.sealId) ?? seals.get(grant.sealId.toLowerCase());
}

/**
 * The hall's terminals as this appliance's follower applied them from final blocks (issue 17),
 * those of the admin's subtree, each with the seals the desk granted it.
 */
export function visibleTerminals(context: ServiceContext, db: Database.Database, principal: Principal): TerminalView[] {
  const seals = new Map<string, Seal>();
  for (const seal of context.seals.list()) {
    seals.set(seal.id, seal);
    seals.set(chainId32(seal.id).toLowerCase(), seal);
  }
  const grants = followedGrants(db);
  return followedTerminals(db)
    .filter((terminal) => terminalVisible(context, principal, terminal))
    .map((terminal) => ({
      address: terminal.address,
      name: terminal.name,
      kind: terminal.kind,
      organisationId: terminal.organisationId,
      organisationName: terminal.organisationId === null ? null : (context.directory.organisations.find(terminal.organisationId)?.name ?? null),
      registeredAt: terminal.registeredAt,
      recordState: terminal.recordState,
      block: terminal.block,
      grants: grants
        .filter((grant) => grant.terminal === terminal.address)
        .map((grant) => {
          const seal = sealOf(seals, grant);
          // another organisation's seal on a terminal of this subtree: that it is granted is this
          // admin's business (it stamps at their terminal), its name and owner are not
          if (seal && !sealInScope(context, principal, seal)) {
            return { sealId: grant.sealId, sealName: null, organisationName: null, organisationUscc: null, grantedAt: grant.grantedAt, block: grant.block, outsideScope: true };
          }
          return { sealId: seal?.id ?? grant.sealId, sealName: seal?.name ?? null, organisationName: seal?.organisation.name ?? null, organisationUscc: seal?.organisation.uscc ?? null, grantedAt: grant.grantedAt, block: grant.block, outsideScope: false };
        }),
    }));
}
