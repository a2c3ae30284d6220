import type { Role } from './principal.js';

/** Someone (or, for role kiosk, some terminal) that signs in to this appliance. */
export interface Operator {
  id: string;
  /** Unique, case-insensitive; a kiosk's username is its terminal name. */
  username: string;
  displayName: string;
  role: Role;
  /** The operator acts within this organisation and the ones below it. */
  organisationId: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewOperator {
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  /** Required for people; a kiosk gets a terminal credential instead, and a password is refused. */
  password?: string;
}

/** A new operator and, for a kiosk, its terminal credential: shown this once, only its hash is kept. */
export interface CreatedOperator {
  operator: Operator;
  terminalCredential?: string;
}
