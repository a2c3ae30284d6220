import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '../../config/config.js';
import { readFollowerState } from '../../ledger/follower/follower-state.js';
import { DEFAULT_MAX_STATUS_AGE_SECONDS } from '../../ledger/follower/status-freshness.js';
import type { ServiceContext } from '../service-context.js';

export const FollowerDetails = Type.Object({
  ok: Type.Boolean(),
  detail: Type.String(),
  /** The last block applied (-1: none yet) and its hash. */
  lastAppliedBlock: Type.Integer(),
  lastAppliedBlockHash: Type.Union([Type.String(), Type.Null()]),
  /** The head when last asked, and how far behind it the applied block is (confirmations included). */
  headBlock: Type.Union([Type.Integer(), Type.Null()]),
  lagBlocks: Type.Union([Type.Integer(), Type.Null()]),
  /** The age of the view of seal statuses: stamps are refused past maxStatusAgeSeconds. */
  lagSeconds: Type.Number(),
  maxStatusAgeSeconds: Type.Number(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
});
export type FollowerHealth = Static<typeof FollowerDetails>;

/** The follower as /health shows it; undefined when no follower ever ran on this home (no chain configured). */
export function followerHealth(context: Pick<ServiceContext, 'home' | 'seals'>, now = new Date()): FollowerHealth | undefined {
  const state = readFollowerState(context.seals.db);
  if (!state) return undefined;
  const limit = loadConfig(context.home).seals?.maxStatusAgeSeconds ?? DEFAULT_MAX_STATUS_AGE_SECONDS;
  const age = Math.max(0, (now.getTime() - Date.parse(state.checkedAt)) / 1000);
  const fresh = age < limit;
  const ok = fresh && state.errorCode !== 'CHAIN_REORG_TOO_DEEP';
  const detail = state.errorCode === 'CHAIN_REORG_TOO_DEEP'
    ? `CHAIN_REORG_TOO_DEEP: ${state.error ?? ''}`
    : `applied to block ${state.blockNumber}, view ${age.toFixed(1)} s old${fresh ? '' : ` (over ${limit} s: stamps refused)`}${state.errorCode ? `, last error ${state.errorCode}: ${state.error ?? ''}` : ''}`;
  return {
    ok,
    detail,
    lastAppliedBlock: state.blockNumber,
    lastAppliedBlockHash: state.blockHash,
    headBlock: state.headNumber,
    lagBlocks: state.headNumber === null ? null : Math.max(0, state.headNumber - state.blockNumber),
    lagSeconds: Math.round(age * 10) / 10,
    maxStatusAgeSeconds: limit,
    errorCode: state.errorCode,
  };
}
