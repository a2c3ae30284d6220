/**
 * Schema migrations, applied in order inside one transaction each; `schema_version` records
 * which ran. Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: seals, their certificate chains and status history
  `
  CREATE TABLE seals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('official', 'contract', 'finance', 'business', 'legal-representative')),
    org_name TEXT NOT NULL,
    org_uscc TEXT NOT NULL,
    token_serial TEXT NOT NULL,
    token_label TEXT NOT NULL,
    key_label TEXT NOT NULL,
    cert_serial TEXT NOT NULL,
    cert_issuer TEXT NOT NULL,
    seal_code TEXT,
    image_png BLOB NOT NULL,
    image_source TEXT NOT NULL CHECK (image_source IN ('generated', 'imported')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
    status_changed_at TEXT NOT NULL,
    status_reason TEXT,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (token_serial, key_label),
    UNIQUE (org_uscc, name)
  );
  CREATE TABLE seal_certificates (
    seal_id TEXT NOT NULL REFERENCES seals (id),
    position INTEGER NOT NULL,
    der BLOB NOT NULL,
    PRIMARY KEY (seal_id, position)
  );
  CREATE TABLE seal_status_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seal_id TEXT NOT NULL REFERENCES seals (id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT
  );
  CREATE INDEX seal_status_events_by_seal ON seal_status_events (seal_id, at);
  -- revocation is final, whatever code writes to the database
  CREATE TRIGGER seals_revoked_is_final BEFORE UPDATE ON seals WHEN OLD.status = 'revoked'
  BEGIN SELECT RAISE(ABORT, 'SEAL_REVOKED'); END;
  CREATE TRIGGER seals_never_deleted BEFORE DELETE ON seals
  BEGIN SELECT RAISE(ABORT, 'seals are revoked, never deleted'); END;
  `,
  // 2: a seal made as a GB/T 38540 SESeal keeps its DER (signed by the maker once; exported as .esl, embedded in OFD stamps)
  `
  ALTER TABLE seals ADD COLUMN format TEXT NOT NULL DEFAULT 'sealdesk' CHECK (format IN ('sealdesk', 'gbt38540'));
  ALTER TABLE seals ADD COLUMN eseal_der BLOB CHECK ((format = 'gbt38540') = (eseal_der IS NOT NULL));
  `,
  // 3: the chain follower (appliance/ledger/follower): SealRegistry's seals as the chain says,
  // and how far the follower applied, in the same database so one transaction holds both
  `
  CREATE TABLE chain_follower (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    chain_id INTEGER NOT NULL,
    registry TEXT NOT NULL,
    block_number INTEGER NOT NULL,
    block_hash TEXT,
    checked_at TEXT,
    head_number INTEGER,
    error_code TEXT,
    error TEXT
  );
  CREATE TABLE chain_seals (
    seal_key TEXT PRIMARY KEY,
    seal_id TEXT,
    organisation TEXT NOT NULL,
    certificate_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    effective_at INTEGER NOT NULL,
    reason TEXT,
    record_hash TEXT,
    record_state TEXT,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL
  );
  CREATE TABLE chain_seal_changes (
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    seal_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT,
    effective_at INTEGER,
    PRIMARY KEY (block_number, log_index)
  );
  `,
  // 4: what the follower applies beside seals (issue 17 item 2): the hall's terminals by chain key
  // address, which seal each may stamp with, and the organisation tree's records (imported into
  // the directory once read from the store)
  `
  CREATE TABLE chain_terminals (
    address TEXT PRIMARY KEY,
    organisation TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    record_state TEXT NOT NULL,
    name TEXT,
    kind TEXT,
    organisation_id TEXT,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL
  );
  CREATE TABLE chain_terminal_grants (
    seal_key TEXT NOT NULL,
    terminal TEXT NOT NULL,
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    PRIMARY KEY (seal_key, terminal)
  );
  CREATE TABLE chain_organisations (
    organisation TEXT PRIMARY KEY,
    record_hash TEXT NOT NULL,
    record_state TEXT NOT NULL,
    organisation_id TEXT,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL
  );
  `,
  // 5: the follower's early refusals and the desk's record publishing (issue 17 leftovers).
  // chain_unfinal_refusals: suspensions and revocations in blocks not yet final, replaced every
  // round: a stamp refuses on them at once (a revocation applied early errs on the safe side),
  // the registry takes them only once final. seal_record_queue: seal records registered on chain
  // whose publishSealRecord has not succeeded yet, retried by the ledger runner until it does.
  `
  CREATE TABLE chain_unfinal_refusals (
    seal_key TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('suspended', 'revoked')),
    block_number INTEGER NOT NULL
  );
  CREATE TABLE seal_record_queue (
    seal_id TEXT PRIMARY KEY,
    queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  `,
  // 6: what the admin page's terminal view shows beside the chain's rows: when the desk registered
  // a terminal (its record's registeredAt) and when a grant was decided (its block's timestamp)
  `
  ALTER TABLE chain_terminals ADD COLUMN registered_at TEXT;
  ALTER TABLE chain_terminal_grants ADD COLUMN granted_at INTEGER;
  `,
  // 7: seal status changes (suspend / resume / revoke; a registration when no record store is
  // configured) queued before the chain is asked, reconciled by the ledger runner until the chain
  // holds the local status. generation counts the changes queued, so a try that went final for an
  // older change does not dequeue a newer one.
  `
  CREATE TABLE seal_status_queue (
    seal_id TEXT PRIMARY KEY,
    queued_at TEXT NOT NULL,
    generation INTEGER NOT NULL DEFAULT 1,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  `,
];
