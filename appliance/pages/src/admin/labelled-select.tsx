import type { ComponentChildren } from 'preact';

interface LabelledSelectProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  children: ComponentChildren;
}

/**
 * A select named by its label alone (label and control side by side, joined by id): a label
 * wrapping a select would take the chosen option into the control's accessible name.
 */
export function LabelledSelect({ id, label, value, onChange, children }: LabelledSelectProps) {
  return (
    <div class="select-field">
      <label for={id}>
        <span>{label}</span>
      </label>
      <select id={id} name={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {children}
      </select>
    </div>
  );
}
