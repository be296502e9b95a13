import { useEffect, useId, useRef, useState } from 'react';

import formStyles from '@/components/form/form.module.css';
import { Button } from '@/components/ui/button';
import { copyText } from '@/lib/clipboard';

import styles from './reports.module.css';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * 复制链接: copies the verification link (clipboard API, or the old way); says "链接已复制", or,
 * when the browser allows neither, shows the link selected for copying by hand.
 */
export function CopyLink({ url, context }: { url: string; context?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const fallbackRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    if (state !== 'failed') return;
    fallbackRef.current?.focus();
    fallbackRef.current?.select();
  }, [state]);

  return (
    <div className={styles.copy}>
      <Button
        variant="secondary"
        onClick={() => {
          setState('idle');
          void copyText(url).then((copied) => setState(copied ? 'copied' : 'failed'));
        }}
      >
        复制链接{context && <span className="visually-hidden">（{context}）</span>}
      </Button>
      <span role="status" className={styles.copied} data-testid="copy-status">
        {state === 'copied' && '✓ 链接已复制，可以粘贴给对方了。'}
      </span>
      {state === 'failed' && (
        <div className={`${formStyles.field} ${styles.copyFallback}`}>
          <label htmlFor={id} className={formStyles.hint}>
            浏览器不允许自动复制，请长按或用 Ctrl+C 复制这个链接：
          </label>
          <input
            ref={fallbackRef}
            id={id}
            readOnly
            value={url}
            className={formStyles.input}
            data-testid="copy-fallback"
            onFocus={(event) => event.target.select()}
          />
        </div>
      )}
    </div>
  );
}
