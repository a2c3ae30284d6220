import type { FastifyRequest } from 'fastify';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { DocumentPool } from '../document-pool/document-pool.js';
import type { Directory } from '../directory/directory.js';
import type { SealEventLog } from '../ledger/seal-events.js';
import type { SealRegistry } from '../seals/registry/seal-registry.js';
import type { Principal } from '../directory/principal.js';
import type { ServiceMetrics } from './service-metrics.js';
import type { ServiceSettings } from './service-settings.js';

/** Finds who is calling from the session cookie or `Authorization: Bearer`; undefined when nobody signed in. */
export interface Authenticator {
  /** Throws SESSION_EXPIRED for a session that ran out, so the page can say so. */
  principalOf(request: FastifyRequest): Principal | undefined;
}

/** The organisation tree as access checks need it. */
export interface OrganisationScope {
  /** True when orgId is ancestorId itself or below it. */
  within(ancestorId: string, orgId: string): boolean;
  /** The organisation whose USCC a seal carries (seal.organisation.uscc), if it is in the tree. */
  organisationOfUscc(uscc: string): string | undefined;
  /** May this clerk or kiosk stamp with the seal (a grant, within its subtree)? */
  maySeal(principal: Principal, sealId: string, sealOrganisationId: string | undefined): boolean;
}

import type { HallDevices } from '../devices/device-kinds.js';

/** Where the hall's devices are (paths of serial ptys / ports, the IPP printer's URI); absent ones are not fitted. */
export type { HallDevices };

/** What /health and /metrics read from the ledger. */
export interface LedgerView {
  /** Events recorded but not yet anchored, and the age of the oldest of them. */
  outbox(): { waiting: number; oldestWaitingMs: number | null; lastError: string | null };
  /** undefined when no chain is configured. */
  chain?(): Promise<{ chainId: number; height: number; registry: string }>;
}

/**
 * Everything the plugins use, opened once by the process that serves (see open-service-context.ts
 * for the appliance, test/helpers/service.ts for tests). Plugins take what they need from here and
 * never open databases or tokens of their own, so one process holds one connection to each.
 */
export interface ServiceContext {
  home: string;
  settings: ServiceSettings;
  pkcs11: Pkcs11;
  seals: SealRegistry;
  events: SealEventLog;
  /** Organisations, operators, seal grants, sessions: what the directory plugins administer. */
  directory: Directory;
  /** Access checks read these (built on the directory by access/directory-access.ts). */
  authenticator: Authenticator;
  scope: OrganisationScope;
  /** The hash-chained audit log: every privileged action, allowed or refused (see access/audit-actor.ts). */
  audit: AuditLog;
  devices: HallDevices;
  ledger?: LedgerView;
  metrics: ServiceMetrics;
  /** Worker threads for every document from outside (uploads, /api/verify): the main thread only routes. */
  documentPool: DocumentPool;
  /** Where uploads and stamped outputs of jobs go (under home). */
  workDir: string;
  verifyBaseUrl: string;
  tsaUrl?: string;
  /** Labels of the tokens that must stay open without a clerk (a kiosk's, the chain key's): /health reports them logged out as degraded. */
  unattendedTokens?: readonly string[];
}
