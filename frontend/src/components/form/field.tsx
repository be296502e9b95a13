import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

import styles from './form.module.css';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** The rules in a few words, always shown under the label. */
  hint?: ReactNode;
  /** What is wrong with the value (from the rules or the server); shown under the input. */
  error?: ReactNode;
  ref?: Ref<HTMLInputElement>;
  /** The input's name: the request's JSON property, so server errors (`errors[].field`) find it. */
  name: string;
  /** Shown beside the input (e.g. the 发送 button of a phone number); wraps below it when narrow. */
  addon?: ReactNode;
}

/**
 * A labelled input with its hint and error. The error is announced politely as it appears and
 * is part of the input's description, so a screen reader reads it when the input gets focus.
 */
export function Field({ label, hint, error, className, ref, name, addon, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const inputElement = (
    <input
      {...input}
      ref={ref}
      id={id}
      name={name}
      className={styles.input}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
    />
  );
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
      {addon ? (
        <div className={styles.inputRow}>
          {inputElement}
          {addon}
        </div>
      ) : (
        inputElement
      )}
      <div id={errorId} className={styles.fieldError} aria-live="polite" data-testid={`error-${name}`}>
        {error}
      </div>
    </div>
  );
}

/** The props of an email input: the email keyboard, no autocorrection (spread before `autoComplete` to change it). */
export const EMAIL_INPUT = { inputMode: 'email', autoComplete: 'email', autoCapitalize: 'none', spellCheck: false } as const;
