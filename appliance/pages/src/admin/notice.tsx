import type { ComponentChildren } from 'preact';

/** A success message, announced politely to screen readers. */
export function Notice({ children, testId }: { children: ComponentChildren; testId?: string }) {
  return (
    <p class="notice" role="status" data-testid={testId}>
      {children}
    </p>
  );
}
