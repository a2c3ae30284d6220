import type Database from 'better-sqlite3';
import type { Address, Hex, PublicClient } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { chainError } from '../chain/chain-error.js';
import { statusName } from '../chain/seal-registry.js';
import { settleWithin, sleep } from '../outbox/abortable.js';
import { EventApplier, type RegistryEvent } from './apply-events.js';
import { ensureFollowerState, readFollowerState, recordApplied, recordChecked, recordFailure, type FollowerState } from './follower-state.js';
import { importSealRecords } from './import-records.js';
import { HALL_EVENT_NAMES, HallEventApplier, isHallLog, toHallEvent, type HallEvent } from './apply-hall-events.js';
import { importOrganisationRecords, importTerminalRecords } from './import-hall-records.js';

const EVENTS = sealRegistryAbi.filter((item) => item.type === 'event' && ['SealRegistered', 'SealStatusChanged', 'SealRecordPublished', ...HALL_EVENT_NAMES].includes(item.name));
const STATUS_EVENT = sealRegistryAbi.filter((item) => item.type === 'event' && item.name === 'SealStatusChanged');

export interface FollowerOptions {
  /** The seal database, a connection of the follower's own (so the registry's stamping cache sees its commits). */
  db: Database.Database;
  client: PublicClient;
  registry: Address;
  /** Blocks on top of one before it is final; only final blocks are applied. */
  confirmations: number;
  /** Where seal records are read (a directory or an http(s) base URL). */
  recordStore?: string;
  /** The appliance's home, whose directory takes the organisation tree published at the desk. */
  home?: string;
  /** Blocks per eth_getLogs (nodes cap the range). */
  rangeBlocks?: number;
  pollIntervalMs?: number;
  log?: (line: string) => void;
  /** Called after every transaction that applied blocks (tests kill the process here). */
  onApplied?: (state: FollowerState) => void;
}

type DecodedLog = { eventName: string; args: Record<string, unknown>; blockNumber: bigint | null; logIndex: number | null; blockHash: Hex | null };

function toEvent(log: DecodedLog): RegistryEvent {
  const at = { blockNumber: Number(log.blockNumber), logIndex: Number(log.logIndex), sealKey: log.args.sealId as Hex };
  switch (log.eventName) {
    case 'SealRegistered':
      return { ...at, kind: 'registered', organisation: log.args.organisation as Hex, certificateHash: log.args.certificateHash as Hex };
    case 'SealStatusChanged':
      return { ...at, kind: 'status', status: Number(log.args.status), effectiveAt: Number(log.args.effectiveAt), reason: String(log.args.reason) };
    default:
      return { ...at, kind: 'record', recordHash: log.args.recordHash as Hex };
  }
}

/**
 * Gives each grant event its block's timestamp (logs carry none): grants are decided by hand at
 * the desk, so this is a block read now and then, never one per status event of a catch-up.
 */
async function stampGrantTimes(client: PublicClient, events: Array<RegistryEvent | HallEvent>, known: { number: bigint; timestamp: bigint }): Promise<void> {
  const times = new Map<number, number>([[Number(known.number), Number(known.timestamp)]]);
  for (const event of events) {
    if (event.kind !== 'grant') continue;
    let time = times.get(event.blockNumber);
    if (time === undefined) {
      time = Number((await client.getBlock({ blockNumber: BigInt(event.blockNumber) })).timestamp);
      times.set(event.blockNumber, time);
    }
    event.blockTime = time;
  }
}

/**
 * Follows SealRegistry into the local seal registry: every event of a final block (head −
 * confirmations) applied in chain order, the last applied block and its hash written in the same
 * transaction, so a follower stopped anywhere (kill -9 too) resumes exactly after it. On resume
 * the stored hash is compared with the chain's: a different block there means a re-org deeper
 * than `confirmations` undid what was applied — CHAIN_REORG_TOO_DEEP, kept in the row for
 * /health, and nothing more is applied until an operator looks.
 */
export class ChainFollower {
  readonly #options: FollowerOptions;
  readonly #applier: EventApplier;
  readonly #hall: HallEventApplier;
  readonly #abort = new AbortController();
  #running: Promise<void> | undefined;
  #chainId: number | undefined;
  /** Blocks per eth_getLogs: rangeBlocks, halved while answers are over a limit. */
  #range: number;
  /** The head block's hash at the last round that caught up (a round with the same head has nothing to read). */
  #lastHead: string | undefined;

  constructor(options: FollowerOptions) {
    this.#options = options;
    this.#applier = new EventApplier(options.db);
    this.#hall = new HallEventApplier(options.db);
    this.#range = options.rangeBlocks ?? 2_000;
  }

  get state(): FollowerState | undefined {
    return readFollowerState(this.#options.db);
  }

  /** Creates the follower's row (the view's age starts at the first start, even with no node answering). */
  init(): FollowerState {
    return ensureFollowerState(this.#options.db, this.#chainId ?? 0, this.#options.registry);
  }

  /** One round: applies every final block not applied yet; resolves with the state after it. */
  async catchUp(): Promise<FollowerState> {
    const { db, client, registry, confirmations } = this.#options;
    const asked = new Date();
    try {
      this.#chainId ??= await client.getChainId();
      let state = ensureFollowerState(db, this.#chainId, registry);
      if (state.errorCode === 'CHAIN_REORG_TOO_DEEP') throw new SealdeskError('CHAIN_REORG_TOO_DEEP', JSON.parse(state.error ?? '{}') as Record<string, string>);
      const latest = await client.getBlock({ blockTag: 'latest' });
      const head = Number(latest.number);
      const final = head - confirmations;
      // a round with the same head block (by hash: a re-org can keep the height) costs one request:
      // polled every 250 ms, a terminal learns of a new block within a quarter second, and 1,000
      // terminals ask a node 4,000 cheap questions a second
      if (latest.hash === this.#lastHead && state.blockNumber >= final && !state.errorCode) {
        recordChecked(db, head, asked);
        await importSealRecords(db, this.#options.recordStore, this.#options.log ?? (() => undefined));
        return readFollowerState(db)!;
      }
      if (state.blockHash) await this.#checkNoDeepReorg(state);
      while (state.blockNumber < final) {
        const range = this.#range;
        const from = state.blockNumber + 1;
        const to = Math.min(final, from + range - 1);
        const block = await client.getBlock({ blockNumber: BigInt(to) });
        const logs = (await client.getLogs({ address: registry, events: EVENTS, fromBlock: BigInt(from), toBlock: BigInt(to), strict: true }).catch((error: unknown) => {
          // a busy stretch (a catch-up of 100,000 events: 83 MB in one answer) is over the client's
          // or the node's limit: the range halves until it fits, and stays so for later rounds
          if (range > 1 && /size limit|too large|more than \d+ results|too many|limit exceeded/i.test(String((error as Error).message))) return undefined;
          throw error;
        })) as unknown as DecodedLog[] | undefined;
        if (!logs) {
          this.#range = Math.max(1, Math.floor(range / 2));
          continue;
        }
        // the range's last block must be the one whose hash is recorded: a log of another fork means the node moved under us
        if (logs.some((l) => Number(l.blockNumber) === to && l.blockHash !== block.hash)) continue;
        const events: Array<RegistryEvent | HallEvent> = logs.map((l) => (isHallLog(l) ? toHallEvent(l) : toEvent(l))).sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
        await stampGrantTimes(client, events, block);
        db.transaction(() => {
          for (const event of events) {
            if (event.kind === 'terminal' || event.kind === 'grant' || event.kind === 'organisation') this.#hall.apply(event);
            else this.#applier.apply(event);
          }
          recordApplied(db, { number: to, hash: block.hash }, head, to === final ? asked : null);
        }).immediate();
        state = readFollowerState(db)!;
        this.#options.onApplied?.(state);
      }
      if (state.blockNumber >= final) recordChecked(db, head, asked);
      await this.#readUnfinalRefusals(final, head);
      this.#lastHead = latest.hash;
      await importSealRecords(db, this.#options.recordStore, this.#options.log ?? (() => undefined));
      await importTerminalRecords(db, this.#options.recordStore, this.#options.log ?? (() => undefined));
      await importOrganisationRecords(db, this.#options.home, this.#options.recordStore, this.#options.log ?? (() => undefined));
      return readFollowerState(db)!;
    } catch (error) {
      const typed = chainError(error);
      if (readFollowerState(db)) recordFailure(db, typed.code, typed.code === 'CHAIN_REORG_TOO_DEEP' ? JSON.stringify(typed.details) : typed.messageEn);
      throw typed;
    }
  }

  /**
   * Suspensions and revocations in the blocks above the final one, replacing the last round's: a
   * stamp refuses on them already (at 1-second blocks and one confirmation, a revocation stops
   * stamps a block sooner: test/bench/revoke-latency.bench.ts); the registry waits for finality.
   * A re-org that drops the change drops the refusal with it on the next round.
   */
  async #readUnfinalRefusals(final: number, head: number): Promise<void> {
    const { db, client, registry } = this.#options;
    const refusals = new Map<string, { status: string; block: number }>();
    if (head > final) {
      const logs = (await client.getLogs({ address: registry, events: STATUS_EVENT, fromBlock: BigInt(Math.max(0, final + 1)), toBlock: BigInt(head), strict: true })) as unknown as DecodedLog[];
      for (const event of logs.map(toEvent).sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)) {
        if (event.kind !== 'status') continue;
        const status = statusName(event.status);
        if (status === 'suspended' || status === 'revoked') refusals.set(event.sealKey, { status, block: event.blockNumber });
        else if (refusals.get(event.sealKey)?.status !== 'revoked') refusals.delete(event.sealKey);
      }
    }
    db.transaction(() => {
      db.prepare('DELETE FROM chain_unfinal_refusals').run();
      const add = db.prepare('INSERT INTO chain_unfinal_refusals (seal_key, status, block_number) VALUES (?, ?, ?)');
      for (const [key, { status, block }] of refusals) add.run(key, status, block);
    }).immediate();
  }

  async #checkNoDeepReorg(state: FollowerState): Promise<void> {
    const block = await this.#options.client.getBlock({ blockNumber: BigInt(state.blockNumber) }).catch((error: unknown) => {
      // the node has no block there any more: the chain is shorter than what was applied
      if (String((error as Error).message).includes('could not be found')) return undefined;
      throw error;
    });
    if (block?.hash === state.blockHash) return;
    throw new SealdeskError('CHAIN_REORG_TOO_DEEP', { block: state.blockNumber, expected: state.blockHash ?? '', actual: block?.hash ?? 'none', confirmations: this.#options.confirmations });
  }

  /** Follows until stop(): a failed round is logged (and kept for /health) and tried again. */
  start(): void {
    const log = this.#options.log ?? (() => undefined);
    const interval = this.#options.pollIntervalMs ?? 500;
    this.init();
    this.#running ??= (async () => {
      let lastCode: string | undefined;
      while (!this.#abort.signal.aborted) {
        try {
          // a stop does not wait on a node that does not answer (the round left behind writes nothing half)
          await settleWithin(this.catchUp(), this.#abort.signal);
          if (lastCode) log('follower: following the chain again');
          lastCode = undefined;
        } catch (error) {
          if (this.#abort.signal.aborted) break;
          const typed = chainError(error);
          if (typed.code !== lastCode) log(`follower: ${typed.code}: ${typed.messageEn}`);
          lastCode = typed.code;
        }
        await sleep(interval, this.#abort.signal);
      }
    })();
  }

  async stop(): Promise<void> {
    this.#abort.abort(new Error('the follower was stopped'));
    await this.#running;
  }
}
