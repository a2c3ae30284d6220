/**
 * Progress of long work (upload, stamping, printing, anchoring): a bar with a percentage when
 * the fraction is known, a moving bar when it is not. Announced politely to screen readers.
 */
export function ProgressBar({ label, fraction }: { label: string; fraction?: number | undefined }) {
  const known = fraction !== undefined;
  const percent = known ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : undefined;
  return (
    <div class="progress" data-testid="progress">
      <div class="progress-label" aria-live="polite">
        {label}
        {known ? ` ${percent}%` : ''}
      </div>
      <div
        class={`progress-track${known ? '' : ' progress-indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(known ? { 'aria-valuenow': percent } : {})}
      >
        <div class="progress-fill" style={known ? { width: `${percent}%` } : undefined} />
      </div>
    </div>
  );
}
