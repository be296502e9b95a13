import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

import { FieldFrame, useFieldIds } from './field-frame';
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
  const ids = useFieldIds(hint, error);
  const inputElement = (
    <input
      {...input}
      ref={ref}
      {...ids.control}
      name={name}
      className={styles.input}
    />
  );
  return (
    <FieldFrame ids={ids} label={label} hint={hint} error={error} name={name} className={className}>
      {addon ? (
        <div className={styles.inputRow}>
          {inputElement}
          {addon}
        </div>
      ) : (
        inputElement
      )}
    </FieldFrame>
  );
}

/** The props of an email input: the email keyboard, no autocorrection (spread before `autoComplete` to change it). */
export const EMAIL_INPUT = { inputMode: 'email', autoComplete: 'email', autoCapitalize: 'none', spellCheck: false } as const;
