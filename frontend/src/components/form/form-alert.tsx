import type { ReactNode, Ref } from 'react';

import styles from './form.module.css';

export interface FormAlertProps {
  tone: 'error' | 'warning' | 'success' | 'info';
  title?: string;
  children?: ReactNode;
  ref?: Ref<HTMLDivElement>;
  testId?: string;
}

/**
 * A message above (or instead of) a form. Errors and warnings are `role="alert"` (announced at
 * once); success and info are `role="status"`. It can take focus (`tabIndex=-1`) for screens that move
 * focus to it.
 */
export function FormAlert({ tone, title, children, ref, testId }: FormAlertProps) {
  return (
    <div
      ref={ref}
      role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}
      tabIndex={-1}
      className={`${styles.alert} ${styles[tone]}`}
      data-testid={testId}
    >
      {title && <p className={styles.alertTitle}>{title}</p>}
      {children}
    </div>
  );
}
