import { useState } from 'react';

import type { ApiResult } from '@/api/client';
import { useApiQuery } from '@/hooks/use-api-query';
import { useObjectUrl } from '@/hooks/use-object-url';

import styles from './photos.module.css';

export interface AuthorizedImageProps {
  /** Fetches the image's bytes with the student's token (an `<img src>` cannot send it). */
  load: (signal: AbortSignal) => Promise<ApiResult<Blob>>;
  /** Which image: it is fetched again when this changes. */
  loadKey: string;
  alt: string;
  testId?: string;
}

/**
 * An image only the student may see, filling its frame: fetched as a blob and shown through an
 * object URL (revoked when it goes away). While it loads, "正在加载…"; when it cannot be fetched
 * or decoded, "照片加载失败" with 重试 (the reason is read to screen readers with the button).
 */
export function AuthorizedImage({ load, loadKey, alt, testId }: AuthorizedImageProps) {
  const { result, retry } = useApiQuery(load, loadKey);
  const url = useObjectUrl(result.state === 'ok' ? result.data : null);
  const [broken, setBroken] = useState(false);

  if (result.state === 'error' || broken) {
    const reason = result.state === 'error' ? result.error.message : '图片无法显示。';
    return (
      <span className={styles.imageState} data-testid={testId && `${testId}-error`}>
        照片加载失败
        <button
          type="button"
          className={styles.retry}
          onClick={() => {
            setBroken(false);
            retry();
          }}
        >
          重试<span className="visually-hidden">（{reason}）</span>
        </button>
      </span>
    );
  }
  if (!url) {
    return (
      <span role="status" className={styles.imageState} data-testid={testId && `${testId}-loading`}>
        正在加载…
      </span>
    );
  }
  return <img src={url} alt={alt} className={styles.image} onError={() => setBroken(true)} data-testid={testId} />;
}
