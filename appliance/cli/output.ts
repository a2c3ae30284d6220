import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import '../service/error-catalogue.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A fixed-width table, the way pkcs11-tool and softhsm2-util print lists. */
export function printTable(rows: Array<Record<string, string | number | boolean | null | undefined>>, columns: string[]): void {
  const cells = rows.map((row) => columns.map((c) => (row[c] === undefined || row[c] === null ? '-' : String(row[c]))));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (values: string[]) => values.map((v, i) => v + ' '.repeat((widths[i] ?? 0) - width(v))).join('  ').trimEnd();
  console.log(line(columns));
  for (const row of cells) console.log(line(row));
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
}

/** Prints a failure for a person (both languages, on stderr) or a script (the wire shape), and picks the exit code. */
export function reportError(error: unknown, json: boolean): number {
  const typed =
    error instanceof SealdeskError
      ? error
      : new SealdeskError('INTERNAL', {}, { cause: error });
  if (json) printJson({ error: typed.toJSON() });
  else {
    console.error(`错误 ${typed.code}：${typed.messageZh}`);
    console.error(`error ${typed.code}: ${typed.messageEn}`);
    if (typed.code === 'INTERNAL' && error instanceof Error) console.error(error.stack);
  }
  return typed.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILED;
}
