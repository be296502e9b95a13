import { useCallback, useEffect, useState } from 'react';

import { api, request, type UiError } from '@/api/client';
import type { components } from '@/api/schema';

export type Me = components['schemas']['Me'];

/** `GET /api/v1/me`: the logged-in account. */
export function getMe(signal?: AbortSignal) {
  return request(api.GET('/api/v1/me', { signal }));
}

export type MeState = { state: 'loading' } | { state: 'ok'; me: Me } | { state: 'error'; error: UiError };

/** The account, loaded on mount; `retry` asks again. */
export function useMe() {
  const [result, setResult] = useState<MeState>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getMe(controller.signal).then(
      (outcome) => {
        if (controller.signal.aborted) return;
        setResult(outcome.ok ? { state: 'ok', me: outcome.data } : { state: 'error', error: outcome.error });
      },
      () => {
        /* aborted */
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const retry = useCallback(() => {
    setResult({ state: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { result, retry };
}
