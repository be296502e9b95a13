import { useId, type ReactNode } from 'react';

import styles from './form.module.css';

/**
 * The ids of a labelled control and its hint and error, and the props that tie the control to them
 * (`control`: its id, `aria-invalid`, and `aria-describedby` so a screen reader reads the hint and
 * the error when the control gets focus).
 */
export function useFieldIds(hint: ReactNode, error: ReactNode) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const control = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
  return { id, hintId, errorId, control };
}

/**
 * What `Field`, `SelectField` and `TextareaField` put around their control: the label, the hint
 * under it, and the error below, announced politely as it appears.
 */
export function FieldFrame({
  ids,
  label,
  hint,
  error,
  name,
  className,
  children,
}: {
  ids: ReturnType<typeof useFieldIds>;
  label: string;
  hint?: ReactNode;
  error?: ReactNode;
  name: string;
  className?: string;
  /** The control (with `id={ids.id}`). */
  children: ReactNode;
}) {
  return (
    <div className={[styles.field, className].filter(Boolean).join(' ')} data-field={name}>
      <label htmlFor={ids.id} className={styles.label}>
        {label}
      </label>
      {hint && (
        <p id={ids.hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      {children}
      <div id={ids.errorId} className={styles.fieldError} aria-live="polite" data-testid={`error-${name}`}>
        {error}
      </div>
    </div>
  );
}
