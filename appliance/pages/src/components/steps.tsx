/** Where the user is in a flow: numbered steps, the current one marked for screen readers too. */
export function Steps({ steps, current, label }: { steps: readonly string[]; current: number; label: string }) {
  return (
    <ol class="steps" aria-label={label}>
      {steps.map((step, i) => (
        <li key={step} class={i < current ? 'step-done' : i === current ? 'step-current' : ''} aria-current={i === current ? 'step' : undefined}>
          <span class="step-number" aria-hidden="true">
            {i < current ? '✓' : i + 1}
          </span>
          {step}
        </li>
      ))}
    </ol>
  );
}
