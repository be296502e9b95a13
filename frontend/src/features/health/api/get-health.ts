import { useCallback, useEffect, useState } from 'react';

import { api, isProblem, toUiError } from '@/api/client';
import type { components } from '@/api/schema';

export type Health = components['schemas']['Health'];

export type HealthResult =
  | { state: 'ok'; health: Health }
  /** 503: the service answers but cannot serve (its database is down). */
  | { state: 'unavailable'; health?: Health }
  /** No answer, or an answer that is not the health contract. */
  | { state: 'error'; detail: string };

function isHealth(value: unknown): value is Health {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'database' in value &&
    typeof value.status === 'string' &&
    typeof value.database === 'string'
  );
}

export async function getHealth(signal?: AbortSignal): Promise<HealthResult> {
  try {
    const { data, error, response } = await api.GET('/health', { signal });
    if (response.ok && isHealth(data)) {
      return data.status === 'ok' ? { state: 'ok', health: data } : { state: 'unavailable', health: data };
    }
    if (response.status === 503) {
      return isHealth(error) ? { state: 'unavailable', health: error } : { state: 'unavailable' };
    }
    const detail = isProblem(error) ? toUiError(error, response).message : `服务器返回了意外的响应（HTTP ${response.status}）。`;
    return { state: 'error', detail };
  } catch {
    return { state: 'error', detail: '请检查网络连接后重试。' };
  }
}

export interface UseHealth {
  /** The latest answer, `null` while a check is running. */
  result: HealthResult | null;
  /** The previous check failed (so a retry button stays in place while re-checking). */
  failedBefore: boolean;
  retry: () => void;
}

export function useHealth(): UseHealth {
  const [last, setLast] = useState<HealthResult | null>(null);
  const [checking, setChecking] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    void getHealth(controller.signal).then((next) => {
      if (controller.signal.aborted) return;
      setLast(next);
      setChecking(false);
    });
    return () => controller.abort();
  }, [attempt]);

  const retry = useCallback(() => {
    setChecking(true);
    setAttempt((n) => n + 1);
  }, []);

  return {
    result: checking ? null : last,
    failedBefore: last !== null && last.state !== 'ok',
    retry,
  };
}
