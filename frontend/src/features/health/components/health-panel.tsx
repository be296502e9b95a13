import { useId } from 'react';

import { Button } from '@/components/ui/button';

import { useHealth, type HealthResult } from '../api/get-health';
import styles from './health-panel.module.css';

function StatusText({ result }: { result: HealthResult | null }) {
  if (result === null) {
    return (
      <>
        <p className={styles.headline}>正在检查…</p>
        <p className={styles.detail}>正在连接服务器，请稍候。</p>
      </>
    );
  }
  switch (result.state) {
    case 'ok':
      return (
        <>
          <p className={styles.headline}>服务正常</p>
          <p className={styles.detail}>数据库正常</p>
        </>
      );
    case 'unavailable':
      return (
        <>
          <p className={styles.headline}>服务暂时不可用</p>
          <p className={styles.detail}>
            {result.health?.database === 'unavailable' ? '数据库不可用，' : ''}请稍后重试。
          </p>
        </>
      );
    case 'error':
      return (
        <>
          <p className={styles.headline}>无法连接服务器</p>
          <p className={styles.detail}>{result.detail}</p>
        </>
      );
  }
}

/** "服务状态": asks `GET /health` and says whether the portal can serve requests right now. */
export function HealthPanel() {
  const { result, failedBefore, retry } = useHealth();
  const state = result?.state ?? 'loading';
  const titleId = useId();

  return (
    <section className={styles.panel} aria-labelledby={titleId}>
      <h2 id={titleId} className={styles.title}>
        服务状态
      </h2>
      <div className={styles.body}>
        <span className={styles.indicator} data-state={state} aria-hidden="true" />
        <div
          role="status"
          aria-live="polite"
          aria-atomic="true"
          data-testid="health-status"
          data-state={state}
          className={styles.status}
        >
          <StatusText result={result} />
        </div>
      </div>
      {(state === 'unavailable' || state === 'error' || (state === 'loading' && failedBefore)) && (
        <Button variant="secondary" className={styles.retry} busy={state === 'loading'} onClick={retry}>
          重试
        </Button>
      )}
    </section>
  );
}
