import type { ReactNode, Ref, SelectHTMLAttributes } from 'react';

import { FieldFrame, useFieldIds } from './field-frame';
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
  const ids = useFieldIds(hint, error);
  return (
    <FieldFrame ids={ids} label={label} hint={hint} error={error} name={name} className={className}>
      <select
        {...select}
        ref={ref}
        {...ids.control}
        name={name}
        className={`${styles.input} ${selectStyles.select}`}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
