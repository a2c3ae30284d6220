import { api, type SealView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { StatusBadge } from './status-badge.js';

interface SealTableProps {
  seals: SealView[];
  selected: string | undefined;
  onSelect(id: string): void;
}

/** Every seal the administrator may see: image, name, type, organisation, status (with its reason). */
export function SealTable({ seals, selected, onSelect }: SealTableProps) {
  const { t } = useLocale();
  const s = t.admin.seals;
  if (seals.length === 0) return <p class="muted">{s.empty}</p>;
  return (
    <div class="table-scroll">
      <table class="table" aria-labelledby="seals-title">
        <thead>
          <tr>
            <th scope="col">{s.image}</th>
            <th scope="col">{t.admin.name}</th>
            <th scope="col">{s.type}</th>
            <th scope="col">{t.admin.organisation}</th>
            <th scope="col">{t.admin.status}</th>
            <th scope="col">{s.actions}</th>
          </tr>
        </thead>
        <tbody>
          {seals.map((seal) => (
            <tr key={seal.id} data-testid="seal-row" data-seal={seal.id} data-status={seal.status}>
              <td>
                <img class="seal-thumb" src={api.sealImageUrl(seal.id)} alt={s.imageOf(seal.name)} loading="lazy" />
              </td>
              <td>
                {seal.name}
                <div class="muted small">
                  <code>{seal.id}</code>
                </div>
              </td>
              <td>
                {s.typeNames[seal.type] ?? seal.typeName}
                {seal.format === 'gbt38540' ? <div class="muted small" data-testid="seal-format">GB/T 38540</div> : null}
              </td>
              <td>{seal.organisation.name}</td>
              <td>
                <StatusBadge status={seal.status} />
                {seal.statusReason ? <div class="muted small">{`${s.reason}: ${String(seal.statusReason)}`}</div> : null}
              </td>
              <td>
                {seal.status === 'revoked' ? null : (
                  <button type="button" class="small" aria-pressed={selected === seal.id} onClick={() => onSelect(seal.id)}>
                    {s.manage}
                    <span class="visually-hidden"> {seal.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
