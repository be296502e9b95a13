import { useCallback, useRef, useState, type ChangeEvent, type FocusEvent, type ReactNode } from 'react';

/** An input, select or textarea of a form. */
export type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Checks one value (it may look at the others, e.g. a confirmation); `null` when it is fine. */
export type Validator<K extends string> = (value: string, values: Record<K, string>) => string | null | undefined;

/**
 * The state of a form's inputs, with live validation: a field is checked once it was left with
 * something in it (blur) or the form was submitted, and from then on at every keystroke, so a
 * message goes away as soon as the value is fixed. Server messages (`errors[].field`) are shown
 * next to their field until that field is changed.
 */
export function useFormFields<K extends string>(initial: Record<K, string>, validators: Partial<Record<K, Validator<K>>> = {}) {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<Partial<Record<K, true>>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<K, ReactNode>>>({});
  const inputs = useRef<Partial<Record<K, FormControl | null>>>({});
  const order = Object.keys(initial) as K[];

  const clientError = (name: K, all: Record<K, string> = values) => validators[name]?.(all[name], all) ?? null;

  const errorOf = (name: K): ReactNode => serverErrors[name] ?? (touched[name] ? clientError(name) : null) ?? undefined;

  const field = (name: K) => ({
    name,
    value: values[name],
    error: errorOf(name),
    ref: (element: FormControl | null) => {
      inputs.current[name] = element;
    },
    onChange: (event: ChangeEvent<FormControl>) => {
      const value = event.target.value;
      setValues((previous) => ({ ...previous, [name]: value }));
      setServerErrors((previous) => {
        if (!(name in previous)) return previous;
        const next = { ...previous };
        delete next[name];
        return next;
      });
    },
    onBlur: (event: FocusEvent<FormControl>) => {
      if (event.target.value !== '') setTouched((previous) => (previous[name] ? previous : { ...previous, [name]: true }));
    },
  });

  const focus = useCallback((name: K) => inputs.current[name]?.focus(), []);

  /**
   * On submit: checks every field (or only `names`, e.g. the phone before sending it a code),
   * shows their messages, focuses the first bad one.
   */
  const validate = (names: readonly K[] = order): boolean => {
    setTouched((previous) => ({ ...previous, ...(Object.fromEntries(names.map((name) => [name, true])) as Record<K, true>) }));
    const first = order.find((name) => names.includes(name) && clientError(name) !== null);
    if (first !== undefined) {
      focus(first);
      return false;
    }
    return true;
  };

  /**
   * Shows the server's messages next to their fields and focuses the first one. Returns the
   * messages for fields this form does not have (to show on top).
   */
  const showServerErrors = (fields: Record<string, ReactNode>): ReactNode[] => {
    const own: Partial<Record<K, ReactNode>> = {};
    const other: ReactNode[] = [];
    for (const [name, message] of Object.entries(fields)) {
      if ((order as string[]).includes(name)) own[name as K] = message;
      else other.push(message);
    }
    setServerErrors(own);
    const first = order.find((name) => name in own);
    if (first !== undefined) focus(first);
    return other;
  };

  const setValue = (name: K, value: string) => setValues((previous) => ({ ...previous, [name]: value }));

  const reset = (next: Record<K, string> = initial) => {
    setValues(next);
    setTouched({});
    setServerErrors({});
  };

  return { values, field, validate, showServerErrors, setValue, reset, focus };
}
