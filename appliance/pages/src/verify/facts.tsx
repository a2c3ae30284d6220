import type { ComponentChildren } from 'preact';

/** A time as the reader's locale writes it (24-hour); the raw text when it is not a date, a dash when absent. */
export function when(iso: string | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale, { hour12: false });
}

/** One term and its value in a report's fact list (`<dl class="facts">`). */
export function Row({ label, children, testId }: { label: string; children: ComponentChildren; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** The checks that failed, each with a red cross (nothing when none failed). */
export function FailedChecks({ problems }: { problems: readonly string[] }) {
  if (!problems.length) return null;
  return (
    <ul class="problems" data-testid="problems">
      {problems.map((p) => (
        <li key={p} class="problem problem-failed">
          <span aria-hidden="true">✗ </span>
          {p}
        </li>
      ))}
    </ul>
  );
}
