import { api, chainQueuedText, type ChangedSeal } from '../api/client.js';
import { ErrorBox } from '../components/error-box.js';
import { useLocale } from '../i18n/locale.js';
import { Notice } from './notice.js';
import { StatusBadge } from './status-badge.js';

/** The seal just created: its generated image as GET /api/seals/:id/image serves it, and what the chain said. */
export function SealPreview({ seal }: { seal: ChangedSeal }) {
  const { locale, t } = useLocale();
  const s = t.admin.seals;
  const chainError = seal.chain !== null && 'error' in seal.chain ? seal.chain.error : undefined;
  const queued = chainQueuedText(seal.chain, locale);
  return (
    <div class="seal-preview" data-testid="seal-created">
      <img src={api.sealImageUrl(seal.id)} alt={s.imageOf(seal.name)} data-testid="seal-created-image" />
      <div>
        <Notice>{s.created(seal.name)}</Notice>
        <p>
          <code>{seal.id}</code> <StatusBadge status={seal.status} />
        </p>
        <p class="muted small">{`${seal.organisation.name} · ${s.typeNames[seal.type] ?? seal.typeName}`}</p>
        {queued ? (
          <p class="muted" data-testid="seal-chain-queued">
            {queued}
          </p>
        ) : chainError ? (
          <>
            <p>{s.chainError}</p>
            <ErrorBox error={chainError} />
          </>
        ) : null}
      </div>
    </div>
  );
}
