/**
 * Schema migrations of the directory database, applied in order inside one transaction each;
 * `schema_version` records which ran. Never edit a released migration: add the next one.
 */
export const DIRECTORY_MIGRATIONS: readonly string[] = [
  // 1: organisations, operators, seal grants, sessions, sign-in failures
  `
  CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT,
    level TEXT NOT NULL CHECK (level IN ('province', 'city', 'district', 'department')),
    uscc TEXT UNIQUE,
    parent_id TEXT REFERENCES organisations (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX organisations_by_parent ON organisations (parent_id);
  CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'kiosk', 'auditor')),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    -- scrypt hash of a person's password, or SHA-256 of a kiosk's terminal credential
    secret_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX operators_by_organisation ON operators (organisation_id);
  -- seals live in the seal registry's own database, so seal_id has no foreign key
  CREATE TABLE seal_grants (
    seal_id TEXT NOT NULL,
    operator_id TEXT NOT NULL REFERENCES operators (id),
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (seal_id, operator_id)
  );
  CREATE INDEX seal_grants_by_operator ON seal_grants (operator_id);
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators (id),
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_operator ON sessions (operator_id);
  CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until INTEGER NOT NULL
  );
  `,
  // 2: which organisation each token belongs to (admins act on tokens of their subtree only), and
  // the wrong PINs each operator typed per token (one operator cannot spend the token's whole budget)
  `
  CREATE TABLE token_organisations (
    token_serial TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    bound_by TEXT NOT NULL,
    bound_at TEXT NOT NULL
  );
  CREATE INDEX token_organisations_by_organisation ON token_organisations (organisation_id);
  CREATE TABLE operator_pin_failures (
    operator_id TEXT NOT NULL,
    token_serial TEXT NOT NULL,
    failures INTEGER NOT NULL,
    PRIMARY KEY (operator_id, token_serial)
  );
  `,
];
