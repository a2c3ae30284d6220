import { adminApi } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useApi } from '../components/use-api.js';
import { useLocale } from '../i18n/locale.js';
import { KeyGenerateForm } from './key-generate-form.js';

/** A token's key pairs (label, type, certificate) and the form that adds one. */
export function TokenKeys({ serial, label, loggedIn }: { serial: string; label: string; loggedIn: boolean }) {
  const { t } = useLocale();
  const a = t.admin.tokens;
  const keys = useApi(() => adminApi.tokenKeys(serial), [serial, loggedIn]);
  const list = keys.data?.keys ?? [];
  return (
    <div data-testid="token-keys">
      <h4>{a.keys}</h4>
      {keys.error !== undefined ? <ErrorBox error={keys.error} onRetry={keys.reload} /> : null}
      {keys.data && list.length === 0 ? <p class="muted small">{a.noKeys}</p> : null}
      {list.length > 0 ? (
        <table class="table" aria-label={`${a.keys} ${label}`}>
          <thead>
            <tr>
              <th scope="col">{a.keyLabel}</th>
              <th scope="col">{a.keyType}</th>
              <th scope="col">{a.hasCertificate}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <tr key={k.id || k.label} data-testid="token-key-row">
                <td>{k.label}</td>
                <td>
                  <code>{k.type}</code>
                </td>
                <td>{k.hasCertificate ? a.yes : a.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {keys.data ? <p class="muted small">{a.certificates(keys.data.certificates.length)}</p> : null}
      <KeyGenerateForm serial={serial} onGenerated={keys.reload} />
    </div>
  );
}
