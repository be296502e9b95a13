import { useRef, useState, type FormEvent, type ReactNode } from 'react';

import type { ApiResult, UiError } from '@/api/client';

/** A failed submit as the form shows it on top: the problem, and the field messages no input of the form shows. */
export interface SubmitError {
  problem: UiError;
  other: ReactNode[];
}

/** When a code may be asked for again after a 429 (its `Retry-After`, if it is a short wait); else `null`. */
export function retryDeadline(problem: UiError, now: number = Date.now()): number | null {
  const wait = problem.retryAfterSeconds;
  return problem.status === 429 && wait !== undefined && wait <= 600 ? now + wait * 1000 : null;
}

/** An `onError` that hands the failures with one of `statuses` (a 409: decided meanwhile) to `handler`. */
export function handOver(statuses: readonly number[], handler: (problem: UiError) => void) {
  return (problem: UiError) => {
    const mine = problem.status !== undefined && statuses.includes(problem.status);
    if (mine) handler(problem);
    return mine;
  };
}

/** What a submit needs of `useFormFields`. */
export interface SubmitForm {
  validate: () => boolean;
  showServerErrors: (fields: Record<string, ReactNode>) => ReactNode[];
}

export interface SubmitOptions<T> {
  /** The call. */
  send: () => Promise<ApiResult<T>>;
  onOk: (data: T) => void;
  /** `false`: the submit does nothing at all, the alert stays (a resend countdown runs). */
  ready?: boolean;
  /** Checks before sending (default: the form's `validate`); `false` sends nothing. */
  validate?: () => boolean;
  /** Handles a failure itself (a 409 that reloads the record): `true` shows nothing more. */
  onError?: (error: UiError) => boolean | void;
}

/**
 * The submit of a form: one call at a time (`busy`), the inputs checked first, the server's field
 * messages beside their inputs, the rest in an alert on top that takes the focus (so a screen
 * reader reads it next). With `alert: 'unplaced'` (the default) the alert only appears when
 * something is left that no input shows; with `'always'` it appears on every failure, but field
 * messages that all found their input do not move the focus away from them.
 */
export function useSubmit(form?: SubmitForm, { alert = 'unplaced' }: { alert?: 'unplaced' | 'always' } = {}) {
  const [busy, setBusy] = useState(false);
  // The state is a render late: a second click in the same frame must not send twice.
  const running = useRef(false);
  const [error, setError] = useState<SubmitError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  /** Shows a failure on top only (a dead link: its fields do not matter), and focuses it. */
  function showOnTop(problem: UiError, other: ReactNode[] = []) {
    setError({ problem, other });
    queueMicrotask(() => alertRef.current?.focus());
  }

  /** Shows a failure: beside the inputs, and on top when `alert` says so. */
  function show(problem: UiError) {
    const other = form ? form.showServerErrors(problem.fields) : [];
    const placed = Object.keys(problem.fields).length > 0 && other.length === 0;
    if (!placed) showOnTop(problem, other);
    else if (alert === 'always') setError({ problem, other });
  }

  async function run<T>({ send, onOk, ready = true, validate = form?.validate, onError }: SubmitOptions<T>) {
    if (running.current || !ready) return;
    setError(null);
    if (validate && !validate()) return;
    running.current = true;
    setBusy(true);
    let outcome: ApiResult<T>;
    try {
      outcome = await send();
    } finally {
      running.current = false;
      setBusy(false);
    }
    if (outcome.ok) onOk(outcome.data);
    else if (!onError?.(outcome.error)) show(outcome.error);
  }

  /** The `onSubmit` of a `<form>`: no page load, then `run`. */
  function onSubmit<T>(options: SubmitOptions<T>) {
    return (event: FormEvent) => {
      event.preventDefault();
      void run(options);
    };
  }

  /** The `onSubmit` of a form that asks first: the inputs checked, then `open` (a confirmation, whose OK calls `run`). */
  function onAsk(open: () => void) {
    return (event: FormEvent) => {
      event.preventDefault();
      setError(null);
      if (!form || form.validate()) open();
    };
  }

  return { busy, error, setError, alertRef, run, show, showOnTop, onSubmit, onAsk };
}
