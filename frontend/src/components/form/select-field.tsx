import { useId, type ReactNode, type Ref, type SelectHTMLAttributes } from 'react';

import styles from './form.module.css';
import selectStyles from './select-field.module.css';

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  /** The choices: value and the text shown. */
  options: readonly { value: string; label: string }[];
  hint?: ReactNode;
  /** What is wrong with the choice (e.g. the server's message); shown under the select. */
  error?: ReactNode;
  /** The request's JSON property, so server errors (`errors[].field`) find it. */
  name: string;
  ref?: Ref<HTMLSelectElement>;
}

/** A labelled `<select>` with its hint and error, like `Field` for inputs. */
export function SelectField({ label, options, hint, error, name, ref, className, ...select }: SelectFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={[styles.field, className].filter(Boolean).join(' ')} data-field={name}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      <select
        {...select}
        ref={ref}
        id={id}
        name={name}
        className={`${styles.input} ${selectStyles.select}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <div id={errorId} className={styles.fieldError} aria-live="polite" data-testid={`error-${name}`}>
        {error}
      </div>
    </div>
  );
}
