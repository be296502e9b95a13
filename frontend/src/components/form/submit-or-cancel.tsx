import { Button } from '@/components/ui/button';

import styles from './form.module.css';

/** The buttons under a form opened from a page: its submit (`busyLabel` while it runs) and 取消. */
export function SubmitOrCancel({
  label,
  busy,
  busyLabel = '正在提交…',
  variant,
  onCancel,
}: {
  label: string;
  busy?: boolean;
  busyLabel?: string;
  variant?: 'primary' | 'danger';
  onCancel: () => void;
}) {
  return (
    <div className={styles.actions}>
      <Button type="submit" variant={variant} busy={busy}>
        {busy ? busyLabel : label}
      </Button>
      <Button variant="secondary" onClick={onCancel}>
        取消
      </Button>
    </div>
  );
}
