import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { AuditLog } from '../audit/audit-log.js';
import { Directory, type DirectoryOptions } from '../directory/directory.js';
import { DocumentPool } from '../document-pool/document-pool.js';
import { loadDocumentLimits } from '../documents/index.js';
import { SealEventLog } from '../ledger/seal-events.js';
import { SealRegistry } from '../seals/registry/seal-registry.js';
import { verifyBaseUrl } from '../stamping/verify-url.js';
import { directoryAuthenticator, directoryScope } from './access/directory-access.js';
import type { HallDevices, LedgerView, ServiceContext } from './service-context.js';
import { ServiceMetrics } from './service-metrics.js';
import type { ServiceSettings } from './service-settings.js';
import { ledgerView } from './ledger-view.js';

export interface ServiceContextParts {
  home: string;
  settings: ServiceSettings;
  pkcs11: Pkcs11;
  devices?: HallDevices;
  /** The chain /health reads, when one is configured. */
  chain?: { rpcUrl: string; registry: string };
  ledger?: LedgerView;
  tsaUrl?: string;
  verifyBaseUrl?: string;
  /** The terminal id written into seal events (default the host name, see eventIdentity). */
  terminalId?: string;
  directory?: DirectoryOptions;
  /** Tokens opened at start and kept open (ServiceContext.unattendedTokens). */
  unattendedTokens?: readonly string[];
  /** Default: one from settings.documentPool (tests give one with hostile job kinds). */
  documentPool?: DocumentPool;
}

export interface OpenedServiceContext extends ServiceContext {
  close(): void;
}

/**
 * Opens the databases of SEALDESK_HOME once for the serving process: seal registry, seal event
 * outbox, directory, audit log. The PKCS#11 layer is the caller's (it also runs the watcher and
 * the ledger worker).
 */
export function openServiceContext(parts: ServiceContextParts): OpenedServiceContext {
  const { home } = parts;
  const workDir = join(home, 'work');
  mkdirSync(workDir, { recursive: true });
  const opened: Array<{ close(): void }> = [];
  try {
    const seals = SealRegistry.open(home);
    opened.push(seals);
    const events = new SealEventLog(home, { terminalId: parts.terminalId ?? process.env.SEALDESK_TERMINAL_ID ?? 'sealdesk', operatorId: 'service' });
    opened.push(events);
    const directory = Directory.open(home, parts.directory);
    opened.push(directory);
    const audit = AuditLog.open(home);
    opened.push(audit);
    // threads start on the first document, so a context that never sees one costs none
    const documentPool = parts.documentPool ?? new DocumentPool(parts.settings.documentPool, undefined, loadDocumentLimits(home));
    // the context owns its threads: a second app built on the same context (tests) closing does not end them
    opened.push({ close: () => void documentPool.close() });
    const metrics = new ServiceMetrics();
    opened.push(metrics);
    return {
      home,
      settings: parts.settings,
      pkcs11: parts.pkcs11,
      seals,
      events,
      directory,
      authenticator: directoryAuthenticator(directory),
      scope: directoryScope(directory),
      audit,
      devices: parts.devices ?? {},
      ledger: parts.ledger ?? ledgerView(() => events.outbox, parts.chain),
      metrics,
      documentPool,
      workDir,
      verifyBaseUrl: parts.verifyBaseUrl ?? verifyBaseUrl(home),
      ...(parts.tsaUrl ? { tsaUrl: parts.tsaUrl } : {}),
      ...(parts.unattendedTokens ? { unattendedTokens: parts.unattendedTokens } : {}),
      close() {
        for (const part of opened.splice(0).reverse()) part.close();
      },
    };
  } catch (error) {
    for (const part of opened.reverse()) part.close();
    throw error;
  }
}
