import { isErrorCode } from '../../../appliance/service/error-catalogue.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Operation } from './operations.js';

/**
 * ok; refused: a SealdeskError with a catalogue code; untyped: any other throw (a defect);
 * crash: the child died (a V8 heap OOM, a native abort, a stack overflow that escaped);
 * oom: the child's resident memory passed the cap and the harness ended it;
 * hang: no answer within the time limit, the harness ended it.
 */
export type OutcomeClass = 'ok' | 'refused' | 'untyped' | 'crash' | 'oom' | 'hang';

export interface Outcome {
  file: string;
  op: Operation;
  outcome: OutcomeClass;
  /** The catalogue code of a refusal. */
  code?: string;
  /** The error's name and first line, or the crash's reason. */
  message?: string;
  ms: number;
  /** Peak resident memory of the child during this operation, MB. */
  peakMb: number;
  leftovers?: string[];
}

export function classify(error: unknown): Pick<Outcome, 'outcome' | 'code' | 'message'> {
  if (error instanceof SealdeskError && isErrorCode(error.code)) return { outcome: 'refused', code: error.code, message: error.message.slice(0, 200) };
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | undefined;
  const where = typeof e?.stack === 'string' ? (/\n\s+at .*?\(?([^()\s]*(appliance|node_modules)\/[^():]*:\d+)/.exec(e.stack)?.[1] ?? '') : '';
  const text = `${String(e?.name ?? typeof error)}: ${String(e?.message ?? error).split('\n')[0]!.slice(0, 200)}`;
  return { outcome: 'untyped', message: where ? `${text} @ ${where.replace(/^.*?(appliance|node_modules)\//, '$1/')}` : text };
}

/** Whether an outcome meets the rule: ok or a typed refusal, nothing left behind. */
export function passes(o: Outcome): boolean {
  return (o.outcome === 'ok' || o.outcome === 'refused') && !o.leftovers?.length;
}
