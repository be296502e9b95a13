import { createContext, useContext, useMemo, type ReactNode } from 'react';

import { useApiQuery, type QueryState } from '@/hooks/use-api-query';

import { listMyCollationRequests } from '../api/list-collation-requests';
import type { CollationRequest } from '../api/types';

interface CollationRequestsValue {
  result: QueryState<{ items: CollationRequest[]; total: number }>;
  retry: () => void;
  /** A report just filed: it goes on top of the list (and the card shows it open). */
  add: (request: CollationRequest) => void;
}

const Context = createContext<CollationRequestsValue | null>(null);

/**
 * The student's photo reports, loaded once for the page: the list "我的照片校对申请" shows them,
 * and each record's photo slot learns from them whether a report about it is open.
 */
export function CollationRequestsProvider({ children }: { children: ReactNode }) {
  const { result, retry, update } = useApiQuery(listMyCollationRequests);
  const value = useMemo<CollationRequestsValue>(
    () => ({
      result,
      retry,
      add: (request) => {
        if (result.state !== 'ok') retry();
        else update((data) => ({ items: [request, ...data.items.filter((item) => item.id !== request.id)], total: data.total + 1 }));
      },
    }),
    [result, retry, update],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCollationRequests(): CollationRequestsValue {
  const value = useContext(Context);
  if (!value) throw new Error('useCollationRequests needs a CollationRequestsProvider around it');
  return value;
}

/** The open report about a record, if the list knows one. */
export function openRequestFor(result: CollationRequestsValue['result'], enrollmentId: string): CollationRequest | undefined {
  return result.state === 'ok' ? result.data.items.find((item) => item.enrollment_id === enrollmentId && item.status === 'open') : undefined;
}
