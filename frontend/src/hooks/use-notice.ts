import { useEffect, useRef, useState } from 'react';

/**
 * A notice over a page that reloads its record (an action done, a conflict): it is focused, and so
 * read out, once `shown` (the record is on the page again).
 */
export function useNotice<N>(shown: boolean) {
  const [notice, setNotice] = useState<N | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice && shown) noticeRef.current?.focus();
  }, [notice, shown]);
  return { notice, setNotice, noticeRef };
}
