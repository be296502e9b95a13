import { useId, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';

import styles from './form.module.css';
import textareaStyles from './textarea-field.module.css';

export interface TextareaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  /** The rules in a few words, always shown under the label. */
  hint?: ReactNode;
  /** What is wrong with the text (from the rules or the server); shown under the textarea. */
  error?: ReactNode;
  /** The request's JSON property, so server errors (`errors[].field`) find it. */
  name: string;
  ref?: Ref<HTMLTextAreaElement>;
}

/** A labelled `<textarea>` (a reason, a note) with its hint and error, like `Field` for inputs. */
export function TextareaField({ label, hint, error, name, ref, className, rows = 3, ...textarea }: TextareaFieldProps) {
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
      <textarea
        {...textarea}
        ref={ref}
        id={id}
        name={name}
        rows={rows}
        className={`${styles.input} ${textareaStyles.textarea}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <div id={errorId} className={styles.fieldError} aria-live="polite" data-testid={`error-${name}`}>
        {error}
      </div>
    </div>
  );
}
