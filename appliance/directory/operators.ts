import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { ROLES, type Role } from './principal.js';
import type { CreatedOperator, NewOperator, Operator } from './operator.js';
import type { Organisations } from './organisations.js';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParameters } from './password-hash.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashTerminalCredential, newTerminalCredential, verifyTerminalCredential } from './terminal-credential.js';

interface OperatorRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  organisation_id: string;
  secret_hash: string;
  disabled: 0 | 1;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, username, display_name, role, organisation_id, secret_hash, disabled, created_at, updated_at';

function fromRow(row: OperatorRow): Operator {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    organisationId: row.organisation_id,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

/** `reason` in English for the log and the English sentence, `reasonZh` for the Chinese one. */
function inputInvalid(reason: string, reasonZh: string): SealdeskError {
  return new SealdeskError('INPUT_INVALID', { reason, reasonZh });
}

function checkedRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw inputInvalid(`"${role}" is not a role (${ROLES.join(', ')})`, `“${role}”不是有效的角色（${ROLES.join('、')}）`);
  return role as Role;
}

/**
 * Operators and their secrets: a scrypt password hash for people, the SHA-256 of a terminal
 * credential for kiosks. Secrets never leave this class; callers get `Operator`s.
 */
export class Operators {
  readonly #db: Database.Database;
  readonly #organisations: Organisations;
  readonly #scrypt: ScryptParameters;
  #dummyHash: Promise<string> | undefined;

  constructor(db: Database.Database, organisations: Organisations, options: { scrypt?: ScryptParameters } = {}) {
    this.#db = db;
    this.#organisations = organisations;
    this.#scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  }

  /**
   * `record` runs inside the insert's transaction (e.g. the audit entry): if it throws, the
   * operator is not created.
   */
  async create(input: NewOperator, now = new Date(), record?: (operator: Operator) => void): Promise<CreatedOperator> {
    const username = input.username.trim();
    if (!USERNAME.test(username)) throw inputInvalid('a username has 3 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit', '用户名须为 3 至 64 个字母、数字、“.”、“_”或“-”，并以字母或数字开头');
    const displayName = input.displayName.trim();
    if (displayName === '' || displayName.length > 50) throw inputInvalid('a display name has 1 to 50 characters', '显示名称须为 1 至 50 个字');
    const role = checkedRole(input.role);
    this.#organisations.get(input.organisationId);
    this.#assertUsernameFree(username);
    let secretHash: string;
    let terminalCredential: string | undefined;
    if (role === 'kiosk') {
      if (input.password !== undefined) throw inputInvalid('a kiosk signs in with a terminal credential, not a password', '自助终端使用终端凭证登录，不设密码');
      terminalCredential = newTerminalCredential();
      secretHash = hashTerminalCredential(terminalCredential);
    } else {
      if (input.password === undefined) throw inputInvalid('a password is required', '须设置密码');
      checkPasswordPolicy(input.password, username);
      secretHash = await hashPassword(input.password, this.#scrypt);
    }
    const id = `op-${randomBytes(5).toString('hex')}`;
    const at = now.toISOString();
    this.#db.transaction(() => {
      // checked again: another request may have taken the name while scrypt ran
      this.#assertUsernameFree(username);
      this.#db
        .prepare(`INSERT INTO operators (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`)
        .run(id, username, displayName, role, input.organisationId, secretHash, at, at);
      record?.(this.get(id));
    })();
    return { operator: this.get(id), ...(terminalCredential ? { terminalCredential } : {}) };
  }

  #assertUsernameFree(username: string): void {
    if (this.#row(username, 'username')) throw new SealdeskError('OPERATOR_EXISTS');
  }

  #row(value: string, by: 'id' | 'username'): OperatorRow | undefined {
    return this.#db.prepare(`SELECT ${COLUMNS} FROM operators WHERE ${by} = ?`).get(value) as OperatorRow | undefined;
  }

  /** OPERATOR_NOT_FOUND when there is none. */
  get(id: string): Operator {
    const found = this.find(id);
    if (!found) throw new SealdeskError('OPERATOR_NOT_FOUND', { operator: id });
    return found;
  }

  find(id: string): Operator | undefined {
    const row = this.#row(id, 'id');
    return row && fromRow(row);
  }

  findByUsername(username: string): Operator | undefined {
    const row = this.#row(username.trim(), 'username');
    return row && fromRow(row);
  }

  /** The operators of an organisation and of everything below it (all operators without one). */
  list(withinOrganisationId?: string): Operator[] {
    const rows =
      withinOrganisationId === undefined
        ? (this.#db.prepare(`SELECT ${COLUMNS} FROM operators ORDER BY username`).all() as OperatorRow[])
        : (this.#db
            .prepare(
              `WITH RECURSIVE tree (id) AS (
                 SELECT id FROM organisations WHERE id = ?
                 UNION ALL SELECT o.id FROM organisations o JOIN tree ON o.parent_id = tree.id
               )
               SELECT ${COLUMNS} FROM operators WHERE organisation_id IN (SELECT id FROM tree) ORDER BY username`,
            )
            .all(withinOrganisationId) as OperatorRow[]);
    return rows.map(fromRow);
  }

  /**
   * A person's role changes between admin, clerk and auditor; a kiosk account stays a kiosk
   * (its secret is a terminal credential, not a password). The change takes effect on the
   * operator's next request: sessions read the role from here every time.
   */
  changeRole(id: string, role: Role, now = new Date()): Operator {
    const next = checkedRole(role);
    const current = this.get(id);
    if ((current.role === 'kiosk') !== (next === 'kiosk')) {
      throw inputInvalid('a kiosk account cannot become a person’s account or the other way round; create a new account', '自助终端账户与人员账户不能相互转换，请新建账户');
    }
    this.#db.prepare('UPDATE operators SET role = ?, updated_at = ? WHERE id = ?').run(next, now.toISOString(), id);
    return this.get(id);
  }

  /** Disabling ends the operator's sessions at once; enabling lets them sign in again. */
  setDisabled(id: string, disabled: boolean, now = new Date()): Operator {
    this.get(id);
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE operators SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, now.toISOString(), id);
      if (disabled) this.#endSessions(id);
    })();
    return this.get(id);
  }

  /**
   * A person's new password; their sessions end, since a reset usually means the old one leaked.
   * `record` runs inside the update's transaction, as for `create`.
   */
  async resetPassword(id: string, password: string, now = new Date(), record?: (operator: Operator) => void): Promise<Operator> {
    const operator = this.get(id);
    if (operator.role === 'kiosk') throw inputInvalid('a kiosk has a terminal credential, not a password; issue a new credential', '自助终端使用终端凭证而非密码，请重新签发凭证');
    checkPasswordPolicy(password, operator.username);
    const hash = await hashPassword(password, this.#scrypt);
    this.#db.transaction(() => {
      this.#setSecret(id, hash, now);
      record?.(operator);
    })();
    return this.get(id);
  }

  /** A kiosk's new terminal credential, returned this once; the old one stops working. */
  reissueTerminalCredential(id: string, now = new Date()): string {
    const operator = this.get(id);
    if (operator.role !== 'kiosk') throw inputInvalid('only a kiosk account has a terminal credential', '只有自助终端账户才有终端凭证');
    const credential = newTerminalCredential();
    this.#setSecret(id, hashTerminalCredential(credential), now);
    return credential;
  }

  #setSecret(id: string, secretHash: string, now: Date): void {
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE operators SET secret_hash = ?, updated_at = ? WHERE id = ?').run(secretHash, now.toISOString(), id);
      this.#endSessions(id);
    })();
  }

  #endSessions(id: string): void {
    this.#db.prepare('DELETE FROM sessions WHERE operator_id = ?').run(id);
  }

  /**
   * The enabled person with this username and password, or undefined. An unknown username
   * costs the same scrypt as a known one, so the answer time does not tell whether it exists.
   */
  async checkPassword(username: string, password: string): Promise<Operator | undefined> {
    const row = this.#row(username.trim(), 'username');
    const person = row && row.role !== 'kiosk' ? row : undefined;
    this.#dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.#scrypt);
    const ok = await verifyPassword(password, person?.secret_hash ?? (await this.#dummyHash));
    if (!ok || !person || person.disabled === 1) return undefined;
    if (needsRehash(person.secret_hash, this.#scrypt)) {
      this.#db.prepare('UPDATE operators SET secret_hash = ? WHERE id = ?').run(await hashPassword(password, this.#scrypt), person.id);
    }
    return fromRow(person);
  }

  /** The enabled kiosk with this terminal name and credential, or undefined. */
  checkTerminalCredential(terminal: string, credential: string): Operator | undefined {
    const row = this.#row(terminal.trim(), 'username');
    const kiosk = row && row.role === 'kiosk' ? row : undefined;
    const ok = verifyTerminalCredential(credential, kiosk?.secret_hash ?? hashTerminalCredential(''));
    return ok && kiosk && kiosk.disabled === 0 ? fromRow(kiosk) : undefined;
  }
}
