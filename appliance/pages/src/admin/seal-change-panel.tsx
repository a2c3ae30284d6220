import { useState } from 'preact/hooks';
import { adminApi, chainQueuedText, type SealVerb, type SealView } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { ProgressBar } from '../components/progress.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { RevokeConfirm } from './revoke-confirm.js';
import { StatusBadge } from './status-badge.js';
import { useAction } from './use-action.js';

interface SealChangePanelProps {
  seal: SealView;
  onChanged(): void;
  onClose(): void;
}

/** Suspend, resume or revoke one seal with a reason (kept in its history); revoking is final and asks first. */
export function SealChangePanel({ seal, onChanged, onClose }: SealChangePanelProps) {
  const { locale, t } = useLocale();
  const s = t.admin.seals;
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const change = useAction((verb: SealVerb) => adminApi.changeSeal(seal.id, verb, reason.trim()), onChanged);
  const [lastVerb, setLastVerb] = useState<SealVerb | undefined>(undefined);

  const start = (verb: SealVerb) => {
    if (verb !== 'resume' && !reason.trim()) {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    if (verb === 'revoke') {
      setConfirming(true);
      return;
    }
    void run(verb);
  };
  const run = async (verb: SealVerb) => {
    setConfirming(false);
    setLastVerb(verb);
    if (await change.run(verb)) setReason('');
  };

  return (
    <div class="admin-form" role="group" aria-labelledby="seal-change-title" data-testid="seal-change">
      <h3 id="seal-change-title">{s.change(seal.name)}</h3>
      <p>
        <StatusBadge status={seal.status} />
      </p>
      {seal.status === 'revoked' ? null : (
        <>
          <label>
            <span>{s.reason}</span>
            <input name="seal-reason" maxLength={500} value={reason} aria-invalid={missingReason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          {missingReason ? <p class="field-error">{s.reasonRequired}</p> : null}
          <div class="actions">
            {seal.status === 'active' ? (
              <button type="button" disabled={change.busy} onClick={() => start('suspend')}>
                {s.suspend}
              </button>
            ) : (
              <button type="button" disabled={change.busy} onClick={() => start('resume')}>
                {s.resume}
              </button>
            )}
            <button type="button" class="danger" disabled={change.busy || confirming} onClick={() => start('revoke')}>
              {s.revoke}
            </button>
            <button type="button" onClick={onClose}>
              {t.close}
            </button>
          </div>
        </>
      )}
      {confirming ? <RevokeConfirm name={seal.name} onConfirm={() => void run('revoke')} onCancel={() => setConfirming(false)} /> : null}
      {change.busy ? <ProgressBar label={t.admin.working} /> : null}
      {change.error !== undefined ? <ErrorBox error={change.error} /> : null}
      {change.result && lastVerb ? <Notice testId="seal-changed">{s.changed[lastVerb]}</Notice> : null}
      {change.result && chainQueuedText(change.result.chain, locale) ? (
        <p class="muted" data-testid="seal-chain-queued">
          {chainQueuedText(change.result.chain, locale)}
        </p>
      ) : null}
    </div>
  );
}
