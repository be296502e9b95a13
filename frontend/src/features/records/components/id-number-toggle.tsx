import { useState } from 'react';

import { maskIdNumber } from '@/lib/rules';

import styles from './records.module.css';

/**
 * The owner's own ID number: masked (`310199********022X`) until they press 显示, so that it is
 * not read over their shoulder; 隐藏 masks it again.
 */
export function IdNumberToggle({ idNumber }: { idNumber: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className={styles.idNumber}>
      <span className={styles.mono} data-testid="id-number-value">
        {shown ? idNumber : maskIdNumber(idNumber)}
      </span>
      <button type="button" className={styles.inlineButton} aria-pressed={shown} onClick={() => setShown((value) => !value)}>
        {shown ? '隐藏' : '显示'}
        <span className="visually-hidden">完整身份证号</span>
      </button>
    </span>
  );
}
