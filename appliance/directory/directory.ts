import type Database from 'better-sqlite3';
import { openDirectoryDatabase } from './database.js';
import { Operators } from './operators.js';
import { Organisations } from './organisations.js';
import type { ScryptParameters } from './password-hash.js';
import { OperatorPinTries } from './operator-pin-tries.js';
import { SealGrants } from './seal-grants.js';
import { Sessions, type OpenedSession, type SessionSettings } from './sessions.js';
import { signIn, type SignInCredentials } from './sign-in.js';
import { SignInThrottle, type ThrottleSettings } from './sign-in-throttle.js';
import { TokenOwners } from './token-owners.js';

export interface DirectoryOptions {
  sessions?: Partial<SessionSettings>;
  throttle?: Partial<ThrottleSettings>;
  /** Tests lower the cost; production keeps the default. */
  scrypt?: ScryptParameters;
}

/** Defaults match the service's `sessionIdleMs` / `maxSessionMs`. */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMs: 30 * 60_000, maxMs: 12 * 3600_000 };

/**
 * Who may do what on this appliance: the organisation tree, operators, seal grants and sessions,
 * in one SQLite database under SEALDESK_HOME/directory.
 */
export class Directory {
  readonly home: string;
  readonly db: Database.Database;
  readonly organisations: Organisations;
  readonly operators: Operators;
  readonly grants: SealGrants;
  readonly sessions: Sessions;
  readonly throttle: SignInThrottle;
  /** Which organisation each token belongs to. */
  readonly tokens: TokenOwners;
  /** Wrong PINs per operator and token. */
  readonly pinTries: OperatorPinTries;

  private constructor(home: string, db: Database.Database, options: DirectoryOptions) {
    this.home = home;
    this.db = db;
    this.organisations = new Organisations(db);
    this.operators = new Operators(db, this.organisations, options.scrypt ? { scrypt: options.scrypt } : {});
    this.grants = new SealGrants(db, this.organisations, this.operators);
    this.sessions = new Sessions(db, { ...DEFAULT_SESSION_SETTINGS, ...options.sessions });
    this.throttle = new SignInThrottle(db, options.throttle);
    this.tokens = new TokenOwners(db);
    this.pinTries = new OperatorPinTries(db);
  }

  static open(home: string, options: DirectoryOptions = {}): Directory {
    return new Directory(home, openDirectoryDatabase(home), options);
  }

  /** See `signIn`: SIGN_IN_THROTTLED or SIGN_IN_FAILED, else a new session. */
  signIn(credentials: SignInCredentials, address: string, now = Date.now()): Promise<OpenedSession> {
    return signIn(this, credentials, address, now);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
