import { useEffect, useState } from 'react';

/**
 * A `blob:` URL for `blob` (e.g. a photo fetched with a token, which an `<img src>` could not
 * send), revoked when the blob changes or the component goes away; `null` without a blob.
 */
export function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}
