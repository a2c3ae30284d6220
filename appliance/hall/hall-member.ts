import type { Address } from 'viem';

/** What a hall terminal is for: the seal administration desk, a counter, the self-service kiosk. */
export type TerminalRole = 'desk' | 'counter' | 'kiosk';

/** A terminal's place in a hall of several (sealdesk start --terminals), as the hall starts it. */
export interface HallMembership {
  role: TerminalRole;
  /** desk, counter-1 … counter-N, kiosk: its name on chain and in its seal events. */
  name: string;
  /** The hall's record store: a directory every terminal of the hall reads and writes. */
  records: string;
  /** The hall's registry, once its desk deployed it (a counter or the kiosk waits for it; the desk deploys it). */
  registry?: () => Promise<Address>;
}

/** What the desk needs to admit a terminal: who it is and the seals whose keys are on its tokens. */
export interface HallMemberFacts {
  name: string;
  role: TerminalRole;
  /** Its chain key's address: its identity on the hall's registry. */
  address: string;
  /** The hashes of its seals' records in the hall's store (each seal's id, organisation and certificate). */
  sealRecords: string[];
}

/** From the hall to its terminals (their IPC channel). */
export type HallMessage = { kind: 'hall-registry'; registry: Address } | { kind: 'hall-admit'; members: HallMemberFacts[] };

/** From the desk, once it admitted the hall's terminals: the last block it wrote in, or why it could not. */
export type DeskReply = { kind: 'hall-admitted'; block: number } | { kind: 'hall-admit-failed'; code: string; message: string };

export const isHallMessage = (message: unknown): message is HallMessage =>
  typeof message === 'object' && message !== null && ['hall-registry', 'hall-admit'].includes((message as { kind?: unknown }).kind as string);

export const isDeskReply = (message: unknown): message is DeskReply =>
  typeof message === 'object' && message !== null && ['hall-admitted', 'hall-admit-failed'].includes((message as { kind?: unknown }).kind as string);
