import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface SwitchProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The visible label, which is also the switch's accessible name. */
  label: ComponentChildren;
  /** A line under the switch that says what it does now; read as its description. */
  description?: ComponentChildren;
  disabled?: boolean;
}

/** An on/off switch: a button with role="switch", so it toggles with Space or Enter and reads as on or off. */
export function Switch({ checked, onChange, label, description, disabled }: SwitchProps) {
  const descriptionId = useId();
  return (
    <div class="glens-switch-row">
      <button
        type="button"
        role="switch"
        class="glens-switch"
        aria-checked={checked}
        aria-describedby={description ? descriptionId : undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
      >
        <span class="glens-switch-label">{label}</span>
        <span class="glens-switch-track" aria-hidden="true">
          <span class="glens-switch-thumb" />
        </span>
      </button>
      {description && (
        <p class="glens-switch-description" id={descriptionId}>
          {description}
        </p>
      )}
    </div>
  );
}
