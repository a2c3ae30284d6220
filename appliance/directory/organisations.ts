import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { parseUscc } from './uscc.js';
import { levelRank, ORGANISATION_LEVEL_NAMES, ORGANISATION_LEVELS, type NewOrganisation, type Organisation, type OrganisationLevel } from './organisation.js';

interface OrganisationRow {
  id: string;
  name: string;
  name_en: string | null;
  level: OrganisationLevel;
  uscc: string | null;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, name, name_en, level, uscc, parent_id, created_at, updated_at';

function fromRow(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    level: row.level,
    uscc: row.uscc,
    parentId: row.parent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `reason` in English for the log and the English sentence, `reasonZh` for the Chinese one. */
function invalid(reason: string, reasonZh: string): SealdeskError {
  return new SealdeskError('ORGANISATION_INVALID', { reason, reasonZh });
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 100) throw invalid('the name must have 1 to 100 characters', '单位名称须为 1 至 100 个字');
  return trimmed;
}

function checkedNameEn(nameEn: string | null | undefined): string | null {
  const trimmed = nameEn?.trim() ?? '';
  if (trimmed.length > 200) throw invalid('the English name must have at most 200 characters', '英文名称最多 200 个字符');
  return trimmed === '' ? null : trimmed;
}

function checkedUscc(uscc: string | null | undefined): string | null {
  if (uscc === undefined || uscc === null || uscc.trim() === '') return null;
  try {
    return parseUscc(uscc).code;
  } catch (error) {
    const details = error instanceof SealdeskError ? error.details : undefined;
    throw invalid(
      `the USCC is not valid (${details ? String(details.reason) : 'unreadable'})`,
      `统一社会信用代码无效（${details ? String(details.reasonZh ?? details.reason) : '无法识别'}）`,
    );
  }
}

/**
 * The organisation tree: province → city → district → department. Operators act within their
 * organisation's subtree, so `within` is the question every access check asks.
 */
export class Organisations {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  create(input: NewOrganisation, now = new Date()): Organisation {
    if (!ORGANISATION_LEVELS.includes(input.level)) throw invalid(`"${String(input.level)}" is not a level`, `“${String(input.level)}”不是有效的单位级别`);
    const name = checkedName(input.name);
    const uscc = checkedUscc(input.uscc);
    const parentId = input.parentId ?? null;
    const id = `org-${randomBytes(5).toString('hex')}`;
    const at = now.toISOString();
    this.#db.transaction(() => {
      if (parentId !== null) {
        const parent = this.get(parentId);
        if (levelRank(input.level) <= levelRank(parent.level)) {
          throw invalid(
            `a ${input.level} cannot be placed under a ${parent.level}`,
            `${ORGANISATION_LEVEL_NAMES[input.level]}级单位不能设在${ORGANISATION_LEVEL_NAMES[parent.level]}级单位之下`,
          );
        }
      }
      this.#assertNameFree(parentId, name, null);
      if (uscc !== null && this.organisationOfUscc(uscc)) throw invalid('another organisation already has this USCC', '已有其他单位使用该统一社会信用代码');
      this.#db
        .prepare(`INSERT INTO organisations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, name, checkedNameEn(input.nameEn), input.level, uscc, parentId, at, at);
    })();
    return this.get(id);
  }

  /** Renames; the level, USCC and place in the tree stay (seals and certificates carry them). */
  rename(id: string, names: { name: string; nameEn?: string | null }, now = new Date()): Organisation {
    const name = checkedName(names.name);
    this.#db.transaction(() => {
      const current = this.get(id);
      this.#assertNameFree(current.parentId, name, id);
      const nameEn = names.nameEn === undefined ? current.nameEn : checkedNameEn(names.nameEn);
      this.#db.prepare('UPDATE organisations SET name = ?, name_en = ?, updated_at = ? WHERE id = ?').run(name, nameEn, now.toISOString(), id);
    })();
    return this.get(id);
  }

  // Two offices of one name under one parent would be the same office twice (the seed relies on it).
  #assertNameFree(parentId: string | null, name: string, except: string | null): void {
    const clash = this.#db
      .prepare('SELECT id FROM organisations WHERE parent_id IS ? AND name = ? AND id IS NOT ?')
      .get(parentId, name, except) as { id: string } | undefined;
    if (clash) throw invalid('an organisation of this name already exists at this place in the tree', '同一上级单位下已有同名单位');
  }

  /** ORGANISATION_NOT_FOUND when there is none. */
  get(id: string): Organisation {
    const found = this.find(id);
    if (!found) throw new SealdeskError('ORGANISATION_NOT_FOUND', { organisation: id });
    return found;
  }

  find(id: string): Organisation | undefined {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM organisations WHERE id = ?`).get(id) as OrganisationRow | undefined;
    return row && fromRow(row);
  }

  /** The child of `parentId` (null: a top organisation) with this name. */
  findChild(parentId: string | null, name: string): Organisation | undefined {
    const row = this.#db
      .prepare(`SELECT ${COLUMNS} FROM organisations WHERE parent_id IS ? AND name = ?`)
      .get(parentId, name.trim()) as OrganisationRow | undefined;
    return row && fromRow(row);
  }

  /** The organisation a seal belongs to, through the seal's `organisation.uscc`. */
  organisationOfUscc(uscc: string): Organisation | undefined {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM organisations WHERE uscc = ?`).get(uscc.trim()) as OrganisationRow | undefined;
    return row && fromRow(row);
  }

  /** Every organisation, parents before children. */
  list(): Organisation[] {
    return this.#subtreeOf(null);
  }

  /** The organisation and everything below it, parents before children; ORGANISATION_NOT_FOUND when unknown. */
  subtree(id: string): Organisation[] {
    this.get(id);
    return this.#subtreeOf(id);
  }

  #subtreeOf(id: string | null): Organisation[] {
    const rows = this.#db
      .prepare(
        `WITH RECURSIVE tree (id, depth) AS (
           SELECT id, 0 FROM organisations WHERE (? IS NULL AND parent_id IS NULL) OR id = ?
           UNION ALL
           SELECT o.id, tree.depth + 1 FROM organisations o JOIN tree ON o.parent_id = tree.id
         )
         SELECT ${COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}
         FROM tree JOIN organisations o ON o.id = tree.id ORDER BY tree.depth, o.name`,
      )
      .all(id, id) as OrganisationRow[];
    return rows.map(fromRow);
  }

  /** Whether `orgId` is `ancestorId` or below it. Unknown ids are within nothing. */
  within(ancestorId: string, orgId: string): boolean {
    const row = this.#db
      .prepare(
        `WITH RECURSIVE up (id, parent_id) AS (
           SELECT id, parent_id FROM organisations WHERE id = ?
           UNION ALL
           SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id
         )
         SELECT 1 AS found FROM up WHERE id = ?`,
      )
      .get(orgId, ancestorId) as { found: number } | undefined;
    return row !== undefined;
  }
}
