import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { Principal } from './principal.js';
import type { Operators } from './operators.js';
import type { Organisations } from './organisations.js';

export interface SealGrant {
  sealId: string;
  operatorId: string;
  /** The operator id of the administrator who granted it. */
  grantedBy: string;
  grantedAt: string;
}

interface GrantRow {
  seal_id: string;
  operator_id: string;
  granted_by: string;
  granted_at: string;
}

function fromRow(row: GrantRow): SealGrant {
  return { sealId: row.seal_id, operatorId: row.operator_id, grantedBy: row.granted_by, grantedAt: row.granted_at };
}

/**
 * The seal ACL: which operators may stamp with which seal. A grant is the only way to stamp.
 * Administrators of the seal's subtree manage the grants and the seal itself, but stamping
 * needs a grant for them too: administering a seal and using it are separate duties, and the
 * audit log then always shows who was allowed to use it.
 */
export class SealGrants {
  readonly #db: Database.Database;
  readonly #organisations: Organisations;
  readonly #operators: Operators;

  constructor(db: Database.Database, organisations: Organisations, operators: Operators) {
    this.#db = db;
    this.#organisations = organisations;
    this.#operators = operators;
  }

  /**
   * Grants the seal (which belongs to `sealOrganisationId`) to the operator. The seal must be
   * within the operator's subtree, since `maySeal` would refuse it anyway; auditors are read-only.
   * Granting twice keeps the first grant.
   */
  grant(sealId: string, sealOrganisationId: string, operatorId: string, grantedBy: string, now = new Date()): SealGrant {
    const operator = this.#operators.get(operatorId);
    if (operator.role === 'auditor') throw new SealdeskError('INPUT_INVALID', { reason: 'an auditor is read-only and cannot be granted a seal', reasonZh: '审计员只有查看权限，不能授予印章' });
    if (!this.#organisations.within(operator.organisationId, sealOrganisationId)) {
      throw new SealdeskError('INPUT_INVALID', { reason: 'the seal belongs to an organisation outside the operator’s own', reasonZh: '该印章所属单位不在该操作员本单位范围内' });
    }
    this.#db
      .prepare('INSERT INTO seal_grants (seal_id, operator_id, granted_by, granted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(sealId, operatorId, grantedBy, now.toISOString());
    return this.get(sealId, operatorId)!;
  }

  /** Withdraws a grant; false when there was none. */
  revoke(sealId: string, operatorId: string): boolean {
    return this.#db.prepare('DELETE FROM seal_grants WHERE seal_id = ? AND operator_id = ?').run(sealId, operatorId).changes > 0;
  }

  get(sealId: string, operatorId: string): SealGrant | undefined {
    const row = this.#db
      .prepare('SELECT seal_id, operator_id, granted_by, granted_at FROM seal_grants WHERE seal_id = ? AND operator_id = ?')
      .get(sealId, operatorId) as GrantRow | undefined;
    return row && fromRow(row);
  }

  ofSeal(sealId: string): SealGrant[] {
    const rows = this.#db
      .prepare('SELECT seal_id, operator_id, granted_by, granted_at FROM seal_grants WHERE seal_id = ? ORDER BY granted_at')
      .all(sealId) as GrantRow[];
    return rows.map(fromRow);
  }

  ofOperator(operatorId: string): SealGrant[] {
    const rows = this.#db
      .prepare('SELECT seal_id, operator_id, granted_by, granted_at FROM seal_grants WHERE operator_id = ? ORDER BY granted_at')
      .all(operatorId) as GrantRow[];
    return rows.map(fromRow);
  }

  /**
   * Whether the principal may stamp with the seal: a grant, and the seal within the principal's
   * subtree (a grant made before the operator moved, or the seal's organisation changed, does not
   * carry over). Auditors never stamp; administrators need a grant like anyone else.
   */
  maySeal(principal: Principal, sealId: string, sealOrganisationId: string): boolean {
    if (principal.role === 'auditor') return false;
    return this.get(sealId, principal.operatorId) !== undefined && this.#organisations.within(principal.organisationId, sealOrganisationId);
  }

  /** FORBIDDEN unless `maySeal`. */
  assertMaySeal(principal: Principal, sealId: string, sealOrganisationId: string): void {
    if (!this.maySeal(principal, sealId, sealOrganisationId)) throw new SealdeskError('FORBIDDEN');
  }
}
