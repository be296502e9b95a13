import type { ReactNode, Ref, TextareaHTMLAttributes } from 'react';

import { FieldFrame, useFieldIds } from './field-frame';
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
  const ids = useFieldIds(hint, error);
  return (
    <FieldFrame ids={ids} label={label} hint={hint} error={error} name={name} className={className}>
      <textarea
        {...textarea}
        ref={ref}
        {...ids.control}
        name={name}
        rows={rows}
        className={`${styles.input} ${textareaStyles.textarea}`}
      />
    </FieldFrame>
  );
}
