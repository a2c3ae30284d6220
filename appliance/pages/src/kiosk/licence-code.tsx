/** Characters per group: short enough to read aloud and to copy by eye, as bank card numbers are. */
const GROUP = 4;

/**
 * The licence code (证照码) on the done screen, in groups of four that wrap at the screen's edge
 * instead of widening the page. The groups are spans with no character between them, so the
 * code copies (and reads to software) as one unbroken string.
 */
export function LicenceCode({ label, code }: { label: string; code: string }) {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += GROUP) groups.push(code.slice(i, i + GROUP));
  return (
    <p class="kiosk-code" data-testid="kiosk-licence-code">
      <span class="kiosk-code-label">{label}: </span>
      <span class="kiosk-code-value">
        {groups.map((group, i) => (
          <span key={i} class="kiosk-code-group">
            {group}
          </span>
        ))}
      </span>
    </p>
  );
}
