import { userInfo } from 'node:os';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { AuditLog } from '../audit/audit-log.js';
import { Directory } from '../directory/directory.js';
import type { Organisation } from '../directory/organisation.js';

/** The organisation named by its id or its USCC (统一社会信用代码); ORGANISATION_NOT_FOUND otherwise. */
export function organisationByCodeOrId(directory: Directory, codeOrId: string): Organisation {
  const wanted = codeOrId.trim();
  const found = directory.organisations.find(wanted) ?? directory.organisations.organisationOfUscc(wanted.toUpperCase());
  if (!found) throw new SealdeskError('ORGANISATION_NOT_FOUND', { organisation: wanted });
  return found;
}

function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return env.SEALDESK_OPERATOR || userInfo().username;
  } catch {
    return 'unknown'; // a container user without a passwd entry
  }
}

/**
 * `sealdesk token init --organisation`: the organisation is looked up before the token is erased
 * (a wrong code changes nothing), and the binding is made like the admin page's claim: in the
 * directory, audited as token.claim by the OS user who ran the command.
 */
export interface TokenBinding {
  organisation: Organisation;
  bind(serial: string, label: string): void;
  close(): void;
}

export function prepareTokenBinding(home: string, codeOrId: string, env: NodeJS.ProcessEnv = process.env): TokenBinding {
  const directory = Directory.open(home);
  let organisation: Organisation;
  try {
    organisation = organisationByCodeOrId(directory, codeOrId);
  } catch (error) {
    directory.close();
    throw error;
  }
  const actor = { id: `cli:${osUser(env)}`, role: 'cli' };
  return {
    organisation,
    bind(serial, label) {
      directory.tokens.bind(serial, organisation.id, actor.id);
      const audit = AuditLog.open(home);
      try {
        audit.append({ action: 'token.claim', actor, organisationId: organisation.id, target: serial, outcome: 'ok', details: { tokenLabel: label } });
      } finally {
        audit.close();
      }
    },
    close: () => directory.close(),
  };
}
