import { useCallback, useEffect, useRef, useState } from 'react';

import type { ApiResult, UiError } from '@/api/client';

export type QueryState<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: UiError };

/**
 * Loads data on mount (and again when `key` changes): loading → ok | error. `retry` asks again;
 * `update` changes the loaded data in place (after an action the server answered). A call that
 * is no longer wanted (unmount, new key) is aborted and its answer ignored.
 */
export function useApiQuery<T>(load: (signal: AbortSignal) => Promise<ApiResult<T>>, key = '') {
  const [result, setResult] = useState<QueryState<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    loadRef.current(controller.signal).then(
      (outcome) => {
        if (controller.signal.aborted) return;
        setResult(outcome.ok ? { state: 'ok', data: outcome.data } : { state: 'error', error: outcome.error });
      },
      () => {
        /* aborted */
      },
    );
    return () => controller.abort();
  }, [attempt, key]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback((change: (data: T) => T) => {
    setResult((previous) => (previous.state === 'ok' ? { state: 'ok', data: change(previous.data) } : previous));
  }, []);

  return { result, retry, update };
}
