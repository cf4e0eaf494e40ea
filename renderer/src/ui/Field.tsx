import { useId, type ReactNode, type ChangeEvent } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: ReactNode;
  multiline?: boolean;
  type?: 'text' | 'number' | 'date';
  autoFocus?: boolean;
  min?: number;
  max?: number;
  placeholder?: string;
  className?: string;
}

/** A labelled input or textarea whose hint and error are announced with it. */
export function TextField({ label, value, onChange, error, hint, multiline, type = 'text', autoFocus, min, max, placeholder, className }: TextFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'data-autofocus': autoFocus || undefined,
    placeholder,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
  };
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea className="textarea" rows={3} {...common} /> : <input className="input" type={type} min={min} max={max} {...common} />}
      {hint && <div id={`${id}-hint`} className="field-hint">{hint}</div>}
      {error && <div id={`${id}-error`} className="field-error" role="alert">{error}</div>}
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: { value: T; label: string; disabled?: boolean }[];
  hint?: ReactNode;
  className?: string;
  /** The field a dialog's focus goes to first (ui/Dialog.tsx). */
  autoFocus?: boolean;
}

export function SelectField<T extends string>({ label, value, onChange, options, hint, className, autoFocus }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value as T)} aria-describedby={hint ? `${id}-hint` : undefined} data-autofocus={autoFocus || undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>
        ))}
      </select>
      {hint && <div id={`${id}-hint`} className="field-hint">{hint}</div>}
    </div>
  );
}

interface CheckboxProps {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
}

export function Checkbox({ label, checked, onChange, hint, disabled }: CheckboxProps) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span className="check-body">
        <span>{label}</span>
        {hint && <span className="field-hint">{hint}</span>}
      </span>
    </label>
  );
}

export function Callout({ tone, title, children }: { tone: 'info' | 'warning' | 'danger' | 'success'; title?: string; children?: ReactNode }) {
  return (
    <div className={`callout callout-${tone}`} role={tone === 'danger' ? 'alert' : 'note'}>
      {title && <strong>{title}</strong>}
      {children}
    </div>
  );
}

/** The row of buttons that ends every dialog form, right-aligned. */
export function FormActions({ children }: { children: ReactNode }) {
  return <div className="row form-actions"><span className="spacer" />{children}</div>;
}
