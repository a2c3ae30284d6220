import type Database from 'better-sqlite3';

/** A terminal of the hall as this appliance's follower applied it from final blocks. */
export interface FollowedTerminal {
  address: string;
  name: string | null;
  kind: string | null;
  organisationId: string | null;
  /** pending: its record not read from the store yet; stored; mismatch; no-store. */
  recordState: string;
  /** When the desk registered it (its record's time; null until the record is read). */
  registeredAt: string | null;
  block: number;
  /** Ids of the seals granted to it (a seal not known here by id: its chain key). */
  seals: string[];
}

export interface FollowedGrant {
  sealId: string;
  terminal: string;
  terminalName: string | null;
  block: number;
  /** The grant's block time (ISO 8601); null for a grant applied before the follower kept it. */
  grantedAt: string | null;
}

const GRANTS = `SELECT COALESCE(s.seal_id, g.seal_key) AS seal_id, g.terminal, t.name, g.block_number, g.granted_at
  FROM chain_terminal_grants g LEFT JOIN chain_seals s ON s.seal_key = g.seal_key LEFT JOIN chain_terminals t ON t.address = g.terminal
  WHERE g.granted = 1`;

/** Grants in the order the desk decided them (a seal id is random: ordered by it, a terminal's list shuffled between halls). */
export function followedGrants(db: Database.Database): FollowedGrant[] {
  const rows = db.prepare(`${GRANTS} ORDER BY g.block_number, g.log_index`).all() as Array<{ seal_id: string; terminal: string; name: string | null; block_number: number; granted_at: number | null }>;
  return rows.map((r) => ({ sealId: r.seal_id, terminal: r.terminal, terminalName: r.name, block: r.block_number, grantedAt: r.granted_at === null ? null : new Date(r.granted_at * 1000).toISOString() }));
}

export function followedTerminals(db: Database.Database): FollowedTerminal[] {
  const grants = followedGrants(db);
  const rows = db.prepare('SELECT address, name, kind, organisation_id, record_state, registered_at, block_number FROM chain_terminals ORDER BY name, address').all() as Array<{
    address: string;
    name: string | null;
    kind: string | null;
    organisation_id: string | null;
    record_state: string;
    registered_at: string | null;
    block_number: number;
  }>;
  return rows.map((r) => ({
    address: r.address,
    name: r.name,
    kind: r.kind,
    organisationId: r.organisation_id,
    recordState: r.record_state,
    registeredAt: r.registered_at,
    block: r.block_number,
    seals: grants.filter((g) => g.terminal === r.address).map((g) => g.sealId),
  }));
}
