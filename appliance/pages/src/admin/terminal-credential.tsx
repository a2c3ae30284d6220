import { useLocale } from '../i18n/locale.js';

/** A new kiosk's terminal credential: shown this once, then gone from the page. */
export function TerminalCredential({ terminal, credential, onDismiss }: { terminal: string; credential: string; onDismiss(): void }) {
  const { t } = useLocale();
  const d = t.admin.directory;
  return (
    <div class="credential" role="alert" data-testid="terminal-credential">
      <strong>{d.credentialTitle}</strong>
      <p>
        <code>{terminal}</code>: <code data-testid="credential-value">{credential}</code>
      </p>
      <p class="small">{d.credentialHint}</p>
      <button type="button" onClick={onDismiss}>
        {d.dismiss}
      </button>
    </div>
  );
}
