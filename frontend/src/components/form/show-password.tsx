import { useId } from 'react';

import styles from './form.module.css';

/** "显示密码": turns the password inputs of a form into plain text while checked. */
export function ShowPassword({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className={styles.checkbox}>
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>显示密码</label>
    </div>
  );
}
