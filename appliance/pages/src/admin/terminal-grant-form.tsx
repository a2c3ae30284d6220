import { useState } from 'preact/hooks';
import type { SealView, TerminalView } from '../api/client.js';
import { useLocale } from '../i18n/locale.js';
import { LabelledSelect } from './labelled-select.js';

/** Grants one more seal to a terminal: the administrator's usable seals it does not hold yet. */
export function TerminalGrantForm({ terminal, seals, busy, onGrant }: { terminal: TerminalView; seals: SealView[]; busy: boolean; onGrant(sealId: string): void }) {
  const { t } = useLocale();
  const a = t.admin.terminals;
  const held = new Set(terminal.grants.map((g) => g.sealId));
  const candidates = seals.filter((seal) => !held.has(seal.id));
  const [chosen, setChosen] = useState('');
  const target = candidates.find((seal) => seal.id === chosen) ?? candidates[0];
  if (candidates.length === 0) return <p class="muted small">{a.noCandidates}</p>;
  return (
    <form
      class="actions"
      data-testid="terminal-grant-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) onGrant(target.id);
      }}
    >
      <LabelledSelect id={`terminal-grant-${terminal.address}`} label={a.grantSeal(terminal.name ?? terminal.address)} value={target?.id ?? ''} onChange={setChosen}>
        {candidates.map((seal) => (
          <option key={seal.id} value={seal.id}>
            {`${seal.name}（${seal.organisation.name}）`}
          </option>
        ))}
      </LabelledSelect>
      <button type="submit" class="small" disabled={busy}>
        {a.grant}
        <span class="visually-hidden"> {terminal.name ?? terminal.address}</span>
      </button>
    </form>
  );
}
